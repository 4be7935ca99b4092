//! AWS service customizations: what the SDKs of a few AWS services add to requests beyond the
//! service's protocol (smithy.io, "AWS service customizations": Amazon Glacier, Amazon API
//! Gateway, Amazon Machine Learning). Keyed by service shape ID, so no other service is touched.
//!
//! Owns: the table of those services and what each sets in [`Customizations`] of its lowered
//! operations (and the `required` flag a label default makes moot). Must not: produce tokens
//! (the request emitter reads the IR fields) or apply to a service not named here.

use super::*;

const GLACIER: &str = "com.amazonaws.glacier#Glacier";
const API_GATEWAY: &str = "com.amazonaws.apigateway#BackplaneControlService";
const MACHINE_LEARNING: &str = "com.amazonaws.machinelearning#AmazonML_20141212";

/// Glacier operations whose payload carries the SHA-256 and tree-hash headers.
const GLACIER_TREE_HASH: &[&str] = &["UploadArchive", "UploadMultipartPart"];

/// Sets the customizations of `service`'s operations, if it is one of the customized services.
pub(super) fn apply(service: &Service, operations: &mut [Operation]) {
    match service.id.as_str() {
        GLACIER => {
            for op in operations {
                // Glacier refuses requests without its API version in this header.
                op.customizations
                    .headers
                    .push(("X-Amz-Glacier-Version".into(), service.version.clone()));
                // `-` names the caller's own account: an unset or empty `accountId` label is it.
                if let TypeKind::Struct(input) = &mut op.input.kind {
                    for m in &mut input.members {
                        if m.smithy_name == "accountId" && m.binding == Binding::Label {
                            m.required = false;
                            op.customizations
                                .label_defaults
                                .push((m.field.clone(), "-".into()));
                        }
                    }
                }
                op.customizations.tree_hash = GLACIER_TREE_HASH.contains(&op.shape.name());
            }
        }
        API_GATEWAY => {
            // API Gateway answers in its own media type unless asked for JSON.
            for op in operations {
                op.customizations
                    .headers
                    .push(("Accept".into(), "application/json".into()));
            }
        }
        MACHINE_LEARNING => {
            // `Predict` goes to the endpoint the model was published at, given in the input.
            for op in operations
                .iter_mut()
                .filter(|op| op.shape.name() == "Predict")
            {
                let TypeKind::Struct(input) = &op.input.kind else {
                    continue;
                };
                if let Some(m) = input.members.iter().find(|m| {
                    m.smithy_name == "PredictEndpoint" && m.ty == RustType::String && m.optional
                }) {
                    op.customizations.endpoint_member = Some(m.field.clone());
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    fn lower(idl: &str) -> crate::ir::Crate {
        super::super::lower_idl(idl).expect("lowers")
    }

    const GLACIER: &str = r#"$version: "2.0"
namespace com.amazonaws.glacier
use aws.protocols#restJson1
@restJson1
service Glacier { version: "2012-06-01", operations: [UploadArchive, ListVaults] }
@http(method: "POST", uri: "/{accountId}/vaults/{vaultName}/archives")
operation UploadArchive { input := {
    @httpLabel @required accountId: String
    @httpLabel @required vaultName: String
    @httpPayload body: Blob
} }
@http(method: "GET", uri: "/{accountId}/vaults")
operation ListVaults { input := { @httpLabel @required accountId: String } }
"#;

    #[test]
    fn glacier_gets_its_header_label_default_and_tree_hash() {
        let krate = lower(GLACIER);
        let upload = krate
            .operations
            .iter()
            .find(|o| o.name == "UploadArchive")
            .unwrap();
        let c = &upload.customizations;
        assert_eq!(
            c.headers,
            [(
                "X-Amz-Glacier-Version".to_string(),
                "2012-06-01".to_string()
            )]
        );
        assert_eq!(
            c.label_defaults,
            [("account_id".to_string(), "-".to_string())]
        );
        assert!(c.tree_hash);
        let list = krate
            .operations
            .iter()
            .find(|o| o.name == "ListVaults")
            .unwrap();
        assert!(!list.customizations.tree_hash);
        assert_eq!(list.customizations.label_defaults.len(), 1);
    }

    #[test]
    fn another_service_of_the_same_shape_is_not_customized() {
        let krate = lower(&GLACIER.replace("com.amazonaws.glacier", "example.vaults"));
        assert!(krate.operations.iter().all(|o| o.customizations.is_empty()));
    }
}

//! Secrets Manager (awsJson1_1) against moto: a string secret through two versions (the
//! idempotency token the client fills in becomes moto's version id), a binary secret, ListSecrets
//! with a filter, deletion, and the modeled `ResourceNotFoundException` of a missing secret.

use e2e_scenarios::{config, service_error, service_error_with_meta, unique, ACCOUNT, REGION};
use e2e_secrets_manager::primitives::Blob;
use e2e_secrets_manager::types::{Filter, FilterNameStringType, Tag};
use e2e_secrets_manager::Client;

/// What Secrets Manager says about a secret it cannot find.
const MISSING_MESSAGE: &str = "Secrets Manager can't find the specified secret.";

fn client() -> Client {
    Client::from_conf(config())
}

/// An idempotency token as the client generates it: a UUID in its 36-character text form.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

#[tokio::test]
async fn secret_versions_list_and_delete() {
    let client = client();
    let name = unique("smelt-e2e/secret");
    let first = r#"{"user":"admin","password":"p@ss wörd"}"#;
    let second = "second value ✓";

    let created = client
        .create_secret()
        .name(&name)
        .description("created by the smelt e2e tests")
        .secret_string(first)
        .tags(
            Tag::builder()
                .key("suite")
                .value("smelt-e2e")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("CreateSecret");
    assert_eq!(created.name.as_deref(), Some(name.as_str()));
    let arn = created.arn.expect("CreateSecret returns the ARN");
    let prefix = format!("arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{name}-");
    assert!(arn.starts_with(&prefix), "{arn}");
    let v1 = created
        .version_id
        .expect("CreateSecret returns the version");
    assert!(
        is_uuid(&v1),
        "the generated ClientRequestToken is the version id: {v1}"
    );

    let got = client
        .get_secret_value()
        .secret_id(&name)
        .send()
        .await
        .expect("GetSecretValue");
    assert_eq!(got.secret_string.as_deref(), Some(first));
    assert_eq!(got.secret_binary, None);
    assert_eq!(got.version_id.as_deref(), Some(v1.as_str()));
    assert_eq!(got.version_stages, Some(vec!["AWSCURRENT".to_string()]));
    assert_eq!(got.arn.as_deref(), Some(arn.as_str()));
    assert!(got.created_date.is_some());

    let put = client
        .put_secret_value()
        .secret_id(&arn)
        .secret_string(second)
        .send()
        .await
        .expect("PutSecretValue");
    let v2 = put.version_id.expect("PutSecretValue returns the version");
    assert!(is_uuid(&v2), "{v2}");
    assert_ne!(v1, v2, "each call gets its own idempotency token");
    assert_eq!(put.version_stages, Some(vec!["AWSCURRENT".to_string()]));

    let current = client
        .get_secret_value()
        .secret_id(&name)
        .send()
        .await
        .expect("GetSecretValue AWSCURRENT");
    assert_eq!(current.secret_string.as_deref(), Some(second));
    assert_eq!(current.version_id.as_deref(), Some(v2.as_str()));
    let previous = client
        .get_secret_value()
        .secret_id(&name)
        .version_stage("AWSPREVIOUS")
        .send()
        .await
        .expect("GetSecretValue AWSPREVIOUS");
    assert_eq!(previous.secret_string.as_deref(), Some(first));
    assert_eq!(previous.version_id.as_deref(), Some(v1.as_str()));

    // A binary secret: base64 on the wire, bytes in and out.
    let binary_name = unique("smelt-e2e/binary");
    let bytes = vec![0u8, 1, 2, 0xfe, 0xff, b'+', b'/'];
    client
        .create_secret()
        .name(&binary_name)
        .secret_binary(Blob::new(bytes.clone()))
        .send()
        .await
        .expect("CreateSecret (binary)");
    let got = client
        .get_secret_value()
        .secret_id(&binary_name)
        .send()
        .await
        .expect("GetSecretValue (binary)");
    assert_eq!(
        got.secret_binary.as_ref().map(Blob::as_slice),
        Some(bytes.as_slice())
    );
    assert_eq!(got.secret_string, None);

    let listed = client
        .list_secrets()
        .filters(
            Filter::builder()
                .key(FilterNameStringType::Name)
                .values(&name)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("ListSecrets")
        .secret_list
        .unwrap_or_default();
    assert_eq!(listed.len(), 1, "{listed:?}");
    let entry = &listed[0];
    assert_eq!(entry.name.as_deref(), Some(name.as_str()));
    assert_eq!(entry.arn.as_deref(), Some(arn.as_str()));
    assert_eq!(
        entry.description.as_deref(),
        Some("created by the smelt e2e tests")
    );
    let tags: Vec<(Option<String>, Option<String>)> = entry
        .tags
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    assert_eq!(
        tags,
        [(Some("suite".to_string()), Some("smelt-e2e".to_string()))]
    );
    let stages = entry.secret_versions_to_stages.clone().unwrap_or_default();
    assert_eq!(stages.get(&v2), Some(&vec!["AWSCURRENT".to_string()]));
    assert_eq!(stages.get(&v1), Some(&vec!["AWSPREVIOUS".to_string()]));

    for secret in [&name, &binary_name] {
        let deleted = client
            .delete_secret()
            .secret_id(secret)
            .force_delete_without_recovery(true)
            .send()
            .await
            .unwrap_or_else(|e| panic!("DeleteSecret {secret}: {e:?}"));
        assert_eq!(deleted.name.as_deref(), Some(secret.as_str()));
        assert!(deleted.deletion_date.is_some());
    }
    let (err, _) = service_error(client.get_secret_value().secret_id(&name).send().await);
    assert!(
        err.is_resource_not_found_exception(),
        "deleted secret: {err:?}"
    );
}

#[tokio::test]
async fn missing_secret_is_resource_not_found() {
    let client = client();
    let name = unique("smelt-e2e/missing");

    let (err, meta, body) =
        service_error_with_meta(client.get_secret_value().secret_id(&name).send().await);
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    // AWS answers 400; moto 5.2.1 answers 404 (`SecretNotFoundException.code`).
    assert!(meta.status() == 400 || meta.status() == 404, "{meta:?}");
    assert_eq!(meta.code(), Some("ResourceNotFoundException"));
    // The runtime reads `message` and `Message` alike.
    assert_eq!(meta.message(), Some(MISSING_MESSAGE));
    let e2e_secrets_manager::operation::get_secret_value::GetSecretValueError::ResourceNotFoundException(inner) = &err
    else {
        panic!("{err:?}")
    };
    // The model names the member `Message`, as AWS sends it; moto 5.2.1 sends `message`, which
    // the generated deserializer (exact member names) does not read into the modeled member.
    match &inner.message {
        Some(message) => assert_eq!(message, MISSING_MESSAGE),
        None => assert!(
            body.contains(&format!("\"message\": \"{MISSING_MESSAGE}\"")),
            "no Message member and no lowercase message in {body}"
        ),
    }

    // Without ForceDeleteWithoutRecovery (with it, deleting a missing secret succeeds).
    let (err, _) = service_error(client.delete_secret().secret_id(&name).send().await);
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    // Another modeled error: a recovery window outside 7..=30 days.
    let (err, status) = service_error(
        client
            .delete_secret()
            .secret_id(&name)
            .recovery_window_in_days(3)
            .send()
            .await,
    );
    assert!(err.is_invalid_parameter_exception(), "{err:?}");
    assert_eq!(err.code(), Some("InvalidParameterException"));
    assert_eq!(status, 400);
}

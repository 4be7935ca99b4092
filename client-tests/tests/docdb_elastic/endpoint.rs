//! Endpoints from the model's rule set: the client resolves `smithy.rules#endpointRuleSet`
//! through the runtime's rules engine (regions of other partitions, FIPS, dual-stack, the
//! environment), an error rule is an error before anything is sent, and `endpoint_url` still
//! wins.

use client_tests::{base_config, build_hermetic, json_once};
use smelt_runtime::error::SdkError;

const LIST_BODY: &str = r#"{"clusters": []}"#;

async fn host_for(builder: smelt_runtime::config::ConfigBuilder) -> Result<String, String> {
    let http = json_once(200, LIST_BODY);
    let client =
        docdb_elastic::Client::from_conf(build_hermetic(builder.http_client(http.clone())));
    match client.list_clusters().send().await {
        Ok(_) => {
            let requests = http.requests();
            let uri = requests[0].uri();
            Ok(format!(
                "{}://{}{}",
                uri.scheme_str().unwrap_or(""),
                uri.host().unwrap_or(""),
                uri.path()
            ))
        }
        Err(SdkError::Construction(e)) => Err(e.to_string()),
        Err(other) => Err(format!("unexpected error: {other:?}")),
    }
}

#[tokio::test]
async fn rules_choose_the_host() {
    assert_eq!(
        host_for(base_config()).await.unwrap(),
        "https://docdb-elastic.us-east-1.amazonaws.com/clusters"
    );
    assert_eq!(
        host_for(base_config().region("cn-north-1")).await.unwrap(),
        "https://docdb-elastic.cn-north-1.amazonaws.com.cn/clusters"
    );
    assert_eq!(
        host_for(base_config().use_fips(true)).await.unwrap(),
        "https://docdb-elastic-fips.us-east-1.amazonaws.com/clusters"
    );
    assert_eq!(
        host_for(base_config().use_dual_stack(true)).await.unwrap(),
        "https://docdb-elastic.us-east-1.api.aws/clusters"
    );
}

#[tokio::test]
async fn environment_turns_on_fips_and_dual_stack() {
    let http = json_once(200, LIST_BODY);
    let config = base_config()
        .http_client(http.clone())
        .build_with_env(&|name| {
            matches!(name, "AWS_USE_FIPS_ENDPOINT" | "AWS_USE_DUALSTACK_ENDPOINT")
                .then(|| "true".to_owned())
        });
    assert!(config.use_fips() && config.use_dual_stack());
    let client = docdb_elastic::Client::from_conf(config);
    client.list_clusters().send().await.unwrap();
    assert_eq!(
        http.requests()[0].uri().host(),
        Some("docdb-elastic-fips.us-east-1.api.aws")
    );
}

#[tokio::test]
async fn endpoint_url_still_wins_and_error_rules_stop_the_call() {
    assert_eq!(
        host_for(base_config().endpoint_url("http://localhost:8000/base"))
            .await
            .unwrap(),
        "http://localhost/base/clusters"
    );
    let err = host_for(
        base_config()
            .endpoint_url("http://localhost:8000")
            .use_fips(true),
    )
    .await
    .unwrap_err();
    assert!(
        err.contains("FIPS and custom endpoint are not supported"),
        "{err}"
    );
}

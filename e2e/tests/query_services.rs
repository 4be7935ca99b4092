//! awsQuery services against moto: STS, SNS and IAM. Form-encoded requests (nested structures,
//! lists as `member.N`, maps as `entry.N.key/value`), XML responses read through the
//! `{Op}Result` wrapper, and XML error documents (`ErrorResponse/Error/Code`) recognised as the
//! modeled errors by their awsQuery codes (`NotFound`, `NoSuchEntity`).

use e2e_iam::operation::get_user::GetUserError;
use e2e_scenarios::{config, service_error_with_meta, unique, ACCOUNT};
use e2e_sns::operation::get_topic_attributes::GetTopicAttributesError;
use e2e_sns::types::{MessageAttributeValue, Tag};

#[tokio::test]
async fn sts_identity_and_assumed_role_credentials() {
    let sts = e2e_sts::Client::from_conf(config());
    let me = sts
        .get_caller_identity()
        .send()
        .await
        .expect("GetCallerIdentity");
    assert_eq!(me.account.as_deref(), Some(ACCOUNT));
    assert!(me.arn.is_some_and(|a| a.starts_with("arn:aws:sts::")));

    let session = unique("s");
    let role = format!("arn:aws:iam::{ACCOUNT}:role/smelt-e2e");
    let out = sts
        .assume_role()
        .role_arn(&role)
        .role_session_name(&session)
        .duration_seconds(900)
        .send()
        .await
        .expect("AssumeRole");
    let creds = out.credentials.expect("credentials");
    assert!(!creds.access_key_id.is_empty());
    assert!(!creds.secret_access_key.is_empty());
    assert!(!creds.session_token.is_empty());
    // An XML timestamp, in the future.
    assert!(
        creds.expiration.secs() > 1_700_000_000,
        "{:?}",
        creds.expiration
    );
    let user = out.assumed_role_user.expect("assumed role user");
    assert!(
        user.arn.ends_with(&format!("/smelt-e2e/{session}")),
        "{}",
        user.arn
    );
}

#[tokio::test]
async fn sns_topics_attributes_publish_and_not_found() {
    let sns = e2e_sns::Client::from_conf(config());
    let name = unique("smelt-topic");
    let topic = sns
        .create_topic()
        .name(&name)
        .attributes("DisplayName", "smelt e2e")
        .tags(
            Tag::builder()
                .key("suite")
                .value("smelt")
                .build()
                .expect("tag"),
        )
        .send()
        .await
        .expect("CreateTopic");
    let arn = topic.topic_arn.expect("topic ARN");
    assert!(arn.ends_with(&format!(":{name}")), "{arn}");

    let attributes = sns
        .get_topic_attributes()
        .topic_arn(&arn)
        .send()
        .await
        .expect("GetTopicAttributes")
        .attributes
        .expect("attributes");
    assert_eq!(attributes.get("TopicArn"), Some(&arn));
    assert_eq!(
        attributes.get("DisplayName").map(String::as_str),
        Some("smelt e2e")
    );

    let mut listed = Vec::new();
    let mut token = None;
    loop {
        let page = sns
            .list_topics()
            .set_next_token(token)
            .send()
            .await
            .expect("ListTopics");
        listed.extend(
            page.topics
                .unwrap_or_default()
                .into_iter()
                .filter_map(|t| t.topic_arn),
        );
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert!(listed.contains(&arn));

    let published = sns
        .publish()
        .topic_arn(&arn)
        .message("caf\u{e9} & <xml>")
        .message_attributes(
            "kind",
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value("greeting")
                .build()
                .expect("attribute"),
        )
        .send()
        .await
        .expect("Publish");
    assert!(published.message_id.is_some_and(|id| !id.is_empty()));

    sns.delete_topic()
        .topic_arn(&arn)
        .send()
        .await
        .expect("DeleteTopic");
    let (err, meta, _) =
        service_error_with_meta(sns.get_topic_attributes().topic_arn(&arn).send().await);
    assert!(
        matches!(err, GetTopicAttributesError::NotFoundException(_)),
        "{err:?}"
    );
    assert_eq!(err.code(), Some("NotFound"));
    assert_eq!(meta.message(), Some("Topic does not exist"));
}

#[tokio::test]
async fn iam_users_with_tags_and_no_such_entity() {
    let iam = e2e_iam::Client::from_conf(config());
    let name = unique("smelt-user");
    let created = iam
        .create_user()
        .user_name(&name)
        .path("/smelt/")
        .tags(
            e2e_iam::types::Tag::builder()
                .key("suite")
                .value("smelt")
                .build()
                .expect("tag"),
        )
        .send()
        .await
        .expect("CreateUser")
        .user
        .expect("the user");
    assert_eq!(created.user_name, name);
    assert_eq!(created.path, "/smelt/");
    assert_eq!(
        created.arn,
        format!("arn:aws:iam::{ACCOUNT}:user/smelt/{name}")
    );

    let fetched = iam
        .get_user()
        .user_name(&name)
        .send()
        .await
        .expect("GetUser")
        .user;
    assert_eq!(fetched.user_id, created.user_id);
    assert_eq!(fetched.create_date, created.create_date);

    let tags = iam
        .list_user_tags()
        .user_name(&name)
        .send()
        .await
        .expect("ListUserTags")
        .tags;
    assert_eq!(tags.len(), 1);
    assert_eq!(
        (tags[0].key.as_str(), tags[0].value.as_str()),
        ("suite", "smelt")
    );

    let listed = iam
        .list_users()
        .path_prefix("/smelt/")
        .send()
        .await
        .expect("ListUsers")
        .users;
    assert!(listed.iter().any(|u| u.user_name == name));

    iam.delete_user()
        .user_name(&name)
        .send()
        .await
        .expect("DeleteUser");
    let (err, meta, _) = service_error_with_meta(iam.get_user().user_name(&name).send().await);
    assert!(
        matches!(err, GetUserError::NoSuchEntityException(_)),
        "{err:?}"
    );
    assert_eq!(meta.status(), 404);
    assert_eq!(meta.code(), Some("NoSuchEntity"));

    // `InstanceProfileExists` names its retry error by shape, `NoSuchEntityException`; the
    // generator matches it on the code IAM sends, `NoSuchEntity` (its `awsQueryError`). Until
    // the profile exists the waiter retries, then times out; once it exists, one call succeeds.
    use std::time::Duration;
    let err = iam
        .wait_until_instance_profile_exists()
        .instance_profile_name(&name)
        .waiter_delays(Duration::from_millis(50), Duration::from_millis(100))
        .wait(Duration::from_millis(400))
        .await
        .expect_err("no instance profile");
    assert_eq!(
        err.kind(),
        &e2e_iam::waiter::WaiterErrorKind::Timeout,
        "{err}"
    );
    iam.create_instance_profile()
        .instance_profile_name(&name)
        .send()
        .await
        .expect("CreateInstanceProfile");
    let done = iam
        .wait_until_instance_profile_exists()
        .instance_profile_name(&name)
        .wait(Duration::from_secs(30))
        .await
        .expect("InstanceProfileExists");
    assert_eq!(done.attempts, 1);
    iam.delete_instance_profile()
        .instance_profile_name(&name)
        .send()
        .await
        .expect("DeleteInstanceProfile");
}

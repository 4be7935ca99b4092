//! SQS (awsJson1_0 with `awsQueryCompatible`) against moto: a queue with attributes and tags,
//! one message sent, received with its attributes and deleted; modeled errors whose code comes
//! from the query-compatible `x-amzn-query-error` header (`QueueDoesNotExist` is
//! `AWS.SimpleQueueService.NonExistentQueue` on the wire).

use e2e_scenarios::{config, service_error, service_error_with_meta, unique, ACCOUNT, REGION};
use e2e_sqs::types::{MessageAttributeValue, MessageSystemAttributeName, QueueAttributeName};
use e2e_sqs::Client;
use std::collections::HashMap;

fn client() -> Client {
    Client::from_conf(config())
}

/// A body with non-ASCII, markup and JSON-escaped characters.
const BODY: &str = "héllo <e2e> & \"quotes\" ✓\n";
/// MD5 of [`BODY`]'s UTF-8 bytes (`hashlib.md5(BODY.encode()).hexdigest()`).
const BODY_MD5: &str = "244a3e19d3b92a44aca22180eff6302b";

async fn queue_attributes(client: &Client, url: &str) -> HashMap<String, String> {
    client
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::All)
        .send()
        .await
        .expect("GetQueueAttributes")
        .attributes
        .expect("attributes")
}

#[tokio::test]
async fn queue_send_receive_delete() {
    let client = client();
    let name = unique("smelt-e2e-queue");

    let url = client
        .create_queue()
        .queue_name(&name)
        .attributes("VisibilityTimeout", "45")
        .attributes("MessageRetentionPeriod", "3600")
        .tags("suite", "smelt-e2e")
        .send()
        .await
        .expect("CreateQueue")
        .queue_url
        .expect("CreateQueue returns the URL");
    assert!(url.ends_with(&format!("/{ACCOUNT}/{name}")), "{url}");

    let by_name = client
        .get_queue_url()
        .queue_name(&name)
        .send()
        .await
        .expect("GetQueueUrl")
        .queue_url;
    assert_eq!(by_name.as_deref(), Some(url.as_str()));

    let listed = client
        .list_queues()
        .queue_name_prefix(&name)
        .send()
        .await
        .expect("ListQueues")
        .queue_urls
        .unwrap_or_default();
    assert_eq!(listed, vec![url.clone()]);

    let attributes = queue_attributes(&client, &url).await;
    assert_eq!(
        attributes.get("VisibilityTimeout").map(String::as_str),
        Some("45")
    );
    assert_eq!(
        attributes.get("MessageRetentionPeriod").map(String::as_str),
        Some("3600")
    );
    assert_eq!(
        attributes.get("QueueArn"),
        Some(&format!("arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"))
    );
    let tags = client
        .list_queue_tags()
        .queue_url(&url)
        .send()
        .await
        .expect("ListQueueTags")
        .tags
        .unwrap_or_default();
    assert_eq!(tags.get("suite").map(String::as_str), Some("smelt-e2e"));

    let sent = client
        .send_message()
        .queue_url(&url)
        .message_body(BODY)
        .message_attributes(
            "colour",
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value("blue")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("SendMessage");
    let message_id = sent.message_id.expect("SendMessage returns the message id");
    assert!(!message_id.is_empty());
    assert_eq!(sent.md5_of_message_body.as_deref(), Some(BODY_MD5));
    assert!(sent.md5_of_message_attributes.is_some());

    let received = client
        .receive_message()
        .queue_url(&url)
        .max_number_of_messages(10)
        .wait_time_seconds(1)
        .message_attribute_names("All")
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .send()
        .await
        .expect("ReceiveMessage")
        .messages
        .unwrap_or_default();
    assert_eq!(received.len(), 1, "{received:?}");
    let message = &received[0];
    assert_eq!(message.body.as_deref(), Some(BODY));
    assert_eq!(message.message_id.as_deref(), Some(message_id.as_str()));
    assert_eq!(message.md5_of_body.as_deref(), Some(BODY_MD5));
    let system = message.attributes.as_ref().expect("system attributes");
    assert_eq!(
        system.get("ApproximateReceiveCount").map(String::as_str),
        Some("1")
    );
    let sent_ms: i64 = system["SentTimestamp"]
        .parse()
        .expect("SentTimestamp is a number");
    assert!(sent_ms > 1_600_000_000_000, "{sent_ms}");
    let custom = message
        .message_attributes
        .as_ref()
        .expect("message attributes");
    assert_eq!(custom["colour"].data_type, "String");
    assert_eq!(custom["colour"].string_value.as_deref(), Some("blue"));
    let handle = message.receipt_handle.clone().expect("receipt handle");

    // The message is in flight (visibility timeout 45 s), then gone once deleted.
    let attributes = queue_attributes(&client, &url).await;
    assert_eq!(
        attributes
            .get("ApproximateNumberOfMessagesNotVisible")
            .map(String::as_str),
        Some("1")
    );
    client
        .delete_message()
        .queue_url(&url)
        .receipt_handle(&handle)
        .send()
        .await
        .expect("DeleteMessage");
    let attributes = queue_attributes(&client, &url).await;
    assert_eq!(
        attributes
            .get("ApproximateNumberOfMessagesNotVisible")
            .map(String::as_str),
        Some("0")
    );
    assert_eq!(
        attributes
            .get("ApproximateNumberOfMessages")
            .map(String::as_str),
        Some("0")
    );

    // A receipt handle the queue never issued: a modeled error.
    let (err, status) = service_error(
        client
            .delete_message()
            .queue_url(&url)
            .receipt_handle("not-a-receipt-handle")
            .send()
            .await,
    );
    assert!(err.is_receipt_handle_is_invalid(), "{err:?}");
    assert_eq!(err.code(), Some("ReceiptHandleIsInvalid"));
    assert_eq!(status, 400);

    client
        .delete_queue()
        .queue_url(&url)
        .send()
        .await
        .expect("DeleteQueue");
    let (err, _) = service_error(client.get_queue_url().queue_name(&name).send().await);
    assert!(err.is_queue_does_not_exist(), "deleted queue: {err:?}");
}

#[tokio::test]
async fn missing_queue_is_queue_does_not_exist() {
    let client = client();
    let name = unique("smelt-e2e-missing");

    let (err, meta, _) =
        service_error_with_meta(client.get_queue_url().queue_name(&name).send().await);
    assert!(err.is_queue_does_not_exist(), "{err:?}");
    assert_eq!(err.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
    assert_eq!(meta.status(), 400);
    assert!(
        meta.request_id().is_some_and(|id| !id.is_empty()),
        "{meta:?}"
    );
    assert_eq!(meta.message(), Some("The specified queue does not exist."));
    // One error, one code: the metadata agrees with the variant's query-compatible code.
    assert_eq!(meta.code(), err.code());
    let e2e_sqs::operation::get_queue_url::GetQueueUrlError::QueueDoesNotExist(inner) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        inner.message.as_deref(),
        Some("The specified queue does not exist.")
    );

    let url = format!("{}/{ACCOUNT}/{name}", e2e_scenarios::endpoint());
    let (err, status) = service_error(
        client
            .send_message()
            .queue_url(&url)
            .message_body("x")
            .send()
            .await,
    );
    assert!(err.is_queue_does_not_exist(), "{err:?}");
    assert_eq!(err.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
    assert_eq!(status, 400);
}

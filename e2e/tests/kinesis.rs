//! Kinesis (awsJson1_1) against moto: a stream's lifecycle, records whose data (a blob, base64
//! on the wire) round-trips byte for byte, shard iterators of two kinds, and the modeled
//! `ResourceNotFoundException` of a missing stream.

use e2e_kinesis::primitives::Blob;
use e2e_kinesis::types::{ShardIteratorType, StreamStatus};
use e2e_kinesis::Client;
use e2e_scenarios::{
    config, service_error, service_error_with_meta, unique, wait_for, ACCOUNT, REGION,
};
use std::time::{SystemTime, UNIX_EPOCH};

fn client() -> Client {
    Client::from_conf(config())
}

/// Not valid UTF-8, with bytes that base64 encodes to `+` and `/`.
fn payload(i: u8) -> Vec<u8> {
    vec![0, 0xff, 0xfe, 0xfb, 0xef, 0x3e, 0x3f, i]
}

#[tokio::test]
async fn stream_put_and_get_records() {
    let client = client();
    let name = unique("smelt-e2e-stream");

    client
        .create_stream()
        .stream_name(&name)
        .shard_count(1)
        .send()
        .await
        .expect("CreateStream");

    let description = wait_for("the stream to be ACTIVE", 50, || async {
        let d = client
            .describe_stream()
            .stream_name(&name)
            .send()
            .await
            .expect("DescribeStream")
            .stream_description;
        (d.stream_status == StreamStatus::Active).then_some(d)
    })
    .await;
    assert_eq!(description.stream_name, name);
    assert_eq!(
        description.stream_arn,
        format!("arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/{name}")
    );
    assert_eq!(description.shards.len(), 1);
    assert!(!description.has_more_shards);
    assert_eq!(description.retention_period_hours, 24);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let created = description.stream_creation_timestamp.secs();
    assert!((created - now).abs() < 600, "created {created}, now {now}");
    let shard_id = description.shards[0].shard_id.clone();

    let listed = client.list_streams().send().await.expect("ListStreams");
    assert!(
        listed.stream_names.contains(&name),
        "{:?}",
        listed.stream_names
    );

    let mut sequence_numbers = Vec::new();
    for i in 0..2u8 {
        let put = client
            .put_record()
            .stream_name(&name)
            .data(Blob::new(payload(i)))
            .partition_key(format!("key-{i}"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("PutRecord {i}: {e:?}"));
        assert_eq!(put.shard_id, shard_id);
        assert!(!put.sequence_number.is_empty());
        sequence_numbers.push(put.sequence_number);
    }
    assert_ne!(sequence_numbers[0], sequence_numbers[1]);

    let iterator = client
        .get_shard_iterator()
        .stream_name(&name)
        .shard_id(&shard_id)
        .shard_iterator_type(ShardIteratorType::TrimHorizon)
        .send()
        .await
        .expect("GetShardIterator TRIM_HORIZON")
        .shard_iterator
        .expect("an iterator");
    let records = client
        .get_records()
        .shard_iterator(&iterator)
        .send()
        .await
        .expect("GetRecords");
    assert_eq!(records.records.len(), 2, "{:?}", records.records);
    for (i, record) in records.records.iter().enumerate() {
        assert_eq!(record.data.as_slice(), payload(i as u8).as_slice());
        assert_eq!(record.partition_key, format!("key-{i}"));
        assert_eq!(record.sequence_number, sequence_numbers[i]);
        let arrival = record
            .approximate_arrival_timestamp
            .expect("arrival timestamp")
            .secs();
        assert!((arrival - now).abs() < 600, "arrival {arrival}, now {now}");
    }
    assert!(records.next_shard_iterator.is_some());

    // From the second record's sequence number: only that record.
    let iterator = client
        .get_shard_iterator()
        .stream_name(&name)
        .shard_id(&shard_id)
        .shard_iterator_type(ShardIteratorType::AtSequenceNumber)
        .starting_sequence_number(&sequence_numbers[1])
        .send()
        .await
        .expect("GetShardIterator AT_SEQUENCE_NUMBER")
        .shard_iterator
        .expect("an iterator");
    let records = client
        .get_records()
        .shard_iterator(iterator)
        .limit(10)
        .send()
        .await
        .expect("GetRecords from a sequence number");
    assert_eq!(records.records.len(), 1);
    assert_eq!(records.records[0].data.as_slice(), payload(1).as_slice());

    client
        .delete_stream()
        .stream_name(&name)
        .send()
        .await
        .expect("DeleteStream");
    let (err, _) = service_error(client.describe_stream().stream_name(&name).send().await);
    assert!(
        err.is_resource_not_found_exception(),
        "deleted stream: {err:?}"
    );
}

#[tokio::test]
async fn missing_stream_is_resource_not_found() {
    let client = client();
    let name = unique("smelt-e2e-missing");

    let (err, meta, _) =
        service_error_with_meta(client.describe_stream().stream_name(&name).send().await);
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert_eq!(meta.status(), 400);
    assert_eq!(meta.code(), err.code());
    assert!(
        meta.request_id().is_some_and(|id| !id.is_empty()),
        "{meta:?}"
    );
    let e2e_kinesis::operation::describe_stream::DescribeStreamError::ResourceNotFoundException(
        inner,
    ) = &err
    else {
        panic!("{err:?}")
    };
    let expected = format!("Stream {name} under account {ACCOUNT} not found.");
    assert_eq!(inner.message.as_deref(), Some(expected.as_str()));
    assert_eq!(meta.message(), Some(expected.as_str()));

    let (err, status) = service_error(
        client
            .put_record()
            .stream_name(&name)
            .data(Blob::new(payload(0)))
            .partition_key("k")
            .send()
            .await,
    );
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    assert_eq!(status, 400);
}

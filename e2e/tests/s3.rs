//! S3 (restXml) against moto, path-style: buckets, objects streamed up (bytes in memory, a
//! file) and down, user metadata through prefix headers, keys that need percent-encoding, the
//! flattened `Contents` list of ListObjectsV2, and `NoSuchKey` from an unwrapped `<Error>`
//! document recognised as its modeled error.

use e2e_s3::operation::get_object::GetObjectError;
use e2e_s3::primitives::ByteStream;
use e2e_s3::Client;
use e2e_scenarios::{config, service_error, unique};

#[tokio::test]
async fn objects_stream_both_ways_and_list() {
    let s3 = Client::from_conf(config());
    let bucket = unique("smelt-bucket");
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("CreateBucket");

    let small_key = "dir/a b+c.txt";
    s3.put_object()
        .bucket(&bucket)
        .key(small_key)
        .content_type("text/plain")
        .metadata("owner", "smelt")
        .body(ByteStream::from("hello, S3"))
        .send()
        .await
        .expect("PutObject from memory");

    let contents: Vec<u8> = (0..256 * 1024u32).map(|i| (i % 251) as u8).collect();
    let path = std::env::temp_dir().join(format!("{bucket}.bin"));
    std::fs::write(&path, &contents).expect("write the file");
    s3.put_object()
        .bucket(&bucket)
        .key("big.bin")
        .body(ByteStream::from_path(&path).await.expect("open the file"))
        .send()
        .await
        .expect("PutObject from a file");
    std::fs::remove_file(&path).ok();

    let small = s3
        .get_object()
        .bucket(&bucket)
        .key(small_key)
        .send()
        .await
        .expect("GetObject");
    assert_eq!(small.content_type.as_deref(), Some("text/plain"));
    assert_eq!(small.content_length, Some(9));
    assert_eq!(
        small
            .metadata
            .as_ref()
            .and_then(|m| m.get("owner"))
            .map(String::as_str),
        Some("smelt")
    );
    assert_eq!(small.body.collect().await.expect("body"), "hello, S3");

    let mut big = s3
        .get_object()
        .bucket(&bucket)
        .key("big.bin")
        .send()
        .await
        .expect("GetObject big");
    let mut read = Vec::new();
    while let Some(chunk) = big.body.next().await {
        read.extend_from_slice(&chunk.expect("a chunk"));
    }
    assert!(read == contents, "the object comes back byte for byte");

    let listed = s3
        .list_objects_v2()
        .bucket(&bucket)
        .send()
        .await
        .expect("ListObjectsV2");
    let mut keys: Vec<String> = listed
        .contents
        .unwrap_or_default()
        .into_iter()
        .filter_map(|o| o.key)
        .collect();
    keys.sort();
    assert_eq!(keys, ["big.bin", small_key]);

    for key in [small_key, "big.bin"] {
        s3.delete_object()
            .bucket(&bucket)
            .key(key)
            .send()
            .await
            .expect("DeleteObject");
    }
    s3.delete_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("DeleteBucket");
}

#[tokio::test]
async fn a_missing_key_is_no_such_key() {
    let s3 = Client::from_conf(config());
    let bucket = unique("smelt-bucket");
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("CreateBucket");
    let (err, status) = service_error(s3.get_object().bucket(&bucket).key("nope").send().await);
    assert!(matches!(err, GetObjectError::NoSuchKey(_)), "{err:?}");
    assert_eq!(status, 404);
    s3.delete_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("DeleteBucket");
}

/// `BucketExists` / `ObjectExists` / `ObjectNotExists` / `BucketNotExists`: S3 answers a `HEAD`
/// of a missing bucket or key with a bare 404 (no body, no code), which the waiters' `errorType:
/// NotFound` acceptors match by the status's name.
#[tokio::test]
async fn head_waiters_see_bare_404s() {
    use std::time::Duration;
    let s3 = Client::from_conf(config());
    let bucket = unique("smelt-wait");
    let fast = |min: u64| Duration::from_millis(min);

    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("CreateBucket");
    s3.wait_until_bucket_exists()
        .bucket(&bucket)
        .wait(Duration::from_secs(30))
        .await
        .expect("BucketExists");
    // No object yet: ObjectExists retries on NotFound until the time is up.
    let err = s3
        .wait_until_object_exists()
        .bucket(&bucket)
        .key("k")
        .waiter_delays(fast(50), fast(100))
        .wait(fast(400))
        .await
        .expect_err("no object yet");
    assert_eq!(
        err.kind(),
        &e2e_s3::waiter::WaiterErrorKind::Timeout,
        "{err}"
    );
    s3.put_object()
        .bucket(&bucket)
        .key("k")
        .body(ByteStream::from("x"))
        .send()
        .await
        .expect("PutObject");
    let found = s3
        .wait_until_object_exists()
        .bucket(&bucket)
        .key("k")
        .wait(Duration::from_secs(30))
        .await
        .expect("ObjectExists");
    assert_eq!(found.output().and_then(|o| o.content_length), Some(1));
    s3.delete_object()
        .bucket(&bucket)
        .key("k")
        .send()
        .await
        .expect("DeleteObject");
    s3.wait_until_object_not_exists()
        .bucket(&bucket)
        .key("k")
        .wait(Duration::from_secs(30))
        .await
        .expect("ObjectNotExists");
    s3.delete_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("DeleteBucket");
    s3.wait_until_bucket_not_exists()
        .bucket(&bucket)
        .wait(Duration::from_secs(30))
        .await
        .expect("BucketNotExists");
}

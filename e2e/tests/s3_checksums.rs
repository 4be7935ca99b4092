//! S3 flexible checksums (`aws.protocols#httpChecksum`) against moto: PutObject with a stream of
//! unknown length (sent `aws-chunked`, the CRC32C in an unsigned trailer), from a file (signed
//! chunks and a signed trailer over plain http) and from memory (a header), then GetObject with
//! checksum validation. moto stores the checksum the client sent and returns it with
//! `x-amz-checksum-mode: ENABLED`, so each GetObject checks the client's value against the body;
//! the expected values were computed with Python (`hashlib`, `zlib`, a table CRC32C).

use e2e_s3::primitives::ByteStream;
use e2e_s3::types::ChecksumAlgorithm;
use e2e_s3::Client;
use e2e_scenarios::{config, unique};

/// A one-shot stream of unknown length: 20 pieces of 10,000 bytes.
fn unknown_length(data: Vec<u8>) -> ByteStream {
    struct Pieces(Vec<bytes::Bytes>);
    impl futures_core::Stream for Pieces {
        type Item = Result<bytes::Bytes, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            let next = (!self.0.is_empty()).then(|| Ok(self.0.remove(0)));
            std::task::Poll::Ready(next)
        }
    }
    let pieces = data
        .chunks(10_000)
        .map(bytes::Bytes::copy_from_slice)
        .collect();
    ByteStream::from_stream(Pieces(pieces))
}

#[tokio::test]
async fn checksummed_uploads_round_trip_with_validation() {
    let s3 = Client::from_conf(config());
    let bucket = unique("smelt-checksums");
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("CreateBucket");

    let streamed: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    s3.put_object()
        .bucket(&bucket)
        .key("streamed")
        .checksum_algorithm(ChecksumAlgorithm::Crc32c)
        .body(unknown_length(streamed.clone()))
        .send()
        .await
        .expect("PutObject of a stream of unknown length");

    let filed: Vec<u8> = (0..150_000u32).map(|i| (i % 253) as u8).collect();
    let path = std::env::temp_dir().join(format!("{bucket}.bin"));
    std::fs::write(&path, &filed).expect("write the file");
    s3.put_object()
        .bucket(&bucket)
        .key("filed")
        .checksum_algorithm(ChecksumAlgorithm::Sha256)
        .body(ByteStream::from_path(&path).await.expect("open the file"))
        .send()
        .await
        .expect("PutObject from a file");
    std::fs::remove_file(&path).ok();

    // No algorithm chosen: CRC32 by default (`when_supported`).
    s3.put_object()
        .bucket(&bucket)
        .key("small")
        .body(ByteStream::from("hello, checksums"))
        .send()
        .await
        .expect("PutObject from memory");

    let cases = [
        ("streamed", &streamed[..], "crc32c", "HQMN+w=="),
        (
            "filed",
            &filed[..],
            "sha256",
            "djphNpCl5SC90sggU/xPwJQdaQHArvg9VNGAm65FMGg=",
        ),
        ("small", &b"hello, checksums"[..], "crc32", "kS/8zQ=="),
    ];
    for (key, contents, algorithm, expected) in cases {
        let out = s3
            .get_object()
            .bucket(&bucket)
            .key(key)
            .send()
            .await
            .expect("GetObject");
        let got = match algorithm {
            "crc32c" => out.checksum_crc32c.clone(),
            "sha256" => out.checksum_sha256.clone(),
            _ => out.checksum_crc32.clone(),
        };
        assert_eq!(got.as_deref(), Some(expected), "{key}: the stored checksum");
        let body = out.body.collect().await.expect("the body passes validation");
        assert!(body == contents, "{key} comes back byte for byte");
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

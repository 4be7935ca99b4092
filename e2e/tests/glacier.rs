//! Glacier (restJson1) against moto: `@streaming` blob payloads in both directions over real
//! HTTP. An archive is uploaded from a file (known length, read in chunks, signed
//! `UNSIGNED-PAYLOAD`) and from a one-shot stream of unknown length (chunked transfer
//! encoding), retrieved through a job, and its output read back chunk by chunk. A missing vault
//! gives moto's own error code, kept by the client as `Unhandled`.

use e2e_glacier::operation::describe_vault::DescribeVaultError;
use e2e_glacier::primitives::ByteStream;
use e2e_glacier::types::JobParameters;
use e2e_glacier::Client;
use e2e_scenarios::{config, service_error, unique};
use std::time::Duration;

/// Glacier's "the account of the credentials" account id.
const ACCOUNT: &str = "-";

fn client() -> Client {
    Client::from_conf(config())
}

/// Bytes that are not all the same and not text, so a shifted or repeated chunk would show.
fn archive_bytes(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 251) as u8).collect()
}

async fn retrieve(client: &Client, vault: &str, archive_id: &str) -> Vec<u8> {
    let job = client
        .initiate_job()
        .account_id(ACCOUNT)
        .vault_name(vault)
        .job_parameters(
            JobParameters::builder()
                .r#type("archive-retrieval")
                .archive_id(archive_id)
                .build()
                .expect("job parameters"),
        )
        .send()
        .await
        .expect("InitiateJob");
    let job_id = job.job_id.expect("a job id");
    // moto completes retrieval jobs after about five seconds.
    let mut completed = false;
    for _ in 0..60 {
        let status = client
            .describe_job()
            .account_id(ACCOUNT)
            .vault_name(vault)
            .job_id(&job_id)
            .send()
            .await
            .expect("DescribeJob");
        if status.completed {
            completed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(completed, "the retrieval job did not complete");
    let mut out = client
        .get_job_output()
        .account_id(ACCOUNT)
        .vault_name(vault)
        .job_id(&job_id)
        .send()
        .await
        .expect("GetJobOutput");
    assert_eq!(out.status, 200);
    // Read the body as it arrives, chunk by chunk.
    let mut body = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = out.body.next().await {
        body.extend_from_slice(&chunk.expect("a chunk of the archive"));
        chunks += 1;
    }
    assert!(chunks >= 1);
    body
}

#[tokio::test]
async fn archives_stream_up_from_a_file_and_down_in_chunks() {
    let client = client();
    let vault = unique("smelt-vault");
    client
        .create_vault()
        .account_id(ACCOUNT)
        .vault_name(&vault)
        .send()
        .await
        .expect("CreateVault");

    let contents = archive_bytes(300_000);
    let path = std::env::temp_dir().join(format!("{vault}.bin"));
    std::fs::write(&path, &contents).expect("write the archive file");
    let uploaded = client
        .upload_archive()
        .account_id(ACCOUNT)
        .vault_name(&vault)
        .archive_description("from a file")
        .body(ByteStream::from_path(&path).await.expect("open the file"))
        .send()
        .await
        .expect("UploadArchive from a file");
    std::fs::remove_file(&path).ok();
    let archive_id = uploaded.archive_id.expect("an archive id");
    assert!(uploaded.checksum.is_some_and(|c| !c.is_empty()));

    let downloaded = retrieve(&client, &vault, &archive_id).await;
    assert_eq!(downloaded.len(), contents.len());
    assert!(
        downloaded == contents,
        "the archive comes back byte for byte"
    );
}

#[tokio::test]
async fn an_archive_of_unknown_length_streams_up_chunked() {
    struct Parts(std::vec::IntoIter<Vec<u8>>);
    impl futures_core::Stream for Parts {
        type Item = Result<bytes::Bytes, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next().map(|p| Ok(bytes::Bytes::from(p))))
        }
    }

    let client = client();
    let vault = unique("smelt-vault");
    client
        .create_vault()
        .account_id(ACCOUNT)
        .vault_name(&vault)
        .send()
        .await
        .expect("CreateVault");
    let contents = archive_bytes(50_000);
    let parts: Vec<Vec<u8>> = contents.chunks(7_000).map(<[u8]>::to_vec).collect();
    let stream = ByteStream::from_stream(Parts(parts.into_iter()));
    assert_eq!(stream.content_length(), None);
    let uploaded = client
        .upload_archive()
        .account_id(ACCOUNT)
        .vault_name(&vault)
        .body(stream)
        .send()
        .await
        .expect("UploadArchive from a stream");
    let archive_id = uploaded.archive_id.expect("an archive id");
    let downloaded = retrieve(&client, &vault, &archive_id).await;
    assert!(
        downloaded == contents,
        "the streamed archive comes back byte for byte"
    );
}

/// Glacier answers a missing vault with the modeled `ResourceNotFoundException` (404); moto 5.2.1
/// answers `VaultNotFound` (400), which the model does not describe: the client keeps that code
/// and message as `Unhandled` rather than guessing.
#[tokio::test]
async fn a_missing_vault_is_an_error_value_with_the_code_sent() {
    let result = client()
        .describe_vault()
        .account_id(ACCOUNT)
        .vault_name(unique("smelt-no-vault"))
        .send()
        .await;
    let (err, status) = service_error(result);
    let DescribeVaultError::Unhandled(unhandled) = &err else {
        panic!("moto's code is not modeled: {err:?}");
    };
    assert_eq!(unhandled.code(), Some("VaultNotFound"));
    assert_eq!(status, 400);
    assert_eq!(err.code(), Some("VaultNotFound"));
}

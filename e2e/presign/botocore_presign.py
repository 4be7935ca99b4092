#!/usr/bin/env python3
"""Prints botocore's presigned URLs for the fixed inputs of `e2e/tests/presign.rs`.

Regenerate the fixture with (botocore from PyPI, no AWS account or network needed):

    python3 -m pip install botocore
    python3 e2e/presign/botocore_presign.py > e2e/presign/botocore.tsv

Each line is `case<TAB>method<TAB>url`. The clock and the credentials are fixed, and no
configuration file or environment variable of the machine is read.
"""

import datetime
import os
import sys

# No profile, credentials or endpoint of the machine running the script.
for name in list(os.environ):
    if name.startswith("AWS_"):
        del os.environ[name]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

import botocore.auth  # noqa: E402
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402

# 2024-01-02T03:04:05Z, the signing time of every case (`FIXED_TIME` in the Rust test).
FIXED_TIME = datetime.datetime(2024, 1, 2, 3, 4, 5)
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: FIXED_TIME

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "session/token+with=reserved&chars"
REGION = "us-west-2"


def add_x_id(request, operation_name, **kwargs):
    """Adds S3's `x-id=<Operation>` query parameter before signing.

    The Smithy model's S3 URIs carry it (`/{Bucket}/{Key+}?x-id=GetObject`), botocore's model
    does not; with it both presigners sign the same request.
    """
    separator = "&" if "?" in request.url else "?"
    request.url += f"{separator}x-id={operation_name}"


def client(service, token=None):
    session = botocore.session.get_session()
    config = None
    if service == "s3":
        # SigV4 for S3 too (botocore's S3 default for presigned URLs is still SigV2), and the
        # regional virtual-hosted endpoint that S3's endpoint rules give (without the
        # addressing style botocore presigns for the legacy global host).
        config = Config(signature_version="s3v4", s3={"addressing_style": "virtual"})
    created = session.create_client(
        service,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        aws_session_token=token,
        config=config,
    )
    if service == "s3":
        created.meta.events.register("before-sign.s3", add_x_id)
    return created


# (case, service, operation, params, expires in seconds, HTTP method, session token)
CASES = [
    ("s3-get", "s3", "get_object", {"Bucket": "examplebucket", "Key": "photos/cat.jpg"}, 900, None, None),
    ("s3-get-week", "s3", "get_object", {"Bucket": "examplebucket", "Key": "photos/cat.jpg"}, 604800, None, None),
    ("s3-get-escaped-key", "s3", "get_object", {"Bucket": "examplebucket", "Key": "dir/a b+c~é=&.txt"}, 900, None, None),
    ("s3-put", "s3", "put_object", {"Bucket": "examplebucket", "Key": "upload/data.bin"}, 3600, None, None),
    ("s3-put-session", "s3", "put_object", {"Bucket": "examplebucket", "Key": "upload/data.bin"}, 900, None, SESSION_TOKEN),
    ("sts-get-caller-identity", "sts", "get_caller_identity", {}, 900, "GET", None),
    ("sts-get-caller-identity-week", "sts", "get_caller_identity", {}, 604800, "GET", SESSION_TOKEN),
]


def main():
    for case, service, operation, params, expires, method, token in CASES:
        url = client(service, token).generate_presigned_url(
            operation, Params=params, ExpiresIn=expires, HttpMethod=method
        )
        sys.stdout.write(f"{case}\t{method or ('PUT' if operation == 'put_object' else 'GET')}\t{url}\n")


if __name__ == "__main__":
    main()

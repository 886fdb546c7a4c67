"""What the boto3 scripts share: a client for the emulator at argv[1], and AWS errors as data."""
import sys

import boto3
from botocore.exceptions import ClientError

client = boto3.client(
    "elasticache",
    endpoint_url=sys.argv[1],
    region_name="us-east-1",
    aws_access_key_id="test",
    aws_secret_access_key="test",
)


def error(call, **kwargs):
    """The error code, HTTP status and message botocore parsed, or None when the call succeeds."""
    try:
        call(**kwargs)
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"], "message": e.response["Error"]["Message"]}
    return None

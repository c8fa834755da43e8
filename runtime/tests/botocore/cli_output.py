#!/usr/bin/env python3
"""Print a response the way `aws <service> <operation>` (AWS CLI v2) prints it.

Reads JSON on stdin:

    {"service": "connect",                 # optional, default "connect"
     "operation": "DescribeUser",
     "status": 200,                        # optional, default 200
     "headers": {"x-amzn-requestid": "r"}, # optional
     "body": "{\"User\": {...}}"}          # the HTTP response body, as the service sends it

and prints the CLI's JSON output on stdout.

botocore parses the body with the service model it ships (for Connect:
botocore/data/connect/2017-08-08/service-2.json.gz) and the parser
settings the CLI v2 installs (awscli/customizations/scalarparse.py):
timestamps become `parse_timestamp(value).isoformat()` (the default
`cli_timestamp_format = iso8601`: local time with its UTC offset, as many
fraction digits as Python keeps, i.e. microseconds) and blobs stay the
base64 text they are on the wire. The CLI drops `ResponseMetadata` and
prints with `json.dumps(indent=4, ensure_ascii=False)`. Set `TZ` to choose
the local zone.
"""

import json
import sys

import botocore.session
from botocore.parsers import ResponseParserFactory
from botocore.utils import parse_timestamp


def iso_format(value):
    return parse_timestamp(value).isoformat()


def identity(value):
    return value


def main():
    request = json.load(sys.stdin)
    session = botocore.session.get_session()
    model = session.get_service_model(request.get("service", "connect"))
    operation = model.operation_model(request["operation"])
    factory = ResponseParserFactory()
    factory.set_parser_defaults(timestamp_parser=iso_format, blob_parser=identity)
    parser = factory.create_parser(model.metadata["protocol"])
    response = {
        "status_code": request.get("status", 200),
        "headers": request.get("headers", {}),
        "body": request["body"].encode("utf-8"),
    }
    parsed = parser.parse(response, operation.output_shape)
    parsed.pop("ResponseMetadata", None)
    sys.stdout.write(json.dumps(parsed, indent=4, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

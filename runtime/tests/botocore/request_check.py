#!/usr/bin/env python3
"""Print what botocore would send for an operation (any protocol).

Reads JSON on stdin, one object or a list of them:

    {"service": "connect",                  # optional, default "connect"
     "operation": "ListUsers",              # the model's operation name
     "params": {"InstanceId": "a/b", "MaxResults": 5},
     "validate": false}                     # botocore parameter validation, default off

and prints, for each, a JSON object:

    {"operation": "ListUsers", "method": "GET",
     "path": "/users-summary/a%2Fb", "query": "maxResults=5",
     "headers": {...}, "body": "..."}       # headers without auth/date/UA noise

Uses the service model botocore ships (for Connect:
botocore/data/connect/2017-08-08/service-2.json.gz). Nothing goes to the
network: a `before-send` handler records the prepared request and answers
with a canned empty success in the protocol's form (`200 {}` for JSON). Parameters are not validated unless asked, so hostile
values (empty strings, odd characters) can be compared too.
"""

import json
import sys
from urllib.parse import urlsplit

import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.config import Config

NOISE = {"authorization", "x-amz-date", "user-agent", "x-amz-security-token",
         "amz-sdk-invocation-id", "amz-sdk-request", "x-amz-user-agent"}


class _Raw:
    """The minimal raw-response object AWSResponse reads a body from."""

    def __init__(self, body):
        self._body = body

    def stream(self, **_kwargs):
        yield self._body


def _text(v):
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else v


def capture(case):
    service = case.get("service", "connect")
    session = botocore.session.get_session()
    client = session.create_client(
        service,
        region_name=case.get("region", "us-east-1"),
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="SECRETEXAMPLE",
        config=Config(parameter_validation=bool(case.get("validate", False)),
                      retries={"max_attempts": 0}),
    )
    seen = {}

    # A success with no members, in the form the protocol's parser reads.
    protocol = client.meta.service_model.protocol
    op = case["operation"]
    if protocol == "query":
        canned = ("text/xml", f"<{op}Response><{op}Result></{op}Result></{op}Response>".encode())
    elif protocol in ("ec2", "rest-xml"):
        canned = ("text/xml", f"<{op}Response></{op}Response>".encode())
    else:
        canned = ("application/json", b"{}")

    def before_send(request, **_kwargs):
        seen["request"] = request
        return AWSResponse(request.url, 200, {"content-type": canned[0]}, _Raw(canned[1]))

    client.meta.events.register(f"before-send.{client.meta.service_model.service_id.hyphenize()}", before_send)
    method_name = client.meta.method_to_api_mapping
    py_name = {v: k for k, v in method_name.items()}.get(case["operation"])
    if py_name is None:
        raise SystemExit(f"unknown operation {case['operation']!r} for {service}")
    getattr(client, py_name)(**case.get("params", {}))
    req = seen["request"]
    url = urlsplit(req.url)
    body = _text(req.body)
    return {
        "operation": case["operation"],
        "method": req.method,
        "path": url.path,
        "query": url.query,
        "headers": {k.lower(): _text(v) for k, v in req.headers.items() if k.lower() not in NOISE},
        "body": body or "",
    }


def main():
    cases = json.load(sys.stdin)
    if isinstance(cases, dict):
        print(json.dumps(capture(cases), indent=2))
    else:
        print(json.dumps([capture(c) for c in cases], indent=2))


if __name__ == "__main__":
    main()

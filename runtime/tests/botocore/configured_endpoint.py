#!/usr/bin/env python3
"""Print where botocore's client sends a request, given an environment.

Reads a JSON list on stdin, one case each:

    {"env": {"HOME": "/tmp/x", "AWS_CONFIG_FILE": "/tmp/x/config",
             "AWS_ENDPOINT_URL": "http://localhost:4566"},   # the whole environment
     "service": "connect",              # botocore's client name; default "connect"
     "region": "us-east-1",             # create_client(region_name=...)
     "endpoint_url": null,              # create_client(endpoint_url=...), the code's setting
     "use_fips": null, "use_dual_stack": null,   # Config(use_fips_endpoint=...), ditto
     "profile": null}                   # Session(profile=...)

and prints a JSON list, one object per case:

    {"url": "https://connect.us-east-1.amazonaws.com/users/i/u",   # the request botocore sent
     "meta_endpoint_url": "https://connect.us-east-1.amazonaws.com"}   # client.meta.endpoint_url
    or {"error": "InvalidConfigError: ..."}

The request is DescribeUser (Connect, `GET /users/{InstanceId}/{UserId}`) or
DescribeDomain (Voice ID, `POST /`) with fixed parameters; a `before-send`
handler records it and answers `200 {}`, so nothing reaches the network.
`os.environ` is replaced by the case's `env` for the whole case, so botocore
reads exactly those variables and the files they point at.

Run with the python that has botocore (BOTOCORE_PYTHON; see
runtime/tests/client_endpoint_config_botocore.rs).
"""

import json
import os
import sys

import botocore.loaders
import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.config import Config

CALLS = {
    "connect": ("describe_user", {"InstanceId": "i", "UserId": "u"}),
    "voice-id": ("describe_domain", {"DomainId": "d" * 22}),
}


class _Raw:
    """The minimal raw-response object AWSResponse reads a body from."""

    def stream(self, **_kwargs):
        yield b"{}"


def run(case, loader):
    os.environ.clear()
    os.environ.update(case.get("env", {}))
    session = botocore.session.Session(profile=case.get("profile"))
    # One loader for every case: the models are parsed once.
    session.register_component("data_loader", loader)
    service = case.get("service", "connect")
    config = {"retries": {"max_attempts": 0}}
    if case.get("use_fips") is not None:
        config["use_fips_endpoint"] = case["use_fips"]
    if case.get("use_dual_stack") is not None:
        config["use_dualstack_endpoint"] = case["use_dual_stack"]
    try:
        client = session.create_client(
            service,
            region_name=case.get("region", "us-east-1"),
            endpoint_url=case.get("endpoint_url"),
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="SECRETEXAMPLE",
            config=Config(**config),
        )
        seen = {}

        def before_send(request, **_kwargs):
            seen["url"] = request.url
            return AWSResponse(request.url, 200, {"content-type": "application/json"}, _Raw())

        client.meta.events.register("before-send", before_send)
        method, params = CALLS[service]
        getattr(client, method)(**params)
        return {"url": seen["url"], "meta_endpoint_url": client.meta.endpoint_url}
    except Exception as e:  # every failure is an answer: the caller compares it
        return {"error": f"{type(e).__name__}: {e}"}


def main():
    cases = json.load(sys.stdin)
    loader = botocore.loaders.create_loader()
    out = [run(case, loader) for case in cases]
    print(json.dumps(out))


if __name__ == "__main__":
    main()

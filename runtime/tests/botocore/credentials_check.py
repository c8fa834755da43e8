#!/usr/bin/env python3
"""Print the access key botocore resolves for each of a list of environments.

Reads a JSON list on stdin, one case each:

    {"env": {"HOME": "/tmp/x", "AWS_CONFIG_FILE": "/tmp/x/.aws/config",
             "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:4001", ...},   # the whole environment
     "profile": null}          # Session(profile=...): a profile chosen explicitly

and prints a JSON list, one object per case:

    {"key": "ASIA..."}         # the access key of session.get_credentials()
    {"key": null}              # no credentials found
    {"error": "ProfileNotFound: ..."}   # resolving them raised

`os.environ` is replaced by the case's `env` for the whole case, so botocore
reads exactly those variables and the files they point at (HOME included,
for the SSO token cache, whose directory botocore fixes at import and this
script moves to each case's HOME). The environment is expected to point STS and the
SSO portal at local fakes (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SSO) and to
turn IMDS off (AWS_EC2_METADATA_DISABLED=true), so nothing leaves the
machine.

Run with the python that has botocore (BOTOCORE_PYTHON; see
runtime/tests/credentials_botocore.rs).
"""

import json
import os
import sys

import botocore.credentials
import botocore.session
import botocore.tokens


def run(case):
    os.environ.clear()
    os.environ.update(case.get("env", {}))
    # botocore computes the SSO token cache's directory from HOME once, at
    # import; point it at this case's HOME.
    cache = os.path.join(os.path.expanduser("~"), ".aws", "sso", "cache")
    botocore.credentials.SSOProvider._SSO_TOKEN_CACHE_DIR = cache
    botocore.tokens.SSOTokenProvider._SSO_TOKEN_CACHE_DIR = cache
    try:
        session = botocore.session.Session(profile=case.get("profile"))
        credentials = session.get_credentials()
        if credentials is None:
            return {"key": None}
        # Assumed-role and SSO credentials are fetched lazily: freezing them
        # makes botocore do the calls now.
        return {"key": credentials.get_frozen_credentials().access_key}
    except Exception as e:  # every failure is an answer: the caller compares it
        return {"error": f"{type(e).__name__}: {e}"}


def main():
    cases = json.load(sys.stdin)
    out = [run(case) for case in cases]
    print(json.dumps(out))


if __name__ == "__main__":
    main()

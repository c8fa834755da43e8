#!/usr/bin/env python3
"""Check a SigV4 signature we produced against botocore's SigV4Auth.

Reads one JSON object on stdin:

    {"method": "PUT", "url": "https://host/path?query",
     "headers": [["name", "value"], ...],   # as sent, incl. Authorization, X-Amz-Date
     "body_hex": "7b7d",
     "access_key": "...", "secret_key": "...", "token": null | "...",
     "region": "us-east-1", "service": "connect"}

Recomputes the canonical request, string to sign and signature with botocore's
canonicalization, over exactly the headers our Authorization header lists as
signed, at the time in our X-Amz-Date. Prints a JSON report and exits 0 when
the signatures match, 1 when they differ, 2 on bad input.

Run with the python that has botocore installed (see BOTOCORE_PYTHON in
runtime/tests/client_botocore_sigv4.rs).
"""

import json
import re
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTH_RE = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<scope>[^,]+), "
    r"SignedHeaders=(?P<signed>[^,]+), Signature=(?P<sig>[0-9a-f]{64})$"
)


class ListedHeadersSigV4(SigV4Auth):
    """SigV4Auth restricted to the headers the signer under test chose."""

    def __init__(self, credentials, service, region, signed):
        super().__init__(credentials, service, region)
        self._signed = signed

    def headers_to_sign(self, request):
        all_headers = super().headers_to_sign(request)
        missing = [h for h in self._signed if h not in all_headers]
        if missing:
            raise ValueError(f"headers listed as signed but not sent: {missing}")
        for name in list(all_headers.keys()):
            if name not in self._signed:
                del all_headers[name]
        return all_headers


def fail(message, code=2):
    print(json.dumps({"ok": False, "error": message}))
    sys.exit(code)


def main():
    case = json.load(sys.stdin)
    headers = case["headers"]
    auth = [v for k, v in headers if k.lower() == "authorization"]
    if len(auth) != 1:
        fail(f"expected exactly one Authorization header, got {len(auth)}")
    m = AUTH_RE.match(auth[0])
    if not m:
        fail(f"Authorization header not understood: {auth[0]!r}")
    amz_date = [v for k, v in headers if k.lower() == "x-amz-date"]
    if len(amz_date) != 1:
        fail("expected exactly one X-Amz-Date header")
    timestamp = amz_date[0]

    signed = m.group("signed").split(";")
    if signed != sorted(signed):
        fail(f"SignedHeaders not sorted: {signed}")
    expected_scope = f"{timestamp[:8]}/{case['region']}/{case['service']}/aws4_request"
    if m.group("key") != case["access_key"] or m.group("scope") != expected_scope:
        fail(f"credential scope {m.group('key')}/{m.group('scope')} != "
             f"{case['access_key']}/{expected_scope}", 1)
    if case.get("token"):
        tokens = [v for k, v in headers if k.lower() == "x-amz-security-token"]
        if tokens != [case["token"]]:
            fail(f"session token header {tokens!r} != [{case['token']!r}]", 1)
        if "x-amz-security-token" not in signed:
            fail("x-amz-security-token is not signed", 1)

    request = AWSRequest(method=case["method"], url=case["url"],
                         data=bytes.fromhex(case.get("body_hex", "")))
    for name, value in headers:
        if name.lower() != "authorization":
            request.headers[name] = value
    request.context["timestamp"] = timestamp

    creds = Credentials(case["access_key"], case["secret_key"], case.get("token"))
    signer = ListedHeadersSigV4(creds, case["service"], case["region"], signed)
    try:
        canonical_request = signer.canonical_request(request)
    except ValueError as e:
        fail(str(e), 1)
    string_to_sign = signer.string_to_sign(request, canonical_request)
    expected = signer.signature(string_to_sign, request)
    ok = expected == m.group("sig")
    print(json.dumps({
        "ok": ok,
        "expected_signature": expected,
        "actual_signature": m.group("sig"),
        "signed_headers": signed,
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
    }, indent=2))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

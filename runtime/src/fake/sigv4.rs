//! SigV4 verification for a fake configured with credentials: the request
//! is signed again with the configured secret, with its own `x-amz-date`,
//! credential scope and signed headers, through aws-sigv4 (an independent
//! implementation from the client's fast path), and the signatures must
//! match. The answers are the services': 403 with
//! `MissingAuthenticationTokenException`, `IncompleteSignatureException`,
//! `UnrecognizedClientException` or `InvalidSignatureException`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;

use super::Malformed;

/// The access key id and secret a fake accepts.
#[derive(Clone)]
pub(crate) struct Expected {
    pub(crate) access_key_id: String,
    pub(crate) secret: String,
}

impl std::fmt::Debug for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret never reaches a log.
        f.debug_struct("Expected").field("access_key_id", &self.access_key_id).finish_non_exhaustive()
    }
}

fn denied(code: &'static str, message: impl Into<String>) -> Malformed {
    Malformed { status: 403, code, message: message.into(), violations: None }
}

/// The parts of `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
struct Authorization<'a> {
    access_key_id: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Option<Authorization<'_>> {
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ")?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',').map(str::trim) {
        let (k, v) = part.split_once('=')?;
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => signature = Some(v),
            _ => {}
        }
    }
    let mut scope = credential?.split('/');
    let (access_key_id, _date, region, service) = (scope.next()?, scope.next()?, scope.next()?, scope.next()?);
    (scope.next()? == "aws4_request").then_some(())?;
    Some(Authorization { access_key_id, region, service, signed_headers: signed?.split(';').collect(), signature: signature? })
}

/// `20150830T123600Z` as a time.
fn parse_amz_date(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let secs = u64::try_from(days * 86_400 + hh * 3600 + mm * 60 + ss).ok()?;
    Some(UNIX_EPOCH + Duration::from_secs(secs))
}

/// Checks the request's signature against `expected`.
pub(crate) fn verify(req: &http::Request<Bytes>, expected: &Expected) -> Result<(), Malformed> {
    let Some(auth) = req.headers().get(http::header::AUTHORIZATION) else {
        return Err(denied("MissingAuthenticationTokenException", "Missing Authentication Token"));
    };
    let incomplete = || denied("IncompleteSignatureException", "the Authorization header is not a complete AWS4-HMAC-SHA256 signature");
    let auth = parse_authorization(auth.to_str().map_err(|_| incomplete())?).ok_or_else(incomplete)?;
    if auth.access_key_id != expected.access_key_id {
        return Err(denied("UnrecognizedClientException", "The security token included in the request is invalid."));
    }
    let time = req.headers().get("x-amz-date").and_then(|v| v.to_str().ok()).and_then(parse_amz_date).ok_or_else(incomplete)?;
    // aws-sigv4 adds `x-amz-date` itself; every other signed header is passed as received.
    let mut headers = Vec::new();
    for name in auth.signed_headers.iter().filter(|n| **n != "x-amz-date") {
        for value in req.headers().get_all(*name) {
            headers.push((*name, value.to_str().map_err(|_| incomplete())?));
        }
    }
    let identity: Identity = Credentials::new(&expected.access_key_id, &expected.secret, None, None, "fake").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(auth.region)
        .name(auth.service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|_| incomplete())?
        .into();
    let uri = req.uri().to_string();
    let signable = SignableRequest::new(req.method().as_str(), uri, headers.into_iter(), SignableBody::Bytes(req.body())).map_err(|_| incomplete())?;
    // aws-sigv4 traces the canonical request; keep it out of any log.
    let signed = tracing::subscriber::with_default(tracing::subscriber::NoSubscriber::default(), || sign(signable, &params)).map_err(|_| incomplete())?;
    let (_, signature) = signed.into_parts();
    if signature != auth.signature {
        return Err(denied(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amz_dates_are_read_as_utc() {
        assert_eq!(parse_amz_date("19700101T000001Z"), Some(UNIX_EPOCH + Duration::from_secs(1)));
        assert_eq!(parse_amz_date("20150830T123600Z"), Some(UNIX_EPOCH + Duration::from_secs(1_440_938_160)));
        assert_eq!(parse_amz_date("2015-08-30T12:36:00Z"), None);
        assert_eq!(parse_amz_date("20151330T123600Z"), None);
    }

    #[test]
    fn authorization_headers_are_split_into_their_parts() {
        let a =
            parse_authorization("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc").unwrap();
        assert_eq!((a.access_key_id, a.region, a.service, a.signature), ("AKID", "us-east-1", "iam", "abc"));
        assert_eq!(a.signed_headers, ["host", "x-amz-date"]);
        assert!(parse_authorization("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam, SignedHeaders=host, Signature=abc").is_none());
        assert!(parse_authorization("Basic abc").is_none());
    }

    /// The AWS SigV4 test suite's `get-vanilla` request, signed with its
    /// documented secret: the signature there is the oracle.
    #[test]
    fn the_sigv4_suite_vanilla_get_verifies_and_a_wrong_secret_does_not() {
        let req = http::Request::builder()
            .method("GET")
            .uri("/")
            .header("host", "example.amazonaws.com")
            .header("x-amz-date", "20150830T123600Z")
            .header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, \
                 Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            )
            .body(Bytes::new())
            .unwrap();
        let good = Expected { access_key_id: "AKIDEXAMPLE".into(), secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into() };
        verify(&req, &good).unwrap();
        let bad = Expected { secret: "wrong".into(), ..good.clone() };
        assert_eq!(verify(&req, &bad).unwrap_err().code, "InvalidSignatureException");
        let other = Expected { access_key_id: "AKIDOTHER".into(), ..good };
        assert_eq!(verify(&req, &other).unwrap_err().code, "UnrecognizedClientException");
        let mut unsigned = req;
        unsigned.headers_mut().remove("authorization");
        assert_eq!(verify(&unsigned, &other).unwrap_err().status, 403);
    }
}

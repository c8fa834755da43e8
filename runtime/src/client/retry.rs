//! Which failed responses are worth another attempt ("standard" retry mode).

use http::StatusCode;

/// Error codes AWS services use for throttling, across protocols.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes for transient server-side failures.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// HTTP statuses that are retried whatever the body says.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Why an error response is retried, or `None` if it is not.
pub(crate) fn classify(status: StatusCode, code: Option<&str>, modeled_retryable: &[&str]) -> Option<&'static str> {
    if status.is_success() {
        return None;
    }
    if let Some(code) = code {
        if THROTTLING_CODES.contains(&code) {
            return Some("throttling error code");
        }
        if TRANSIENT_CODES.contains(&code) {
            return Some("transient error code");
        }
        if modeled_retryable.contains(&code) {
            return Some("error the model marks retryable");
        }
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        return Some("HTTP 429");
    }
    if TRANSIENT_STATUSES.contains(&status.as_u16()) {
        return Some("transient HTTP status");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(code: u16) -> StatusCode {
        StatusCode::from_u16(code).unwrap()
    }

    #[test]
    fn classification() {
        assert!(classify(s(400), Some("ThrottlingException"), &[]).is_some());
        assert!(classify(s(400), Some("SlowDown"), &[]).is_some());
        assert!(classify(s(429), None, &[]).is_some());
        assert!(classify(s(503), Some("ServiceUnavailable"), &[]).is_some());
        assert!(classify(s(500), None, &[]).is_some());
        assert!(classify(s(400), Some("RequestTimeout"), &[]).is_some());
        assert!(classify(s(409), Some("ConflictException"), &["ConflictException"]).is_some());
        assert!(classify(s(404), Some("ResourceNotFoundException"), &[]).is_none());
        assert!(classify(s(501), None, &[]).is_none());
        assert!(classify(s(400), Some("ValidationException"), &[]).is_none());
        assert!(classify(s(200), Some("ThrottlingException"), &[]).is_none());
    }
}

//! Step 5 of the chain: the EC2 instance's role through the instance
//! metadata service, version 2 only (session tokens).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, error::CredentialsError};
use bytes::Bytes;

use super::{ProviderConfig, failed, invalid, not_loaded, parse_credentials_json};

const IPV4_ENDPOINT: &str = "http://169.254.169.254";
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";
/// The session token's lifetime asked for (the maximum, 6 hours).
const TOKEN_TTL: Duration = Duration::from_secs(6 * 60 * 60);
/// A token is not used in its last minute.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);
/// Per request, unless `AWS_METADATA_SERVICE_TIMEOUT` says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1);
/// Unless `AWS_METADATA_SERVICE_NUM_ATTEMPTS` says otherwise.
const DEFAULT_ATTEMPTS: u32 = 2;

/// The credentials of the role of the EC2 instance (or of anything that
/// serves the instance metadata API): `PUT /latest/api/token` for a session
/// token (cached for its 6 hours, less a minute), then the role name and its
/// credentials under `/latest/meta-data/iam/security-credentials/`.
///
/// Settings: `AWS_EC2_METADATA_DISABLED=true` turns it off;
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or the profile's
/// `ec2_metadata_service_endpoint`) moves it; `..._ENDPOINT_MODE` /
/// `ec2_metadata_service_endpoint_mode` `IPv6` uses `http://[fd00:ec2::254]`
/// instead of `http://169.254.169.254`; `AWS_METADATA_SERVICE_TIMEOUT`
/// (seconds, default 1) and `AWS_METADATA_SERVICE_NUM_ATTEMPTS` (default 2)
/// bound each request. There is no fallback to IMDSv1: an endpoint that
/// refuses tokens is an error. An unreachable endpoint (not on EC2) or an
/// instance without a role is "not loaded", ending the chain quietly.
#[derive(Debug, Clone, Default)]
pub struct ImdsCredentialsProvider {
    config: ProviderConfig,
    token: Arc<Mutex<Option<(String, Instant)>>>,
}

/// A failed metadata request: could it reach the service at all?
enum Failure {
    /// No connection or no answer: not on EC2, most likely.
    Unreachable(String),
    /// An HTTP status.
    Status(u16),
}

impl ImdsCredentialsProvider {
    /// Reads the settings from the environment of `config` (the process's by default).
    pub fn new(config: ProviderConfig) -> Self {
        Self { config, token: Default::default() }
    }

    fn setting(&self, var: &str, key: &str) -> Option<String> {
        self.config.env.var(var).or_else(|| {
            let shared = crate::client::profile::load_shared(&self.config.env, self.config.profile_name.as_deref()).ok()?;
            shared.profile?.get(key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
        })
    }

    fn endpoint(&self) -> Result<String, CredentialsError> {
        if let Some(url) = self.setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint") {
            let parsed: http::Uri = url.parse().map_err(|_| invalid(format!("the IMDS endpoint `{url}` is not a URL")))?;
            if parsed.host().is_none() || !matches!(parsed.scheme_str(), Some("http" | "https")) {
                return Err(invalid(format!("the IMDS endpoint `{url}` needs http or https and a host")));
            }
            return Ok(url.trim_end_matches('/').to_owned());
        }
        match self.setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode") {
            None => Ok(IPV4_ENDPOINT.to_owned()),
            Some(m) if m.eq_ignore_ascii_case("ipv4") => Ok(IPV4_ENDPOINT.to_owned()),
            Some(m) if m.eq_ignore_ascii_case("ipv6") => Ok(IPV6_ENDPOINT.to_owned()),
            Some(m) => Err(invalid(format!("the IMDS endpoint mode `{m}` is neither IPv4 nor IPv6"))),
        }
    }

    fn limits(&self) -> Result<(Duration, u32), CredentialsError> {
        let env = &self.config.env;
        let timeout = match env.var("AWS_METADATA_SERVICE_TIMEOUT") {
            Some(v) => match v.parse::<f64>() {
                Ok(s) if s > 0.0 && s.is_finite() => Duration::from_secs_f64(s),
                _ => return Err(invalid(format!("AWS_METADATA_SERVICE_TIMEOUT is `{v}`: expected a number of seconds above 0"))),
            },
            None => DEFAULT_TIMEOUT,
        };
        let attempts = match env.var("AWS_METADATA_SERVICE_NUM_ATTEMPTS") {
            Some(v) => match v.parse::<u32>() {
                Ok(n) if n > 0 => n,
                _ => return Err(invalid(format!("AWS_METADATA_SERVICE_NUM_ATTEMPTS is `{v}`: expected a whole number, at least 1"))),
            },
            None => DEFAULT_ATTEMPTS,
        };
        Ok((timeout, attempts))
    }

    pub(crate) fn disabled(&self) -> bool {
        self.config.env.var("AWS_EC2_METADATA_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// One request, retried on connection failures, timeouts and 5xx.
    async fn request(&self, req: impl Fn() -> http::Request<Bytes>) -> Result<Bytes, Failure> {
        let (timeout, attempts) = self.limits().map_err(|e| Failure::Unreachable(super::causes(&e)))?;
        let http = self.config.http().map_err(|e| Failure::Unreachable(e.to_string()))?;
        let mut last = Failure::Unreachable(String::new());
        for _ in 0..attempts {
            match tokio::time::timeout(timeout, http.call(req())).await {
                Ok(Ok(resp)) if resp.status().is_success() => return Ok(resp.into_body()),
                Ok(Ok(resp)) => {
                    last = Failure::Status(resp.status().as_u16());
                    if !resp.status().is_server_error() {
                        break;
                    }
                }
                Ok(Err(e)) => last = Failure::Unreachable(super::causes(&e)),
                Err(_) => last = Failure::Unreachable(format!("no answer within {timeout:?}")),
            }
        }
        Err(last)
    }

    async fn token(&self, endpoint: &str) -> Result<String, CredentialsError> {
        if let Some((t, _)) = self.token.lock().unwrap_or_else(|e| e.into_inner()).clone().filter(|(_, until)| Instant::now() < *until) {
            return Ok(t);
        }
        let url = format!("{endpoint}/latest/api/token");
        let body = self
            .request(|| {
                http::Request::put(url.as_str())
                    .header("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL.as_secs().to_string())
                    .body(Bytes::new())
                    .expect("a valid request")
            })
            .await
            .map_err(|f| match f {
                Failure::Unreachable(why) => not_loaded(format!("the instance metadata service at {endpoint} did not answer ({why})")),
                // 403 (IMDS turned off for the instance, or a proxy that is not
                // IMDS), 404 and 405 (IMDSv1 only): no IMDSv2 here.
                Failure::Status(s @ 403..=405) => not_loaded(format!("{endpoint} refused an IMDSv2 session token (HTTP {s}); IMDSv1 is not used")),
                Failure::Status(s) => failed(format!("the instance metadata service at {endpoint} refused a session token (HTTP {s}); IMDSv1 is not used")),
            })?;
        let token = String::from_utf8(body.to_vec()).map_err(|_| failed("the IMDS session token is not text"))?.trim().to_owned();
        crate::client::request::check_setting("the IMDS session token", &token).map_err(failed)?;
        *self.token.lock().unwrap_or_else(|e| e.into_inner()) = Some((token.clone(), Instant::now() + TOKEN_TTL - TOKEN_MARGIN));
        Ok(token)
    }

    async fn get(&self, endpoint: &str, path: &str) -> Result<Bytes, CredentialsError> {
        let token = self.token(endpoint).await?;
        let url = format!("{endpoint}{path}");
        let result = self
            .request(|| http::Request::get(url.as_str()).header("x-aws-ec2-metadata-token", token.as_str()).body(Bytes::new()).expect("a valid request"))
            .await;
        match result {
            Ok(b) => Ok(b),
            Err(Failure::Status(401)) => {
                // The token was revoked or the instance restarted: one new token.
                self.token.lock().unwrap_or_else(|e| e.into_inner()).take();
                let token = self.token(endpoint).await?;
                self.request(|| {
                    http::Request::get(url.as_str()).header("x-aws-ec2-metadata-token", token.as_str()).body(Bytes::new()).expect("a valid request")
                })
                .await
                .map_err(|f| describe(f, &url))
            }
            Err(f) => Err(describe(f, &url)),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        if self.disabled() {
            return Err(not_loaded("AWS_EC2_METADATA_DISABLED is true"));
        }
        let endpoint = self.endpoint()?;
        let base = "/latest/meta-data/iam/security-credentials/";
        let names = match self.get(&endpoint, base).await {
            Ok(b) => b,
            Err(e) => return Err(e),
        };
        let names = String::from_utf8_lossy(&names);
        let Some(role) = names.lines().map(str::trim).find(|l| !l.is_empty()) else {
            return Err(not_loaded("the instance has no IAM role"));
        };
        if role.contains(['/', '?', '#']) {
            return Err(failed("the instance metadata service answered a role name that is not a path segment"));
        }
        let body = self.get(&endpoint, &format!("{base}{role}")).await?;
        parse_credentials_json(&body, "the instance metadata service", "Ec2InstanceMetadata", false)
    }

    /// The instance's region (`/latest/meta-data/placement/region`), for a
    /// client that has none from any other source.
    pub(crate) async fn region(&self) -> Result<String, CredentialsError> {
        if self.disabled() {
            return Err(not_loaded("AWS_EC2_METADATA_DISABLED is true"));
        }
        let endpoint = self.endpoint()?;
        let body = self.get(&endpoint, "/latest/meta-data/placement/region").await?;
        let region = String::from_utf8_lossy(&body).trim().to_owned();
        crate::client::request::check_setting("the region from the instance metadata service", &region).map_err(failed)?;
        Ok(region)
    }
}

fn describe(f: Failure, url: &str) -> CredentialsError {
    match f {
        Failure::Unreachable(why) => not_loaded(format!("{url} did not answer ({why})")),
        Failure::Status(404) => not_loaded(format!("{url} answered 404: the instance has no IAM role")),
        Failure::Status(s) => failed(format!("{url} answered HTTP {s}")),
    }
}

impl ProvideCredentials for ImdsCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(self.load())
    }
}

//! Step 4 of the chain: the container credentials endpoint of ECS tasks
//! and EKS Pod Identity.

use std::net::IpAddr;
use std::time::Duration;

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, error::CredentialsError};
use bytes::Bytes;

use super::{ProviderConfig, failed, invalid, not_loaded, parse_credentials_json};

/// The ECS agent's address for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
const ECS_HOST: &str = "http://169.254.170.2";
/// Per attempt (botocore's `ContainerMetadataFetcher`).
const TIMEOUT: Duration = Duration::from_secs(2);
const ATTEMPTS: u32 = 3;

/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on `http://169.254.170.2`), or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`: any `https` URL, or `http` to a
/// loopback address or the ECS and EKS agents (`169.254.170.2`,
/// `169.254.170.23`, `fd00:ec2::23`), as the AWS SDKs allow. The
/// `Authorization` header comes from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`
/// (read at every call: EKS rotates it), else
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`. 2 s per attempt, 3 attempts.
#[derive(Debug, Clone, Default)]
pub struct ContainerCredentialsProvider {
    config: ProviderConfig,
}

impl ContainerCredentialsProvider {
    /// Reads the environment of `config` (the process's by default).
    pub fn new(config: ProviderConfig) -> Self {
        Self { config }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let env = &self.config.env;
        let uri = match (env.var("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"), env.var("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            (Some(relative), _) => {
                let sep = if relative.starts_with('/') { "" } else { "/" };
                format!("{ECS_HOST}{sep}{relative}")
            }
            (None, Some(full)) => {
                allowed(&full).map_err(|why| invalid(format!("AWS_CONTAINER_CREDENTIALS_FULL_URI `{full}` {why}")))?;
                full
            }
            (None, None) => {
                return Err(not_loaded("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set"));
            }
        };
        let token = match env.var("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            Some(file) => Some(std::fs::read_to_string(&file).map_err(|e| failed(format!("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {file}: {e}")))?),
            None => env.var("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
        };
        let token = token.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        if let Some(t) = &token {
            crate::client::request::check_setting("the container authorization token", t).map_err(invalid)?;
        }
        let http = self.config.http().map_err(|e| super::failed_with("no transport for the container endpoint", &e))?;
        let mut last = String::new();
        for attempt in 1..=ATTEMPTS {
            let mut req = http::Request::get(uri.as_str()).header("accept", "application/json");
            if let Some(t) = &token {
                req = req.header("authorization", t.as_str());
            }
            let req = req.body(Bytes::new()).map_err(|e| invalid(format!("the container credentials URI `{uri}` is not valid: {e}")))?;
            match tokio::time::timeout(TIMEOUT, http.call(req)).await {
                Ok(Ok(resp)) if resp.status().is_success() => {
                    return parse_credentials_json(resp.body(), &format!("the container endpoint {uri}"), "ContainerCredentials", false);
                }
                Ok(Ok(resp)) => {
                    last = format!("HTTP {}", resp.status().as_u16());
                    // A 4xx other than throttling will not change on retry.
                    if resp.status().is_client_error() && resp.status() != http::StatusCode::TOO_MANY_REQUESTS {
                        break;
                    }
                }
                Ok(Err(e)) => last = super::causes(&e),
                Err(_) => last = format!("no answer within {} s", TIMEOUT.as_secs()),
            }
            tracing::debug!(attempt, error = %last, "container credentials attempt failed");
        }
        Err(failed(format!("the container credentials endpoint {uri} failed: {last}")))
    }
}

/// Whether the SDKs allow `uri` as a full container credentials URI.
fn allowed(uri: &str) -> Result<(), &'static str> {
    let parsed: http::Uri = uri.parse().map_err(|_| "is not a URL")?;
    let host = parsed.host().ok_or("has no host")?;
    match parsed.scheme_str() {
        Some("https") => Ok(()),
        Some("http") => {
            let host = host.trim_start_matches('[').trim_end_matches(']');
            let ok = match host.parse::<IpAddr>() {
                Ok(ip) => ip.is_loopback() || ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"].iter().any(|a| a.parse::<IpAddr>().ok() == Some(ip)),
                Err(_) => host.eq_ignore_ascii_case("localhost"),
            };
            if ok {
                Ok(())
            } else {
                Err("uses http to a host that is not a loopback address or a container agent (169.254.170.2, 169.254.170.23, fd00:ec2::23); use https")
            }
        }
        _ => Err("is neither http nor https"),
    }
}

impl ProvideCredentials for ContainerCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn full_uri_hosts() {
        for ok in [
            "https://example.com/creds",
            "http://127.0.0.1:8080/x",
            "http://localhost/x",
            "http://[::1]/x",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/x",
            "http://127.2.3.4/",
        ] {
            assert!(allowed(ok).is_ok(), "{ok}");
        }
        for bad in ["http://example.com/x", "http://169.254.169.254/x", "ftp://localhost/x", "not a url"] {
            assert!(allowed(bad).is_err(), "{bad}");
        }
    }
}

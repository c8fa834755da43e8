//! Credentials for every place a client runs, without aws-config
//! (docs/credentials.md has the design and the numbers).
//!
//! A client with no [`credentials_provider`](crate::client::Builder::credentials_provider)
//! uses [`DefaultCredentialsProvider`], which tries, in the order of the AWS
//! SDKs:
//!
//! 1. [`EnvironmentVariableCredentialsProvider`] reads `AWS_ACCESS_KEY_ID`,
//!    `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`;
//! 2. [`WebIdentityTokenCredentialsProvider`] reads `AWS_WEB_IDENTITY_TOKEN_FILE`,
//!    `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME` (EKS IAM roles for service
//!    accounts);
//! 3. [`ProfileFileCredentialsProvider`] reads the profile of the shared config
//!    and credentials files;
//! 4. [`ContainerCredentialsProvider`] reads ECS tasks and EKS Pod Identity;
//! 5. [`ImdsCredentialsProvider`] reads the EC2 instance's role, through IMDSv2.
//!
//! A source that is absent passes to the next; one that is present but
//! broken (a profile naming a missing source profile, an unreadable token
//! file, a failing `credential_process`) stops the chain with its error,
//! rather than signing as someone the user did not configure. When a profile
//! is chosen explicitly with [`ProviderConfig::profile_name`] (or
//! [`Builder::profile_name`](crate::client::Builder::profile_name)), steps 1
//! and 2 are skipped: an explicit profile is not overridden by the
//! environment (botocore's rule).
//!
//! Inside a profile the official Rust SDK's precedence applies: `role_arn`
//! (with `source_profile` or `credential_source`; chains of roles, loops
//! reported with their path), then `web_identity_token_file`, SSO
//! (`sso_session` or the legacy `sso_start_url` keys), `credential_process`,
//! and static keys last. botocore lets static keys in the credentials file
//! win over `credential_process`; this crate follows the Rust SDK.
//!
//! Every client caches what its provider returns (one fetch at a time,
//! refreshed from five minutes before expiry, credentials without expiry
//! read again every 15 minutes), so the providers here do not cache
//! credentials themselves. Use one alone by giving it to
//! [`Builder::credentials_provider`](crate::client::Builder::credentials_provider).
//!
//! `sts` and `sso` are clients generated from `model/credentials/` by
//! `cargo xtask codegen`, for the providers that assume roles and read IAM
//! Identity Center sessions. Their endpoints are configured like any
//! service's: `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_SSO`, or the
//! profile's `services` section.

pub mod sso;
pub mod sts;

mod cache;
mod chain;
mod container;
mod environment;
mod imds;
mod process;
mod profile;
mod web_identity;

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{self, ProvideCredentials};

use crate::client::profile::Env;
use crate::client::{HttpClient, TransportError};

pub use cache::IdentityCache;
pub use chain::DefaultCredentialsProvider;
pub use container::ContainerCredentialsProvider;
pub use environment::EnvironmentVariableCredentialsProvider;
pub use imds::ImdsCredentialsProvider;
pub use profile::ProfileFileCredentialsProvider;
pub use web_identity::WebIdentityTokenCredentialsProvider;

/// What the providers share: where environment variables come from, the
/// profile, the region for STS, and the HTTP client for STS, SSO, the
/// container endpoint and IMDS. Cheap to clone.
///
/// ```
/// use client_runtime::credentials::{ProfileFileCredentialsProvider, ProviderConfig};
///
/// let provider = ProfileFileCredentialsProvider::new(ProviderConfig::new().profile_name("admin"));
/// ```
#[derive(Clone, Default)]
pub struct ProviderConfig {
    pub(crate) env: Env,
    pub(crate) profile_name: Option<String>,
    region: Option<String>,
    http: Option<Arc<dyn HttpClient>>,
    /// The default transport, made at the first call that needs one.
    default_http: Arc<OnceLock<Arc<dyn HttpClient>>>,
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("environment", &if self.env.replaced().is_some() { "replaced" } else { "process" })
            .field("profile_name", &self.profile_name)
            .field("region", &self.region)
            .field("http_client", &if self.http.is_some() { "custom" } else { "default" })
            .finish()
    }
}

impl ProviderConfig {
    /// The process environment, the profile `AWS_PROFILE` selects (else
    /// `default`), the region of the environment or profile, and the
    /// default transport.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads environment variables from `vars` instead of the process
    /// environment, as [`Builder::environment`](crate::client::Builder::environment).
    pub fn environment<K: Into<String>, V: Into<String>>(mut self, vars: impl IntoIterator<Item = (K, V)>) -> Self {
        self.env = Env::from_vars(vars.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// Reads this profile instead of `AWS_PROFILE`'s. In the default chain
    /// this also skips the environment's keys and web identity.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// The region STS is called in (default: `AWS_REGION`, the profile's
    /// `region`, else `us-east-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The transport for STS, SSO, the container endpoint and IMDS (default:
    /// hyper with rustls, made at the first call that needs it).
    pub fn http_client(mut self, client: impl HttpClient) -> Self {
        self.http = Some(Arc::new(client));
        self
    }

    pub(crate) fn with_env(env: Env, profile_name: Option<String>) -> Self {
        Self { env, profile_name, ..Self::default() }
    }

    pub(crate) fn with_region(mut self, region: Option<String>) -> Self {
        self.region = region;
        self
    }

    /// The transport: the configured one, else a default made once.
    pub(crate) fn http(&self) -> Result<Arc<dyn HttpClient>, TransportError> {
        if let Some(c) = &self.http {
            return Ok(c.clone());
        }
        if let Some(c) = self.default_http.get() {
            return Ok(c.clone());
        }
        // IMDS and the container endpoint bound each request themselves (1 s,
        // 2 s); the connect limit is the clients' default, for STS and SSO.
        let c = crate::client::transport::default_http_client(Some(Duration::from_millis(3100)), &self.env)?;
        Ok(self.default_http.get_or_init(|| c).clone())
    }

    /// The region for STS and the profile name in use, for clients built here.
    fn sts_region(&self) -> String {
        self.region
            .clone()
            .or_else(|| crate::client::profile::resolve_region(&self.env, self.profile_name.as_deref()).ok())
            .unwrap_or_else(|| "us-east-1".to_owned())
    }

    /// A client configuration for STS or SSO in `region`, signing with
    /// `credentials` (none: the requests go unsigned).
    pub(crate) fn client_config(&self, region: &str, credentials: Option<Credentials>) -> crate::client::Config {
        let mut builder = crate::client::Config::builder().env(self.env.clone()).region(region);
        if let Some(p) = &self.profile_name {
            builder = builder.profile_name(p.clone());
        }
        builder = match credentials {
            Some(c) => builder.credentials_provider(c),
            None => builder.credentials_provider(Anonymous),
        };
        // One transport for every STS and SSO call of these providers, not a
        // new one (and a new load of the root certificates) per call.
        match self.http() {
            Ok(http) => builder.http_client(http).build(),
            Err(_) => builder.build(),
        }
    }
}

/// No credentials: for the STS and SSO calls that are not signed.
#[derive(Debug)]
struct Anonymous;

impl ProvideCredentials for Anonymous {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::ready(Err(CredentialsError::not_loaded("this request is not signed")))
    }
}

/// The source is not there: the chain goes on to the next.
pub(crate) fn not_loaded(why: impl Into<String>) -> CredentialsError {
    CredentialsError::not_loaded(why.into())
}

/// The source is there but configured wrong: the chain stops.
pub(crate) fn invalid(why: impl Into<String>) -> CredentialsError {
    CredentialsError::invalid_configuration(why.into())
}

/// The source is there and failed: the chain stops.
pub(crate) fn failed(why: impl Into<String>) -> CredentialsError {
    CredentialsError::provider_error(why.into())
}

/// `what` failed because of `error`, with the error's whole chain of causes.
pub(crate) fn failed_with(what: &str, error: &(dyn std::error::Error + 'static)) -> CredentialsError {
    failed(format!("{what}: {}", causes(error)))
}

/// An error and its causes on one line, `: `-separated, skipping a cause
/// whose text its parent already shows. For a [`CredentialsError`], its
/// generic description is left out in favour of the provider's own words.
pub(crate) fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = String::new();
    let mut next = match error.downcast_ref::<CredentialsError>() {
        Some(e) => std::error::Error::source(e).or(Some(error)),
        None => Some(error),
    };
    while let Some(e) = next {
        let text = e.to_string();
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
        next = e.source();
    }
    out
}

/// An RFC 3339 time (`2026-12-04T10:00:00Z`), as container, IMDS and
/// `credential_process` documents write expirations.
pub(crate) fn parse_time(value: &str) -> Option<std::time::SystemTime> {
    let t = aws_smithy_types::DateTime::from_str(value.trim(), aws_smithy_types::date_time::Format::DateTime).ok()?;
    std::time::SystemTime::try_from(t).ok()
}

/// Reads a JSON document of the container and IMDS endpoints and of
/// `credential_process`: `AccessKeyId`, `SecretAccessKey`, `Token` or
/// `SessionToken`, `Expiration` (RFC 3339), and `Version` and `Code` when
/// present. `what` names the source in errors; no value is ever shown.
pub(crate) fn parse_credentials_json(body: &[u8], what: &str, provider_name: &'static str, require_version: bool) -> Result<Credentials, CredentialsError> {
    use crate::protocol::json::JsonReader;
    let mut fields: std::collections::HashMap<&'static str, String> = Default::default();
    let mut version = None;
    JsonReader::body_object(body, |key, r| {
        match key {
            "AccessKeyId" | "SecretAccessKey" | "Token" | "SessionToken" | "Expiration" | "Code" | "Message" => {
                let name = ["AccessKeyId", "SecretAccessKey", "Token", "SessionToken", "Expiration", "Code", "Message"]
                    .into_iter()
                    .find(|k| *k == key)
                    .expect("listed");
                if !r.is_null()? {
                    fields.insert(name, r.string()?.into_owned());
                }
            }
            "Version" => version = Some(r.i64()?),
            _ => r.skip_value()?,
        }
        Ok(())
    })
    .map_err(|e| failed(format!("{what} did not answer a JSON object of credentials ({})", e.message())))?;
    if let Some(code) = fields.get("Code").filter(|c| *c != "Success") {
        let message = fields.get("Message").map(|m| format!(": {m}")).unwrap_or_default();
        return Err(failed(format!("{what} answered `Code: {code}`{message}")));
    }
    match version {
        Some(1) => {}
        None if !require_version => {}
        None => return Err(failed(format!("{what} answered without `Version`; version 1 is expected"))),
        Some(v) => return Err(failed(format!("{what} answered `Version: {v}`; only version 1 is understood"))),
    }
    let mut take = |k: &str| fields.remove(k).filter(|v| !v.is_empty());
    let (Some(id), Some(secret)) = (take("AccessKeyId"), take("SecretAccessKey")) else {
        return Err(failed(format!("{what} answered without AccessKeyId and SecretAccessKey")));
    };
    let token = take("Token").or_else(|| take("SessionToken"));
    let expiry = match take("Expiration") {
        Some(t) => Some(parse_time(&t).ok_or_else(|| failed(format!("{what} answered an Expiration that is not an RFC 3339 time: `{t}`")))?),
        None => None,
    };
    for (name, value) in [("AccessKeyId", Some(&id)), ("SecretAccessKey", Some(&secret)), ("Token", token.as_ref())] {
        if let Some(v) = value {
            crate::client::request::check_setting(&format!("{name} from {what}"), v).map_err(failed)?;
        }
    }
    Ok(Credentials::new(id, secret, token, expiry, provider_name))
}

/// `aws-sdk-rust-<milliseconds since 1970>`, the official Rust SDK's default
/// role session name.
pub(crate) fn default_session_name() -> String {
    let millis = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    format!("aws-sdk-rust-{millis}")
}

/// Turns an STS answer into credentials.
pub(crate) fn from_sts(c: Option<&sts::types::Credentials>, what: &str, provider_name: &'static str) -> Result<Credentials, CredentialsError> {
    let c = c.ok_or_else(|| failed(format!("{what} answered without credentials")))?;
    let expiry = std::time::SystemTime::try_from(*c.expiration()).ok();
    Ok(Credentials::new(c.access_key_id(), c.secret_access_key(), Some(c.session_token().to_owned()), expiry, provider_name))
}

//! Executing an operation: configuration, signing, transport, retries.
//!
//! A generated `Client::from_conf(config)` keeps a [`Handle`]; each operation
//! calls [`invoke`] with its [`OperationInfo`] and its serializer and
//! deserializer. Everything below is what a user of the official AWS SDK for
//! Rust expects, minus aws-config (and the STS client it pulls in).
//!
//! # Region and credentials
//!
//! Set them on the [`Config`] builder, or let the client find them at the
//! first request.
//!
//! The region is the first of: `AWS_REGION`, `AWS_DEFAULT_REGION`, the
//! `region` of the selected profile in `~/.aws/config` (or
//! `AWS_CONFIG_FILE`), then the EC2 instance's region from IMDS (unless
//! `AWS_EC2_METADATA_DISABLED=true`). The profile is
//! [`Builder::profile_name`], else `AWS_PROFILE`, else `default`.
//!
//! Credentials come from [`Builder::credentials_provider`], else from
//! [`DefaultCredentialsProvider`]: the environment's keys, web identity
//! (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`), the selected profile
//! (static keys, `role_arn` chains, `web_identity_token_file`, IAM Identity
//! Center, `credential_process`), container credentials (ECS, EKS Pod
//! Identity), then IMDSv2; [`crate::credentials`] has the order and the
//! rules. A profile chosen with [`Builder::profile_name`] is not overridden
//! by the environment's keys. Whatever the provider, the client caches its
//! credentials (one fetch at a time for all of a client's clones), refreshes
//! them from five minutes before they expire, never signs with expired ones,
//! and fetches anew when the service answers `ExpiredToken`,
//! `InvalidClientTokenId` or `UnrecognizedClientException`. aws-config's
//! providers plug in the same way, and with the feature `sdk-config` a whole
//! `SdkConfig` does: region, credentials, retries, timeouts and endpoint
//! settings (`sdk_config.rs`; aws-config is not a dependency of this crate,
//! so the snippet is not compiled here):
//!
//! ```text
//! let sdk_config = aws_config::load_from_env().await;
//! let config = Config::new(&sdk_config);
//! // or, to change a setting first:
//! let config = Builder::from(&sdk_config).validate_requests(true).build();
//! ```
//!
//! All of these read the process environment unless
//! [`Builder::environment`] gives a replacement (tests use it to stay
//! isolated; [`Builder::test_defaults`] sets an empty one).
//!
//! # Endpoint
//!
//! A service with an endpoint rule set ([`ServiceInfo::endpoint_rules`])
//! resolves it with the rules engine ([`crate::endpoint`]): the parameters
//! with the built-ins `AWS::Region`, `AWS::UseFIPS`, `AWS::UseDualStack` and
//! `SDK::Endpoint` come from the region, FIPS, dual-stack and endpoint URL
//! settings below, the others from the operation (its static and
//! `@contextParam` parameters) or their defaults. The result gives the URL,
//! headers added to every request, and the SigV4 signing name and region
//! (its `authSchemes`). A rule set error fails the call before anything is
//! sent, with the rule's message; FIPS or dual-stack together with an
//! endpoint URL, from whichever sources, is such an error in the AWS rule
//! sets. The resolution is cached per client for operations that set no
//! parameters.
//!
//! Each setting is the first of these that is set (a value left empty is
//! not set), in the order of the AWS SDKs and Tools reference guide:
//!
//! - FIPS: [`Builder::use_fips`], `AWS_USE_FIPS_ENDPOINT`, the profile's
//!   `use_fips_endpoint`; else the rule set's default (off).
//! - Dual-stack: [`Builder::use_dual_stack`], `AWS_USE_DUALSTACK_ENDPOINT`,
//!   the profile's `use_dualstack_endpoint`; else off.
//! - Endpoint URL: [`Builder::endpoint_url`]; then, unless
//!   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (else the profile's
//!   `ignore_configured_endpoint_urls`) is `true`, the configured URLs:
//!   `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the `endpoint_url`
//!   under the service's key in the `[services NAME]` section the profile
//!   names with `services = NAME`, the profile's `endpoint_url`. `<SERVICE>`
//!   is the service's SDK id ([`ServiceInfo::sdk_id`]) with spaces and
//!   hyphens as `_`, upper-cased (`AWS_ENDPOINT_URL_VOICE_ID`); the key in
//!   the section is the same, lower-cased (`voice_id`):
//!
//! ```text
//! [profile dev]
//! services = local
//! [services local]
//! connect =
//!   endpoint_url = http://localhost:4566
//! ```
//!
//! Booleans are `true` or `false` in any case, URLs `http` or `https` with a
//! host and no query. Anything else fails the call, naming the variable or
//! the profile key and file, as does a `services` name with no section; a
//! source that a higher one overrides is not read. The settings are read at
//! a client's first call and kept for its life; a failure is not kept.
//!
//! A service without a rule set sends to
//! `https://{endpoint_prefix}.{region}.amazonaws.com` (`.amazonaws.com.cn`
//! for `cn-*`), unless an endpoint URL is set or configured.
//!
//! # Retries
//!
//! Standard mode of the AWS SDKs ([`RetryConfig`]): 3 attempts, full-jitter
//! backoff from 1 s up to 20 s, and a retry quota per client (shared by its
//! clones): 500 tokens, a retry costs 5 (10 after a transient error such as
//! a timeout, a broken connection or an HTTP 503), a first-attempt success
//! gives 1 back and a successful retry its cost; with too few tokens the
//! error is returned at once. `x-amz-retry-after` (milliseconds) sets the
//! delay before the next attempt, capped at the max backoff; `Retry-After`
//! is not read. Without [`Builder::retry_config`], `AWS_MAX_ATTEMPTS` and
//! `AWS_RETRY_MODE` (then the profile's `max_attempts` and `retry_mode`)
//! apply. Adaptive mode ([`RetryConfig::adaptive`], or `adaptive` in those
//! settings) adds the SDKs' client-side rate limiter: after the service
//! throttles, each attempt waits for a token at the rate it allows (CUBIC).
//!
//! Each response's `Date` header corrects the time requests are signed
//! with, so a machine whose clock is off still works; a clock skew error
//! (`RequestTimeTooSkewed`, `InvalidSignatureException`...) for a request
//! signed 4 minutes or more off the service's clock is retried with the
//! corrected time, as an ordinary retry. Credentials and a region holding a
//! control character (a CRLF `.env` file) are a construction error naming
//! the setting. The numbers and their sources: `docs/retries.md`.
//!
//! # Timeouts, limits and proxies
//!
//! [`TimeoutConfig`]: the connect timeout (3.1 s) covers DNS, TCP, a
//! proxy's `CONNECT` and the TLS handshake; the read timeout (20 s) ends an
//! attempt whose response head does not come within it of the request being
//! written, or whose body arrives slower than 1 byte/s over a window that
//! long (stalled-stream protection); the attempt timeout (30 s) bounds one
//! attempt and the operation timeout (none) all of them. Each is a typed
//! error ([`SdkError::is_timeout`]) and retried. A response body is read
//! into one buffer up to [`Builder::max_response_body_size`] (64 MiB); a
//! larger `Content-Length` is refused unread, a longer body stops being read,
//! either way a [`ResponseError`] whose [`body_too_large`](ResponseError::body_too_large)
//! says so, not retried. [`TransportConfig`] sets the pool (32 idle
//! connections per host, 90 s idle timeout, TCP keep-alive after 60 s).
//! `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (either case) are honoured,
//! with proxy credentials never shown; loopback and the instance metadata
//! and container credential addresses are always reached directly.
//! [`SdkError::may_have_reached_service`] tells a caller of a non-idempotent
//! operation whether the request may have been received without an answer.
//! The numbers and their sources: `docs/resilience.md`.
//!
//! # Tests
//!
//! [`stub::StubHttpClient`] answers with canned responses and records
//! requests; [`Builder::test_defaults`] supplies a region and fake
//! credentials.
//!
//! # Tracing
//!
//! Each call is an `invoke` span (info level; fields `service`,
//! `operation`) containing one `attempt` span per attempt (debug level;
//! `attempt`, `status`, `request_id`). Credentials are never logged, and
//! `Debug` of [`Config`] and [`Credentials`] redacts them, and the signer
//! traces nothing (its canonical request holds the session token).

mod adaptive;
mod clock;
mod config;
mod connector;
mod endpoint;
mod endpoint_config;
mod invoke;
mod limits;
mod paginator;
pub(crate) mod profile;
mod proxy;
mod region;
pub(crate) mod request;
mod retry;
#[cfg(feature = "sdk-config")]
mod sdk_config;
mod sdk_error;
mod sigv4;
pub mod stub;
pub(crate) mod transport;

pub use crate::credentials::{DefaultCredentialsProvider, ProviderConfig};
pub use aws_credential_types::Credentials;
pub use aws_credential_types::provider::ProvideCredentials;
pub use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
pub use config::{Builder, CompressionSettings, Config};
pub use region::Region;
pub use retry::{RetryConfig, RetryMode};
pub use endpoint_config::AccountIdEndpointMode;
pub use limits::{DEFAULT_MAX_RESPONSE_BODY_SIZE, TimeoutConfig, TimeoutConfigBuilder, TransportConfig};
pub use invoke::{DeserializeFn, Handle, SerializeFn, invoke};
pub use paginator::{Paginate, PaginationStream, items as pagination_items, pages as pagination_pages};
pub use sdk_error::{ConstructionFailure, DispatchFailure, RawResponse, ResponseError, SdkError, ServiceError, TimeoutError, Unhandled};
pub use transport::{BodyTooLarge, HttpClient, HttpFuture, TransportError, TransportErrorKind};

/// Facts about a service from its model, as a generated crate's `static`.
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// First label of the default endpoint host (`aws.api#service` `endpointPrefix`).
    pub endpoint_prefix: &'static str,
    /// SigV4 signing name (`aws.auth#sigv4` `name`).
    pub signing_name: &'static str,
    /// The service's SDK id, e.g. `Connect`.
    pub sdk_id: &'static str,
    /// The model's API version, e.g. `2017-08-08`.
    pub api_version: &'static str,
    /// The generated crate's name, for the `User-Agent`.
    pub crate_name: &'static str,
    /// The generated crate's version, for the `User-Agent`.
    pub crate_version: &'static str,
    /// The service's endpoint rule set; `None` when the model has none.
    pub endpoint_rules: Option<&'static crate::endpoint::RuleSet>,
}

/// Facts about one operation, as a generated crate's `static`.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// The service the operation belongs to.
    pub service: &'static ServiceInfo,
    /// The operation's name, e.g. `DescribeUser`.
    pub name: &'static str,
    /// Error codes of the operation's errors marked `@retryable`.
    pub retryable_error_codes: &'static [&'static str],
    /// How requests are authenticated.
    pub auth: Auth,
}

/// How an operation's requests are authenticated (the model's `@auth` and
/// `@optionalAuth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// Signed with SigV4; no credentials fail the call.
    SigV4,
    /// Signed with SigV4 when credentials resolve, else sent unsigned
    /// (`@optionalAuth`, for example STS `AssumeRoleWithWebIdentity`).
    OptionalSigV4,
    /// Never signed, and no credentials are looked up (`@auth([])`).
    None,
}

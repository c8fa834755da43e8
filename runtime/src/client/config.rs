//! [`Config`]: what a client needs to know besides the model.

use std::fmt;
use std::sync::{Arc, OnceLock};

use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;

use super::endpoint_config::{AccountIdEndpointMode, Explicit, Settings as EndpointSettings};
use super::limits::{DEFAULT_MAX_RESPONSE_BODY_SIZE, TimeoutConfig, TransportConfig};
use super::profile::Env;
use super::region::Region;
use super::retry::RetryConfig;
use super::transport::{DefaultHttpClient, HttpClient, TransportError};
use crate::credentials::{DefaultCredentialsProvider, IdentityCache, ProviderConfig};

/// Client configuration. Cheap to clone; clones share connections.
///
/// ```
/// use client_runtime::client::{Config, Credentials, RetryConfig};
///
/// let config = Config::builder()
///     .region("eu-west-1")
///     .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "example"))
///     .retry_config(RetryConfig::standard().max_attempts(5))
///     .build();
/// assert_eq!(config.region(), Some("eu-west-1"));
/// ```
///
/// Whatever is not set is resolved at the first request (see
/// [`client`](super) for the order), and a missing region or missing
/// credentials fail that request with a message saying what to set.
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    use_global_endpoint: Option<bool>,
    /// Values of the service's client context parameters, by name.
    client_context: Vec<(&'static str, crate::endpoint::Value)>,
    /// Where environment variables come from (the process, unless replaced).
    env: Env,
    profile_name: Option<String>,
    credentials: Option<SharedCredentialsProvider>,
    retry: RetryConfig,
    /// Whether `retry` was set on the builder (else the environment and the
    /// shared config file may change it).
    retry_set: bool,
    /// `retry` with the environment's and profile's settings, once read.
    retry_resolved: Arc<OnceLock<RetryConfig>>,
    timeout: TimeoutConfig,
    transport: TransportConfig,
    max_response_body_size: u64,
    validate_requests: bool,
    compression: CompressionSettings,
    idempotency_token: Option<TokenProvider>,
    behavior_version: Option<BehaviorVersion>,
    http: HttpSlot,
    default_region: Arc<OnceLock<String>>,
    /// The credentials cache around `credentials` (or the default chain),
    /// made at the first signed request and shared by clones.
    identity: Arc<OnceLock<IdentityCache>>,
}

/// Request compression settings; see [`Builder::disable_request_compression`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompressionSettings {
    /// [`Builder::disable_request_compression`].
    pub disabled: bool,
    /// [`Builder::request_min_compression_size_bytes`].
    pub min_size_bytes: u32,
}

impl Default for CompressionSettings {
    fn default() -> Self {
        // The AWS SDKs' defaults (SDKs and Tools reference guide, "Request compression").
        Self { disabled: false, min_size_bytes: 10_240 }
    }
}

/// Makes idempotency tokens; see [`Builder::idempotency_token_provider`].
type TokenProvider = Arc<dyn Fn() -> String + Send + Sync>;

#[derive(Clone)]
enum HttpSlot {
    Custom(Arc<dyn HttpClient>),
    /// Created at the first request, so a config that never sends (or that
    /// sends through a custom client) never loads TLS roots.
    Default(Arc<OnceLock<Arc<dyn HttpClient>>>),
}

impl Config {
    /// A builder with every setting at its default.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// A builder holding this configuration's settings.
    pub fn to_builder(&self) -> Builder {
        Builder {
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            account_id_endpoint_mode: self.account_id_endpoint_mode,
            use_global_endpoint: self.use_global_endpoint,
            client_context: self.client_context.clone(),
            // The process environment stays unset, so `test_defaults` can still isolate.
            env: self.env.replaced().map(|_| self.env.clone()),
            profile_name: self.profile_name.clone(),
            credentials: self.credentials.clone(),
            retry: self.retry.clone(),
            retry_set: self.retry_set,
            timeout: self.timeout.clone(),
            transport: self.transport.clone(),
            max_response_body_size: Some(self.max_response_body_size),
            validate_requests: self.validate_requests,
            compression: self.compression,
            idempotency_token: self.idempotency_token.clone(),
            behavior_version: self.behavior_version,
            http: match &self.http {
                HttpSlot::Custom(c) => Some(c.clone()),
                HttpSlot::Default(_) => None,
            },
        }
    }

    /// The region set on the builder (not the one resolved from the environment).
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The behavior version set on the builder; see [`Builder::behavior_version`].
    pub fn behavior_version(&self) -> Option<BehaviorVersion> {
        self.behavior_version
    }

    /// The endpoint URL set on the builder, if any (not one configured in
    /// the environment or the shared config file).
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether FIPS endpoints were asked for on the builder (`None`: not
    /// set there, so the environment, the profile or the rule set's default decides).
    pub fn use_fips(&self) -> Option<bool> {
        self.use_fips
    }

    /// Whether dual-stack (IPv4 and IPv6) endpoints were asked for on the builder.
    pub fn use_dual_stack(&self) -> Option<bool> {
        self.use_dual_stack
    }

    /// The value set for the client context parameter `name` (an endpoint
    /// rule set parameter the service lets clients set), if any.
    pub fn client_context_param(&self, name: &str) -> Option<&crate::endpoint::Value> {
        self.client_context.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The account-based endpoint mode set on the builder, if any.
    pub fn account_id_endpoint_mode(&self) -> Option<AccountIdEndpointMode> {
        self.account_id_endpoint_mode
    }

    /// The retry settings set on the builder ([`RetryConfig::standard`] if
    /// none was: then `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE`, or the
    /// profile's `max_attempts` and `retry_mode`, apply from the first
    /// request on).
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// The retry settings requests use: the builder's, else the standard
    /// mode changed by the environment and the shared config file (read once).
    pub(crate) fn resolve_retry_config(&self) -> Result<RetryConfig, String> {
        if self.retry_set {
            return Ok(self.retry.clone());
        }
        if let Some(r) = self.retry_resolved.get() {
            return Ok(r.clone());
        }
        let r = self.retry_config_from(&self.env)?;
        Ok(self.retry_resolved.get_or_init(|| r).clone())
    }

    fn retry_config_from(&self, env: &Env) -> Result<RetryConfig, String> {
        let settings = super::profile::resolve_retry(env, self.profile_name.as_deref())?;
        let mut retry = self.retry.clone();
        if let Some(n) = settings.max_attempts {
            retry = retry.with_max_attempts(n);
        }
        if let Some(mode) = settings.mode {
            retry = retry.with_retry_mode(mode);
        }
        Ok(retry)
    }

    /// The timeout settings.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeout
    }

    /// The default transport's pool and socket settings.
    pub fn transport_config(&self) -> &TransportConfig {
        &self.transport
    }

    /// The largest response body read, in bytes.
    pub fn max_response_body_size(&self) -> u64 {
        self.max_response_body_size
    }

    /// Whether inputs are checked against the model's constraints before sending.
    pub fn validate_requests(&self) -> bool {
        self.validate_requests
    }

    /// Whether request bodies of `@requestCompression` operations are sent
    /// uncompressed.
    pub fn disable_request_compression(&self) -> bool {
        self.compression.disabled
    }

    /// The smallest body, in bytes, that is compressed.
    pub fn request_min_compression_size_bytes(&self) -> u32 {
        self.compression.min_size_bytes
    }

    /// Both request compression settings.
    pub fn compression(&self) -> CompressionSettings {
        self.compression
    }

    /// A token for an `@idempotencyToken` member the caller left unset:
    /// from the configured provider, else a random version-4 UUID.
    pub fn idempotency_token(&self) -> String {
        match &self.idempotency_token {
            Some(make) => make(),
            None => crate::types::idempotency_token(),
        }
    }

    pub(crate) fn resolve_region(&self) -> Result<String, String> {
        if let Some(r) = &self.region {
            return Ok(r.clone());
        }
        if let Some(r) = self.default_region.get() {
            return Ok(r.clone());
        }
        let r = super::profile::resolve_region(&self.env, self.profile_name.as_deref())?;
        Ok(self.default_region.get_or_init(|| r).clone())
    }

    /// [`resolve_region`](Self::resolve_region), else the region of the EC2
    /// instance from IMDS (unless `AWS_EC2_METADATA_DISABLED`), as the AWS
    /// SDKs' default region chain ends.
    pub(crate) async fn resolve_region_or_imds(&self) -> Result<String, String> {
        let error = match self.resolve_region() {
            Ok(r) => return Ok(r),
            Err(e) => e,
        };
        let imds = crate::credentials::ImdsCredentialsProvider::new(self.provider_config());
        if imds.disabled() {
            return Err(error);
        }
        match imds.region().await {
            Ok(r) => Ok(self.default_region.get_or_init(|| r).clone()),
            Err(why) => Err(format!("{error} (the instance metadata service gave none either: {})", crate::credentials::causes(&why))),
        }
    }

    /// FIPS, dual-stack and the endpoint URL for the service `sdk_id`: the
    /// builder's, else from the environment and the shared config file (see
    /// [`client`](super) for the order).
    pub(crate) fn resolve_endpoint_settings(&self, sdk_id: &str, uses: &dyn Fn(&str) -> bool) -> Result<EndpointSettings, String> {
        let explicit = Explicit {
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            endpoint_url: self.endpoint_url.as_deref(),
            account_id_endpoint_mode: self.account_id_endpoint_mode,
            use_global_endpoint: self.use_global_endpoint,
        };
        super::endpoint_config::resolve_for(explicit, &self.env, self.profile_name.as_deref(), sdk_id, uses)
    }

    /// Credentials to sign with, from the client's cache.
    pub(crate) async fn resolve_credentials(&self) -> Result<Credentials, aws_credential_types::provider::error::CredentialsError> {
        self.identity().get().await
    }

    /// Drops the cached credentials (the service said they are expired or
    /// unknown), so the next request fetches new ones.
    pub(crate) fn invalidate_credentials(&self) {
        if let Some(cache) = self.identity.get() {
            cache.invalidate();
        }
    }

    fn identity(&self) -> &IdentityCache {
        self.identity.get_or_init(|| {
            match &self.credentials {
                Some(p) => IdentityCache::new(p.clone()),
                None => IdentityCache::new(DefaultCredentialsProvider::with_config(self.provider_config())),
            }
        })
    }

    /// What the default credential providers read: this configuration's
    /// environment, profile, region and (if set) transport.
    ///
    /// The providers use their own transport, not [`Builder::http_client`]:
    /// that one may be a stub or a double of the service, and the official
    /// SDK's providers do not use a service client's transport either.
    pub(crate) fn provider_config(&self) -> ProviderConfig {
        ProviderConfig::with_env(self.env.clone(), self.profile_name.clone()).with_region(self.region.clone())
    }

    pub(crate) fn http_client(&self) -> Result<Arc<dyn HttpClient>, TransportError> {
        match &self.http {
            HttpSlot::Custom(c) => Ok(c.clone()),
            HttpSlot::Default(slot) => {
                if let Some(c) = slot.get() {
                    return Ok(c.clone());
                }
                let c: Arc<dyn HttpClient> = Arc::new(DefaultHttpClient::new(self.timeout.get_connect_timeout(), &self.transport, &self.env)?);
                Ok(slot.get_or_init(|| c).clone())
            }
        }
    }
}

impl fmt::Debug for Config {
    // Never prints credentials: only whether a provider was set.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("account_id_endpoint_mode", &self.account_id_endpoint_mode)
            .field("use_global_endpoint", &self.use_global_endpoint)
            .field("client_context", &self.client_context)
            // Counts only: replaced variables may hold secrets.
            .field(
                "environment",
                &match self.env.replaced() {
                    Some(n) => format!("{n} variables set on the builder"),
                    None => "process".to_owned(),
                },
            )
            .field("profile_name", &self.profile_name)
            .field("credentials_provider", &if self.credentials.is_some() { "custom" } else { "default chain" })
            .field("retry_config", &self.retry)
            .field("timeout_config", &self.timeout)
            .field("transport_config", &self.transport)
            .field("max_response_body_size", &self.max_response_body_size)
            .field("validate_requests", &self.validate_requests)
            .field("disable_request_compression", &self.compression.disabled)
            .field("request_min_compression_size_bytes", &self.compression.min_size_bytes)
            .field("idempotency_token_provider", &if self.idempotency_token.is_some() { "custom" } else { "random UUID" })
            .field("behavior_version", &self.behavior_version)
            .field(
                "http_client",
                &match self.http {
                    HttpSlot::Custom(_) => "custom",
                    HttpSlot::Default(_) => "default (hyper + rustls)",
                },
            )
            .finish()
    }
}

/// Builds a [`Config`]; every setting is optional.
#[derive(Clone, Default)]
pub struct Builder {
    region: Option<String>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    use_global_endpoint: Option<bool>,
    client_context: Vec<(&'static str, crate::endpoint::Value)>,
    env: Option<Env>,
    profile_name: Option<String>,
    credentials: Option<SharedCredentialsProvider>,
    retry: RetryConfig,
    retry_set: bool,
    timeout: TimeoutConfig,
    transport: TransportConfig,
    max_response_body_size: Option<u64>,
    validate_requests: bool,
    compression: CompressionSettings,
    idempotency_token: Option<TokenProvider>,
    behavior_version: Option<BehaviorVersion>,
    http: Option<Arc<dyn HttpClient>>,
}

impl Builder {
    /// The region to send requests to and sign for, e.g. `us-east-1`.
    ///
    /// Default: `AWS_REGION`, `AWS_DEFAULT_REGION`, then `region` of the
    /// selected profile in the shared config file.
    ///
    /// Takes a [`Region`] (`Region::new("us-east-1")`, as with the official
    /// SDKs) or a `&str`/`String`.
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.region = Some(region.into().into_string());
        self
    }

    /// Sets or unsets the region, as the official SDKs' `set_region`.
    pub fn set_region(&mut self, region: Option<Region>) -> &mut Self {
        self.region = region.map(Region::into_string);
        self
    }

    /// Accepted so code written for the official SDKs, which require it,
    /// compiles unchanged; it changes nothing here. This client's defaults
    /// (retries, timeouts: docs/resilience.md) are fixed and documented, and
    /// are changed with their own settings, not by a version.
    pub fn behavior_version(mut self, version: BehaviorVersion) -> Self {
        self.behavior_version = Some(version);
        self
    }

    /// [`Self::behavior_version`] with [`BehaviorVersion::latest`].
    pub fn behavior_version_latest(self) -> Self {
        self.behavior_version(BehaviorVersion::latest())
    }

    /// Sends requests to this URL instead of the one the service's endpoint
    /// rules resolve (it is their `SDK::Endpoint` parameter, so a rule set
    /// may still refuse it, e.g. together with FIPS). A path in it is kept:
    /// the operation's path is appended (`http://localhost:4566/api` +
    /// `/users/x` = `http://localhost:4566/api/users/x`).
    ///
    /// Default: the configured endpoint URL, if any: `AWS_ENDPOINT_URL_<SERVICE>`,
    /// `AWS_ENDPOINT_URL`, the profile's `services` section, the profile's
    /// `endpoint_url`, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (or the
    /// profile's `ignore_configured_endpoint_urls`) is `true`; see
    /// [`client`](super#endpoint). Setting it here overrides all of them.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Sends requests to FIPS 140 validated endpoints (the rule set's
    /// `AWS::UseFIPS` parameter). Where a partition has none, requests fail
    /// with the rule set's message before anything is sent.
    ///
    /// Default: `AWS_USE_FIPS_ENDPOINT`, else `use_fips_endpoint` of the
    /// profile (`true` or `false`), else off.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = Some(use_fips);
        self
    }

    /// Sends requests to dual-stack (IPv4 and IPv6) endpoints (the rule
    /// set's `AWS::UseDualStack` parameter).
    ///
    /// Default: `AWS_USE_DUALSTACK_ENDPOINT`, else `use_dualstack_endpoint`
    /// of the profile (`true` or `false`), else off.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// Whether requests go to account-based endpoints
    /// (`https://{account}.ddb.{region}.amazonaws.com` for DynamoDB), for
    /// services whose rule set has the `AWS::Auth::AccountId` parameter:
    /// the account comes from the credentials, when their source gives one.
    ///
    /// Default: `AWS_ACCOUNT_ID_ENDPOINT_MODE`, else
    /// `account_id_endpoint_mode` of the profile (`preferred`, `disabled` or
    /// `required`), else [`Preferred`](AccountIdEndpointMode::Preferred).
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.account_id_endpoint_mode = Some(mode);
        self
    }

    /// STS only (the rule set's `AWS::STS::UseGlobalEndpoint`): `true` sends
    /// requests made in the legacy regions to the global endpoint
    /// `sts.amazonaws.com` instead of the region's own.
    ///
    /// Default: `AWS_STS_REGIONAL_ENDPOINTS` (`legacy` is `true`, `regional`
    /// is `false`), else `sts_regional_endpoints` of the profile, else
    /// regional endpoints, as botocore (the official Rust SDK has no such
    /// setting and is always regional).
    pub fn use_global_endpoint(mut self, use_global_endpoint: bool) -> Self {
        self.use_global_endpoint = Some(use_global_endpoint);
        self
    }

    /// Sets the client context parameter `name` of the service's endpoint
    /// rule set. Generated crates call this from the typed setters of their
    /// `config::ClientContextParams` trait; a name the rule set does not
    /// take is ignored.
    pub fn set_client_context_param(mut self, name: &'static str, value: crate::endpoint::Value) -> Self {
        self.client_context.retain(|(n, _)| *n != name);
        self.client_context.push((name, value));
        self
    }

    /// Reads environment variables from `vars` instead of the process
    /// environment; a variable not in `vars` is unset. This covers every
    /// variable the client reads: region, credentials, FIPS, dual-stack,
    /// configured endpoint URLs, and where the shared files are (`HOME`,
    /// `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, `AWS_PROFILE`).
    /// Without `HOME` or `AWS_CONFIG_FILE` in `vars` no shared file is read.
    ///
    /// For tests, and for programs that must not pick up ambient settings.
    /// Default: the process environment, read at the first request.
    pub fn environment<K: Into<String>, V: Into<String>>(mut self, vars: impl IntoIterator<Item = (K, V)>) -> Self {
        self.env = Some(Env::from_vars(vars.into_iter().map(|(k, v)| (k.into(), v.into()))));
        self
    }

    /// Reads environment variables from `env` (the credential providers'
    /// clients share their caller's).
    pub(crate) fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// The profile of the shared files to read instead of `AWS_PROFILE`
    /// (itself defaulting to `default`).
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Where credentials come from: fixed [`Credentials`], or any provider,
    /// e.g. aws-config's default chain for SSO and assumed roles. Called
    /// before every attempt, so the provider is responsible for caching.
    ///
    /// Default: static keys from the environment, then from the shared files.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Retry behavior. Default: [`RetryConfig::standard`], with the number
    /// of attempts from `AWS_MAX_ATTEMPTS`, else the profile's
    /// `max_attempts`; `AWS_RETRY_MODE` / `retry_mode` may be `standard` or
    /// `legacy` (treated as standard; `adaptive` fails requests as not
    /// supported yet). A config set here ignores all of them, as in the
    /// official SDK.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self.retry_set = true;
        self
    }

    /// Timeouts. Default: see [`TimeoutConfig`].
    pub fn timeout_config(mut self, timeout: TimeoutConfig) -> Self {
        self.timeout = timeout;
        self
    }

    /// The default transport's connection pool: idle connections per host,
    /// their idle timeout, TCP keep-alive. Default: see [`TransportConfig`].
    /// Not used with [`http_client`](Self::http_client).
    pub fn transport_config(mut self, transport: TransportConfig) -> Self {
        self.transport = transport;
        self
    }

    /// The largest response body read, in bytes. A response whose
    /// `Content-Length` is larger fails before its body is read; a body
    /// without one stops being read when it grows past the limit. Either
    /// way the call fails with a [`ResponseError`](super::ResponseError)
    /// whose [`body_too_large`](super::ResponseError::body_too_large) says
    /// so, keeping the status and headers (and so the request id); it is not
    /// retried. Default: 64 MiB ([`DEFAULT_MAX_RESPONSE_BODY_SIZE`](super::DEFAULT_MAX_RESPONSE_BODY_SIZE)).
    pub fn max_response_body_size(mut self, bytes: u64) -> Self {
        self.max_response_body_size = Some(bytes);
        self
    }

    /// Check inputs against the model's constraints (`@length`, `@range`,
    /// `@pattern`, `@required`...) before sending, and fail without sending
    /// if any is violated, listing every violation.
    ///
    /// Default: `false`, as Smithy advises for clients: the service is the
    /// authority, and its constraints may loosen after this client was built.
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate_requests = validate;
        self
    }

    /// Send the bodies of `@requestCompression` operations uncompressed.
    /// Default: `false` (compressed with gzip from
    /// [`request_min_compression_size_bytes`](Self::request_min_compression_size_bytes)
    /// up). The `AWS_DISABLE_REQUEST_COMPRESSION` variable and the profile
    /// key are not read.
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.compression.disabled = disable;
        self
    }

    /// The smallest body, in bytes, of a `@requestCompression` operation
    /// that is compressed; smaller bodies are sent as they are. Default:
    /// 10240, as the AWS SDKs. The SDKs accept 0 to 10485760 (10 MiB); a
    /// larger value fails each compressible request, naming this setting.
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.compression.min_size_bytes = bytes;
        self
    }

    /// Makes the idempotency tokens of `@idempotencyToken` members the
    /// caller leaves unset. Default: a random version-4 UUID per call. Tests
    /// set a fixed token to get reproducible requests.
    pub fn idempotency_token_provider(mut self, make: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.idempotency_token = Some(Arc::new(make));
        self
    }

    /// The transport. Default: hyper 1 with rustls (ring, the platform's
    /// root certificates), HTTP/1.1, pooled connections
    /// ([`transport_config`](Self::transport_config)), the proxies of
    /// `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`, the connect and read
    /// timeouts of [`TimeoutConfig`]. A custom client enforces its own
    /// timeouts; the attempt and operation timeouts and the body size limit
    /// still apply.
    pub fn http_client(mut self, client: impl HttpClient) -> Self {
        self.http = Some(Arc::new(client));
        self
    }

    /// Settings for tests: region `us-east-1`, credentials `AKIDTEST` /
    /// `SECRETTEST` (no session token), no retries, and no environment or
    /// file lookups (an empty [`environment`](Self::environment), unless one
    /// was set). Combine with
    /// [`StubHttpClient`](super::stub::StubHttpClient) or an `endpoint_url`
    /// pointing at a local server.
    pub fn test_defaults(mut self) -> Self {
        self.env.get_or_insert_with(|| Env::from_vars([]));
        self.region("us-east-1")
            .credentials_provider(Credentials::new("AKIDTEST", "SECRETTEST", None, None, "test_defaults"))
            .retry_config(RetryConfig::disabled())
    }

    /// The configuration. Never fails: missing settings are resolved, and
    /// reported, at the first request.
    pub fn build(self) -> Config {
        Config {
            region: self.region,
            endpoint_url: self.endpoint_url,
            use_fips: self.use_fips,
            use_dual_stack: self.use_dual_stack,
            account_id_endpoint_mode: self.account_id_endpoint_mode,
            use_global_endpoint: self.use_global_endpoint,
            client_context: self.client_context,
            env: self.env.unwrap_or_default(),
            profile_name: self.profile_name,
            credentials: self.credentials,
            retry: self.retry,
            retry_set: self.retry_set,
            retry_resolved: Arc::new(OnceLock::new()),
            timeout: self.timeout,
            transport: self.transport,
            max_response_body_size: self.max_response_body_size.unwrap_or(DEFAULT_MAX_RESPONSE_BODY_SIZE),
            validate_requests: self.validate_requests,
            compression: self.compression,
            idempotency_token: self.idempotency_token,
            behavior_version: self.behavior_version,
            http: match self.http {
                Some(c) => HttpSlot::Custom(c),
                None => HttpSlot::Default(Arc::new(OnceLock::new())),
            },
            default_region: Arc::new(OnceLock::new()),
            identity: Arc::new(OnceLock::new()),
        }
    }
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.clone().build(), f)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn backoff_is_full_jitter_under_a_doubling_capped_ceiling() {
        let r = RetryConfig::standard().initial_backoff(Duration::from_millis(100)).max_backoff(Duration::from_millis(350));
        for _ in 0..200 {
            assert!(r.backoff(1) <= Duration::from_millis(100));
            assert!(r.backoff(2) <= Duration::from_millis(200));
            assert!(r.backoff(3) <= Duration::from_millis(350));
            assert!(r.backoff(40) <= Duration::from_millis(350));
        }
        assert!((0..200).any(|_| r.backoff(3) > Duration::from_millis(200)), "jitter spans the whole range");
        assert_eq!(RetryConfig::standard().max_attempts(0).get_max_attempts(), 1);
    }

    #[test]
    fn official_builder_names_match_the_old_ones() {
        let d = |ms| Duration::from_millis(ms);
        let new = RetryConfig::standard().with_max_attempts(7).with_initial_backoff(d(10)).with_max_backoff(d(70));
        let old = RetryConfig::standard().max_attempts(7).initial_backoff(d(10)).max_backoff(d(70));
        assert_eq!(new, old);
        assert_eq!((new.get_max_attempts(), new.get_initial_backoff(), new.get_max_backoff()), (7, d(10), d(70)));
        assert_eq!(RetryConfig::standard().with_max_attempts(0).get_max_attempts(), 1);
    }

    #[test]
    fn retry_settings_come_from_the_builder_else_the_environment() {
        let env = Env::from_map(&[("AWS_MAX_ATTEMPTS", " 5\r\n"), ("AWS_RETRY_MODE", "Legacy"), ("HOME", "/nonexistent")]);
        let unset = Config::builder().build();
        assert_eq!(unset.retry_config_from(&env).unwrap().get_max_attempts(), 5);
        assert_eq!(unset.retry_config_from(&env).unwrap().get_initial_backoff(), Duration::from_secs(1));
        let explicit = Config::builder().retry_config(RetryConfig::standard().with_max_attempts(2)).build();
        assert_eq!(explicit.resolve_retry_config().unwrap().get_max_attempts(), 2, "the builder wins");
        assert_eq!(explicit.to_builder().build().resolve_retry_config().unwrap().get_max_attempts(), 2);
        let env = Env::from_map(&[("AWS_RETRY_MODE", "adaptive"), ("HOME", "/nonexistent")]);
        assert_eq!(unset.retry_config_from(&env).unwrap(), RetryConfig::adaptive());
        let env = Env::from_map(&[("HOME", "/nonexistent")]);
        assert_eq!(unset.retry_config_from(&env).unwrap(), RetryConfig::standard());
    }

    #[test]
    fn idempotency_tokens_come_from_the_provider_else_are_random() {
        let fixed = Config::builder().idempotency_token_provider(|| "fixed".to_string()).build();
        assert_eq!(fixed.idempotency_token(), "fixed");
        assert_eq!(fixed.to_builder().build().idempotency_token(), "fixed");
        let random = Config::builder().build();
        assert_ne!(random.idempotency_token(), random.idempotency_token());
    }
}

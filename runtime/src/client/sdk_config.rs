//! A [`Config`] from the official SDKs' [`SdkConfig`] (feature `sdk-config`),
//! so a program that loads one `SdkConfig` with aws-config for all its AWS
//! clients hands it to ours too: `Client::new(&sdk_config)`.
//!
//! Taken from the `SdkConfig`: region, credentials provider (cached by the
//! client as any provider), retry config (mode, attempts, backoff), timeout
//! config (connect, read, attempt, operation), endpoint URL, FIPS,
//! dual-stack, account-based endpoint mode, request compression settings
//! and behavior version. What it leaves unset is resolved as for
//! [`Config::builder`] (environment, shared config files, our defaults).
//!
//! Not taken: the HTTP client (smithy's `HttpClient` is driven through the
//! orchestrator's `RuntimeComponents`, which this runtime does not have; the
//! client keeps its own transport, set with [`Builder::http_client`]), the
//! identity cache (the client has its own, see [`client`](super)), the sleep
//! and time source, the app name and stalled-stream protection (the read
//! timeout plays its part, docs/resilience.md).

use std::time::Duration;

use aws_smithy_types::retry::{RetryConfig as SdkRetryConfig, RetryMode as SdkRetryMode};
use aws_smithy_types::timeout::TimeoutConfig as SdkTimeoutConfig;
use aws_types::SdkConfig;
use aws_types::endpoint_config::AccountIdEndpointMode as SdkAccountIdEndpointMode;

use super::config::{Builder, Config};
use super::endpoint_config::AccountIdEndpointMode;
use super::limits::TimeoutConfig;
use super::region::Region;
use super::retry::{RetryConfig, RetryMode};

impl Config {
    /// The configuration an `SdkConfig` describes (aws-config's
    /// `load_defaults`, or one built by hand), as the official SDKs'
    /// `Config::new(&sdk_config)`. See [`Builder::from`] for what is taken.
    pub fn new(sdk_config: &SdkConfig) -> Self {
        Builder::from(sdk_config).build()
    }
}

impl From<&SdkConfig> for Builder {
    /// A builder holding what `sdk_config` sets, so more can be set before
    /// [`build`](Builder::build) (an [`http_client`](Builder::http_client),
    /// say): region, credentials provider, retry and timeout config,
    /// endpoint URL, FIPS, dual-stack, account-based endpoint mode, request
    /// compression and behavior version. See the module docs for what is not.
    fn from(sdk_config: &SdkConfig) -> Self {
        let mut b = Config::builder();
        if let Some(region) = sdk_config.region() {
            b = b.region(region);
        }
        if let Some(provider) = sdk_config.credentials_provider() {
            b = b.credentials_provider(provider);
        }
        if let Some(retry) = sdk_config.retry_config() {
            b = b.retry_config(retry.into());
        }
        if let Some(timeout) = sdk_config.timeout_config() {
            b = b.timeout_config(timeout.into());
        }
        if let Some(url) = sdk_config.endpoint_url() {
            b = b.endpoint_url(url);
        }
        if let Some(fips) = sdk_config.use_fips() {
            b = b.use_fips(fips);
        }
        if let Some(dual_stack) = sdk_config.use_dual_stack() {
            b = b.use_dual_stack(dual_stack);
        }
        if let Some(mode) = sdk_config.account_id_endpoint_mode().and_then(account_id_endpoint_mode) {
            b = b.account_id_endpoint_mode(mode);
        }
        if let Some(disable) = sdk_config.disable_request_compression() {
            b = b.disable_request_compression(disable);
        }
        if let Some(bytes) = sdk_config.request_min_compression_size_bytes() {
            b = b.request_min_compression_size_bytes(bytes);
        }
        if let Some(version) = sdk_config.behavior_version() {
            b = b.behavior_version(version);
        }
        b
    }
}

impl From<aws_types::region::Region> for Region {
    fn from(region: aws_types::region::Region) -> Self {
        Region::new(region.as_ref().to_owned())
    }
}

impl From<&aws_types::region::Region> for Region {
    fn from(region: &aws_types::region::Region) -> Self {
        Region::new(region.as_ref().to_owned())
    }
}

impl From<&SdkRetryConfig> for RetryConfig {
    /// Mode, attempts and backoff. Reconnect mode and the static exponential
    /// base have no counterpart here (connections that fail are dropped).
    fn from(sdk: &SdkRetryConfig) -> Self {
        let mode = match sdk.mode() {
            SdkRetryMode::Adaptive => RetryMode::Adaptive,
            // Standard, and any mode a later aws-smithy-types adds.
            _ => RetryMode::Standard,
        };
        RetryConfig::standard()
            .with_retry_mode(mode)
            .with_max_attempts(sdk.max_attempts())
            .with_initial_backoff(sdk.initial_backoff())
            .with_max_backoff(sdk.max_backoff())
    }
}

impl From<&SdkTimeoutConfig> for TimeoutConfig {
    /// Each limit the official config sets is taken, each it disables is
    /// none here, and each it leaves unset keeps our default (aws-config's
    /// defaults set only the connect timeout, to the same 3.1 s).
    fn from(sdk: &SdkTimeoutConfig) -> Self {
        let ours = TimeoutConfig::new();
        TimeoutConfig::new()
            .connect_timeout(limit(sdk, SdkTimeoutConfig::connect_timeout, ours.get_connect_timeout()))
            .read_timeout(limit(sdk, SdkTimeoutConfig::read_timeout, ours.get_read_timeout()))
            .operation_attempt_timeout(limit(sdk, SdkTimeoutConfig::operation_attempt_timeout, ours.get_operation_attempt_timeout()))
            .operation_timeout(limit(sdk, SdkTimeoutConfig::operation_timeout, ours.get_operation_timeout()))
    }
}

/// One limit of `sdk`: its value, `None` when disabled, `default` when unset.
/// The getters say `None` for both of the last two; `take_defaults_from`
/// fills an unset limit and leaves a disabled one, so filling from two
/// different values tells them apart.
fn limit(sdk: &SdkTimeoutConfig, get: fn(&SdkTimeoutConfig) -> Option<Duration>, default: Option<Duration>) -> Option<Duration> {
    let filled = |d: Duration| {
        let all = SdkTimeoutConfig::builder().connect_timeout(d).read_timeout(d).operation_attempt_timeout(d).operation_timeout(d).build();
        get(sdk.clone().take_defaults_from(&all))
    };
    let (a, b) = (filled(Duration::from_secs(1)), filled(Duration::from_secs(2)));
    match get(sdk) {
        Some(d) => Some(d),
        None if a != b => default,
        None => None,
    }
}

fn account_id_endpoint_mode(mode: &SdkAccountIdEndpointMode) -> Option<AccountIdEndpointMode> {
    match mode {
        SdkAccountIdEndpointMode::Preferred => Some(AccountIdEndpointMode::Preferred),
        SdkAccountIdEndpointMode::Disabled => Some(AccountIdEndpointMode::Disabled),
        SdkAccountIdEndpointMode::Required => Some(AccountIdEndpointMode::Required),
        // A mode a later aws-types adds: left to the environment and the profile.
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_set_disabled_and_unset_are_told_apart() {
        let s = Duration::from_secs;
        let sdk = SdkTimeoutConfig::builder().connect_timeout(s(7)).disable_read_timeout().build();
        let ours = TimeoutConfig::from(&sdk);
        assert_eq!(ours.get_connect_timeout(), Some(s(7)), "set");
        assert_eq!(ours.get_read_timeout(), None, "disabled");
        assert_eq!(ours.get_operation_attempt_timeout(), Some(s(30)), "unset keeps our default");
        assert_eq!(ours.get_operation_timeout(), None, "unset, and our default is none");
        assert_eq!(TimeoutConfig::from(&SdkTimeoutConfig::disabled()), TimeoutConfig::disabled());
        assert_eq!(TimeoutConfig::from(&SdkTimeoutConfig::builder().build()), TimeoutConfig::new());
        // A limit set to the probe values themselves is still taken as set.
        let sdk = SdkTimeoutConfig::builder().operation_timeout(s(1)).operation_attempt_timeout(s(2)).build();
        let ours = TimeoutConfig::from(&sdk);
        assert_eq!((ours.get_operation_timeout(), ours.get_operation_attempt_timeout()), (Some(s(1)), Some(s(2))));
    }

    #[test]
    fn retry_mode_attempts_and_backoff_carry_over() {
        let ms = Duration::from_millis;
        let sdk = SdkRetryConfig::adaptive().with_max_attempts(6).with_initial_backoff(ms(40)).with_max_backoff(ms(900));
        let ours = RetryConfig::from(&sdk);
        assert_eq!(ours, RetryConfig::adaptive().with_max_attempts(6).with_initial_backoff(ms(40)).with_max_backoff(ms(900)));
        assert_eq!(RetryConfig::from(&SdkRetryConfig::standard()), RetryConfig::standard());
        assert_eq!(RetryConfig::from(&SdkRetryConfig::disabled()).get_max_attempts(), 1);
    }

    #[test]
    fn endpoint_settings_and_region_carry_over_and_unset_stays_unset() {
        let sdk = SdkConfig::builder()
            .region(aws_types::region::Region::new("eu-central-1"))
            .endpoint_url("http://127.0.0.1:1")
            .use_fips(true)
            .use_dual_stack(false)
            .account_id_endpoint_mode(SdkAccountIdEndpointMode::Required)
            .request_min_compression_size_bytes(99)
            .build();
        let config = Config::new(&sdk);
        assert_eq!(config.region(), Some("eu-central-1"));
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:1"));
        assert_eq!((config.use_fips(), config.use_dual_stack()), (Some(true), Some(false)));
        assert_eq!(config.account_id_endpoint_mode(), Some(AccountIdEndpointMode::Required));
        assert_eq!(config.request_min_compression_size_bytes(), 99);
        let empty = Config::new(&SdkConfig::builder().build());
        assert_eq!((empty.region(), empty.endpoint_url(), empty.use_fips()), (None, None, None));
        assert_eq!(empty.timeout_config(), &TimeoutConfig::new());
        assert_eq!(empty.retry_config(), &RetryConfig::standard());
    }
}

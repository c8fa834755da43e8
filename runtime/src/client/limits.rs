//! Time limits ([`TimeoutConfig`]) and the connection pool's settings
//! ([`TransportConfig`]). The numbers and where they come from:
//! `docs/resilience.md`.

use std::time::Duration;

/// The largest response body read by default: 64 MiB, far above any
/// response of the services this runtime serves, small enough that a
/// broken or hostile server cannot exhaust memory. See
/// [`Builder::max_response_body_size`](super::Builder::max_response_body_size).
pub const DEFAULT_MAX_RESPONSE_BODY_SIZE: u64 = 64 * 1024 * 1024;

/// The slowest a response may arrive once it has started: below 1 byte per
/// second over a whole read-timeout window, the attempt fails (smithy-rs's
/// stalled-stream protection uses the same floor).
pub(crate) const MIN_THROUGHPUT_BYTES_PER_SEC: u64 = 1;

/// Time limits.
///
/// | limit | default | covers |
/// |---|---|---|
/// | `connect_timeout` | 3.1 s | opening a connection: DNS, TCP, the proxy's `CONNECT`, the TLS handshake (default transport) |
/// | `read_timeout` | 20 s | the response: no status line within this long after the request was written, or a body slower than 1 byte/s over a window this long (default transport) |
/// | `operation_attempt_timeout` | 30 s | one attempt: connecting, sending the request and reading the whole response |
/// | `operation_timeout` | none | the whole operation: every attempt and the backoff between them |
///
/// Each timeout fails the attempt with a typed error
/// ([`SdkError::is_timeout`](super::SdkError::is_timeout) is `true`), which is
/// retried like a connection failure.
///
/// ```
/// use std::time::Duration;
/// use client_runtime::client::TimeoutConfig;
///
/// let timeouts = TimeoutConfig::builder()
///     .connect_timeout(Duration::from_secs(1))
///     .read_timeout(Duration::from_secs(5))
///     .operation_attempt_timeout(Duration::from_secs(10))
///     .operation_timeout(Duration::from_secs(30))
///     .build();
/// assert_eq!(timeouts.get_read_timeout(), Some(Duration::from_secs(5)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
}

impl TimeoutConfig {
    /// The defaults (see the table above).
    pub fn new() -> Self {
        Self {
            connect_timeout: Some(Duration::from_millis(3100)),
            read_timeout: Some(Duration::from_secs(20)),
            attempt_timeout: Some(Duration::from_secs(30)),
            operation_timeout: None,
        }
    }

    /// A builder starting from the defaults, with the official SDK's method
    /// names. Each method takes a `Duration`, or `None` for no limit.
    pub fn builder() -> TimeoutConfigBuilder {
        TimeoutConfigBuilder { config: Self::new() }
    }

    /// No limits at all.
    pub fn disabled() -> Self {
        Self { connect_timeout: None, read_timeout: None, attempt_timeout: None, operation_timeout: None }
    }

    /// Limit on opening a connection, DNS, proxy and TLS included (`None`: no limit).
    pub fn connect_timeout(mut self, d: impl Into<Option<Duration>>) -> Self {
        self.connect_timeout = d.into();
        self
    }

    /// Limit on a response that makes no progress (`None`: wait as long as
    /// the attempt timeout allows). See the table above.
    pub fn read_timeout(mut self, d: impl Into<Option<Duration>>) -> Self {
        self.read_timeout = d.into();
        self
    }

    /// Limit on one attempt, response body included (`None`: no limit).
    pub fn operation_attempt_timeout(mut self, d: impl Into<Option<Duration>>) -> Self {
        self.attempt_timeout = d.into();
        self
    }

    /// Limit on the whole operation, retries included (`None`: no limit).
    pub fn operation_timeout(mut self, d: impl Into<Option<Duration>>) -> Self {
        self.operation_timeout = d.into();
        self
    }

    /// The connect limit.
    pub fn get_connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// The read (stalled response) limit.
    pub fn get_read_timeout(&self) -> Option<Duration> {
        self.read_timeout
    }

    /// The per-attempt limit.
    pub fn get_operation_attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// The whole-operation limit.
    pub fn get_operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self::new()
    }
}

/// Builds a [`TimeoutConfig`]; what is not set keeps its default.
#[derive(Debug, Clone)]
pub struct TimeoutConfigBuilder {
    config: TimeoutConfig,
}

impl TimeoutConfigBuilder {
    /// See [`TimeoutConfig::connect_timeout`].
    pub fn connect_timeout(mut self, d: impl Into<Option<Duration>>) -> Self {
        self.config = self.config.connect_timeout(d);
        self
    }

    /// See [`TimeoutConfig::read_timeout`].
    pub fn read_timeout(mut self, d: impl Into<Option<Duration>>) -> Self {
        self.config = self.config.read_timeout(d);
        self
    }

    /// See [`TimeoutConfig::operation_attempt_timeout`].
    pub fn operation_attempt_timeout(mut self, d: impl Into<Option<Duration>>) -> Self {
        self.config = self.config.operation_attempt_timeout(d);
        self
    }

    /// See [`TimeoutConfig::operation_timeout`].
    pub fn operation_timeout(mut self, d: impl Into<Option<Duration>>) -> Self {
        self.config = self.config.operation_timeout(d);
        self
    }

    /// The timeouts.
    pub fn build(self) -> TimeoutConfig {
        self.config
    }
}

/// The default transport's connection pool and sockets, set with
/// [`Builder::transport_config`](super::Builder::transport_config).
///
/// | setting | default | |
/// |---|---|---|
/// | `pool_max_idle_per_host` | 32 | idle connections kept per host; more concurrent requests still open more connections |
/// | `pool_idle_timeout` | 90 s | an idle connection older than this is closed, before a load balancer drops it silently |
/// | `tcp_keepalive` | 60 s | idle time before TCP keep-alive probes, so a dead peer is noticed on a quiet connection |
///
/// ```
/// use std::time::Duration;
/// use client_runtime::client::TransportConfig;
///
/// let transport = TransportConfig::new().pool_max_idle_per_host(64).pool_idle_timeout(Duration::from_secs(30));
/// assert_eq!(transport.get_pool_max_idle_per_host(), 64);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportConfig {
    pool_max_idle_per_host: usize,
    pool_idle_timeout: Option<Duration>,
    tcp_keepalive: Option<Duration>,
}

impl TransportConfig {
    /// The defaults (see the table above).
    pub fn new() -> Self {
        Self { pool_max_idle_per_host: 32, pool_idle_timeout: Some(Duration::from_secs(90)), tcp_keepalive: Some(Duration::from_secs(60)) }
    }

    /// Idle connections kept per host (0: none are kept, every request connects anew).
    pub fn pool_max_idle_per_host(mut self, n: usize) -> Self {
        self.pool_max_idle_per_host = n;
        self
    }

    /// How long an idle connection is kept (`None`: until the server closes it).
    pub fn pool_idle_timeout(mut self, d: impl Into<Option<Duration>>) -> Self {
        self.pool_idle_timeout = d.into();
        self
    }

    /// Idle time before TCP keep-alive probes (`None`: no keep-alive).
    pub fn tcp_keepalive(mut self, d: impl Into<Option<Duration>>) -> Self {
        self.tcp_keepalive = d.into();
        self
    }

    /// Idle connections kept per host.
    pub fn get_pool_max_idle_per_host(&self) -> usize {
        self.pool_max_idle_per_host
    }

    /// How long an idle connection is kept.
    pub fn get_pool_idle_timeout(&self) -> Option<Duration> {
        self.pool_idle_timeout
    }

    /// Idle time before TCP keep-alive probes.
    pub fn get_tcp_keepalive(&self) -> Option<Duration> {
        self.tcp_keepalive
    }
}

impl Default for TransportConfig {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_starts_from_the_defaults_and_accepts_none() {
        let d = Duration::from_secs;
        assert_eq!(TimeoutConfig::builder().build(), TimeoutConfig::new());
        let t = TimeoutConfig::builder().connect_timeout(d(1)).read_timeout(None).operation_timeout(d(9)).operation_attempt_timeout(d(3)).build();
        assert_eq!(t.get_connect_timeout(), Some(d(1)));
        assert_eq!(t.get_read_timeout(), None);
        assert_eq!(t.get_operation_attempt_timeout(), Some(d(3)));
        assert_eq!(t.get_operation_timeout(), Some(d(9)));
        assert_eq!(TimeoutConfig::new().get_connect_timeout(), Some(Duration::from_millis(3100)));
        assert_eq!(TimeoutConfig::new().get_read_timeout(), Some(d(20)));
    }
}

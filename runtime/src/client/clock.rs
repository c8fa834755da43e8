//! Clock skew: how far the service's clock is from ours, learned from the
//! `Date` header of responses, so requests are signed with the service's
//! time. A SigV4 signature is refused when its time is more than 5 minutes
//! from the service's clock, so a machine with a wrong clock would otherwise
//! fail every call.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;

/// A skew error is retried only when the request was signed at least this
/// far from the service's clock (the threshold of the AWS SDKs for Java and
/// JavaScript): a minute of margin under the 5-minute limit, and far above
/// the noise of the `Date` header's one-second resolution.
pub(crate) const SKEW_THRESHOLD: Duration = Duration::from_secs(4 * 60);

/// An estimate from a round trip longer than this is not trusted (the
/// JavaScript SDK's bound): the response may have waited anywhere in it.
const MAX_ROUND_TRIP: Duration = Duration::from_secs(15 * 60);

/// The service's clock minus ours, in milliseconds; one per client, shared
/// by its clones.
#[derive(Debug, Default)]
pub(crate) struct ClockSkew {
    offset_ms: AtomicI64,
}

/// When an attempt was sent, by our clock, and the offset it was signed with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamp {
    sent: SystemTime,
    offset_ms: i64,
}

impl Stamp {
    /// The time the request is signed with: the service's time at sending.
    pub(crate) fn signing_time(&self) -> SystemTime {
        shift(self.sent, self.offset_ms)
    }
}

impl ClockSkew {
    /// Now, and the current offset, for an attempt about to be signed and sent.
    pub(crate) fn stamp(&self) -> Stamp {
        Stamp { sent: SystemTime::now(), offset_ms: self.offset_ms.load(Ordering::Relaxed) }
    }

    /// The current estimate, in milliseconds.
    #[cfg(test)]
    pub(crate) fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// Learns from the response to the attempt `sent`: the service's clock
    /// minus ours at the middle of the round trip becomes the estimate.
    /// Returns `true` when that estimate is at least [`SKEW_THRESHOLD`] from
    /// the offset the attempt was signed with: a skew error in this response
    /// is the clock's fault, and the corrected time may succeed.
    ///
    /// A missing or unreadable `Date` teaches nothing, nor does a response
    /// with an `Age` header (served from a cache, so its `Date` is old) or
    /// one that took longer than 15 minutes.
    pub(crate) fn observe(&self, headers: &http::HeaderMap, sent: &Stamp) -> bool {
        if headers.contains_key(http::header::AGE) {
            return false;
        }
        let Some(server) = headers.get(http::header::DATE).and_then(|v| v.to_str().ok()).and_then(parse_http_date)
        else {
            return false;
        };
        self.observe_at(server, sent, SystemTime::now())
    }

    fn observe_at(&self, server_ms: i64, sent: &Stamp, received: SystemTime) -> bool {
        let (sent_ms, received_ms) = (epoch_ms(sent.sent), epoch_ms(received));
        let round_trip = received_ms.saturating_sub(sent_ms);
        if round_trip > MAX_ROUND_TRIP.as_millis() as i64 {
            return false;
        }
        let midpoint = sent_ms.saturating_add(round_trip / 2);
        let measured = server_ms.saturating_sub(midpoint);
        let previous = self.offset_ms.swap(measured, Ordering::Relaxed);
        let skewed = measured.saturating_sub(sent.offset_ms).saturating_abs() >= SKEW_THRESHOLD.as_millis() as i64;
        if skewed || measured.saturating_sub(previous).saturating_abs() >= SKEW_THRESHOLD.as_millis() as i64 {
            tracing::debug!(
                offset_ms = measured,
                previous_ms = previous,
                "the service's clock differs from ours; signing with its time"
            );
        }
        skewed
    }
}

/// Milliseconds since the Unix epoch (negative before it).
fn epoch_ms(t: SystemTime) -> i64 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_millis()).map(|ms| -ms).unwrap_or(i64::MIN),
    }
}

/// `t` moved by `ms` milliseconds; `t` itself if that leaves `SystemTime`'s range.
fn shift(t: SystemTime, ms: i64) -> SystemTime {
    let d = Duration::from_millis(ms.unsigned_abs());
    let moved = if ms >= 0 { t.checked_add(d) } else { t.checked_sub(d) };
    moved.unwrap_or(t)
}

/// An RFC 7231 date (`Tue, 01 Dec 2026 23:10:26 GMT`) in epoch milliseconds.
fn parse_http_date(value: &str) -> Option<i64> {
    DateTime::from_str(value.trim(), Format::HttpDate).ok()?.to_millis().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR_MS: i64 = 3_600_000;
    const NOW: i64 = 1_800_000_000_000;

    fn at(ms: i64) -> SystemTime {
        shift(SystemTime::UNIX_EPOCH, ms)
    }

    fn stamp(sent_ms: i64, offset_ms: i64) -> Stamp {
        Stamp { sent: at(sent_ms), offset_ms }
    }

    #[test]
    fn dates_parse_and_garbage_cached_or_missing_dates_are_ignored() {
        assert_eq!(parse_http_date("Tue, 29 Apr 2014 18:30:38 GMT"), Some(1_398_796_238_000));
        assert_eq!(parse_http_date("yesterday"), None);
        let skew = ClockSkew::default();
        let mut h = http::HeaderMap::new();
        assert!(!skew.observe(&h, &skew.stamp()), "no Date");
        h.insert("date", "not a date".parse().unwrap());
        assert!(!skew.observe(&h, &skew.stamp()));
        h.insert("date", "Tue, 29 Apr 2014 18:30:38 GMT".parse().unwrap());
        h.insert("age", "3600".parse().unwrap());
        assert!(!skew.observe(&h, &skew.stamp()), "a cached response's Date is old");
        assert_eq!(skew.offset_ms(), 0);
        h.remove("age");
        assert!(skew.observe(&h, &skew.stamp()), "2014 is years off");
        assert!(skew.offset_ms() < -HOUR_MS);
    }

    #[test]
    fn an_hour_ahead_is_learned_and_used_for_signing() {
        let skew = ClockSkew::default();
        let first = stamp(NOW, 0);
        assert_eq!(first.signing_time(), at(NOW));
        assert!(skew.observe_at(NOW + HOUR_MS + 100, &first, at(NOW + 200)), "signed an hour early: skewed");
        assert_eq!(skew.offset_ms(), HOUR_MS, "measured at the middle of the round trip");
        // The retry is signed with the service's time: no longer skewed.
        let retry = stamp(NOW + 1_000, skew.offset_ms());
        assert_eq!(retry.signing_time(), at(NOW + 1_000 + HOUR_MS));
        assert!(!skew.observe_at(NOW + HOUR_MS + 1_000, &retry, at(NOW + 1_400)));
        assert_eq!(skew.offset_ms(), HOUR_MS - 200, "each response refines the estimate");
        let corrected = skew.stamp().signing_time().duration_since(SystemTime::now()).unwrap();
        assert!(corrected > Duration::from_secs(3590), "{corrected:?}");
    }

    #[test]
    fn small_skews_are_corrected_but_not_a_reason_to_retry() {
        let skew = ClockSkew::default();
        assert!(!skew.observe_at(NOW + 3 * 60_000, &stamp(NOW, 0), at(NOW)), "3 minutes is below the threshold");
        assert_eq!(skew.offset_ms(), 3 * 60_000, "yet the next request uses it");
        assert!(skew.observe_at(NOW - 10 * 60_000, &stamp(NOW, skew.offset_ms()), at(NOW)), "our clock 10 min ahead");
        assert_eq!(skew.offset_ms(), -10 * 60_000);
        // A slow attempt is not mistaken for skew: the estimate is taken at
        // the middle of the round trip.
        let slow = stamp(NOW, -10 * 60_000);
        assert!(!skew.observe_at(NOW - 10 * 60_000 + 5 * 60_000, &slow, at(NOW + 10 * 60_000)));
        // Beyond 15 minutes the round trip says nothing about the clock.
        assert!(!skew.observe_at(NOW + HOUR_MS, &stamp(NOW, 0), at(NOW + 16 * 60_000)));
        assert_eq!(skew.offset_ms(), -10 * 60_000);
    }

    #[test]
    fn extreme_values_do_not_panic() {
        let skew = ClockSkew::default();
        assert!(skew.observe_at(i64::MAX, &stamp(0, 0), at(0)));
        let _ = skew.stamp().signing_time();
        assert!(skew.observe_at(i64::MIN, &stamp(i64::MAX, i64::MAX), at(i64::MIN)));
        let _ = skew.stamp().signing_time();
        let _ = shift(SystemTime::UNIX_EPOCH, i64::MIN);
        assert_eq!(epoch_ms(at(-5)), -5);
    }
}

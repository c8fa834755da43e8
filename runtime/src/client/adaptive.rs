//! The adaptive retry mode's client-side rate limiter, as the AWS SDKs
//! define it (the SDKs and Tools reference guide, "Retry behavior"; botocore
//! `retries/adaptive.py`, the official Rust SDK's `ClientRateLimiter`):
//!
//! - a **token bucket** a request takes one token from before it is sent;
//!   it fills at the current allowed rate (requests per second, at least
//!   0.5) and holds at most that rate's worth of tokens (at least 1). It
//!   starts disabled and turns on at the first throttling response, so a
//!   client that is never throttled is never delayed.
//! - a **measured send rate**: responses counted in half-second buckets,
//!   smoothed (0.8 of the newest bucket's rate, 0.2 of the previous value).
//! - **CUBIC** (RFC 8312's window curve, applied to a rate): a throttle
//!   remembers the rate at that moment (`w_max`, the lower of the measured
//!   rate and the bucket's) and cuts the allowed rate to 0.7 of it; each
//!   success then allows `0.4 * (t - t_throttle - k)^3 + w_max`, with
//!   `k = cbrt(w_max * 0.3 / 0.4)`, so the rate climbs back quickly, slows
//!   near the old maximum, then probes beyond it.
//! - after every response the allowed rate is the CUBIC rate, capped at
//!   twice the measured rate.
//!
//! A request that finds too few tokens waits for them: the wait is computed
//! and the token taken at once (the bucket goes into debt), so concurrent
//! tasks queue behind one another at the allowed rate instead of all
//! waking together. Times are seconds on the client's monotonic clock.

use std::sync::Mutex;
use std::time::Duration;

const MIN_FILL_RATE: f64 = 0.5;
const MIN_CAPACITY: f64 = 1.0;
const SMOOTHING: f64 = 0.8;
/// Width of a measuring bucket, seconds.
const BUCKET: f64 = 0.5;
const SCALE: f64 = 0.4;
const BETA: f64 = 0.7;
const MAX_RATE_ADJUST_SCALE: f64 = 2.0;

/// One client's limiter (shared by its clones).
#[derive(Debug)]
pub(crate) struct RateLimiter {
    state: Mutex<State>,
}

#[derive(Debug, Clone, PartialEq)]
struct State {
    enabled: bool,
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_refill: Option<f64>,
    measured_rate: f64,
    last_bucket: f64,
    count: f64,
    w_max: f64,
    k: f64,
    last_throttle: f64,
}

impl State {
    fn new(now: f64) -> Self {
        let mut s = State {
            enabled: false,
            fill_rate: 0.0,
            max_capacity: 0.0,
            capacity: 0.0,
            last_refill: None,
            measured_rate: 0.0,
            last_bucket: now.floor(),
            count: 0.0,
            w_max: 0.0,
            k: 0.0,
            last_throttle: now,
        };
        s.set_rate(now, 1.0);
        s
    }

    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            self.capacity = (self.capacity + (now - last) * self.fill_rate).min(self.max_capacity);
        }
        self.last_refill = Some(now);
    }

    /// The bucket's new fill rate; its capacity follows.
    fn set_rate(&mut self, now: f64, rate: f64) {
        self.refill(now);
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.max_capacity = rate.max(MIN_CAPACITY);
        self.capacity = self.capacity.min(self.max_capacity);
    }

    /// Counts a response; returns the measured rate.
    fn measure(&mut self, now: f64) -> f64 {
        let bucket = (now / BUCKET).floor() * BUCKET;
        self.count += 1.0;
        if bucket > self.last_bucket {
            let current = self.count / (bucket - self.last_bucket);
            self.measured_rate = current * SMOOTHING + self.measured_rate * (1.0 - SMOOTHING);
            self.count = 0.0;
            self.last_bucket = bucket;
        }
        self.measured_rate
    }
}

impl RateLimiter {
    pub(crate) fn new(now: f64) -> Self {
        Self { state: Mutex::new(State::new(now)) }
    }

    /// Takes a token for a request about to be sent at `now`; returns how
    /// long to wait first (zero while the limiter is off or tokens remain).
    pub(crate) fn acquire(&self, now: f64) -> Duration {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if !s.enabled {
            return Duration::ZERO;
        }
        s.refill(now);
        let wait = if s.capacity >= 1.0 { 0.0 } else { (1.0 - s.capacity) / s.fill_rate };
        s.capacity -= 1.0;
        Duration::from_secs_f64(wait)
    }

    /// Records a response received at `now`, throttling or not, and sets
    /// the allowed rate from it.
    pub(crate) fn record(&self, now: f64, throttled: bool) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let measured = s.measure(now);
        let rate = if throttled {
            let current = if s.enabled { measured.min(s.fill_rate) } else { measured };
            s.w_max = current;
            s.k = (s.w_max * (1.0 - BETA) / SCALE).cbrt();
            s.last_throttle = now;
            s.enabled = true;
            current * BETA
        } else {
            SCALE * (now - s.last_throttle - s.k).powi(3) + s.w_max
        };
        s.set_rate(now, rate.min(MAX_RATE_ADJUST_SCALE * measured));
    }

    /// The allowed rate (requests per second) and whether the limiter is on.
    #[cfg(test)]
    fn rate(&self) -> (f64, bool) {
        let s = self.state.lock().unwrap();
        (s.fill_rate, s.enabled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_never_throttled_is_never_delayed() {
        let l = RateLimiter::new(0.0);
        for i in 0..1000 {
            let t = f64::from(i) * 0.001;
            assert_eq!(l.acquire(t), Duration::ZERO);
            l.record(t, false);
        }
        assert!(!l.rate().1);
    }

    #[test]
    fn a_throttle_cuts_the_rate_and_requests_queue_behind_it() {
        let l = RateLimiter::new(0.0);
        // 10 requests per second for 3 s, then a throttle.
        let mut t = 0.0;
        for _ in 0..30 {
            t += 0.1;
            l.record(t, false);
        }
        l.record(t, true);
        let (rate, on) = l.rate();
        assert!(on);
        assert!((5.0..8.0).contains(&rate), "0.7 of about 10/s, got {rate}");
        // Twenty tasks asking at once: the bucket's burst (at most `rate`
        // tokens) goes at once, then each waits 1/rate longer than the last.
        let waits: Vec<f64> = (0..20).map(|_| l.acquire(t).as_secs_f64()).collect();
        let queued: Vec<f64> = waits.iter().copied().filter(|w| *w > 0.0).collect();
        assert!(queued.len() >= 20 - rate.ceil() as usize, "{waits:?}");
        for pair in queued.windows(2) {
            assert!((pair[1] - pair[0] - 1.0 / rate).abs() < 1e-9, "{waits:?}");
        }
    }

    #[test]
    fn after_a_throttle_successes_raise_the_rate_again() {
        let l = RateLimiter::new(0.0);
        let mut t = 0.0;
        for _ in 0..40 {
            t += 0.05;
            l.record(t, false);
        }
        l.record(t, true);
        let cut = l.rate().0;
        for _ in 0..100 {
            t += 0.05;
            l.record(t, false);
        }
        assert!(l.rate().0 > cut, "{} after successes, {cut} after the throttle", l.rate().0);
    }

    /// The same scripted client against botocore's limiter (its
    /// `RateClocker`, `CubicCalculator` and `TokenBucket` on a fake clock,
    /// `tests/botocore/adaptive_check.py`): after every event the wait, the
    /// allowed rate and the measured rate agree.
    #[test]
    fn matches_botocore_event_by_event() {
        let Some(python) = oracle::require(oracle::botocore_python()) else { return };
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/botocore/adaptive_check.py");
        // (seconds since the previous event, send or response, throttled)
        let mut rng = fastrand::Rng::with_seed(7);
        let mut events = Vec::new();
        for phase in 0..6 {
            let throttle_share = if phase % 2 == 1 { 0.4 } else { 0.02 };
            for _ in 0..150 {
                events.push((rng.f64() * 0.08, "send", false));
                events.push((rng.f64() * 0.03, "response", rng.f64() < throttle_share));
            }
        }
        let input: String = events.iter().map(|(dt, kind, th)| format!("{dt} {kind} {}\n", u8::from(*th))).collect();
        let mut child = std::process::Command::new(python)
            .arg(script)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("runs python");
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let theirs: Vec<Vec<f64>> =
            String::from_utf8(out.stdout).unwrap().lines().map(|l| l.split_whitespace().map(|v| v.parse().unwrap()).collect()).collect();

        let start = 1_000.0;
        let l = RateLimiter::new(start);
        let mut now = start;
        let mut throttled_seen = 0;
        for (i, ((dt, kind, throttled), want)) in events.iter().zip(&theirs).enumerate() {
            now += dt;
            let wait = if *kind == "send" {
                let w = l.acquire(now).as_secs_f64();
                now += w;
                w
            } else {
                l.record(now, *throttled);
                throttled_seen += usize::from(*throttled);
                0.0
            };
            let s = l.state.lock().unwrap().clone();
            let ours = [wait, s.fill_rate, s.measured_rate];
            for (name, (a, b)) in ["wait", "allowed rate", "measured rate"].iter().zip(ours.iter().zip(want)) {
                assert!((a - b).abs() <= 1e-6 * b.abs().max(1.0), "event {i} ({kind}): {name} {a}, botocore {b}");
            }
        }
        assert!(theirs.len() == events.len() && throttled_seen > 100, "{} lines, {throttled_seen} throttles", theirs.len());
        let waited = theirs.iter().filter(|w| w[0] > 0.0).count();
        assert!(waited > 50, "the script makes the limiter delay requests: {waited}");
    }
}

"""botocore's adaptive retry limiter, driven by a script on a fake clock.

Reads lines `<seconds since the previous event> <send|response> <0|1>` and
prints, per event, `<wait> <allowed rate> <measured rate>`: the time a
send waits for a token (botocore's blocking acquire, its sleeps added to the
fake clock), the token bucket's fill rate, and the measured send rate. The
objects are botocore's own (RateClocker, CubicCalculator, TokenBucket,
ClientRateLimiter); only the clock is ours, so `adaptive.rs` can be compared
with it event by event.
"""
import sys

from botocore.retries import adaptive, bucket, throttling


class FakeClock:
    def __init__(self, t):
        self.t = t

    def current_time(self):
        return self.t

    def sleep(self, amount):
        self.t += amount


class Detector:
    """Says whether the response being recorded was a throttle."""

    throttled = False

    def is_throttling_error(self, **kwargs):
        return self.throttled


def main():
    clock = FakeClock(1000.0)
    token_bucket = bucket.TokenBucket(max_rate=1, clock=clock)
    detector = Detector()
    limiter = adaptive.ClientRateLimiter(
        rate_adjustor=throttling.CubicCalculator(starting_max_rate=0, start_time=clock.current_time()),
        rate_clocker=adaptive.RateClocker(clock),
        token_bucket=token_bucket,
        throttling_detector=detector,
        clock=clock,
    )
    out = []
    for line in sys.stdin:
        dt, kind, throttled = line.split()
        clock.t += float(dt)
        wait = 0.0
        if kind == "send":
            # TokenBucket.acquire blocks on a condition variable in real
            # time; this is its loop with the waits taken on the fake clock.
            if limiter._enabled:
                token_bucket._refill()
                needed = token_bucket._sleep_amount(1) if token_bucket._current_capacity < 1 else 0
                while needed > 0:
                    if clock.t + needed == clock.t:
                        # A wait below the clock's resolution: real time
                        # would have passed it; a float clock cannot.
                        break
                    clock.t += needed
                    wait += needed
                    token_bucket._refill()
                    needed = token_bucket._sleep_amount(1)
                token_bucket._current_capacity -= 1
        else:
            detector.throttled = throttled == "1"
            limiter.on_receiving_response()
        out.append(f"{wait!r} {token_bucket.max_rate!r} {limiter._rate_clocker.measured_rate!r}")
    print("\n".join(out))


main()

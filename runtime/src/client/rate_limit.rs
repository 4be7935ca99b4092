//! The client-side rate limiter of the `adaptive` retry mode.
//!
//! Client layer: pure policy, like [`retry`](super::retry): it keeps the limiter's state and says
//! how long an attempt has to wait, but never sleeps itself; the orchestrator does. Time comes in
//! as [`Instant`]s given by the caller, so tests drive it without a clock.
//!
//! # How it works
//!
//! The limiter is a token bucket that every attempt of every call made with one configuration
//! draws one token from. It stays switched off until the first throttling response: before that,
//! attempts never wait. From then on:
//!
//! - **Sending rate.** Every response (or transport failure) is counted in half-second time
//!   buckets; when a bucket closes, the rate it saw (`count / bucket length`) is blended into a
//!   smoothed measure: `measured = 0.8 * bucket_rate + 0.2 * measured`.
//! - **Throttling.** A throttling response takes the current rate (the measured rate, or the
//!   fill rate when that is lower and the bucket is already on) as the rate the service
//!   tolerated, `w_max`, multiplies it by `BETA` (0.7) to get the new fill rate, remembers when
//!   this happened and switches the bucket on.
//! - **Success.** Any other response moves the fill rate along a cubic curve in the time `t`
//!   since the last throttle: `rate(t) = C * (t - k)^3 + w_max`, with `C` = 0.4 and
//!   `k = cbrt(w_max * (1 - BETA) / C)`, the time at which the curve climbs back to `w_max`.
//!   At `t = 0` the curve gives `BETA * w_max` (where the throttle put it); it flattens around
//!   `w_max` and then grows faster again to probe for more capacity.
//! - **Bounds.** The new rate is never more than twice the measured sending rate (the limiter
//!   does not grant a rate the client has not come near), and never less than
//!   [`MIN_FILL_RATE`] tokens per second. The bucket holds at most `max(rate, 1)` tokens.
//! - **Acquiring.** An attempt takes a token; when fewer than one is left, it waits for the
//!   bucket to refill the difference (`(1 - tokens) / fill_rate`). The token is taken anyway,
//!   so the bucket may go below zero: concurrent attempts queue behind each other, each waiting
//!   for its own token.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The factor a throttling response multiplies the sending rate by.
pub const BETA: f64 = 0.7;
/// The scale of the cubic growth curve (rate per second cubed).
pub const SCALE_CONSTANT: f64 = 0.4;
/// The weight of the newest time bucket in the smoothed sending rate.
pub const SMOOTHING: f64 = 0.8;
/// The length of the time buckets the sending rate is measured over, in seconds.
pub const TIME_BUCKET_SECONDS: f64 = 0.5;
/// The lowest fill rate of the bucket, in tokens per second.
pub const MIN_FILL_RATE: f64 = 0.5;
/// The smallest capacity of the bucket, in tokens.
pub const MIN_CAPACITY: f64 = 1.0;
/// Tokens an attempt takes.
pub const ATTEMPT_COST: f64 = 1.0;

/// `k`: the time in seconds after a throttle at which the cubic curve of
/// [`cubic_rate`] is back at `w_max`, `cbrt(w_max * (1 - BETA) / SCALE_CONSTANT)`.
pub fn cubic_zero_point(w_max: f64) -> f64 {
    (w_max * (1.0 - BETA) / SCALE_CONSTANT).cbrt()
}

/// The rate the cubic curve gives `since_throttle` seconds after a throttle at rate `w_max`:
/// `SCALE_CONSTANT * (since_throttle - k)^3 + w_max`, with `k` from [`cubic_zero_point`].
pub fn cubic_rate(since_throttle: f64, w_max: f64) -> f64 {
    SCALE_CONSTANT * (since_throttle - cubic_zero_point(w_max)).powi(3) + w_max
}

/// The client-side rate limiter of the `adaptive` retry mode (see the module docs).
///
/// One limiter is shared by every call made with a configuration and its clones
/// ([`Config::rate_limiter`](super::config::Config::rate_limiter)).
///
/// ```
/// use smelt_runtime::client::rate_limit::ClientRateLimiter;
/// use std::time::{Duration, Instant};
/// let start = Instant::now();
/// let limiter = ClientRateLimiter::new(start);
/// assert_eq!(limiter.acquire(start), Duration::ZERO, "off until a throttle");
/// limiter.on_response(start, true);
/// assert!(limiter.is_enabled());
/// assert_eq!(limiter.acquire(start), Duration::from_secs(2), "1 token at 0.5 per second");
/// ```
#[derive(Debug)]
pub struct ClientRateLimiter {
    /// Time zero of the limiter: instants are turned into seconds since it.
    origin: Instant,
    state: Mutex<State>,
}

#[derive(Debug, Clone)]
struct State {
    /// Whether attempts draw tokens (after the first throttle).
    enabled: bool,
    /// Tokens per second.
    fill_rate: f64,
    /// The most tokens the bucket holds.
    max_capacity: f64,
    /// Tokens left; below zero while attempts wait for tokens already taken.
    tokens: f64,
    /// When the bucket was last refilled (seconds since the origin).
    last_refill: f64,
    /// The smoothed sending rate (responses per second).
    measured_rate: f64,
    /// Start of the current time bucket (seconds since the origin).
    bucket_start: f64,
    /// Responses counted in the current time bucket.
    bucket_count: u64,
    /// The rate at the last throttle, the top of the cubic curve.
    w_max: f64,
    /// When the last throttle came (seconds since the origin).
    last_throttle: f64,
}

impl ClientRateLimiter {
    /// A limiter switched off, with time zero at `origin`: the bucket starts empty, filling at
    /// [`MIN_FILL_RATE`] up to [`MIN_CAPACITY`].
    pub fn new(origin: Instant) -> Self {
        Self {
            origin,
            state: Mutex::new(State {
                enabled: false,
                fill_rate: MIN_FILL_RATE,
                max_capacity: MIN_CAPACITY,
                tokens: 0.0,
                last_refill: 0.0,
                measured_rate: 0.0,
                bucket_start: 0.0,
                bucket_count: 0,
                w_max: MIN_FILL_RATE,
                last_throttle: 0.0,
            }),
        }
    }

    fn seconds(&self, now: Instant) -> f64 {
        now.saturating_duration_since(self.origin).as_secs_f64()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is plain numbers, valid after any panic elsewhere.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes the token of one attempt at `now` and returns how long the attempt must wait
    /// before it is sent: zero while the limiter is off or a token is there.
    pub fn acquire(&self, now: Instant) -> Duration {
        let now = self.seconds(now);
        let mut s = self.state();
        if !s.enabled {
            return Duration::ZERO;
        }
        s.refill(now);
        let missing = ATTEMPT_COST - s.tokens;
        s.tokens -= ATTEMPT_COST;
        if missing <= 0.0 {
            return Duration::ZERO;
        }
        Duration::try_from_secs_f64(missing / s.fill_rate).unwrap_or(Duration::MAX)
    }

    /// Records the outcome of an attempt at `now` (`throttled`: the service throttled it) and
    /// adapts the fill rate.
    pub fn on_response(&self, now: Instant, throttled: bool) {
        let now = self.seconds(now);
        let mut s = self.state();
        s.measure(now);
        let rate = if throttled {
            let tolerated = if s.enabled {
                s.measured_rate.min(s.fill_rate)
            } else {
                s.measured_rate
            };
            s.w_max = tolerated;
            s.last_throttle = now;
            s.enabled = true;
            tolerated * BETA
        } else {
            cubic_rate(now - s.last_throttle, s.w_max)
        };
        let rate = rate.min(2.0 * s.measured_rate);
        s.set_rate(now, rate);
    }

    /// Whether a throttling response has switched the limiter on.
    pub fn is_enabled(&self) -> bool {
        self.state().enabled
    }

    /// The fill rate, in tokens per second.
    pub fn fill_rate(&self) -> f64 {
        self.state().fill_rate
    }

    /// The most tokens the bucket holds.
    pub fn max_capacity(&self) -> f64 {
        self.state().max_capacity
    }

    /// The smoothed sending rate, in responses per second.
    pub fn measured_rate(&self) -> f64 {
        self.state().measured_rate
    }

    /// The tokens in the bucket as of its last refill (below zero while attempts wait).
    pub fn tokens(&self) -> f64 {
        self.state().tokens
    }
}

impl State {
    /// Adds the tokens filled since the last refill, up to the capacity.
    fn refill(&mut self, now: f64) {
        if now > self.last_refill {
            let filled = (now - self.last_refill) * self.fill_rate;
            self.tokens = (self.tokens + filled).min(self.max_capacity);
            self.last_refill = now;
        }
    }

    /// Counts a response in its time bucket; closing a bucket updates the smoothed rate.
    fn measure(&mut self, now: f64) {
        let bucket = (now / TIME_BUCKET_SECONDS).floor() * TIME_BUCKET_SECONDS;
        self.bucket_count += 1;
        if bucket > self.bucket_start {
            let rate = self.bucket_count as f64 / (bucket - self.bucket_start);
            self.measured_rate = SMOOTHING * rate + (1.0 - SMOOTHING) * self.measured_rate;
            self.bucket_count = 0;
            self.bucket_start = bucket;
        }
    }

    /// Switches to fill rate `rate` (bounded below) at `now`: what was filled at the old rate
    /// is kept, up to the new capacity.
    fn set_rate(&mut self, now: f64, rate: f64) {
        self.refill(now);
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.max_capacity = rate.max(MIN_CAPACITY);
        self.tokens = self.tokens.min(self.max_capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-6,
            "{actual} is not {expected}"
        );
    }

    fn at(start: Instant, millis: u64) -> Instant {
        start + Duration::from_millis(millis)
    }

    #[test]
    fn the_cubic_curve_by_hand() {
        // Pick w_max so that k is a whole number: k^3 = w_max * (1 - 0.7) / 0.4 = 0.75 * w_max,
        // so k = 2 for w_max = 8 / 0.75 = 32/3.
        let w_max = 32.0 / 3.0;
        close(cubic_zero_point(w_max), 2.0);
        // t = 0: 0.4 * (0 - 2)^3 + 32/3 = 32/3 - 3.2 = 7.4666..., which is 0.7 * 32/3: the
        // curve starts where the throttle put the rate.
        close(cubic_rate(0.0, w_max), 32.0 / 3.0 - 3.2);
        close(cubic_rate(0.0, w_max), BETA * w_max);
        // t = 1: 0.4 * (-1)^3 + 32/3 = 10.2666...
        close(cubic_rate(1.0, w_max), 32.0 / 3.0 - 0.4);
        // t = k = 2: back at w_max.
        close(cubic_rate(2.0, w_max), w_max);
        // t = 4: 0.4 * 2^3 + 32/3 = 32/3 + 3.2, growing past w_max.
        close(cubic_rate(4.0, w_max), 32.0 / 3.0 + 3.2);
        // w_max = 0: k = 0 and the curve is 0.4 t^3 (t = 2: 3.2).
        close(cubic_zero_point(0.0), 0.0);
        close(cubic_rate(2.0, 0.0), 3.2);
    }

    #[test]
    fn the_sending_rate_is_smoothed_over_half_second_buckets() {
        let start = Instant::now();
        let limiter = ClientRateLimiter::new(start);
        // Three responses in the bucket [0, 0.5): nothing measured yet.
        for ms in [100, 200, 300] {
            limiter.on_response(at(start, ms), false);
        }
        close(limiter.measured_rate(), 0.0);
        // At 0.6 s the bucket [0.5, 1) starts: 4 responses over 0.5 s = 8 per second, smoothed
        // from 0: 0.8 * 8 + 0.2 * 0 = 6.4.
        limiter.on_response(at(start, 600), false);
        close(limiter.measured_rate(), 6.4);
        // At 1.1 s: 1 response over 0.5 s = 2 per second: 0.8 * 2 + 0.2 * 6.4 = 2.88.
        limiter.on_response(at(start, 1100), false);
        close(limiter.measured_rate(), 2.88);
        assert!(!limiter.is_enabled(), "successes alone never switch it on");
    }

    #[test]
    fn a_throttle_cuts_the_rate_and_enables_the_bucket() {
        let start = Instant::now();
        let limiter = ClientRateLimiter::new(start);
        // 10 responses in [0, 0.5) (one per 50 ms), then a throttle at 0.5 s: the bucket
        // [0, 0.5) closes with 11 responses, 22 per second, measured 0.8 * 22 = 17.6. The
        // limiter was off, so w_max = 17.6 and the new rate is 0.7 * 17.6 = 12.32 (under the
        // bound 2 * 17.6).
        for i in 0..10 {
            limiter.on_response(at(start, 50 * i), false);
        }
        assert!(!limiter.is_enabled());
        limiter.on_response(at(start, 500), true);
        assert!(limiter.is_enabled());
        close(limiter.measured_rate(), 17.6);
        close(limiter.fill_rate(), 12.32);
        close(limiter.max_capacity(), 12.32);

        // A second throttle while on takes the lower of the measured and the fill rate:
        // at 1.0 s the bucket [0.5, 1) closes with 1 response (2 per second): measured
        // 0.8 * 2 + 0.2 * 17.6 = 5.12; w_max = min(5.12, 12.32) = 5.12, rate 0.7 * 5.12 = 3.584.
        limiter.on_response(at(start, 1000), true);
        close(limiter.measured_rate(), 5.12);
        close(limiter.fill_rate(), 3.584);
    }

    #[test]
    fn success_grows_the_rate_along_the_cubic() {
        let start = Instant::now();
        let limiter = ClientRateLimiter::new(start);
        // Steady 20 responses per second; a throttle at 0.5 s sets w_max = 17.6 and the rate to
        // 12.32 (see the test above).
        for i in 0..10 {
            limiter.on_response(at(start, 50 * i), false);
        }
        limiter.on_response(at(start, 500), true);
        let after_throttle = limiter.fill_rate();
        // Successes at 0.55 .. 0.95 s, then at 1.0 s: the bucket [0.5, 1) closes with 10
        // responses, 20 per second: measured 0.8 * 20 + 0.2 * 17.6 = 19.52. The rate is the
        // cubic 0.5 s after the throttle: k = cbrt(17.6 * 0.3 / 0.4) = cbrt(13.2) = 2.363332,
        // 0.4 * (0.5 - 2.363332)^3 + 17.6 = 15.012202 (under the bound 2 * 19.52).
        for i in 11..=20 {
            limiter.on_response(at(start, 50 * i), false);
        }
        close(limiter.measured_rate(), 19.52);
        assert!((limiter.fill_rate() - 15.012202).abs() < 1e-5);
        assert!(limiter.fill_rate() > after_throttle);

        // The growth is bounded by twice the measured rate: a lone success at 10 s, where the
        // curve is far above (0.4 * (9.5 - 2.36)^3 + 17.6 = 163), closes the bucket [1, 10)
        // with 1 response: 1/9 per second, measured 0.8/9 + 0.2 * 19.52 = 3.992889; the rate
        // is 2 * 3.992889 = 7.985778.
        limiter.on_response(at(start, 10_000), false);
        let measured = 0.8 / 9.0 + 0.2 * 19.52;
        close(limiter.measured_rate(), measured);
        close(limiter.fill_rate(), 2.0 * measured);
    }

    #[test]
    fn acquiring_waits_when_the_bucket_is_empty() {
        let start = Instant::now();
        let limiter = ClientRateLimiter::new(start);
        // A throttle at time 0: nothing measured, so the rate is bounded to the minimum
        // 0.5 tokens per second, capacity 1, and the bucket is empty.
        limiter.on_response(start, true);
        close(limiter.fill_rate(), MIN_FILL_RATE);
        close(limiter.tokens(), 0.0);
        // One token at 0.5 per second: 2 s. The token is taken now, leaving -1.
        assert_eq!(limiter.acquire(start), Duration::from_secs(2));
        // The next attempt queues behind it: (1 - (-1)) / 0.5 = 4 s.
        assert_eq!(limiter.acquire(start), Duration::from_secs(4));
        close(limiter.tokens(), -2.0);
        // At 6 s both waits are over and the bucket refilled -2 + 6 * 0.5 = 1 token (the
        // capacity): no wait.
        assert_eq!(limiter.acquire(at(start, 6000)), Duration::ZERO);
        close(limiter.tokens(), 0.0);
        // Half a second later a quarter token is there: (1 - 0.25) / 0.5 = 1.5 s.
        assert_eq!(
            limiter.acquire(at(start, 6500)),
            Duration::from_millis(1500)
        );
    }

    #[test]
    fn a_limiter_never_throttled_never_waits() {
        let start = Instant::now();
        let limiter = ClientRateLimiter::new(start);
        for i in 0..100 {
            assert_eq!(limiter.acquire(at(start, i)), Duration::ZERO);
            limiter.on_response(at(start, i), false);
        }
        assert!(!limiter.is_enabled());
        // Instants before the origin count as the origin.
        let early = start.checked_sub(Duration::from_secs(1)).unwrap_or(start);
        assert_eq!(limiter.acquire(early), Duration::ZERO);
    }
}

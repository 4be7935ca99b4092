//! Retry policy: which failures are retried and how long to wait between attempts.
//!
//! Client layer: pure policy (classifying an outcome, computing backoff delays, the retry
//! token bucket, a server's `Retry-After` hint); it must not sleep, send or know the
//! orchestrator, which applies it.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Default maximum number of attempts (first try included).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Default backoff before the first retry (upper bound of the jittered delay).
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(100);
/// Default cap on the backoff delay.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(20);
/// Tokens in a client's retry bucket when it is created (the AWS SDKs' standard retry mode).
pub const DEFAULT_RETRY_TOKENS: u32 = 500;
/// Tokens a retry takes from the bucket.
pub const RETRY_COST: u32 = 5;
/// Tokens a retry after a timeout takes from the bucket.
pub const TIMEOUT_RETRY_COST: u32 = 10;
/// Tokens a call that succeeds at its first attempt puts back.
pub const NO_RETRY_INCREMENT: u32 = 1;

/// The retry modes of the AWS SDKs (`AWS_RETRY_MODE`, the profile's `retry_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RetryMode {
    /// 3 attempts by default, exponential backoff with full jitter.
    #[default]
    Standard,
    /// botocore's older default: the same policy with 5 attempts by default.
    Legacy,
    /// Standard retries plus the AWS SDKs' client-side rate limiter
    /// ([`ClientRateLimiter`](super::rate_limit::ClientRateLimiter), shared by the clones of a
    /// configuration): after the first throttling response, every attempt (the first
    /// included) takes a token from a bucket whose fill rate a throttle cuts and successes grow
    /// back along a cubic curve, and waits while the bucket is empty.
    Adaptive,
}

impl RetryMode {
    /// The mode a setting names (`standard`, `legacy`, `adaptive`, any case), or `None`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "standard" => Some(Self::Standard),
            "legacy" => Some(Self::Legacy),
            "adaptive" => Some(Self::Adaptive),
            _ => None,
        }
    }

    /// The default maximum number of attempts of this mode (first try included).
    pub fn default_max_attempts(self) -> u32 {
        match self {
            Self::Legacy => 5,
            Self::Standard | Self::Adaptive => DEFAULT_MAX_ATTEMPTS,
        }
    }
}

/// How an operation call retries.
///
/// The delay before retry `n` (1-based) is drawn uniformly from
/// `[0, min(max_backoff, initial_backoff * 2^(n-1))]` ("full jitter").
///
/// ```
/// use smelt_runtime::retry::RetryConfig;
/// use std::time::Duration;
/// let cfg = RetryConfig::standard()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(10));
/// assert_eq!(cfg.max_attempts(), 5);
/// assert_eq!(RetryConfig::disabled().max_attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_tokens: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// 3 attempts, 100 ms initial backoff, 20 s maximum backoff.
    pub fn standard() -> Self {
        Self {
            mode: RetryMode::Standard,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            retry_tokens: DEFAULT_RETRY_TOKENS,
        }
    }

    /// The policy of `mode` with its default number of attempts.
    pub fn for_mode(mode: RetryMode) -> Self {
        Self {
            mode,
            max_attempts: mode.default_max_attempts(),
            ..Self::standard()
        }
    }

    /// The retry mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }

    /// A single attempt, no retries.
    pub fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Sets the maximum number of attempts, first try included (0 is treated as 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the backoff bound before the first retry.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the cap on any backoff delay.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Maximum number of attempts, first try included (at least 1).
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Backoff bound before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// Cap on any backoff delay.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Sets the size of the retry token bucket a client built with this policy starts with
    /// (default [`DEFAULT_RETRY_TOKENS`]): every retry takes [`RETRY_COST`] tokens
    /// ([`TIMEOUT_RETRY_COST`] after a timeout), a call that succeeds gives back what its last
    /// retry took (or [`NO_RETRY_INCREMENT`]), and an empty bucket means no retry, so that a
    /// failing service is not hit with every call's full number of attempts.
    pub fn with_retry_tokens(mut self, tokens: u32) -> Self {
        self.retry_tokens = tokens;
        self
    }

    /// The size of the retry token bucket.
    pub fn retry_tokens(&self) -> u32 {
        self.retry_tokens
    }
}

/// The retry token bucket one client shares across its calls (see
/// [`RetryConfig::with_retry_tokens`]).
///
/// ```
/// use smelt_runtime::retry::{RetryTokenBucket, RETRY_COST};
/// let bucket = RetryTokenBucket::new(7);
/// assert!(bucket.try_acquire(RETRY_COST));
/// assert!(!bucket.try_acquire(RETRY_COST));
/// bucket.release(100);
/// assert_eq!(bucket.available(), 7);
/// ```
#[derive(Debug)]
pub struct RetryTokenBucket {
    capacity: u32,
    available: AtomicU32,
}

impl RetryTokenBucket {
    /// A full bucket of `capacity` tokens.
    pub fn new(capacity: u32) -> Self {
        Self {
            capacity,
            available: AtomicU32::new(capacity),
        }
    }

    /// Takes `cost` tokens if that many are left.
    pub fn try_acquire(&self, cost: u32) -> bool {
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(cost))
            .is_ok()
    }

    /// Puts `tokens` back, up to the capacity.
    pub fn release(&self, tokens: u32) {
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                Some(n.saturating_add(tokens).min(self.capacity))
            });
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.available.load(Ordering::Acquire)
    }

    /// The capacity.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }
}

/// The wait a response asks for before a retry: `x-amz-retry-after` (milliseconds), else
/// `Retry-After` in delta-seconds. `None` when absent or not a number (an HTTP-date
/// `Retry-After` is ignored: it depends on the two clocks agreeing).
pub fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
    number("x-amz-retry-after")
        .map(Duration::from_millis)
        .or_else(|| number("retry-after").map(Duration::from_secs))
}

/// The delay before retry number `attempt`: the jittered [`backoff`], or the server's
/// [`retry_after`] hint when that is longer, never more than the policy's maximum backoff (a
/// server cannot hold a call for longer than the policy allows).
pub fn delay_before_retry(attempt: u32, cfg: &RetryConfig, hint: Option<Duration>) -> Duration {
    let jittered = backoff(attempt, cfg);
    match hint {
        Some(hint) => jittered.max(hint.min(cfg.max_backoff)),
        None => jittered,
    }
}

/// Why (or whether) a failed attempt may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// The service is throttling the caller (429, `ThrottlingException`...).
    Throttling,
    /// A transient failure: 5xx, transport error, timeout.
    Transient,
    /// An error modeled as `@retryable` by the service.
    Retryable,
    /// Not retryable.
    No,
}

impl RetryKind {
    /// Whether the attempt should be retried.
    pub fn is_retryable(self) -> bool {
        self != RetryKind::No
    }
}

const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "InternalServerError",
    "ServiceUnavailable",
];

const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Classifies an error response.
///
/// `modeled_retryable` lists the operation's `@retryable` error codes with their `throttling`
/// flag. Precedence: modeled codes, known throttling codes, known transient codes, status 429
/// (throttling), statuses 500/502/503/504 (transient). Successful statuses are never retried.
///
/// ```
/// use smelt_runtime::retry::{classify, RetryKind};
/// assert_eq!(classify(400, Some("ThrottlingException"), &[]), RetryKind::Throttling);
/// assert_eq!(classify(503, None, &[]), RetryKind::Transient);
/// assert_eq!(classify(400, Some("ValidationException"), &[]), RetryKind::No);
/// ```
pub fn classify(
    status: u16,
    error_code: Option<&str>,
    modeled_retryable: &[(&str, bool)],
) -> RetryKind {
    if (200..300).contains(&status) {
        return RetryKind::No;
    }
    if let Some(code) = error_code {
        if let Some((_, throttling)) = modeled_retryable.iter().find(|(c, _)| *c == code) {
            return if *throttling {
                RetryKind::Throttling
            } else {
                RetryKind::Retryable
            };
        }
        if THROTTLING_CODES.contains(&code) {
            return RetryKind::Throttling;
        }
        if TRANSIENT_CODES.contains(&code) {
            return RetryKind::Transient;
        }
    }
    if status == 429 {
        RetryKind::Throttling
    } else if TRANSIENT_STATUSES.contains(&status) {
        RetryKind::Transient
    } else {
        RetryKind::No
    }
}

/// The delay before retry number `attempt` (1 = the first retry; 0 is treated as 1): uniform in
/// `[0, min(max_backoff, initial_backoff * 2^(attempt-1))]`.
pub fn backoff(attempt: u32, cfg: &RetryConfig) -> Duration {
    let ceiling = backoff_ceiling(attempt, cfg);
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=nanos))
}

/// The upper bound of [`backoff`] for retry number `attempt`.
pub fn backoff_ceiling(attempt: u32, cfg: &RetryConfig) -> Duration {
    let exp = attempt.max(1) - 1;
    let factor = 2u32.checked_pow(exp.min(31)).unwrap_or(u32::MAX);
    cfg.initial_backoff
        .checked_mul(factor)
        .unwrap_or(Duration::MAX)
        .min(cfg.max_backoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = RetryConfig::default();
        assert_eq!(c.max_attempts(), 3);
        assert_eq!(c.initial_backoff(), Duration::from_millis(100));
        assert_eq!(c.max_backoff(), Duration::from_secs(20));
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(
            RetryConfig::default().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn the_token_bucket_is_shared_bounded_and_refilled() {
        let bucket = RetryTokenBucket::new(12);
        assert!(bucket.try_acquire(TIMEOUT_RETRY_COST));
        assert_eq!(bucket.available(), 2);
        assert!(!bucket.try_acquire(RETRY_COST), "not enough left");
        assert_eq!(bucket.available(), 2, "a refused acquire takes nothing");
        bucket.release(RETRY_COST);
        assert_eq!(bucket.available(), 7);
        bucket.release(u32::MAX);
        assert_eq!(bucket.available(), bucket.capacity());
        assert_eq!(RetryConfig::standard().retry_tokens(), 500);
        assert_eq!(
            RetryConfig::standard().with_retry_tokens(0).retry_tokens(),
            0
        );
    }

    #[test]
    fn retry_after_hints() {
        let mut h = http::HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", "2".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert("x-amz-retry-after", "1500".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(1500)));
        let mut date = http::HeaderMap::new();
        date.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&date), None);
        let cfg = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_secs(3));
        let d = delay_before_retry(1, &cfg, Some(Duration::from_secs(2)));
        assert_eq!(d, Duration::from_secs(2));
        let capped = delay_before_retry(1, &cfg, Some(Duration::from_secs(3600)));
        assert_eq!(capped, Duration::from_secs(3), "capped by max_backoff");
        assert!(delay_before_retry(1, &cfg, None) <= Duration::from_millis(1));
    }

    #[test]
    fn classification() {
        use RetryKind::*;
        assert_eq!(classify(400, Some("Throttling"), &[]), Throttling);
        assert_eq!(classify(400, Some("SlowDown"), &[]), Throttling);
        assert_eq!(
            classify(400, Some("EC2ThrottledException"), &[]),
            Throttling
        );
        assert_eq!(classify(400, Some("RequestTimeout"), &[]), Transient);
        assert_eq!(classify(500, Some("InternalServerError"), &[]), Transient);
        assert_eq!(classify(429, None, &[]), Throttling);
        for s in [500, 502, 503, 504] {
            assert_eq!(classify(s, None, &[]), Transient, "{s}");
        }
        assert_eq!(classify(501, None, &[]), No);
        assert_eq!(classify(400, Some("ValidationException"), &[]), No);
        assert_eq!(classify(404, None, &[]), No);
        assert_eq!(classify(200, Some("ThrottlingException"), &[]), No);
        let modeled = [("ConflictException", false), ("CapacityException", true)];
        assert_eq!(
            classify(409, Some("ConflictException"), &modeled),
            Retryable
        );
        assert_eq!(
            classify(400, Some("CapacityException"), &modeled),
            Throttling
        );
        assert_eq!(classify(409, Some("OtherConflict"), &modeled), No);
        assert!(Transient.is_retryable() && !No.is_retryable());
    }

    #[test]
    fn backoff_is_exponential_capped_and_jittered() {
        let cfg = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(1));
        assert_eq!(backoff_ceiling(0, &cfg), Duration::from_millis(100));
        assert_eq!(backoff_ceiling(1, &cfg), Duration::from_millis(100));
        assert_eq!(backoff_ceiling(2, &cfg), Duration::from_millis(200));
        assert_eq!(backoff_ceiling(4, &cfg), Duration::from_millis(800));
        assert_eq!(backoff_ceiling(5, &cfg), Duration::from_secs(1));
        assert_eq!(backoff_ceiling(u32::MAX, &cfg), Duration::from_secs(1));
        let huge = cfg
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX);
        assert_eq!(backoff_ceiling(40, &huge), Duration::MAX);
        let _ = backoff(40, &huge);

        let mut distinct = std::collections::HashSet::new();
        for _ in 0..200 {
            let d = backoff(3, &cfg);
            assert!(d <= Duration::from_millis(400), "{d:?}");
            distinct.insert(d);
        }
        assert!(distinct.len() > 100, "jitter should spread delays");
        assert_eq!(
            backoff(3, &cfg.with_initial_backoff(Duration::ZERO)),
            Duration::ZERO
        );
    }
}

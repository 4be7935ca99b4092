//! [`LazyCache`]: credentials loaded on first use, kept until shortly before they expire, and
//! shared by every clone (so by every clone of a client's configuration).
//!
//! At most one refresh runs at a time: callers that find the cache empty or about to expire
//! queue on one async lock; the first loads, the others find its result when they get the lock.
//! When a refresh fails but the cached credentials have not actually expired yet (they are only
//! inside the refresh window), those are returned and the next call tries again.

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::http::BoxFuture;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How long before their expiry cached credentials are refreshed, by default (5 minutes).
pub const DEFAULT_REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(300);

/// A clock: the current time (replaceable in tests).
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// A lazy, shared credentials cache in front of a provider. Cheap to clone; clones share the
/// cache.
///
/// ```
/// use smelt_runtime::credentials::{Credentials, LazyCache, ProvideCredentials};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let cache = LazyCache::new(Credentials::new("AKID", "SECRET", None, None, "example"));
/// let creds = cache.clone().provide_credentials().await.unwrap();
/// assert_eq!(creds.access_key_id(), "AKID");
/// # });
/// ```
#[derive(Clone)]
pub struct LazyCache {
    inner: Arc<Inner>,
}

struct Inner {
    provider: Arc<dyn ProvideCredentials>,
    cached: Mutex<Option<Credentials>>,
    refresh: tokio::sync::Mutex<()>,
    refresh_before: Duration,
    clock: Clock,
}

impl fmt::Debug for LazyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Credentials`' own Debug redacts the secret; the cached value is not printed at all.
        f.debug_struct("LazyCache")
            .field("provider", &self.inner.provider)
            .field("refresh_before", &self.inner.refresh_before)
            .finish_non_exhaustive()
    }
}

impl LazyCache {
    /// A cache in front of `provider`, refreshing [`DEFAULT_REFRESH_BEFORE_EXPIRY`] before expiry.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self::from_arc(Arc::new(provider))
    }

    /// Like [`LazyCache::new`] for a shared provider.
    pub fn from_arc(provider: Arc<dyn ProvideCredentials>) -> Self {
        Self {
            inner: Arc::new(Inner {
                provider,
                cached: Mutex::new(None),
                refresh: tokio::sync::Mutex::new(()),
                refresh_before: DEFAULT_REFRESH_BEFORE_EXPIRY,
                clock: Arc::new(SystemTime::now),
            }),
        }
    }

    /// Sets how long before expiry credentials are refreshed (only before the cache is shared).
    pub fn with_refresh_before(self, window: Duration) -> Self {
        self.rebuild(|i| i.refresh_before = window)
    }

    /// Replaces the clock (for tests).
    pub fn with_clock(self, clock: Clock) -> Self {
        self.rebuild(|i| i.clock = clock)
    }

    fn rebuild(self, f: impl FnOnce(&mut Inner)) -> Self {
        let cached = self.cached();
        let mut inner = Inner {
            provider: self.inner.provider.clone(),
            cached: Mutex::new(cached),
            refresh: tokio::sync::Mutex::new(()),
            refresh_before: self.inner.refresh_before,
            clock: self.inner.clock.clone(),
        };
        f(&mut inner);
        Self {
            inner: Arc::new(inner),
        }
    }

    fn cached(&self) -> Option<Credentials> {
        self.inner
            .cached
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Forgets the cached credentials (the next call loads again).
    pub fn invalidate(&self) {
        *self.inner.cached.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    fn fresh(&self, c: &Credentials, now: SystemTime) -> bool {
        c.expiry()
            .is_none_or(|exp| exp > now + self.inner.refresh_before)
    }

    /// The cached credentials if still fresh, else loads them (one load at a time).
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        if let Some(c) = self
            .cached()
            .filter(|c| self.fresh(c, (self.inner.clock)()))
        {
            return Ok(c);
        }
        let _refreshing = self.inner.refresh.lock().await;
        // Another caller may have refreshed while this one waited.
        let now = (self.inner.clock)();
        let cached = self.cached();
        if let Some(c) = cached.as_ref().filter(|c| self.fresh(c, now)) {
            return Ok(c.clone());
        }
        match self.inner.provider.provide_credentials().await {
            Ok(c) => {
                *self.inner.cached.lock().unwrap_or_else(|p| p.into_inner()) = Some(c.clone());
                Ok(c)
            }
            Err(e) => match cached.filter(|c| c.expiry().is_some_and(|exp| exp > now)) {
                // Still valid, only inside the refresh window: use it, retry next time.
                Some(c) => Ok(c),
                None => Err(e),
            },
        }
    }
}

impl ProvideCredentials for LazyCache {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    /// Counts calls; each call waits a little (so concurrent callers overlap) and returns
    /// credentials expiring `ttl` after the test clock's time.
    #[derive(Debug)]
    struct Counting {
        calls: Arc<AtomicUsize>,
        now: Arc<AtomicU64>,
        ttl: Duration,
        fail_after: usize,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
                if n > self.fail_after {
                    return Err(CredentialsError::invalid("fake source: down"));
                }
                let now =
                    SystemTime::UNIX_EPOCH + Duration::from_secs(self.now.load(Ordering::SeqCst));
                Ok(Credentials::new(
                    format!("AKID{n}"),
                    "S",
                    None,
                    Some(now + self.ttl),
                    "counting",
                ))
            })
        }
    }

    fn setup(fail_after: usize) -> (LazyCache, Arc<AtomicUsize>, Arc<AtomicU64>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let now = Arc::new(AtomicU64::new(1_000_000));
        let provider = Counting {
            calls: calls.clone(),
            now: now.clone(),
            ttl: Duration::from_secs(3600),
            fail_after,
        };
        let clock_now = now.clone();
        let cache = LazyCache::new(provider).with_clock(Arc::new(move || {
            SystemTime::UNIX_EPOCH + Duration::from_secs(clock_now.load(Ordering::SeqCst))
        }));
        (cache, calls, now)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn many_concurrent_callers_cause_one_provider_call() {
        let (cache, calls, _) = setup(usize::MAX);
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.provide_credentials().await })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap().unwrap().access_key_id(), "AKID1");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn refreshes_before_expiry_once() {
        let (cache, calls, now) = setup(usize::MAX);
        assert_eq!(cache.load().await.unwrap().access_key_id(), "AKID1");
        // 54 minutes later: 6 minutes left, outside the 5-minute window.
        now.fetch_add(54 * 60, Ordering::SeqCst);
        assert_eq!(cache.load().await.unwrap().access_key_id(), "AKID1");
        // 56 minutes: inside the window; concurrent callers share one refresh.
        now.fetch_add(2 * 60, Ordering::SeqCst);
        let (a, b, c) = tokio::join!(cache.load(), cache.load(), cache.load());
        for r in [a, b, c] {
            assert_eq!(r.unwrap().access_key_id(), "AKID2");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn failed_refresh_keeps_unexpired_credentials_and_reports_expired_ones() {
        let (cache, calls, now) = setup(1);
        cache.load().await.unwrap();
        now.fetch_add(58 * 60, Ordering::SeqCst); // in the window, not expired
        assert_eq!(cache.load().await.unwrap().access_key_id(), "AKID1");
        now.fetch_add(3 * 60, Ordering::SeqCst); // expired
        let e = cache.load().await.unwrap_err();
        assert_eq!(e.to_string(), "fake source: down");
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert!(!format!("{cache:?}").contains("AKID"));
    }
}

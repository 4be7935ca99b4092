//! Paginators for `@paginated` operations: pages, or the items across pages, following the
//! output token until the service stops sending one (or sends the same one again).
//!
//! Client layer, above the orchestrator: it only calls an operation's send function; it must not
//! build requests or parse responses.

use crate::client::error::{BuildError, SdkError};
use crate::client::orchestrator::Handle;
use crate::http::BoxFuture;

type SendFn<I, O, E> = fn(Handle, I) -> BoxFuture<'static, Result<O, SdkError<E>>>;

/// Pages of a paginated operation. Call [`next_page`](Self::next_page) until it returns `None`.
///
/// `T` is the token's type: usually a string, but a service may use anything (DynamoDB's is a map).
pub struct Paginator<I, O, E, T = String> {
    handle: Handle,
    input: Result<I, Option<BuildError>>,
    send: SendFn<I, O, E>,
    set_token: fn(&mut I, Option<T>),
    get_token: fn(&O) -> Option<T>,
    last_token: Option<T>,
    done: bool,
}

impl<I: Clone, O, E, T: Clone + PartialEq> Paginator<I, O, E, T> {
    /// Used by generated fluent builders.
    pub fn new<B>(
        handle: Handle,
        builder: B,
        build: fn(B) -> Result<I, BuildError>,
        send: SendFn<I, O, E>,
        set_token: fn(&mut I, Option<T>),
        get_token: fn(&O) -> Option<T>,
    ) -> Self {
        Paginator {
            handle,
            input: build(builder).map_err(Some),
            send,
            set_token,
            get_token,
            last_token: None,
            done: false,
        }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<O, SdkError<E>>> {
        if self.done {
            return None;
        }
        let input = match &mut self.input {
            Ok(input) => input,
            Err(e) => {
                self.done = true;
                let e = e
                    .take()
                    .unwrap_or_else(|| BuildError::other("the input could not be built"));
                return Some(Err(SdkError::construction_failure(e)));
            }
        };
        (self.set_token)(input, self.last_token.clone());
        let result = (self.send)(self.handle.clone(), input.clone()).await;
        match &result {
            Ok(page) => {
                let token = (self.get_token)(page);
                // A service that repeats a token would loop forever: stop instead.
                if token.is_none() || token == self.last_token {
                    self.done = true;
                }
                self.last_token = token;
            }
            Err(_) => self.done = true,
        }
        Some(result)
    }

    /// Turns the pages into a stream of items, taken from each page with `items`.
    pub fn items<V>(self, items: fn(O) -> Vec<V>) -> Items<I, O, E, V, T> {
        Items {
            pages: self,
            items,
            buffer: Vec::new().into_iter(),
        }
    }

    /// Collects every page (stopping at the first error).
    pub async fn collect_pages(mut self) -> Result<Vec<O>, SdkError<E>> {
        let mut out = Vec::new();
        while let Some(page) = self.next_page().await {
            out.push(page?);
        }
        Ok(out)
    }
}

/// Items across every page of a paginated operation.
pub struct Items<I, O, E, V, T = String> {
    pages: Paginator<I, O, E, T>,
    items: fn(O) -> Vec<V>,
    buffer: std::vec::IntoIter<V>,
}

impl<I: Clone, O, E, V, T: Clone + PartialEq> Items<I, O, E, V, T> {
    /// The next item, fetching pages as needed; `None` when every page is done.
    pub async fn next(&mut self) -> Option<Result<V, SdkError<E>>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            match self.pages.next_page().await? {
                Ok(page) => self.buffer = (self.items)(page).into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Collects every item (stopping at the first error).
    pub async fn collect(mut self) -> Result<Vec<V>, SdkError<E>> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }
}

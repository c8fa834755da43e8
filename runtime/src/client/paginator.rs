//! Paginators: `into_paginator().send()` and `.items().send()` as the
//! official SDKs have them (a [`PaginationStream`] with `next().await`,
//! `collect()` and `try_collect()`).
//!
//! The generated code only says how an operation's builder reads and sets
//! its page token and how a page gives the next one ([`Paginate`]); the
//! loop is here. It follows smithy-rs: a page is requested when the stream
//! is polled, never ahead; the stream ends after a page without a next
//! token, with an empty one, or (unless turned off) with the token it was
//! requested with, which would loop forever; and it ends after yielding an
//! error.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::SdkError;

/// What a paginated operation's fluent builder tells its paginator.
pub trait Paginate: Clone + Send + 'static {
    /// One page.
    type Output: Send + 'static;
    /// The operation's error.
    type Error: Send + 'static;
    /// Sends the request for one page.
    fn send_page(self) -> impl Future<Output = Result<Self::Output, SdkError<Self::Error>>> + Send + 'static;
    /// The page token this request carries.
    fn page_token(&self) -> Option<&str>;
    /// The same request for the page after `token`.
    fn with_page_token(self, token: String) -> Self;
    /// The token of the page after `page`, if any.
    fn next_page_token(page: &Self::Output) -> Option<&str>;
}

/// A stream of pages or items, polled with [`Self::next`] (or
/// [`Self::poll_next`] to adapt it to a `Stream` trait).
pub struct PaginationStream<Item> {
    inner: Pin<Box<dyn PollNext<Item> + Send>>,
}

impl<Item> fmt::Debug for PaginationStream<Item> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PaginationStream")
    }
}

trait PollNext<Item> {
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Item>>;
}

impl<Item> PaginationStream<Item> {
    /// The next item, or `None` at the end.
    pub async fn next(&mut self) -> Option<Item> {
        std::future::poll_fn(|cx| self.poll_next(cx)).await
    }

    /// Polls for the next item, as `Stream::poll_next` does.
    pub fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        self.inner.as_mut().poll_next(cx)
    }

    /// Every remaining item.
    pub async fn collect<C: FromIterator<Item>>(mut self) -> C {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item);
        }
        items.into_iter().collect()
    }
}

impl<T, E> PaginationStream<Result<T, E>> {
    /// Every remaining item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, E> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

type PageFuture<P> = Pin<Box<dyn Future<Output = (P, Result<<P as Paginate>::Output, SdkError<<P as Paginate>::Error>>)> + Send>>;

struct Pages<P: Paginate> {
    next: Option<P>,
    in_flight: Option<PageFuture<P>>,
    stop_on_duplicate_token: bool,
}

impl<P: Paginate> PollNext<Result<P::Output, SdkError<P::Error>>> for Pages<P> {
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<P::Output, SdkError<P::Error>>>> {
        let this = &mut *self;
        if this.in_flight.is_none() {
            let Some(request) = this.next.take() else { return Poll::Ready(None) };
            this.in_flight = Some(Box::pin(async move {
                let page = request.clone().send_page().await;
                (request, page)
            }));
        }
        let Some(in_flight) = this.in_flight.as_mut() else { return Poll::Ready(None) };
        let (request, page) = std::task::ready!(in_flight.as_mut().poll(cx));
        this.in_flight = None;
        if let Ok(output) = &page {
            let next = P::next_page_token(output).filter(|t| !t.is_empty());
            let repeated = this.stop_on_duplicate_token && next.is_some() && next == request.page_token();
            if let (Some(token), false) = (next, repeated) {
                this.next = Some(request.with_page_token(token.to_owned()));
            }
        }
        Poll::Ready(Some(page))
    }
}

// No field is pinned in place: the request is moved in and out whole and
// the future in flight is boxed.
impl<P: Paginate> Unpin for Pages<P> {}

/// The pages of `request` and those after it.
pub fn pages<P: Paginate>(request: P, stop_on_duplicate_token: bool) -> PaginationStream<Result<P::Output, SdkError<P::Error>>> {
    PaginationStream { inner: Box::pin(Pages { next: Some(request), in_flight: None, stop_on_duplicate_token }) }
}

struct Items<Page, Item, E> {
    pages: PaginationStream<Result<Page, E>>,
    buffered: VecDeque<Item>,
    split: fn(Page) -> Vec<Item>,
}

impl<Page, Item, E> PollNext<Result<Item, E>> for Items<Page, Item, E> {
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Item, E>>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match std::task::ready!(this.pages.poll_next(cx)) {
                Some(Ok(page)) => this.buffered = (this.split)(page).into(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }
}

// Likewise: the page stream inside is boxed.
impl<Page, Item, E> Unpin for Items<Page, Item, E> {}

/// The items of every page of `pages`, in order; `split` takes a page's
/// items out of it.
pub fn items<Page, Item, E>(pages: PaginationStream<Result<Page, E>>, split: fn(Page) -> Vec<Item>) -> PaginationStream<Result<Item, E>>
where
    Page: 'static,
    Item: Send + 'static,
    E: 'static,
{
    PaginationStream { inner: Box::pin(Items { pages, buffered: VecDeque::new(), split }) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A request for page `token`; `pages` answers by token.
    #[derive(Clone)]
    struct Fake {
        token: Option<String>,
        pages: Arc<Answers>,
        sent: Arc<Mutex<Vec<Option<String>>>>,
    }

    #[derive(Debug)]
    struct Page {
        items: Vec<u32>,
        next: Option<String>,
    }

    impl Paginate for Fake {
        type Output = Page;
        type Error = ();
        async fn send_page(self) -> Result<Page, SdkError<()>> {
            self.sent.lock().unwrap().push(self.token.clone());
            let (_, answer) = self.pages.iter().find(|(t, _)| t.map(str::to_owned) == self.token).expect("a page for every token");
            match answer {
                Ok((items, next)) => Ok(Page { items: items.clone(), next: next.map(str::to_owned) }),
                Err(()) => Err(SdkError::construction_failure("page failed")),
            }
        }
        fn page_token(&self) -> Option<&str> {
            self.token.as_deref()
        }
        fn with_page_token(mut self, token: String) -> Self {
            self.token = Some(token);
            self
        }
        fn next_page_token(page: &Page) -> Option<&str> {
            page.next.as_deref()
        }
    }

    type Answers = Vec<(Option<&'static str>, Result<(Vec<u32>, Option<&'static str>), ()>)>;

    fn fake(pages: Answers) -> Fake {
        Fake { token: None, pages: Arc::new(pages), sent: Arc::default() }
    }

    fn run<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
    }

    #[test]
    fn follows_tokens_and_flattens_items_in_order() {
        let f = fake(vec![(None, Ok((vec![1, 2], Some("a")))), (Some("a"), Ok((vec![], Some("b")))), (Some("b"), Ok((vec![3], None)))]);
        let items: Vec<u32> = run(items(pages(f.clone(), true), |p: Page| p.items).try_collect()).unwrap();
        assert_eq!(items, [1, 2, 3], "an empty page in the middle is skipped, not the end");
        assert_eq!(*f.sent.lock().unwrap(), [None, Some("a".into()), Some("b".into())]);
    }

    #[test]
    fn asks_for_a_page_only_when_polled() {
        let f = fake(vec![(None, Ok((vec![1], Some("a")))), (Some("a"), Ok((vec![2], None)))]);
        let mut stream = pages(f.clone(), true);
        assert!(f.sent.lock().unwrap().is_empty());
        let first = run(stream.next()).unwrap().unwrap();
        assert_eq!(first.items, [1]);
        assert_eq!(f.sent.lock().unwrap().len(), 1);
    }

    #[test]
    fn an_empty_token_ends_the_stream() {
        let f = fake(vec![(None, Ok((vec![1], Some(""))))]);
        let all: Vec<_> = run(pages(f.clone(), true).collect::<Vec<_>>());
        assert_eq!(all.len(), 1);
    }

    #[test]
    fn a_repeated_token_ends_the_stream_unless_turned_off() {
        let looping = vec![(None, Ok((vec![1], Some("a")))), (Some("a"), Ok((vec![2], Some("a"))))];
        let f = fake(looping.clone());
        assert_eq!(run(items(pages(f, true), |p: Page| p.items).try_collect()).unwrap(), [1, 2]);
        // Without the check the same page comes again; take a few.
        let mut s = items(pages(fake(looping), false), |p: Page| p.items);
        let first: Vec<u32> = run(async {
            let mut v = vec![];
            for _ in 0..4 {
                v.push(s.next().await.unwrap().unwrap());
            }
            v
        });
        assert_eq!(first, [1, 2, 2, 2]);
    }

    #[test]
    fn an_error_is_yielded_once_and_ends_the_stream() {
        let f = fake(vec![(None, Ok((vec![1], Some("a")))), (Some("a"), Err(()))]);
        let mut s = items(pages(f.clone(), true), |p: Page| p.items);
        run(async {
            assert_eq!(s.next().await.unwrap().unwrap(), 1);
            let e = s.next().await.unwrap().unwrap_err();
            assert!(matches!(e, SdkError::ConstructionFailure(_)));
            assert!(s.next().await.is_none());
        });
        assert_eq!(f.sent.lock().unwrap().len(), 2);
        let f = fake(vec![(None, Ok((vec![1], Some("a")))), (Some("a"), Err(()))]);
        assert!(run(items(pages(f, true), |p: Page| p.items).try_collect()).is_err());
    }
}

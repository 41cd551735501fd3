//! The connections themselves: how many may be open at once (below the open-file limit,
//! with room for the data dir), how long one may sit idle or dawdle over its headers, and
//! the contract's JSON body on the refusals hyper writes by itself.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::PollSemaphore;

/// Connections open at once unless `--max-connections` says otherwise. Event streams
/// (one per screen or console) count too; 1,000 screens stay well within it.
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;
/// How long a connection may take to send a request's headers: a new one, one idle between
/// requests (keep-alive), one half-sent. Past it the server closes the connection.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Open files kept apart for everything but connections: sled's files, the listener, the
/// log, the runtime.
pub const RESERVED_FILES: u64 = 64;

/// The connection settings `leitai serve` runs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Connections open at once; past it the server stops accepting (the kernel's backlog
    /// holds the next ones) until one closes.
    pub max: usize,
    pub header_timeout: Duration,
}

impl ConnectionLimits {
    /// Raises the process's soft open-file limit to its hard limit, and keeps the cap on
    /// connections to half of what is left after [`RESERVED_FILES`]: each connection may
    /// have a file of the site open while it is served. `asked` is `--max-connections`.
    pub fn for_this_process(asked: usize, header_timeout: Duration) -> ConnectionLimits {
        let files = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
        let room = files.saturating_sub(RESERVED_FILES) / 2;
        let max = asked
            .min(usize::try_from(room).unwrap_or(usize::MAX))
            .max(1);
        if max < asked {
            tracing::warn!(
                open_files = files,
                max_connections = max,
                "the open-file limit allows only this many connections; raise it (LimitNOFILE=) for more"
            );
        }
        ConnectionLimits {
            max,
            header_timeout,
        }
    }
}

/// A make-service that hands out at most `max` connections' services at once: asked for
/// another, it is not ready until one of them is dropped, which hyper does when its
/// connection closes. The server's accept loop waits on it, so at most one connection
/// more than `max` is ever open.
#[derive(Clone)]
pub struct ConnectionCap<M> {
    inner: M,
    permits: PollSemaphore,
    permit: Option<Arc<OwnedSemaphorePermit>>,
}

impl<M> ConnectionCap<M> {
    pub fn new(inner: M, max: usize) -> ConnectionCap<M> {
        ConnectionCap {
            inner,
            permits: PollSemaphore::new(Arc::new(Semaphore::new(max))),
            permit: None,
        }
    }
}

impl<M, T> tower::Service<T> for ConnectionCap<M>
where
    M: tower::Service<T>,
    M::Future: Send + 'static,
{
    type Response = Held<M::Response>;
    type Error = M::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        if self.permit.is_none() {
            match self.permits.poll_acquire(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(permit) => {
                    self.permit = permit.map(Arc::new);
                }
            }
        }
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, target: T) -> Self::Future {
        let permit = self.permit.take();
        let made = self.inner.call(target);
        Box::pin(async move {
            let inner = made.await?;
            Ok(Held {
                inner,
                _permit: permit,
            })
        })
    }
}

/// A connection's service, holding its place under the cap while the connection lives.
#[derive(Clone)]
pub struct Held<S> {
    inner: S,
    _permit: Option<Arc<OwnedSemaphorePermit>>,
}

impl<S, R> tower::Service<R> for Held<S>
where
    S: tower::Service<R>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: R) -> Self::Future {
        self.inner.call(req)
    }
}

/// An acceptor that gives each connection [`JsonRefusals`] on top of what `inner` makes
/// of it (the TCP stream, or the TLS stream after the handshake).
#[derive(Clone, Copy, Debug, Default)]
pub struct JsonRefusalAcceptor<A> {
    inner: A,
}

impl<A> JsonRefusalAcceptor<A> {
    pub fn new(inner: A) -> JsonRefusalAcceptor<A> {
        JsonRefusalAcceptor { inner }
    }
}

impl<A, I, S> axum_server::accept::Accept<I, S> for JsonRefusalAcceptor<A>
where
    A: axum_server::accept::Accept<I, S>,
    A::Future: Send + 'static,
{
    type Stream = JsonRefusals<A::Stream>;
    type Service = A::Service;
    type Future = Pin<Box<dyn Future<Output = io::Result<(Self::Stream, Self::Service)>> + Send>>;

    fn accept(&self, stream: I, service: S) -> Self::Future {
        let accepted = self.inner.accept(stream, service);
        Box::pin(async move {
            let (stream, service) = accepted.await?;
            Ok((JsonRefusals::new(stream), service))
        })
    }
}

/// A connection on which hyper's own refusals carry the contract's JSON error. Hyper
/// answers a request it cannot parse (a 100 KB address: 414; headers past its buffer: 431;
/// garbage: 400) before any service sees it, with an empty body; this stream recognises
/// that exact answer (the status line and only `connection: close`, `content-length: 0` and
/// `date`; every answer of the app carries the security headers besides) and writes it
/// with a JSON body instead. Nothing else it writes is touched.
pub struct JsonRefusals<S> {
    inner: S,
    /// A rewritten refusal still to be written, and how much of it is.
    pending: Option<(Vec<u8>, usize)>,
}

impl<S> JsonRefusals<S> {
    pub fn new(inner: S) -> JsonRefusals<S> {
        JsonRefusals {
            inner,
            pending: None,
        }
    }
}

impl<S: AsyncWrite + Unpin> JsonRefusals<S> {
    /// Writes what is left of a rewritten refusal.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, done)) = &mut self.pending {
            if *done == bytes.len() {
                self.pending = None;
                break;
            }
            match Pin::new(&mut self.inner).poll_write(cx, &bytes[*done..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => *done += n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for JsonRefusals<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for JsonRefusals<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.poll_pending(cx)?.is_pending() {
            return Poll::Pending;
        }
        if let Some(rewritten) = json_refusal(buf) {
            this.pending = Some((rewritten, 0));
            // The refusal counts as written; the rest goes out on the next write or flush.
            let _ = this.poll_pending(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.poll_pending(cx)?.is_pending() {
            return Poll::Pending;
        }
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.poll_pending(cx)?.is_pending() {
            return Poll::Pending;
        }
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }

    /// One buffer per write, so a response's head always starts a write (hyper then
    /// flattens what it sends).
    fn is_write_vectored(&self) -> bool {
        false
    }
}

/// Hyper's own refusal with the contract's JSON error as its body, or `None` for anything
/// else. Hyper writes exactly `HTTP/1.1 414 URI Too Long\r\nconnection: close\r\n
/// content-length: 0\r\ndate: …\r\n\r\n`.
pub fn json_refusal(written: &[u8]) -> Option<Vec<u8>> {
    let head = std::str::from_utf8(written).ok()?;
    let head = head.strip_suffix("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let (version, rest) = status_line.split_once(' ')?;
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return None;
    }
    let status: u16 = rest.get(..3)?.parse().ok()?;
    let status = axum::http::StatusCode::from_u16(status).ok()?;
    if !status.is_client_error() && !status.is_server_error() {
        return None;
    }
    let mut headers: Vec<&str> = lines.collect();
    headers.sort_unstable();
    let [close, length, date] = headers.as_slice() else {
        return None;
    };
    if *close != "connection: close" || *length != "content-length: 0" {
        return None;
    }
    date.strip_prefix("date: ")?;
    let (code, message) = match status.as_u16() {
        414 => (
            "uri_too_long",
            format!(
                "the address with its query is over {} KiB",
                crate::limits::MAX_URI_BYTES / 1024
            ),
        ),
        431 => (
            "headers_too_large",
            format!(
                "at most {} headers and {} KiB of them",
                crate::limits::MAX_HEADERS,
                crate::limits::MAX_HEADER_BYTES / 1024
            ),
        ),
        _ => ("bad_request", "the request is not valid HTTP".to_string()),
    };
    let body = serde_json::json!({"error": {"code": code, "message": message}}).to_string();
    let answer = format!(
        "{status_line}\r\nconnection: close\r\ncontent-type: application/json\r\n\
         x-content-type-options: nosniff\r\ncontent-length: {}\r\n{date}\r\n\r\n{body}",
        body.len()
    );
    Some(answer.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hypers_own_refusal_is_rewritten_with_a_json_body() {
        let hyper = b"HTTP/1.1 414 URI Too Long\r\nconnection: close\r\ncontent-length: 0\r\ndate: Wed, 02 Dec 2026 19:42:07 GMT\r\n\r\n";
        let rewritten = String::from_utf8(json_refusal(hyper).unwrap()).unwrap();
        let (head, body) = rewritten.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["error"]["code"], "uri_too_long");
        // An answer of the app, or one with a body, or no refusal at all, passes untouched.
        for other in [
            &b"HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\nx-content-type-options: nosniff\r\ndate: x\r\n\r\n"[..],
            b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 2\r\ndate: x\r\n\r\n{}",
            b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 0\r\ndate: x\r\n\r\n",
            b"\x00\x00\x04\x01\x00\x00\x00\x00\x00",
        ] {
            assert_eq!(json_refusal(other), None, "{}", String::from_utf8_lossy(other));
        }
    }
}

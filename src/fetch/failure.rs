//! Why an attempt failed, in one line, and whether it is worth another: reqwest's errors (and
//! the I/O errors inside them) sorted into transient, unreachable-host and final failures.

use std::time::Duration;

use crate::english;

/// How an attempt failed, with its one-line cause.
pub(super) enum AttemptFailure {
    /// Worth another attempt, after at least this long.
    Transient(String, Option<Duration>),
    /// Not worth another attempt, nor any request to the same host for a while (DNS failure).
    Unreachable(String),
    Final(String),
}

/// The innermost cause of an error chain, which is usually the one that says what happened.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// Every message of an error chain, joined.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(next) = cause {
        text.push_str(": ");
        text.push_str(&next.to_string());
        cause = next.source();
    }
    text
}

impl AttemptFailure {
    /// The one-line cause, whatever the kind.
    fn cause(self) -> String {
        match self {
            AttemptFailure::Transient(cause, _)
            | AttemptFailure::Unreachable(cause)
            | AttemptFailure::Final(cause) => cause,
        }
    }
}

/// Why a request got no answer, in the words a failed fetch records (for other HTTP clients
/// of Lamplight's, such as the sync client).
pub fn send_error_in_words(e: reqwest::Error) -> String {
    classify_send_error(e).cause()
}

/// Why an answer's body could not be read, in the words a failed fetch records.
pub fn body_error_in_words(e: reqwest::Error) -> String {
    classify_body_error(e).cause()
}

pub(super) fn classify_send_error(e: reqwest::Error) -> AttemptFailure {
    if e.is_connect() && e.is_timeout() {
        // No connection within the connect timeout (a black-holed host or a hanging resolver):
        // the next request to the same host would wait just as long.
        AttemptFailure::Unreachable(english!(
            "engine-timed-out-connecting",
            cause = root_cause(&e)
        ))
    } else if e.is_timeout() {
        AttemptFailure::Final(english!("engine-timed-out-answer").to_owned())
    } else if e.is_redirect() {
        AttemptFailure::Final(english!("engine-redirects", cause = root_cause(&e)))
    } else if e.is_connect() && io_error_kind(&e) == Some(std::io::ErrorKind::InvalidData) {
        // TCP connected, then TLS refused the peer (a bad certificate, or no TLS at all): the
        // same answer every time, and never something to click past.
        AttemptFailure::Final(english!("engine-tls-failed", cause = root_cause(&e)))
    } else if e.is_connect() {
        let cause = root_cause(&e);
        let chain = error_chain(&e);
        if chain.contains("dns error") || chain.contains("failed to lookup address") {
            AttemptFailure::Unreachable(english!("engine-cannot-resolve", cause = cause))
        } else {
            AttemptFailure::Transient(english!("engine-cannot-connect", cause = cause), None)
        }
    } else {
        AttemptFailure::Final(english!("engine-request-failed", cause = root_cause(&e)))
    }
}

pub(super) fn classify_body_error(e: reqwest::Error) -> AttemptFailure {
    use std::io::ErrorKind;
    let cause = root_cause(&e);
    if e.is_timeout() {
        return AttemptFailure::Final(english!("engine-timed-out-body").to_owned());
    }
    if !has_body_error(&e) {
        // Not the connection: the compressed stream itself is broken.
        return AttemptFailure::Final(english!("engine-body-not-decompressed", cause = cause));
    }
    match io_error_kind(&e) {
        // The network dropped the connection: the next attempt may well get through.
        Some(ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe) => {
            AttemptFailure::Transient(
                english!("engine-body-cut-off", cause = cause.as_str()),
                None,
            )
        }
        Some(ErrorKind::InvalidInput | ErrorKind::InvalidData) => {
            AttemptFailure::Final(english!("engine-body-malformed", cause = cause.as_str()))
        }
        _ => AttemptFailure::Final(english!("engine-body-cut-off", cause = cause)),
    }
}

/// Whether the chain holds reqwest's body (transport) error, as opposed to a decoder's.
fn has_body_error(e: &reqwest::Error) -> bool {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = next {
        if err
            .downcast_ref::<reqwest::Error>()
            .is_some_and(reqwest::Error::is_body)
        {
            return true;
        }
        next = err.source();
    }
    false
}

/// The kind of the innermost I/O error in the chain. `io::Error::source` skips the error it
/// wraps, so wrapped I/O errors are opened with `get_ref`.
fn io_error_kind(e: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut kind = None;
    let mut next = Some(e);
    while let Some(err) = next {
        next = match err.downcast_ref::<std::io::Error>() {
            Some(io) => {
                kind = Some(io.kind());
                io.get_ref()
                    .map(|inner| inner as &(dyn std::error::Error + 'static))
            }
            None => err.source(),
        };
    }
    kind
}

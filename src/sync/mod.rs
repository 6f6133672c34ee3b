//! Talking to a sync service: the Fever API client (`fever.rs`) and where an account's secret
//! is kept (`secrets.rs`). What a sync does with the answers is the engine's (`engine/sync.rs`).

pub mod fever;
pub mod secrets;

/// Why a call to the server failed, in one line (English; see `i18n::in_words`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// No answer: the server is down, unreachable, or dropped the connection.
    #[error("{0}")]
    Unreachable(String),
    /// The server answered, but not as a Fever server does (an HTML page, a 500, bad JSON).
    #[error("{0}")]
    Server(String),
    /// The server refused the key: wrong user or password.
    #[error("{0}")]
    Refused(String),
    /// The secret could not be read or kept.
    #[error("{0}")]
    Secret(String),
}

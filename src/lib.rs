//! Lamplight: an offline-first feed reader that records what every fetch cost.
//!
//! The layers, from the faces down; arrows point one way only:
//!
//! - [`ui`] — the desktop window (egui/eframe); [`cli`] — the headless face (`lamplight add`,
//!   `refresh`, `stats`, …). Two thin faces over one engine.
//! - [`engine`] — the one place that orchestrates work: refresh jobs, concurrency, progress
//!   events, fetch records. Owns the tokio runtime.
//! - [`fetch`] (HTTP), [`feed`] (parse and normalise), [`images`] (find, decode, WebP),
//!   [`render`] (article HTML → blocks → text), [`extract`] (a web page → its article),
//!   [`sync`] (a Fever server's API, and where an account's key is kept);
//!   [`notifications`] (new articles on the desktop), used by the faces over the store.
//! - [`store`] — SQLite; the only module that speaks SQL.
//!
//! [`links`] (URL resolution), [`paths`] (where data lives) and [`i18n`] (the user's language)
//! are leaf utilities.

pub mod cli;
pub mod engine;
pub mod extract;
pub mod feed;
pub mod fetch;
pub mod i18n;
pub mod images;
pub mod links;
pub mod notifications;
pub mod paths;
pub mod render;
pub mod store;
pub mod sync;
#[cfg(feature = "gui")]
pub mod ui;

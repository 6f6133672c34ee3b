//! Rendering: article HTML → a small block model → plain text. Knows nothing of egui; the GUI
//! paints [`Block`]s (one `LayoutJob` per paragraph), the CLI prints them with [`to_text`].
//!
//! Pure and bounded: any bytes produce output (possibly empty) in time linear in the input,
//! capped at [`MAX_HTML_BYTES`]; nesting deeper than [`MAX_DEPTH`] is read as plain text.

mod blocks;
mod image_source;
mod parse;
mod tables;
mod text;

pub use blocks::{Block, Inline, RunStyle, TextRun};
pub use parse::{MAX_DEPTH, MAX_HTML_BYTES, html_to_blocks};
pub use text::{html_text, plain_text, summary_line, summary_of, to_text};

/// Whether a link target may be followed (opened in a browser): http, https and mailto only.
pub fn is_followable(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "mailto"))
}

/// A UTC timestamp (milliseconds since the epoch) for people: `2019-01-29 08:44`; `-` for none.
pub fn format_timestamp(ms: Option<i64>) -> String {
    let Some(ms) = ms else {
        return "-".to_owned();
    };
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| "-".to_owned())
}

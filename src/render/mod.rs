//! Rendering: article HTML → a small block model → plain text. Knows nothing of egui; the GUI
//! paints [`Block`]s (one `LayoutJob` per paragraph), the CLI prints them with [`to_text`].
//!
//! Pure and bounded: any bytes produce output (possibly empty) in time linear in the input,
//! capped at [`MAX_HTML_BYTES`]; nesting deeper than [`MAX_DEPTH`] is read as plain text.

mod blocks;
mod parse;
mod text;

pub use blocks::{Block, Inline, RunStyle, TextRun};
pub use parse::{MAX_DEPTH, MAX_HTML_BYTES, html_to_blocks};
pub use text::{summary_line, to_text};

/// The text of an HTML fragment on one line, tags dropped and entities decoded (for titles
/// that feeds mark as HTML).
pub fn html_to_plain_line(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let text: String = fragment.root_element().text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a link target may be followed (opened in a browser): http, https and mailto only.
pub fn is_followable(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "mailto"))
}

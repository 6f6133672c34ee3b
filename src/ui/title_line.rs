//! A list or sidebar title as one line when it holds right-to-left or Thai-like text: set in
//! visual order by `text_lines`, cut at a word to fit, with "…" at its logical end (a
//! right-to-left title keeps its beginning, on the right). Other titles egui cuts itself.

use egui::epaint::text::FontsView;
use egui::text::{LayoutJob, TextFormat};

use super::text_lines::{has_rtl, is_dictionary_script, set_lines, span};

/// A one-line title with right-to-left or Thai-like text in it, in visual order, cut at a line
/// break opportunity to fit `width` and ended with "…" at its logical end (a right-to-left title
/// keeps its beginning, on the right). `None`: egui sets and cuts it.
pub fn title_line(
    fonts: &mut FontsView<'_>,
    text: &str,
    format: TextFormat,
    width: f32,
) -> Option<LayoutJob> {
    if !has_rtl(text) && !text.chars().any(is_dictionary_script) {
        return None;
    }
    let one_line = text.replace(['\n', '\r'], " ");
    let logical = LayoutJob::single_section(one_line.clone(), format.clone());
    let whole = set_lines(fonts, &logical, width);
    if !whole.job.text.contains('\n') {
        return Some(whole.job);
    }
    // What fits beside the ellipsis, up to its logical end.
    let ellipsis = fonts
        .layout_no_wrap("…".to_owned(), format.font_id.clone(), format.color)
        .size()
        .x;
    let narrower = set_lines(fonts, &logical, (width - ellipsis).max(1.0));
    let first_row_end = narrower
        .job
        .text
        .find('\n')
        .unwrap_or(narrower.job.text.len());
    let cut = narrower
        .pieces
        .iter()
        .filter(|(range, _)| range.end <= first_row_end)
        .map(|(range, start)| start + range.len())
        .max()
        .unwrap_or(0);
    let shortened = format!("{}…", one_line.get(..cut).unwrap_or("").trim_end());
    let mut job = set_lines(fonts, &LayoutJob::single_section(shortened, format), width).job;
    first_row_only(&mut job);
    Some(job)
}

fn first_row_only(job: &mut LayoutJob) {
    if let Some(end) = job.text.find('\n') {
        job.text.truncate(end);
        job.sections.retain(|s| span(s).start < end);
        if let Some(last) = job.sections.last_mut() {
            last.byte_range.end = last.byte_range.end.min(egui::epaint::text::ByteIndex(end));
        }
    }
}

//! Search matches, highlighted: where the query's words occur in a text (case-insensitive,
//! CJK inside sentences too), and the list's snippets, whose match the store marks with «».

use std::ops::Range;

use egui::text::{LayoutJob, TextFormat};

use super::cjk_spacing::append_spaced;

/// The byte ranges of `text` where any of `terms` (lower-case) occurs, sorted and merged.
pub fn match_ranges(text: &str, terms: &[String]) -> Vec<Range<usize>> {
    if terms.is_empty() {
        return Vec::new();
    }
    // Lower-casing can change byte lengths; map positions through char boundaries.
    let lower: Vec<(usize, char)> = text
        .char_indices()
        .flat_map(|(at, c)| c.to_lowercase().map(move |l| (at, l)))
        .collect();
    let lowered: String = lower.iter().map(|&(_, c)| c).collect();
    let starts: Vec<usize> = lowered.char_indices().map(|(b, _)| b).collect();
    let mut ranges = Vec::new();
    for term in terms {
        for (found, _) in lowered.match_indices(term.as_str()) {
            let first = starts.partition_point(|&b| b < found);
            let last = starts.partition_point(|&b| b < found + term.len());
            let start = lower[first].0;
            let end = lower
                .get(last)
                .map_or(text.len(), |&(at, _)| at)
                .max(start + 1);
            if text.is_char_boundary(end) {
                ranges.push(start..end);
            }
        }
    }
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The look of a highlighted match.
pub fn mark_format(mut format: TextFormat, visuals: &egui::Visuals) -> TextFormat {
    format.background = visuals.selection.bg_fill.gamma_multiply(0.6);
    format.color = visuals.strong_text_color();
    format
}

/// Appends `text` to `job` with `format`, matches of `terms` highlighted.
pub fn append_highlighted(
    job: &mut LayoutJob,
    text: &str,
    terms: &[String],
    leading: f32,
    format: TextFormat,
    visuals: &egui::Visuals,
) {
    let mut at = 0;
    let mut leading = leading;
    for range in match_ranges(text, terms) {
        if range.start > at {
            append_spaced(job, &text[at..range.start], leading, format.clone());
            leading = 0.0;
        }
        append_spaced(
            job,
            &text[range.clone()],
            leading,
            mark_format(format.clone(), visuals),
        );
        leading = 0.0;
        at = range.end;
    }
    if at < text.len() || text.is_empty() {
        append_spaced(job, &text[at..], leading, format);
    }
}

/// One line of text with the matches of `terms` highlighted.
pub fn highlighted(
    text: &str,
    terms: &[String],
    font: egui::FontId,
    color: egui::Color32,
    visuals: &egui::Visuals,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    append_highlighted(
        &mut job,
        text,
        terms,
        0.0,
        TextFormat::simple(font, color),
        visuals,
    );
    job
}

/// A search snippet whose match the store wrapped in «»: the match highlighted, no brackets.
pub fn snippet(text: &str, visuals: &egui::Visuals) -> LayoutJob {
    let plain = TextFormat::simple(egui::FontId::proportional(12.5), visuals.text_color());
    let mut job = LayoutJob::default();
    match text.split_once('«').and_then(|(before, rest)| {
        rest.split_once('»')
            .map(|(hit, after)| (before, hit, after))
    }) {
        Some((before, hit, after)) => {
            job.append(before, 0.0, plain.clone());
            job.append(hit, 0.0, mark_format(plain.clone(), visuals));
            job.append(after, 0.0, plain);
        }
        None => job.append(text, 0.0, plain),
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn matches_ignore_case_and_find_cjk_inside_sentences() {
        let text = "运维进行时: Python 自动化运维";
        let ranges = match_ranges(text, &terms(&["运维", "python"]));
        let found: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(found, ["运维", "Python", "运维"]);
    }

    #[test]
    fn overlapping_matches_merge_and_odd_case_mappings_stay_on_boundaries() {
        let text = "İstanbul DevOps devops";
        let ranges = match_ranges(text, &terms(&["devops", "vop", "i̇st"]));
        for r in &ranges {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        let found: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(found, ["İst", "DevOps", "devops"]);
    }

    #[test]
    fn snippets_lose_their_brackets() {
        let job = snippet("二三«运维»四五", &egui::Visuals::dark());
        assert_eq!(job.text, "二三运维四五");
        assert_eq!(job.sections.len(), 3);
    }
}

//! A thin gap between Chinese or Japanese and Latin letters or digits that touch ("用Python写"
//! reads as "用 Python 写"), drawn as extra spacing after the last character before the
//! change of script: the text itself (copying, search, offsets) is unchanged, and CJK beside
//! CJK keeps no gap at all.

use egui::text::{LayoutJob, TextFormat};

/// The gap, as a share of the font size (a quarter em, a thin space's width).
const GAP_EMS: f32 = 0.25;

/// Han and kana: what sets solid, without spaces.
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Latin letters and digits (what a Chinese text sets apart with a thin gap).
fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphabetic() && ('\u{00C0}'..='\u{024F}').contains(&c))
}

/// Byte offsets just after each character that is followed by one of the other kind (CJK then
/// Latin, or Latin then CJK).
pub fn gap_points(text: &str) -> Vec<usize> {
    let mut points = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if let Some(&(next_at, next)) = chars.peek()
            && ((is_cjk(c) && is_latin(next)) || (is_latin(c) && is_cjk(next)))
        {
            points.push(next_at);
        }
    }
    points
}

/// Appends `text` with `format`, the character before each change between CJK and Latin set
/// a thin gap wider.
pub fn append_spaced(job: &mut LayoutJob, text: &str, leading: f32, format: TextFormat) {
    let points = gap_points(text);
    if points.is_empty() {
        job.append(text, leading, format);
        return;
    }
    let gap = format.font_id.size * GAP_EMS;
    let mut at = 0;
    let mut leading = leading;
    for point in points {
        let last = text[at..point]
            .char_indices()
            .last()
            .map_or(at, |(i, _)| at + i);
        if last > at {
            job.append(&text[at..last], leading, format.clone());
            leading = 0.0;
        }
        let spaced = TextFormat {
            extra_letter_spacing: format.extra_letter_spacing + gap,
            ..format.clone()
        };
        job.append(&text[last..point], leading, spaced);
        leading = 0.0;
        at = point;
    }
    if at < text.len() {
        job.append(&text[at..], leading, format);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_goes_where_cjk_meets_latin_and_nowhere_else() {
        let text = "用Python写，运维2016年。纯中文。Plain English.";
        let at: Vec<&str> = gap_points(text).iter().map(|&p| &text[..p]).collect();
        assert_eq!(
            at,
            ["用", "用Python", "用Python写，运维", "用Python写，运维2016"]
        );
        assert!(
            gap_points("运维进行时，腾讯游戏。").is_empty(),
            "no gap inside CJK"
        );
        assert!(
            gap_points("“Python”自动化").is_empty(),
            "punctuation already parts them"
        );
    }

    #[test]
    fn the_text_is_unchanged_and_only_the_char_before_a_change_is_spaced() {
        let format = TextFormat::simple(egui::FontId::proportional(20.0), egui::Color32::WHITE);
        let mut job = LayoutJob::default();
        append_spaced(&mut job, "用Python写", 0.0, format);
        assert_eq!(job.text, "用Python写");
        let spaced: Vec<&str> = job
            .sections
            .iter()
            .filter(|s| s.format.extra_letter_spacing > 0.0)
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        assert_eq!(spaced, ["用", "n"]);
        assert!(
            job.sections
                .iter()
                .all(|s| s.format.extra_letter_spacing <= 5.0)
        );
    }
}

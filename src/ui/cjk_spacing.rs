//! A thin gap between Chinese or Japanese and Latin letters or digits that touch ("用Python写"
//! reads as "用 Python 写"), drawn as extra letter spacing on the first character after the
//! change of script (egui puts a glyph's extra spacing before it): the text itself (copying, search, offsets) is unchanged, and CJK beside
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
    // The range first: `is_alphabetic` on a Han character is a slow table walk, and most
    // characters a Chinese row tests are Han.
    c.is_ascii_alphanumeric() || (('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic())
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

/// Appends `text` with `format`, the first character after each change between CJK and Latin
/// set a thin gap further on.
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
        let next = text[point..]
            .chars()
            .next()
            .map_or(point, |c| point + c.len_utf8());
        if point > at {
            job.append(&text[at..point], leading, format.clone());
            leading = 0.0;
        }
        let spaced = TextFormat {
            extra_letter_spacing: format.extra_letter_spacing + gap,
            ..format.clone()
        };
        job.append(&text[point..next], leading, spaced);
        leading = 0.0;
        at = next;
    }
    if at < text.len() {
        job.append(&text[at..], leading, format);
    }
}

/// The same gap for text egui lays out on its own (a list row's title and summary), made
/// cheaper: the text is cut at each change and the piece after it starts a gap further on (a
/// section's leading space, which egui drops where a row wraps). One section more per change
/// instead of three letter-spaced ones: a list row's title costs ~2% more to lay out, against
/// ~30% with `append_spaced` (egui 0.34, 3,000 titles). Not for paragraphs that
/// `text_lines` breaks itself: that keeps each piece's format but not its leading space.
pub fn append_spaced_for_egui(job: &mut LayoutJob, text: &str, format: TextFormat) {
    let gap = format.font_id.size * GAP_EMS;
    let mut at = 0;
    let mut leading = 0.0;
    for point in gap_points(text) {
        job.append(&text[at..point], leading, format.clone());
        leading = gap;
        at = point;
    }
    job.append(&text[at..], leading, format);
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
    fn the_text_is_unchanged_and_only_the_char_after_a_change_is_spaced() {
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
        assert_eq!(spaced, ["P", "写"]);
        assert!(
            job.sections
                .iter()
                .all(|s| s.format.extra_letter_spacing <= 5.0)
        );
    }

    #[test]
    fn egui_draws_the_gap_at_the_change_of_script_and_nowhere_else() {
        gaps_drawn_by(|job, text, format| append_spaced(job, text, 0.0, format));
        gaps_drawn_by(append_spaced_for_egui);
    }

    fn gaps_drawn_by(append: impl Fn(&mut LayoutJob, &str, TextFormat)) {
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(Default::default(), |_| {});
        output.textures_delta.clear();
        let format = TextFormat::simple(egui::FontId::proportional(20.0), egui::Color32::WHITE);
        let text = "用Python写2018年";
        let mut job = LayoutJob::default();
        append(&mut job, text, format);
        assert_eq!(job.text, text);
        let galley = ctx.fonts_mut(|f| f.layout_job(job));
        let glyphs = &galley.rows[0].glyphs;
        assert_eq!(glyphs.len(), text.chars().count());
        // The room between each glyph's end and the next one's start.
        let gaps: Vec<f32> = glyphs
            .windows(2)
            .map(|w| w[1].pos.x - (w[0].pos.x + w[0].advance_width))
            .collect();
        let chars: Vec<char> = text.chars().collect();
        let points = gap_points(text);
        for (n, gap) in gaps.iter().enumerate() {
            let next_at = text.char_indices().nth(n + 1).map_or(0, |(i, _)| i);
            let (a, b) = (chars[n], chars[n + 1]);
            if points.contains(&next_at) {
                assert!(*gap >= 3.5, "a gap between {a} and {b}: {gaps:?}");
            } else {
                assert!(gap.abs() < 1.0, "none between {a} and {b}: {gaps:?}");
            }
        }
    }
}

//! Paragraphs egui cannot set by itself: right-to-left and mixed-direction text (Hebrew,
//! Arabic), scripts whose words are not separated by spaces (Thai, Lao, Khmer, Myanmar), and
//! text where egui's wrapping would strand an opening bracket or split a URL.
//!
//! Such a paragraph is broken into lines here, by Unicode line-breaking rules (ICU4X, with
//! dictionaries for the scripts that need them) and measured widths; then each line is put in
//! visual order by the Unicode bidirectional algorithm, per line, after wrapping, so wrapped
//! lines keep their order. The result is one `LayoutJob` of pre-broken lines (RTL paragraphs
//! right-aligned) that egui lays out without wrapping. egui's shaper (harfrust) still shapes
//! each right-to-left word, so Arabic letters join; what it cannot do — order runs, words and
//! numbers across a line — is done here.

use std::ops::Range;
use std::sync::LazyLock;

use egui::epaint::text::FontsView;
use egui::text::{LayoutJob, TextFormat};
use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;
use unicode_bidi::{BidiClass, BidiInfo, bidi_class};
use unicode_script::{Script, UnicodeScript};

static SEGMENTER: LazyLock<icu_segmenter::LineSegmenterBorrowed<'static>> =
    LazyLock::new(|| LineSegmenter::new_dictionary(LineBreakOptions::default()));

/// Whether this text needs lines set here rather than by egui's own wrapping.
pub fn needs_own_lines(text: &str) -> bool {
    let mut cjk = false;
    let mut cjk_quote = false;
    for c in text.chars() {
        if is_rtl_class(c) || is_dictionary_script(c) || is_cjk_opening(c) {
            return true;
        }
        cjk |= ('\u{3040}'..='\u{9FFF}').contains(&c);
        cjk_quote |= matches!(c, '“' | '‘');
    }
    (cjk && cjk_quote) || text.contains("://")
}

/// Whether the text has anything right to left in it.
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(is_rtl_class)
}

fn is_rtl_class(c: char) -> bool {
    // Most text (Latin, CJK) lies in blocks with no right-to-left character: skip the lookup.
    let u = u32::from(c);
    if u < 0x0590 || (0x0900..0x2000).contains(&u) || (0x2070..0xFB1D).contains(&u) {
        return false;
    }
    matches!(
        bidi_class(c),
        BidiClass::R
            | BidiClass::AL
            | BidiClass::AN
            | BidiClass::RLE
            | BidiClass::RLO
            | BidiClass::RLI
    )
}

/// Scripts written without spaces between words, broken by dictionary.
pub(super) fn is_dictionary_script(c: char) -> bool {
    matches!(c, '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}')
}

/// Opening brackets that must not end a line in CJK text.
fn is_cjk_opening(c: char) -> bool {
    matches!(
        c,
        '「' | '『' | '（' | '《' | '〈' | '【' | '〔' | '［' | '｛' | '〖' | '〘'
    )
}

/// Scripts egui's shaper sets right to left (so a word in them is handed over in logical order).
fn is_rtl_script(c: char) -> bool {
    matches!(
        c.script(),
        Script::Hebrew
            | Script::Arabic
            | Script::Syriac
            | Script::Thaana
            | Script::Nko
            | Script::Samaritan
            | Script::Mandaic
            | Script::Adlam
    )
}

fn is_mark(c: char) -> bool {
    c.script() == Script::Inherited || bidi_class(c) == BidiClass::NSM
}

fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        other => other,
    }
}

/// A piece of a line in visual order, in logical byte offsets of the paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    pub range: Range<usize>,
    pub kind: AtomKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtomKind {
    /// Handed to egui as it is.
    Plain,
    /// A right-to-left word: egui's shaper reverses it (and joins Arabic letters).
    ShapedRtl,
    /// Right-to-left script in a left-to-right run (Arabic-Indic digits): reversed here so the
    /// shaper's reversal puts it back.
    PreReversed,
    /// A neutral character in a right-to-left run: brackets take their mirror image.
    Mirrored,
}

/// The atoms of `line` (a byte range of `bidi.text`, inside one paragraph), in visual order.
pub fn visual_atoms(bidi: &BidiInfo<'_>, line: Range<usize>) -> Vec<Atom> {
    let mut atoms = Vec::new();
    for para in &bidi.paragraphs {
        let start = line.start.max(para.range.start);
        let end = line.end.min(para.range.end);
        if start >= end {
            continue;
        }
        let (levels, runs) = bidi.visual_runs(para, start..end);
        for run in runs {
            let text = &bidi.text[run.clone()];
            if levels[run.start].is_rtl() {
                atoms.extend(rtl_atoms(text, run.start).into_iter().rev());
            } else {
                atoms.extend(ltr_atoms(text, run.start));
            }
        }
    }
    atoms
}

/// A right-to-left run in logical order: RTL words as one atom each, every other character its
/// own atom (the caller reverses the list).
fn rtl_atoms(text: &str, offset: usize) -> Vec<Atom> {
    let mut atoms: Vec<Atom> = Vec::new();
    for (i, c) in text.char_indices() {
        let range = offset + i..offset + i + c.len_utf8();
        let joins_previous = atoms.last().is_some_and(|a| {
            a.range.end == range.start
                && (is_mark(c) || (a.kind == AtomKind::ShapedRtl && is_rtl_script(c)))
        });
        if joins_previous {
            if let Some(last) = atoms.last_mut() {
                last.range.end = range.end;
            }
            continue;
        }
        let kind = if is_rtl_script(c) {
            AtomKind::ShapedRtl
        } else if mirrored(c) != c {
            AtomKind::Mirrored
        } else {
            AtomKind::Plain
        };
        atoms.push(Atom { range, kind });
    }
    atoms
}

/// A left-to-right run: as it is, except stretches of RTL script (which the shaper would turn).
fn ltr_atoms(text: &str, offset: usize) -> Vec<Atom> {
    let mut atoms: Vec<Atom> = Vec::new();
    for (i, c) in text.char_indices() {
        let range = offset + i..offset + i + c.len_utf8();
        let kind = if is_rtl_script(c)
            || (is_mark(c)
                && atoms
                    .last()
                    .is_some_and(|a| a.kind == AtomKind::PreReversed))
        {
            AtomKind::PreReversed
        } else {
            AtomKind::Plain
        };
        match atoms.last_mut() {
            Some(last) if last.kind == kind => last.range.end = range.end,
            _ => atoms.push(Atom { range, kind }),
        }
    }
    atoms
}

/// Byte offsets where a line may break (Unicode line-breaking rules, dictionaries for Thai and
/// its neighbours), excluding 0 and including `text.len()`.
pub fn break_opportunities(text: &str) -> Vec<usize> {
    SEGMENTER.segment_str(text).filter(|&b| b > 0).collect()
}

/// A paragraph set in lines: the job to lay out without wrapping, and for each piece of it the
/// byte range in the job's text and where that piece starts in the paragraph's own text.
#[derive(Debug, Clone)]
pub struct OwnLines {
    pub job: LayoutJob,
    pub pieces: Vec<(Range<usize>, usize)>,
}

impl OwnLines {
    /// The paragraph's byte offset for a byte of the laid-out job's text.
    pub fn logical_byte(&self, job_byte: usize) -> Option<usize> {
        self.pieces
            .iter()
            .find(|(range, _)| range.contains(&job_byte))
            .map(|(range, logical)| logical + (job_byte - range.start))
    }
}

/// Sets `logical` (a paragraph as one job, in reading order) in lines at most `width` wide.
pub fn set_lines(fonts: &mut FontsView<'_>, logical: &LayoutJob, width: f32) -> OwnLines {
    let mut out = OwnLines {
        job: LayoutJob {
            halign: logical.halign,
            ..LayoutJob::default()
        },
        pieces: Vec::new(),
    };
    out.job.wrap.max_width = f32::INFINITY;
    let text = logical.text.as_str();
    let mut hard_start: usize = 0;
    for (index, hard_line) in text.split('\n').enumerate() {
        if index > 0 {
            let format = format_at(logical, hard_start - 1);
            out.job.append("\n", 0.0, format);
        }
        set_hard_line(fonts, logical, hard_start, hard_line, width, &mut out);
        hard_start += hard_line.len() + 1;
    }
    out
}

/// A line being filled: its range, its width, and its width without trailing spaces.
struct Filling {
    range: Range<usize>,
    width: f32,
    visible: f32,
}

fn set_hard_line(
    fonts: &mut FontsView<'_>,
    logical: &LayoutJob,
    start: usize,
    line: &str,
    width: f32,
    out: &mut OwnLines,
) {
    if line.is_empty() {
        return;
    }
    let bidi = BidiInfo::new(line, None);
    let rtl = bidi.paragraphs.first().is_some_and(|p| p.level.is_rtl());
    // Greedy filling: each segment (between two break opportunities) measured on its own.
    let mut lines: Vec<(Range<usize>, f32)> = Vec::new();
    let first_leading = logical
        .sections
        .first()
        .filter(|s| span(s).start == start && !rtl)
        .map_or(0.0, |s| s.leading_space);
    // The first line of an indented paragraph has that much less room.
    let room = |lines: &[(Range<usize>, f32)]| {
        if lines.is_empty() {
            width - first_leading
        } else {
            width
        }
    };
    let breaks = break_opportunities(line);
    let at = running_widths(fonts, logical, start, line, &breaks);
    let mut current: Option<Filling> = None;
    let mut seg_start = 0;
    for &seg_end in &breaks {
        let full = at[seg_end] - at[seg_start];
        let visible = at[seg_start + line[seg_start..seg_end].trim_end().len()] - at[seg_start];
        match &mut current {
            Some(filling) if filling.width + visible <= room(&lines) => {
                filling.range.end = seg_end;
                filling.visible = filling.width + visible;
                filling.width += full;
            }
            _ => {
                if let Some(done) = current.take() {
                    lines.push((done.range, done.visible));
                }
                if visible > room(&lines) {
                    // One word wider than the column (a long URL): cut it where it overflows.
                    let room = room(&lines);
                    lines.extend(split_overwide(line, &at, seg_start..seg_end, room));
                    current = lines.pop().map(|(range, w)| Filling {
                        range,
                        width: w,
                        visible: w,
                    });
                } else {
                    current = Some(Filling {
                        range: seg_start..seg_end,
                        width: full,
                        visible,
                    });
                }
            }
        }
        seg_start = seg_end;
    }
    if let Some(done) = current {
        lines.push((done.range, done.visible));
    }
    for (n, (range, line_width)) in lines.iter().enumerate() {
        if n > 0 {
            out.job
                .append("\n", 0.0, format_at(logical, start + range.start));
        }
        let trimmed_end = range.start + line[range.clone()].trim_end().len();
        let mut leading = if rtl {
            (width - line_width).max(0.0)
        } else if n == 0 {
            first_leading
        } else {
            0.0
        };
        for atom in visual_atoms(&bidi, range.start..trimmed_end) {
            let abs = start + atom.range.start..start + atom.range.end;
            let mut pieces = section_pieces(logical, abs);
            if matches!(atom.kind, AtomKind::ShapedRtl | AtomKind::PreReversed) {
                pieces.reverse();
            }
            for (piece, format) in pieces {
                let source = &logical.text[piece.clone()];
                let shown: String = match atom.kind {
                    AtomKind::PreReversed => source.chars().rev().collect(),
                    AtomKind::Mirrored => source.chars().map(mirrored).collect(),
                    AtomKind::Plain | AtomKind::ShapedRtl => source.to_owned(),
                };
                let at = out.job.text.len();
                append_unmerged(&mut out.job, &shown, leading, format);
                leading = 0.0;
                out.pieces.push((at..out.job.text.len(), piece.start));
            }
        }
    }
}

/// Running widths of a hard line's characters, by byte offset (valid at character
/// boundaries and exact at break opportunities).
///
/// A line with no right-to-left text is laid out once, unwrapped (one shaping pass, kerning
/// included; egui keeps one glyph per character). egui's glyphs for a right-to-left run do not
/// map to its characters one to one, so such a line is measured a segment at a time, with the
/// characters inside a segment spread evenly (only a word wider than the column looks there).
fn running_widths(
    fonts: &mut FontsView<'_>,
    logical: &LayoutJob,
    start: usize,
    line: &str,
    breaks: &[usize],
) -> Vec<f32> {
    let mut at = vec![0.0; line.len() + 1];
    if !has_rtl(line) {
        let galley = fonts.layout_job(sub_job(logical, start..start + line.len()));
        let advances: Vec<f32> = galley
            .rows
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| g.advance_width))
            .collect();
        let mut total = 0.0;
        for (n, (i, _)) in line.char_indices().enumerate() {
            // Plus the extra letter spacing egui puts before a glyph (the thin gap where
            // Chinese meets Latin), which is not in its advance.
            total += format_at(logical, start + i).extra_letter_spacing;
            at[i] = total;
            total += advances.get(n).copied().unwrap_or(0.0);
        }
        at[line.len()] = total;
        return at;
    }
    let mut total = 0.0;
    let mut seg_start = 0;
    for &seg_end in breaks {
        let galley = fonts.layout_job(sub_job(logical, start + seg_start..start + seg_end));
        let width = galley.size().x;
        let trailing: f32 = galley.rows.last().map_or(0.0, |row| {
            row.glyphs
                .iter()
                .rev()
                .take_while(|g| g.chr.is_whitespace())
                .map(|g| g.advance_width)
                .sum()
        });
        let segment = &line[seg_start..seg_end];
        let visible = segment.trim_end();
        let count = visible.chars().count().max(1) as f32;
        for (k, (i, _)) in visible.char_indices().enumerate() {
            at[seg_start + i] = total + (width - trailing) * k as f32 / count;
        }
        for (i, _) in segment[visible.len()..].char_indices() {
            at[seg_start + visible.len() + i] = total + width - trailing;
        }
        total += width;
        at[seg_end] = total;
        seg_start = seg_end;
    }
    at
}

/// Cuts a segment wider than the column into pieces that fit (at least one character each).
fn split_overwide(
    line: &str,
    at: &[f32],
    segment: Range<usize>,
    width: f32,
) -> Vec<(Range<usize>, f32)> {
    let mut pieces = Vec::new();
    let mut piece_start = segment.start;
    for (i, c) in line[segment.clone()].char_indices() {
        let here = segment.start + i;
        let next = here + c.len_utf8();
        if at[next] - at[piece_start] > width && here > piece_start {
            pieces.push((piece_start..here, at[here] - at[piece_start]));
            piece_start = here;
        }
    }
    pieces.push((piece_start..segment.end, at[segment.end] - at[piece_start]));
    pieces
}

/// The part of `logical` in `range`, with its formats, as a job of its own (no wrapping).
fn sub_job(logical: &LayoutJob, range: Range<usize>) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = f32::INFINITY;
    for (piece, format) in section_pieces(logical, range) {
        job.append(&logical.text[piece], 0.0, format);
    }
    job
}

/// `range` split at the job's section boundaries, each part with its section's format.
fn section_pieces(logical: &LayoutJob, range: Range<usize>) -> Vec<(Range<usize>, TextFormat)> {
    logical
        .sections
        .iter()
        .filter_map(|s| {
            let start = range.start.max(span(s).start);
            let end = range.end.min(span(s).end);
            (start < end).then(|| (start..end, s.format.clone()))
        })
        .collect()
}

/// Appends a section of its own: `LayoutJob::append` merges a section into the one before when
/// their formats match, and the shaper must see each right-to-left word alone.
fn append_unmerged(job: &mut LayoutJob, text: &str, leading_space: f32, format: TextFormat) {
    let start = job.text.len();
    job.text.push_str(text);
    job.sections.push(egui::text::LayoutSection {
        leading_space,
        byte_range: egui::epaint::text::ByteIndex(start)
            ..egui::epaint::text::ByteIndex(job.text.len()),
        format,
    });
}

pub(super) fn span(section: &egui::text::LayoutSection) -> Range<usize> {
    section.byte_range.start.0..section.byte_range.end.0
}

fn format_at(logical: &LayoutJob, byte: usize) -> TextFormat {
    logical
        .sections
        .iter()
        .find(|s| span(s).contains(&byte))
        .or(logical.sections.last())
        .map(|s| s.format.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visual(text: &str) -> Vec<(&str, AtomKind)> {
        let bidi = BidiInfo::new(text, None);
        visual_atoms(&bidi, 0..text.len())
            .into_iter()
            .map(|a| (&text[a.range], a.kind))
            .collect()
    }

    #[test]
    fn hebrew_with_english_and_numbers_is_ordered_by_runs() {
        // Logical: "I bought DELL in 2005" in Hebrew words around the Latin and the number.
        let atoms = visual("קניתי DELL בשנת 2005.");
        let shown: Vec<&str> = atoms.iter().map(|(t, _)| *t).collect();
        // Visual, left to right: the full stop, the number, the second word, a space, DELL,
        // a space, the first word.
        assert_eq!(shown, [".", "2005", " ", "בשנת", " ", "DELL", " ", "קניתי"]);
        assert_eq!(atoms[3].1, AtomKind::ShapedRtl);
        assert_eq!(atoms[5].1, AtomKind::Plain);
    }

    #[test]
    fn brackets_in_rtl_runs_are_mirrored_and_arabic_digits_pre_reversed() {
        let atoms = visual("שלום (עולם)");
        assert_eq!(atoms.first().map(|a| a.1), Some(AtomKind::Mirrored));
        let mixed = visual("abc עברית (שלום), العربية ١٢٣, xyz");
        let shown: Vec<&str> = mixed.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            shown,
            [
                "abc ",
                "١٢٣",
                " ",
                "العربية",
                " ",
                ",",
                ")",
                "שלום",
                "(",
                " ",
                "עברית",
                ", xyz"
            ]
        );
        // A paragraph marked right to left (from `dir="rtl"`) that starts with English.
        let marked = visual("\u{200F}DELL 2005 שלום");
        let shown: Vec<&str> = marked.iter().map(|(t, _)| *t).collect();
        assert_eq!(shown.first(), Some(&"שלום"), "{shown:?}");
        let arabic = visual("abc ١٢٣");
        assert!(
            arabic
                .iter()
                .any(|(t, k)| *t == "١٢٣" && *k == AtomKind::PreReversed),
            "{arabic:?}"
        );
    }

    #[test]
    fn thai_breaks_between_words_and_urls_keep_their_scheme() {
        let thai = "ภาษาไทยเป็นภาษาที่ไม่มีช่องว่าง";
        let breaks = break_opportunities(thai);
        assert!(
            breaks.len() > 3,
            "dictionary breaks inside Thai: {breaks:?}"
        );
        let url = "see https://example.com/a/b for more";
        let breaks = break_opportunities(url);
        let scheme_end = url.find("//").unwrap_or(0);
        assert!(
            !breaks.contains(&scheme_end) && !breaks.contains(&(scheme_end + 1)),
            "{breaks:?}"
        );
        let cjk = "他说「你好」吗";
        let open = cjk.find('「').unwrap_or(0) + '「'.len_utf8();
        assert!(
            !breaks_of(cjk).contains(&open),
            "no break right after an opening bracket"
        );
    }

    fn breaks_of(text: &str) -> Vec<usize> {
        break_opportunities(text)
    }

    #[test]
    fn which_text_needs_own_lines() {
        assert!(needs_own_lines("שלום"));
        assert!(needs_own_lines("สวัสดี"));
        assert!(needs_own_lines("见《运维》"));
        assert!(needs_own_lines("read https://x.test/a"));
        assert!(!needs_own_lines("Plain English, “quoted”."));
        assert!(!needs_own_lines("运维进行时：大数据"));
        assert!(has_rtl("DELL שלום"));
        assert!(!has_rtl("DELL 2005"));
    }
}

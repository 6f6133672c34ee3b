//! The reader pane: the open article's header and its render blocks painted as styled text —
//! one `LayoutJob` per paragraph, wrapped to the pane (never past the window's edge; lines of
//! right-to-left, Thai-like and bracket- or URL-heavy paragraphs set by `text_lines`), in the
//! article's Han variant, search matches highlighted, inline images from the cache (never from
//! the network; pictures and tables in `reader_media`). Text in a script no installed font has shows as its script's name, with a hint
//! naming the package, instead of boxes. It returns commands; it changes only its own scroll
//! position.

use crate::t;
use std::collections::HashMap;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use unicode_script::Script;

use super::commands::{Named, UiCommand, spec_of};
use super::fonts::styled_family;
use super::state::Paint;
use super::theme::Palette;
use crate::render::{Block, Inline};

/// Line height as a share of the text size: Latin-like text, and text that is mostly Han, kana
/// or Hangul (which needs more room between lines to read).
const LEADING: f32 = 1.6;
const LEADING_WIDE: f32 = 1.7;

/// The reader's scroll position and a pending jump (Space pages down; a new article starts at
/// the top).
#[derive(Debug, Default)]
pub struct ReaderPane {
    offset: f32,
    viewport: f32,
    jump_to: Option<f32>,
}

impl ReaderPane {
    pub fn page_down(&mut self) {
        let page = (self.viewport - 40.0).max(40.0);
        self.jump_to = Some(self.offset + page);
    }

    pub fn jump_to_top(&mut self) {
        self.jump_to = Some(0.0);
    }
}

/// What painting blocks needs besides the `Ui`.
pub(super) struct BlockPaint<'p, 'a> {
    pub(super) p: &'p mut Paint<'a>,
    pub(super) text: TextStyle,
    pub(super) clicked: Option<String>,
}

/// What every paragraph's text needs besides its runs.
pub(super) struct TextStyle {
    terms: Vec<String>,
    pub(super) family: egui::FontFamily,
    /// Body text size in points, and line height as a share of it.
    pub(super) size: f32,
    leading: f32,
    pub(super) palette: Palette,
    /// Scripts nothing on the machine can show: their text is named, not drawn as boxes.
    missing: Vec<Script>,
}

/// The reader pane.
pub fn reader_ui(ui: &mut egui::Ui, p: &mut Paint<'_>, pane: &mut ReaderPane) {
    let state = p.state;
    let Some(open) = &state.open else {
        ui.centered_and_justified(|ui| {
            ui.label(t!("reader-nothing-open"));
        });
        return;
    };
    let row = &open.row;
    p.painted.reader = Some((row.id, row.read, row.starred));
    let mut area = egui::ScrollArea::vertical()
        .id_salt(("reader", row.id.0))
        .auto_shrink([false, false]);
    if let Some(offset) = pane.jump_to.take() {
        area = area.vertical_scroll_offset(offset);
    }
    let mut missing = p.unshowable.clone();
    if !missing.is_empty() {
        // Only the scripts this article has.
        let html = row.content_html.as_deref().unwrap_or("");
        missing.retain(|script| {
            super::system_fonts::has_script(&row.title, *script)
                || super::system_fonts::has_script(html, *script)
        });
    }
    let size = state.reading.text_size;
    let mut paint = BlockPaint {
        p,
        text: TextStyle {
            terms: state.search.terms(),
            family: open.han.family(),
            size,
            leading: if open.mostly_wide {
                LEADING_WIDE
            } else {
                LEADING
            },
            palette: Palette::current(ui.visuals()),
            missing,
        },
        clicked: None,
    };
    let output = area.show(ui, |ui| {
        // A column of a comfortable measure, centred; on a narrow pane, the pane less a margin.
        let width = ui.available_width();
        let measure = size * state.reading.width.ems(open.mostly_wide);
        let column = (width - 32.0).min(measure).max(40.0);
        let margin = ((width - column) / 2.0).max(0.0);
        ui.horizontal(|ui| {
            ui.add_space(margin);
            ui.vertical(|ui| {
                ui.set_width(column);
                ui.add_space(size);
                header_ui(ui, &mut paint, row);
                ui.add_space(size * 0.5);
                ui.separator();
                ui.add_space(size * 0.5);
                blocks_ui(ui, &mut paint, &open.blocks);
                ui.add_space(size * 3.0);
            });
        });
    });
    pane.offset = output.state.clamped_offset().y;
    pane.viewport = output.inner_rect.height();
    if let Some(link) = paint.clicked {
        paint.p.out.push(UiCommand::OpenLink(link));
    }
}

fn header_ui(ui: &mut egui::Ui, paint: &mut BlockPaint<'_, '_>, row: &crate::store::ArticleRow) {
    let visuals = ui.visuals().clone();
    let title = paint.text.shown(&row.title);
    let size = (paint.text.size * 1.6).round();
    let mut title = super::highlight::highlighted(
        &title,
        &paint.text.terms,
        egui::FontId::new(size, styled_family(&paint.text.family, true, false)),
        paint.text.palette.strong,
        &visuals,
    );
    for section in &mut title.sections {
        section.format.line_height = Some(size * 1.3);
    }
    title.wrap.max_width = ui.available_width();
    show_job(ui, title, &[], true);
    if let Some(hint) = paint.text.hint() {
        ui.label(egui::RichText::new(hint).weak().small());
    }
    let mut meta = row.feed_title.clone();
    if let Some(author) = &row.author {
        meta.push_str(&format!(" · {author}"));
    }
    meta.push_str(&format!(
        " · {}",
        crate::render::format_timestamp(row.published_at)
    ));
    ui.add_space(4.0);
    ui.add(
        egui::Label::new(
            egui::RichText::new(meta)
                .size((paint.text.size * 0.85).round())
                .color(paint.text.palette.weak),
        )
        .wrap(),
    );
    ui.horizontal_wrapped(|ui| {
        let out = &mut paint.p.out;
        if row.link.is_some() {
            let spec = spec_of(Named::OpenOriginal);
            if ui.link(spec.label()).on_hover_text(spec.hover()).clicked() {
                out.push(UiCommand::OpenOriginal);
            }
        }
        let spec = spec_of(Named::ToggleRead);
        let read_label = if row.read {
            t!("reader-mark-unread")
        } else {
            t!("reader-mark-read")
        };
        if ui.button(read_label).on_hover_text(spec.hover()).clicked() {
            out.push(UiCommand::ToggleRead);
        }
        let spec = spec_of(Named::ToggleStar);
        let star_label = if row.starred {
            t!("reader-unstar")
        } else {
            t!("reader-star")
        };
        if ui.button(star_label).on_hover_text(spec.hover()).clicked() {
            out.push(UiCommand::ToggleStar);
        }
    });
    if let Some(open) = &paint.p.state.open {
        full_text_switch_ui(ui, open, paint.p.out);
    }
}

/// On a line of its own under the actions: "Text: [Full article | Feed text]" when the page
/// gave the full article (a segmented choice, the shown one selected); otherwise, quietly, why
/// only the feed's text is here.
fn full_text_switch_ui(
    ui: &mut egui::Ui,
    open: &super::state::OpenArticle,
    out: &mut Vec<UiCommand>,
) {
    let weak = ui.visuals().weak_text_color();
    if open.texts.full_html.is_some() {
        let spec = spec_of(Named::FullText);
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(t!("reader-text-choice")).color(weak));
            egui::Frame::group(ui.style())
                .inner_margin(egui::Margin::same(2))
                .show(ui, |ui| {
                    ui.spacing_mut().item_spacing.x = 2.0;
                    let choices = [
                        (
                            t!("reader-full-article"),
                            true,
                            t!("reader-full-article-tip"),
                        ),
                        (t!("reader-feed-text"), false, t!("reader-feed-text-tip")),
                    ];
                    for (label, full, what) in choices {
                        let chosen = open.showing_full == full;
                        let hover = format!("{what}. {}", spec.hover());
                        if ui
                            .selectable_label(chosen, label)
                            .on_hover_text(hover)
                            .clicked()
                            && !chosen
                        {
                            out.push(UiCommand::ToggleFullText);
                        }
                    }
                });
        });
    } else if let Some(cause) = &open.texts.cause {
        ui.label(
            egui::RichText::new(t!("reader-only-feed-text"))
                .small()
                .color(weak),
        )
        .on_hover_text(crate::i18n::in_words(cause));
    }
}

/// Paints blocks; a link the user clicked lands in `paint.clicked`.
fn blocks_ui(ui: &mut egui::Ui, paint: &mut BlockPaint<'_, '_>, blocks: &[Block]) {
    // Paragraphs apart by most of a line, so text split by line breaks still breathes.
    spaced_blocks_ui(ui, paint, blocks, 0.75);
}

/// Blocks `gap` ems apart (list items sit closer than paragraphs).
fn spaced_blocks_ui(ui: &mut egui::Ui, paint: &mut BlockPaint<'_, '_>, blocks: &[Block], gap: f32) {
    for (n, block) in blocks.iter().enumerate() {
        if n > 0 && matches!(block, Block::Heading { .. }) {
            ui.add_space(paint.text.size * 0.6);
        }
        block_ui(ui, paint, block);
        if n + 1 < blocks.len() {
            ui.add_space(paint.text.size * gap);
        }
    }
}

fn block_ui(ui: &mut egui::Ui, paint: &mut BlockPaint<'_, '_>, block: &Block) {
    let clicked = match block {
        Block::Heading { level, runs } => {
            let scale = match level {
                1 => 1.5,
                2 => 1.3,
                3 => 1.15,
                _ => 1.05,
            };
            let size = (paint.text.size * scale).round();
            runs_ui(ui, &paint.text, runs, size, false, true)
        }
        Block::Paragraph { runs, indent } => {
            runs_ui(ui, &paint.text, runs, paint.text.size, *indent, false)
        }
        Block::List {
            ordered,
            numbers,
            items,
        } => {
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    ui.add_space(paint.text.size * 0.3);
                }
                ui.horizontal_top(|ui| {
                    let marker = if *ordered {
                        format!("{}.", numbers.get(n).copied().unwrap_or(n as i64 + 1))
                    } else {
                        "•".to_owned()
                    };
                    let marker = egui::RichText::new(marker)
                        .size(paint.text.size)
                        .color(paint.text.palette.weak);
                    let line = paint.text.size * paint.text.leading;
                    ui.add_sized([paint.text.size * 1.5, line], egui::Label::new(marker));
                    ui.vertical(|ui| spaced_blocks_ui(ui, paint, item, 0.3));
                });
            }
            None
        }
        Block::Quote(children) => {
            let stroke = egui::Stroke::new(3.0, paint.text.palette.weak.gamma_multiply(0.6));
            egui::Frame::NONE
                .inner_margin(egui::Margin {
                    left: 16,
                    ..egui::Margin::ZERO
                })
                .stroke(egui::Stroke::NONE)
                .show(ui, |ui| {
                    let top = ui.cursor().top();
                    blocks_ui(ui, paint, children);
                    let left = ui.min_rect().left() - 8.0;
                    ui.painter()
                        .vline(left, egui::Rangef::new(top, ui.cursor().top()), stroke);
                });
            None
        }
        Block::Code(code) => {
            let size = (paint.text.size * 0.85).round();
            let mut job = LayoutJob::single_section(
                code.clone(),
                TextFormat {
                    font_id: egui::FontId::monospace(size),
                    color: paint.text.palette.text,
                    line_height: Some(size * 1.45),
                    ..Default::default()
                },
            );
            job.wrap.max_width = ui.available_width() - 24.0;
            egui::Frame::NONE
                .fill(paint.text.palette.quiet_fill)
                .inner_margin(12)
                .corner_radius(6)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    // Wrapped, not scrolled sideways: every line stays inside the window.
                    ui.add(egui::Label::new(job).wrap());
                });
            None
        }
        Block::Image { src, alt, link } => {
            super::reader_media::picture_ui(ui, paint, src, alt, link.as_deref());
            None
        }
        Block::Rule => {
            ui.separator();
            None
        }
        Block::Table(rows) => {
            super::reader_media::table_ui(ui, &paint.text, rows);
            None
        }
    };
    if clicked.is_some() {
        paint.clicked = clicked;
    }
}

/// One paragraph or heading as one `LayoutJob`; returns the link under a click.
fn runs_ui(
    ui: &mut egui::Ui,
    text: &TextStyle,
    runs: &[Inline],
    size: f32,
    indent: bool,
    heading: bool,
) -> Option<String> {
    let visuals = ui.visuals().clone();
    let palette = text.palette;
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    // Headings sit tighter than body text.
    let line_height = Some(size * if heading { 1.3 } else { text.leading });
    // Which link each byte range of the job's text belongs to.
    let mut link_ranges: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut first = true;
    for run in runs {
        match run {
            Inline::Break => job.append(
                "\n",
                0.0,
                TextFormat {
                    line_height,
                    ..TextFormat::simple(egui::FontId::new(size, text.family.clone()), palette.text)
                },
            ),
            Inline::Text(t) => {
                let bold = t.style.bold || heading;
                let mut format = TextFormat::simple(
                    if t.style.code {
                        egui::FontId::monospace((size * 0.9).round())
                    } else {
                        // Real bold and italic faces.
                        egui::FontId::new(size, styled_family(&text.family, bold, t.style.italic))
                    },
                    if heading {
                        palette.strong
                    } else {
                        palette.text
                    },
                );
                format.line_height = line_height;
                if t.style.code {
                    format.background = palette.quiet_fill;
                }
                if t.link.is_some() {
                    format.color = palette.link;
                    format.underline = egui::Stroke::new(1.0, palette.link.gamma_multiply(0.6));
                }
                let leading = if first && indent { size * 2.0 } else { 0.0 };
                let start = job.text.len();
                let shown = text.shown(&t.text);
                super::highlight::append_highlighted(
                    &mut job,
                    &shown,
                    &text.terms,
                    leading,
                    format,
                    &visuals,
                );
                if let Some(link) = &t.link {
                    link_ranges.push((start..job.text.len(), link.clone()));
                }
                first = false;
            }
        }
    }
    show_job(ui, job, &link_ranges, heading)
}

/// Shows one paragraph's job (its lines set here when egui cannot); returns the link under a
/// click.
fn show_job(
    ui: &mut egui::Ui,
    job: LayoutJob,
    link_ranges: &[(std::ops::Range<usize>, String)],
    heading: bool,
) -> Option<String> {
    let own = super::text_lines::needs_own_lines(&job.text).then(|| own_lines(ui, &job));
    let label = match &own {
        Some(own) => egui::Label::new(own.job.clone()).wrap_mode(egui::TextWrapMode::Extend),
        None => egui::Label::new(job),
    };
    if link_ranges.is_empty() {
        // A plain label: selectable text, accessible by its value.
        ui.add(label);
        return None;
    }
    let (pos, galley, response) = label.sense(egui::Sense::click()).layout_in_ui(ui);
    let role = if heading {
        egui::Role::Heading
    } else {
        egui::Role::Label
    };
    response.widget_info(|| egui::WidgetInfo::labeled(role, true, galley.text()));
    ui.painter()
        .galley(pos, galley.clone(), ui.visuals().text_color());
    let link_at = |point: egui::Pos2| {
        let cursor = galley.cursor_from_pos(point - pos);
        let byte = galley
            .text()
            .char_indices()
            .nth(cursor.index.0)
            .map_or(galley.text().len(), |(b, _)| b);
        let byte = match &own {
            Some(own) => own.logical_byte(byte)?,
            None => byte,
        };
        link_ranges
            .iter()
            .find(|(range, _)| range.contains(&byte))
            .map(|(_, link)| link.clone())
    };
    if let Some(hover) = response.hover_pos()
        && let Some(link) = link_at(hover)
    {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        response.clone().on_hover_text(&link);
    }
    if response.clicked() {
        return response.interact_pointer_pos().and_then(link_at);
    }
    None
}

/// A paragraph's lines as `text_lines` sets them, cached per paragraph and width (a resize
/// re-sets them; frames in between reuse them). Entries unused for a while are dropped.
fn own_lines(ui: &egui::Ui, job: &LayoutJob) -> Arc<super::text_lines::OwnLines> {
    use std::hash::{Hash, Hasher};
    type Cache = HashMap<u64, (Arc<super::text_lines::OwnLines>, u64)>;
    let width = job.wrap.max_width;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    job.hash(&mut hasher);
    width.to_bits().hash(&mut hasher);
    ui.ctx().pixels_per_point().to_bits().hash(&mut hasher);
    let key = hasher.finish();
    let frame = ui.ctx().cumulative_frame_nr();
    let id = egui::Id::unique("lamplight-own-lines");
    let cached = ui.data_mut(|d| {
        let cache = d.get_temp_mut_or_default::<Arc<std::sync::Mutex<Cache>>>(id);
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.get_mut(&key).map(|(lines, used)| {
            *used = frame;
            lines.clone()
        })
    });
    if let Some(lines) = cached {
        return lines;
    }
    let lines = Arc::new(ui.fonts_mut(|fonts| super::text_lines::set_lines(fonts, job, width)));
    ui.data_mut(|d| {
        let cache = d.get_temp_mut_or_default::<Arc<std::sync::Mutex<Cache>>>(id);
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|_, (_, used)| frame.saturating_sub(*used) < 600);
        cache.insert(key, (lines.clone(), frame));
    });
    lines
}

impl TextStyle {
    /// `text` with every stretch in a script nothing can show replaced by its script's name.
    fn shown<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        super::system_fonts::name_unshowable(text, &self.missing)
    }

    /// The one-line hint for the scripts nothing can show, if any.
    fn hint(&self) -> Option<String> {
        let first = self.missing.first()?;
        let names: Vec<&str> = self
            .missing
            .iter()
            .map(|s| super::system_fonts::shown_script_name(*s))
            .collect();
        Some(t!(
            "reader-font-missing",
            scripts = names.join(", "),
            package = super::system_fonts::package_for(*first)
        ))
    }
}

//! The reader pane: the open article's header and its render blocks painted as styled text —
//! one `LayoutJob` per paragraph, wrapped to the pane (never past the window's edge; lines of
//! right-to-left, Thai-like and bracket- or URL-heavy paragraphs set by `text_lines`), in the
//! article's Han variant, search matches highlighted, inline images from the cache (never from
//! the network). Text in a script no installed font has shows as its script's name, with a hint
//! naming the package, instead of boxes. It returns commands; it changes only its own scroll
//! position.

use std::collections::HashMap;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use unicode_script::Script;

use super::commands::{Named, UiCommand, spec_of};
use super::state::Paint;
use crate::engine::PictureKey;
use crate::render::{Block, Inline};

const BODY_SIZE: f32 = 15.0;
/// The longest line the reader sets, in points (about 75 Latin characters).
const MEASURE: f32 = 720.0;

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
struct BlockPaint<'p, 'a> {
    p: &'p mut Paint<'a>,
    text: TextStyle,
    clicked: Option<String>,
}

/// What every paragraph's text needs besides its runs.
struct TextStyle {
    terms: Vec<String>,
    family: egui::FontFamily,
    /// Scripts nothing on the machine can show: their text is named, not drawn as boxes.
    missing: Vec<Script>,
}

/// The reader pane.
pub fn reader_ui(ui: &mut egui::Ui, p: &mut Paint<'_>, pane: &mut ReaderPane) {
    let state = p.state;
    let Some(open) = &state.open else {
        ui.centered_and_justified(|ui| {
            ui.label("Select an article. J/K move, M marks read, S stars, O opens the original. ? lists every key.");
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
    let mut paint = BlockPaint {
        p,
        text: TextStyle {
            terms: state.search.terms(),
            family: open.han.family(),
            missing,
        },
        clicked: None,
    };
    let output = area.show(ui, |ui| {
        let width = ui.available_width();
        let margin = ((width - MEASURE) / 2.0).clamp(8.0, 48.0);
        egui::Frame::NONE
            .inner_margin(egui::Margin::symmetric(margin as i8, 8))
            .show(ui, |ui| {
                ui.set_max_width((width - 2.0 * margin).clamp(40.0, MEASURE));
                header_ui(ui, &mut paint, row);
                ui.separator();
                blocks_ui(ui, &mut paint, &open.blocks);
                ui.add_space(40.0);
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
    let mut title = super::highlight::highlighted(
        &title,
        &paint.text.terms,
        egui::FontId::new(24.0, paint.text.family.clone()),
        visuals.strong_text_color(),
        &visuals,
    );
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
    ui.add(egui::Label::new(egui::RichText::new(meta).weak()).wrap());
    ui.horizontal_wrapped(|ui| {
        let out = &mut paint.p.out;
        if row.link.is_some() {
            let spec = spec_of(Named::OpenOriginal);
            if ui.link(spec.label).on_hover_text(spec.hover()).clicked() {
                out.push(UiCommand::OpenOriginal);
            }
        }
        let spec = spec_of(Named::ToggleRead);
        let read_label = if row.read { "Mark unread" } else { "Mark read" };
        if ui.button(read_label).on_hover_text(spec.hover()).clicked() {
            out.push(UiCommand::ToggleRead);
        }
        let spec = spec_of(Named::ToggleStar);
        let star_label = if row.starred {
            "★ Unstar"
        } else {
            "☆ Star"
        };
        if ui.button(star_label).on_hover_text(spec.hover()).clicked() {
            out.push(UiCommand::ToggleStar);
        }
    });
}

/// Paints blocks; a link the user clicked lands in `paint.clicked`.
fn blocks_ui(ui: &mut egui::Ui, paint: &mut BlockPaint<'_, '_>, blocks: &[Block]) {
    for block in blocks {
        block_ui(ui, paint, block);
        ui.add_space(6.0);
    }
}

fn block_ui(ui: &mut egui::Ui, paint: &mut BlockPaint<'_, '_>, block: &Block) {
    let clicked = match block {
        Block::Heading { level, runs } => {
            let size = (26.0 - f32::from(*level) * 2.0).max(BODY_SIZE);
            runs_ui(ui, &paint.text, runs, size, false, true)
        }
        Block::Paragraph { runs, indent } => {
            runs_ui(ui, &paint.text, runs, BODY_SIZE, *indent, false)
        }
        Block::List {
            ordered,
            numbers,
            items,
        } => {
            for (n, item) in items.iter().enumerate() {
                ui.horizontal_top(|ui| {
                    let marker = if *ordered {
                        format!("{}.", numbers.get(n).copied().unwrap_or(n as i64 + 1))
                    } else {
                        "•".to_owned()
                    };
                    ui.add_sized([22.0, 18.0], egui::Label::new(marker));
                    ui.vertical(|ui| blocks_ui(ui, paint, item));
                });
            }
            None
        }
        Block::Quote(children) => {
            let stroke = egui::Stroke::new(3.0, ui.visuals().weak_text_color());
            egui::Frame::NONE
                .inner_margin(egui::Margin {
                    left: 12,
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
            egui::Frame::NONE
                .fill(ui.visuals().code_bg_color)
                .inner_margin(8)
                .corner_radius(4)
                .show(ui, |ui| {
                    // Wrapped, not scrolled sideways: every line stays inside the window.
                    ui.add(egui::Label::new(egui::RichText::new(code).monospace()).wrap());
                });
            None
        }
        Block::Image { src, alt, link } => {
            let key = PictureKey::Reader(src.clone());
            match paint.p.pictures.get(&key) {
                Some(texture) => {
                    let size = texture.size_vec2();
                    let width = size.x.min(ui.available_width());
                    let image = egui::Image::new(&texture)
                        .fit_to_exact_size(egui::vec2(width, size.y * width / size.x.max(1.0)))
                        .alt_text(alt.clone())
                        .sense(egui::Sense::click());
                    if ui.add(image).clicked() {
                        paint.clicked = link.clone();
                    }
                }
                None => {
                    let text = if paint.p.pictures.is_missing(&key) {
                        format!("[image not cached: {alt}]")
                    } else {
                        format!("[loading image: {alt}]")
                    };
                    ui.add(egui::Label::new(egui::RichText::new(text).weak().italics()).wrap());
                }
            }
            None
        }
        Block::Rule => {
            ui.separator();
            None
        }
        Block::Table(rows) => {
            let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let spacing = ui.spacing().item_spacing.x;
            let column_width =
                ((ui.available_width() - spacing * columns as f32) / columns as f32).max(24.0);
            egui::Grid::new(rows.as_ptr() as usize)
                .striped(true)
                .max_col_width(column_width)
                .show(ui, |ui| {
                    for row in rows {
                        for cell in row {
                            ui.add(egui::Label::new(cell).wrap());
                        }
                        ui.end_row();
                    }
                });
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
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    // Which link each byte range of the job's text belongs to.
    let mut link_ranges: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut first = true;
    for run in runs {
        match run {
            Inline::Break => job.append(
                "\n",
                0.0,
                TextFormat::simple(
                    egui::FontId::new(size, text.family.clone()),
                    visuals.text_color(),
                ),
            ),
            Inline::Text(t) => {
                let mut format = TextFormat::simple(
                    if t.style.code {
                        egui::FontId::monospace(size - 1.0)
                    } else {
                        egui::FontId::new(size, text.family.clone())
                    },
                    if t.style.bold || heading {
                        visuals.strong_text_color()
                    } else {
                        visuals.text_color()
                    },
                );
                format.italics = t.style.italic;
                if t.style.code {
                    format.background = visuals.code_bg_color;
                }
                if t.link.is_some() {
                    format.color = visuals.hyperlink_color;
                    format.underline = egui::Stroke::new(1.0, visuals.hyperlink_color);
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
            .map(|s| super::system_fonts::script_name(*s))
            .collect();
        Some(format!(
            "{} text needs a font such as {} (not installed), so it is named, not shown.",
            names.join(", "),
            super::system_fonts::package_for(*first)
        ))
    }
}

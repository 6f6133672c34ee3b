//! The reader pane: the open article's header and its render blocks painted as styled text —
//! one `LayoutJob` per paragraph, inline images from the cache (never from the network).

use egui::text::{LayoutJob, TextFormat};

use super::app::LamplightApp;
use crate::engine::PictureKey;
use crate::render::{Block, Inline};

const BODY_SIZE: f32 = 15.0;

/// The reader pane.
pub fn reader_ui(app: &mut LamplightApp, ui: &mut egui::Ui) {
    let Some(open) = &app.open else {
        ui.centered_and_justified(|ui| {
            ui.label("Select an article. J/K move, M marks read, S stars, O opens the original.");
        });
        return;
    };
    let row = open.row.clone();
    let blocks = open.blocks.clone();
    let mut area = egui::ScrollArea::vertical()
        .id_salt(("reader", row.id.0))
        .auto_shrink([false, false]);
    if let Some(offset) = app.reader_scroll.jump_to.take() {
        area = area.vertical_scroll_offset(offset);
    }
    let mut clicked_link = None;
    let mut toggles = (false, false);
    let output = area.show(ui, |ui| {
        ui.set_max_width(ui.available_width().min(820.0));
        ui.add_space(8.0);
        ui.label(egui::RichText::new(&row.title).size(24.0).strong());
        ui.horizontal_wrapped(|ui| {
            let mut meta = row.feed_title.clone();
            if let Some(author) = &row.author {
                meta.push_str(&format!(" · {author}"));
            }
            meta.push_str(&format!(
                " · {}",
                crate::render::format_timestamp(row.published_at)
            ));
            ui.label(egui::RichText::new(meta).weak());
        });
        ui.horizontal(|ui| {
            if let Some(link) = &row.link
                && ui.link("Open original (O)").clicked()
            {
                clicked_link = Some(link.clone());
            }
            let read_label = if row.read {
                "Mark unread (M)"
            } else {
                "Mark read (M)"
            };
            toggles.0 = ui.button(read_label).clicked();
            let star_label = if row.starred {
                "★ Unstar (S)"
            } else {
                "☆ Star (S)"
            };
            toggles.1 = ui.button(star_label).clicked();
        });
        ui.separator();
        if let Some(link) = blocks_ui(app, ui, &blocks) {
            clicked_link = Some(link);
        }
        ui.add_space(40.0);
    });
    app.reader_scroll.offset = output.state.clamped_offset().y;
    app.reader_scroll.viewport = output.inner_rect.height();
    if toggles.0 {
        app.toggle_read();
    }
    if toggles.1 {
        app.toggle_star();
    }
    if let Some(link) = clicked_link {
        app.open_link(&link);
    }
}

/// Paints blocks; returns a link the user clicked.
pub fn blocks_ui(app: &mut LamplightApp, ui: &mut egui::Ui, blocks: &[Block]) -> Option<String> {
    let mut clicked = None;
    for block in blocks {
        if let Some(link) = block_ui(app, ui, block) {
            clicked = Some(link);
        }
        ui.add_space(6.0);
    }
    clicked
}

fn block_ui(app: &mut LamplightApp, ui: &mut egui::Ui, block: &Block) -> Option<String> {
    match block {
        Block::Heading { level, runs } => {
            let size = (26.0 - f32::from(*level) * 2.0).max(BODY_SIZE);
            runs_ui(ui, runs, size, false, true)
        }
        Block::Paragraph { runs, indent } => runs_ui(ui, runs, BODY_SIZE, *indent, false),
        Block::List { ordered, items } => {
            let mut clicked = None;
            for (n, item) in items.iter().enumerate() {
                ui.horizontal_top(|ui| {
                    let marker = if *ordered {
                        format!("{}.", n + 1)
                    } else {
                        "•".to_owned()
                    };
                    ui.add_sized([22.0, 18.0], egui::Label::new(marker));
                    ui.vertical(|ui| {
                        if let Some(link) = blocks_ui(app, ui, item) {
                            clicked = Some(link);
                        }
                    });
                });
            }
            clicked
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
                    let clicked = blocks_ui(app, ui, children);
                    let left = ui.min_rect().left() - 8.0;
                    ui.painter()
                        .vline(left, egui::Rangef::new(top, ui.cursor().top()), stroke);
                    clicked
                })
                .inner
        }
        Block::Code(code) => {
            egui::Frame::NONE
                .fill(ui.visuals().code_bg_color)
                .inner_margin(8)
                .corner_radius(4)
                .show(ui, |ui| {
                    egui::ScrollArea::horizontal()
                        .id_salt(code.as_ptr() as usize)
                        .show(ui, |ui| {
                            ui.add(
                                egui::Label::new(egui::RichText::new(code).monospace())
                                    .wrap_mode(egui::TextWrapMode::Extend),
                            );
                        });
                });
            None
        }
        Block::Image { src, alt, link } => {
            let key = PictureKey::Reader(src.clone());
            match app.pictures.get(&key, &app.engine, &app.sink) {
                Some(texture) => {
                    let size = texture.size_vec2();
                    let width = size.x.min(ui.available_width());
                    let image = egui::Image::new(&texture)
                        .fit_to_exact_size(egui::vec2(width, size.y * width / size.x.max(1.0)))
                        .alt_text(alt.clone())
                        .sense(egui::Sense::click());
                    let response = ui.add(image);
                    if response.clicked() {
                        return link.clone();
                    }
                }
                None => {
                    let text = if app.pictures.is_missing(&key) {
                        format!("[image not cached: {alt}]")
                    } else {
                        format!("[loading image: {alt}]")
                    };
                    ui.label(egui::RichText::new(text).weak().italics());
                }
            }
            None
        }
        Block::Rule => {
            ui.separator();
            None
        }
        Block::Table(rows) => {
            egui::Grid::new(rows.as_ptr() as usize)
                .striped(true)
                .show(ui, |ui| {
                    for row in rows {
                        for cell in row {
                            ui.label(cell);
                        }
                        ui.end_row();
                    }
                });
            None
        }
    }
}

/// One paragraph or heading as one `LayoutJob`; returns the link under a click.
fn runs_ui(
    ui: &mut egui::Ui,
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
                TextFormat::simple(egui::FontId::proportional(size), visuals.text_color()),
            ),
            Inline::Text(t) => {
                let mut format = TextFormat::simple(
                    if t.style.code {
                        egui::FontId::monospace(size - 1.0)
                    } else {
                        egui::FontId::proportional(size)
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
                job.append(&t.text, leading, format);
                if let Some(link) = &t.link {
                    link_ranges.push((start..job.text.len(), link.clone()));
                }
                first = false;
            }
        }
    }
    if link_ranges.is_empty() {
        // A plain label: selectable text, accessible by its value.
        ui.add(egui::Label::new(job));
        return None;
    }
    let (pos, galley, response) = egui::Label::new(job)
        .sense(egui::Sense::click())
        .layout_in_ui(ui);
    let role = if heading {
        egui::Role::Heading
    } else {
        egui::Role::Label
    };
    response.widget_info(|| egui::WidgetInfo::labeled(role, true, galley.text()));
    ui.painter()
        .galley(pos, galley.clone(), visuals.text_color());
    let link_at = |point: egui::Pos2| {
        let cursor = galley.cursor_from_pos(point - pos);
        let byte = galley
            .text()
            .char_indices()
            .nth(cursor.index.0)
            .map_or(galley.text().len(), |(b, _)| b);
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

//! One row of the article list, painted by hand (no widgets but its click area): unread dot,
//! cover thumbnail, title (bold while unread), feed icon, feed and relative date, the
//! summary's first line.
//! Its three lines are laid out once and kept while the row is scrolled past and back; only
//! the part of a text that can reach the row's edge is shaped.

use std::collections::HashMap;
use std::sync::Arc;

use super::article_list::{ROW_HEIGHT, THUMB, relative_time};
use super::state::{Paint, PaintedRow};
use crate::engine::PictureKey;
use crate::store::{ArticleId, ArticleRow};

/// A row's three lines, laid out, and what they were laid out for.
pub(super) struct RowTexts {
    /// Text (hashed), width, colours and the scripts shown by name: a change lays them out
    /// anew.
    made_for: (u64, u32, [egui::Color32; 3], usize),
    title: Arc<egui::Galley>,
    meta_text: String,
    meta: Arc<egui::Galley>,
    summary: Arc<egui::Galley>,
}

/// Rows whose laid-out text is kept; past this the cache starts over.
const TEXTS_KEPT: usize = 2_000;

pub(super) fn article_row_ui(
    ui: &mut egui::Ui,
    p: &mut Paint<'_>,
    row: &ArticleRow,
    texts: &mut HashMap<ArticleId, RowTexts>,
) -> egui::Response {
    let open = p.state.open_id() == Some(row.id);
    // The open article's marks are the freshest (a click is shown before it is saved).
    let (read, starred) = match &p.state.open {
        Some(o) if o.row.id == row.id => (o.row.read, o.row.starred),
        _ => (row.read, row.starred),
    };
    let width = ui.available_width();
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, ROW_HEIGHT), egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, open, &row.title));
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let icon = feed_icon(p, row);
    p.painted.rows.push(PaintedRow {
        id: row.id,
        unread_dot: !read,
        star: starred,
        offline_ready: row.offline_ready,
        feed_icon: icon.is_some(),
    });
    let visuals = ui.visuals().clone();
    let palette = super::theme::Palette::current(&visuals);
    let painter = ui.painter_at(rect);
    if open {
        painter.rect_filled(rect, 6.0, palette.selected_background);
    } else if response.hovered() {
        painter.rect_filled(rect, 6.0, palette.quiet_fill);
    }
    let mut x = rect.left() + 6.0;
    if !read {
        painter.circle_filled(egui::pos2(x + 4.0, rect.top() + 14.0), 4.0, palette.accent);
    }
    x += 14.0;
    if row.has_cover && rect.width() > 200.0 {
        let thumb_rect = egui::Rect::from_min_size(egui::pos2(x, rect.top() + 7.0), THUMB);
        if let Some(texture) = p.pictures.get(&PictureKey::Cover(row.id)) {
            painter.image(
                texture.id(),
                thumb_rect,
                egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                egui::Color32::WHITE,
            );
        } else {
            painter.rect_filled(thumb_rect, 3.0, visuals.faint_bg_color);
        }
        x += THUMB.x + 8.0;
    }
    let text_width = (rect.right() - x - 24.0).max(20.0);
    // Unread titles in bold, read ones in the body colour; a selected row in its own colours.
    let (title_color, weak, body) = match (open, read) {
        (true, _) => (
            palette.selected_text,
            palette.selected_weak,
            palette.selected_text,
        ),
        (false, false) => (palette.strong, palette.weak, palette.weak),
        (false, true) => (palette.text, palette.weak, palette.weak),
    };
    let line = |text: &str, font: egui::FontId, color| {
        // Only what can reach the edge is shaped: a 200-character summary costs as much as the
        // part of it that shows.
        let text = past_width(text, text_width, font.size);
        ui.fonts_mut(|f| {
            let format = egui::TextFormat::simple(font.clone(), color);
            // Right-to-left text in visual order; the rest egui cuts to one line itself, with
            // a thin gap where Chinese meets Latin letters.
            let job = super::title_line::title_line(f, text, format.clone(), text_width)
                .unwrap_or_else(|| {
                    let mut job = egui::text::LayoutJob::default();
                    super::cjk_spacing::append_spaced_for_egui(&mut job, text, format);
                    job.wrap.max_width = text_width;
                    job.wrap.max_rows = 1;
                    job.wrap.break_anywhere = true;
                    job
                });
            f.layout_job(job)
        })
    };
    let meta_text = format!(
        "{} · {}",
        p.shown(&row.feed_title),
        relative_time(row.published_at)
    );
    let made_for = (
        egui::util::hash((&row.title, &row.summary, read)),
        text_width.to_bits(),
        [title_color, weak, body],
        p.unshowable.len(),
    );
    let cached = texts.get(&row.id).filter(|t| t.made_for == made_for);
    let texts_row = match cached {
        Some(kept) if kept.meta_text == meta_text => kept,
        _ => {
            // Han characters in the shapes of the row's language, as far as its text tells.
            let family =
                super::fonts::HanVariant::from_text(past_width(&row.title, text_width, 14.5))
                    .or_else(|| {
                        super::fonts::HanVariant::from_text(past_width(
                            &row.summary,
                            text_width,
                            12.0,
                        ))
                    })
                    .unwrap_or_default()
                    .family();
            let fresh = match cached {
                // Only the relative time moved on.
                Some(kept) => RowTexts {
                    made_for,
                    title: kept.title.clone(),
                    meta: line(&meta_text, egui::FontId::proportional(11.5), weak),
                    meta_text,
                    summary: kept.summary.clone(),
                },
                None => RowTexts {
                    made_for,
                    title: line(
                        &p.shown(&row.title),
                        egui::FontId::new(14.5, super::fonts::styled_family(&family, !read, false)),
                        title_color,
                    ),
                    meta: line(&meta_text, egui::FontId::proportional(11.5), weak),
                    meta_text,
                    summary: line(
                        &p.shown(&row.summary),
                        egui::FontId::new(12.0, family),
                        body,
                    ),
                },
            };
            if texts.len() >= TEXTS_KEPT {
                texts.clear();
            }
            texts.entry(row.id).insert_entry(fresh).into_mut()
        }
    };
    painter.galley(
        egui::pos2(x, rect.top() + 4.0),
        texts_row.title.clone(),
        title_color,
    );
    // The feed's icon before its name, once cached (none is drawn while it loads).
    let meta_x = match icon {
        Some(icon) => {
            let at = egui::Rect::from_min_size(
                egui::pos2(
                    x,
                    rect.top() + 24.0 + (texts_row.meta.size().y - ICON) / 2.0,
                ),
                egui::vec2(ICON, ICON),
            );
            let whole = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
            painter.image(icon.id(), at, whole, egui::Color32::WHITE);
            x + ICON + 5.0
        }
        None => x,
    };
    painter.galley(
        egui::pos2(meta_x, rect.top() + 24.0),
        texts_row.meta.clone(),
        weak,
    );
    painter.galley(
        egui::pos2(x, rect.top() + 40.0),
        texts_row.summary.clone(),
        body,
    );
    if row.offline_ready {
        let at = egui::pos2(
            meta_x + texts_row.meta.size().x + 10.0,
            rect.top() + 24.0 + texts_row.meta.size().y / 2.0,
        );
        ready_offline_mark(&painter, at, weak);
    }
    if starred {
        painter.text(
            egui::pos2(rect.right() - 14.0, rect.top() + 14.0),
            egui::Align2::CENTER_CENTER,
            "★",
            egui::FontId::proportional(14.0),
            visuals.warn_fg_color,
        );
    }
    response
}

/// The side of a feed icon in a row.
const ICON: f32 = 12.0;

/// The texture of the row's feed icon, if the feed has one and it is cached (asked for once).
fn feed_icon(p: &mut Paint<'_>, row: &ArticleRow) -> Option<egui::TextureHandle> {
    let url = p
        .state
        .feeds
        .iter()
        .find(|f| f.id == row.feed_id)?
        .icon_url
        .clone()?;
    p.pictures.get(&PictureKey::Reader(url))
}

/// The "readable offline" mark (text and every picture stored): a check in a small ring,
/// centred at `at` — a state, not a button.
fn ready_offline_mark(painter: &egui::Painter, at: egui::Pos2, color: egui::Color32) {
    let stroke = egui::Stroke::new(1.4, color);
    painter.circle_stroke(at, 5.5, stroke);
    let (x, y) = (at.x, at.y);
    painter.line_segment(
        [egui::pos2(x - 2.6, y + 0.2), egui::pos2(x - 0.6, y + 2.2)],
        stroke,
    );
    painter.line_segment(
        [egui::pos2(x - 0.6, y + 2.2), egui::pos2(x + 2.8, y - 2.0)],
        stroke,
    );
}

/// The start of `text` that is sure to overflow `width` at `size` (every glyph is at least a
/// fifth of an em wide, wide characters a whole em), or all of it: the part a one-line row
/// shows, with enough after it that egui still ends the row with "…".
fn past_width(text: &str, width: f32, size: f32) -> &str {
    let mut reach = 0.0;
    for (at, c) in text.char_indices() {
        if reach > width + size {
            return &text[..at];
        }
        reach += if super::fonts::is_wide(c) {
            size
        } else {
            size * 0.2
        };
    }
    text
}

//! What the reader sets besides text: pictures (from the cache, fitted to the column and
//! opened full size on a click; when not cached, a quiet box saying why, opening the original
//! in the browser on a click) and tables (padded, wrapped, framed, with rules between rows).

use super::blocks_view::{BlockPaint, TextStyle};
use super::commands::UiCommand;
use super::fonts::styled_family;
use crate::engine::PictureKey;

/// A table: cells padded, wrapped to the column, the first row as a header, rows striped, the
/// whole framed, with rules between rows.
pub(super) fn table_ui(ui: &mut egui::Ui, text: &TextStyle, rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let padding = egui::vec2(14.0, 6.0);
    let column_width =
        ((ui.available_width() - 2.0 * padding.x * columns as f32) / columns as f32).max(24.0);
    let size = (text.size * 0.9).round();
    let rule = egui::Stroke::new(1.0, text.palette.weak.gamma_multiply(0.35));
    let mut row_bottoms = Vec::new();
    let frame = egui::Frame::NONE
        .stroke(rule)
        .corner_radius(4)
        .inner_margin(egui::Margin::symmetric(4, 2))
        .show(ui, |ui| {
            egui::Grid::new(rows.as_ptr() as usize)
                .striped(true)
                .spacing(padding * 2.0)
                .max_col_width(column_width)
                .show(ui, |ui| {
                    for (n, row) in rows.iter().enumerate() {
                        for cell in row {
                            let mut cell = egui::RichText::new(cell)
                                .size(size)
                                .color(text.palette.text);
                            if n == 0 {
                                cell = cell.family(styled_family(&text.family, true, false));
                            }
                            ui.add(egui::Label::new(cell).wrap());
                        }
                        ui.end_row();
                        row_bottoms.push(ui.cursor().top() - padding.y);
                    }
                });
        });
    let rect = frame.response.rect;
    for y in row_bottoms.iter().take(rows.len().saturating_sub(1)) {
        ui.painter().hline(rect.x_range(), *y, rule);
    }
}

/// A picture from the cache, fitted to the column (a click shows it full size); or, when it is
/// not cached, a quiet box with its description and why (a click opens it in the browser).
pub(super) fn picture_ui(
    ui: &mut egui::Ui,
    paint: &mut BlockPaint<'_, '_>,
    src: &str,
    alt: &str,
    link: Option<&str>,
) {
    let key = PictureKey::Reader(src.to_owned());
    if let Some(texture) = paint.p.pictures.get(&key) {
        let size = texture.size_vec2();
        let width = size.x.min(ui.available_width());
        let image = egui::Image::new(&texture)
            .fit_to_exact_size(egui::vec2(width, size.y * width / size.x.max(1.0)))
            .alt_text(alt)
            .corner_radius(4)
            .sense(egui::Sense::click());
        let response = ui.add(image).on_hover_text(match link {
            Some(link) => crate::t!("picture-click-links", link = link.to_string()),
            None => crate::t!("picture-click").to_owned(),
        });
        if response.clicked() {
            paint
                .p
                .out
                .push(UiCommand::ViewPicture(Some(src.to_owned())));
        }
        return;
    }
    let palette = paint.text.palette;
    let why = paint
        .p
        .pictures
        .why_missing(&key)
        .unwrap_or(crate::t!("picture-loading"));
    let size = (paint.text.size * 0.85).round();
    let response = egui::Frame::NONE
        .fill(palette.quiet_fill)
        .corner_radius(6)
        .inner_margin(egui::Margin::symmetric(14, 12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let alt = alt.trim();
            let title = if alt.is_empty() {
                crate::t!("picture")
            } else {
                alt
            };
            ui.add(
                egui::Label::new(egui::RichText::new(title).size(size).color(palette.text)).wrap(),
            );
            ui.add(
                egui::Label::new(
                    egui::RichText::new(crate::t!(
                        "picture-not-offline",
                        why = crate::i18n::in_words(why)
                    ))
                    .size(size * 0.9)
                    .color(palette.weak),
                )
                .wrap(),
            );
        })
        .response
        .interact(egui::Sense::click())
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text(crate::t!(
            "picture-open-in-browser-tip",
            src = src.to_string()
        ));
    if response.clicked() {
        paint.clicked = Some(src.to_owned());
    }
}

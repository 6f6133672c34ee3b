//! A cached picture at full size in a window of its own, scrollable when larger than the
//! window, with a way to open the original in the browser.

use super::commands::UiCommand;
use super::pictures::Pictures;
use crate::engine::PictureKey;

/// The viewer, when a picture is chosen.
pub fn picture_viewer_ui(
    ctx: &egui::Context,
    picture: Option<&str>,
    pictures: &mut Pictures,
    out: &mut Vec<UiCommand>,
) {
    let Some(src) = picture else {
        return;
    };
    let screen = ctx.content_rect();
    let mut open = true;
    egui::Window::new(crate::t!("picture"))
        .id(egui::Id::unique("picture-viewer"))
        .open(&mut open)
        .collapsible(false)
        .default_size(screen.size() * 0.8)
        .max_size(screen.size() - egui::vec2(24.0, 24.0))
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                if ui.button(crate::t!("picture-open-in-browser")).clicked() {
                    out.push(UiCommand::OpenLink(src.to_owned()));
                }
                if ui.button(crate::t!("close")).clicked() {
                    out.push(UiCommand::ViewPicture(None));
                }
            });
            egui::ScrollArea::both()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    match pictures.get(&PictureKey::Reader(src.to_owned())) {
                        Some(texture) => {
                            ui.add(egui::Image::new(&texture).fit_to_original_size(1.0));
                        }
                        None => {
                            ui.label(crate::t!("picture-gone"));
                        }
                    }
                });
        });
    if !open {
        out.push(UiCommand::ViewPicture(None));
    }
}

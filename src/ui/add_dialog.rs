//! The "Add subscription" dialog: a URL field (a feed, a web page, or a bare `example.com/feed`),
//! progress while the engine subscribes in the background, then the result or a clear error —
//! with the field focused again so the address can be corrected at once. It returns commands;
//! it owns only its own text.

use super::commands::UiCommand;
use crate::store::FeedId;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
enum AddState {
    #[default]
    Closed,
    Editing,
    Working,
    Failed(String),
}

/// The dialog's state.
#[derive(Debug, Default)]
pub struct AddDialog {
    state: AddState,
    url: String,
    pending_url: Option<String>,
    /// Give the field the keyboard on the next frame.
    refocus: bool,
}

impl AddDialog {
    pub fn open(&mut self) {
        self.state = AddState::Editing;
        self.url.clear();
        self.refocus = true;
    }

    /// Opens the dialog with `url` filled in, for the user to confirm.
    pub fn open_with(&mut self, url: String) {
        self.state = AddState::Editing;
        self.url = url;
        self.refocus = true;
    }

    pub fn close(&mut self) {
        self.state = AddState::Closed;
        self.pending_url = None;
    }

    pub fn is_open(&self) -> bool {
        self.state != AddState::Closed
    }

    /// The engine is subscribing to `url` for this dialog.
    pub fn started(&mut self, url: String) {
        self.state = AddState::Working;
        self.pending_url = Some(url);
    }

    /// Whether this dialog is waiting for `url`.
    pub fn is_pending(&self, url: &str) -> bool {
        self.pending_url.as_deref() == Some(url)
    }

    /// The engine's answer for the URL this dialog sent.
    pub fn finished(&mut self, url: String, result: Result<FeedId, String>) {
        if !self.is_pending(&url) {
            return;
        }
        self.pending_url = None;
        self.state = match result {
            Ok(_) => AddState::Closed,
            Err(e) => {
                self.refocus = true;
                AddState::Failed(e)
            }
        };
    }
}

/// The dialog window, when open.
pub fn add_dialog_ui(ctx: &egui::Context, dialog: &mut AddDialog, out: &mut Vec<UiCommand>) {
    if !dialog.is_open() {
        return;
    }
    egui::Window::new("Add subscription")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
        .show(ctx, |ui| {
            let label = ui.label("Feed or web page address");
            let working = dialog.state == AddState::Working;
            let edit = ui.add_enabled(
                !working,
                egui::TextEdit::singleline(&mut dialog.url)
                    .hint_text("example.org/feed.xml")
                    .desired_width(380.0_f32.min(ctx.content_rect().width() - 60.0)),
            );
            let edit = edit.labelled_by(label.id);
            if dialog.refocus && !working {
                edit.request_focus();
                dialog.refocus = false;
            }
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let can_submit = !working && !dialog.url.trim().is_empty();
                if ui
                    .add_enabled(can_submit, egui::Button::new("Subscribe"))
                    .clicked()
                    || (entered && can_submit)
                {
                    out.push(UiCommand::Subscribe(dialog.url.trim().to_owned()));
                }
                if ui.button("Cancel").clicked() {
                    out.push(UiCommand::CloseAddDialog);
                }
            });
            match &dialog.state {
                AddState::Working => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Fetching the feed…");
                    });
                }
                AddState::Failed(e) => {
                    ui.add(
                        egui::Label::new(egui::RichText::new(e).color(ui.visuals().error_fg_color))
                            .wrap(),
                    );
                }
                _ => {}
            }
        });
}

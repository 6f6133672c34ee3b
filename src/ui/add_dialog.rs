//! The "Add subscription" dialog: a URL field (feed or web page), progress while the engine
//! subscribes in the background, then the result or a clear error.

use super::app::LamplightApp;
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
}

impl AddDialog {
    pub fn open(&mut self) {
        self.state = AddState::Editing;
        self.url.clear();
    }

    /// Opens the dialog with `url` filled in, for the user to confirm.
    pub fn open_with(&mut self, url: String) {
        self.state = AddState::Editing;
        self.url = url;
    }

    pub fn is_open(&self) -> bool {
        self.state != AddState::Closed
    }

    /// The engine's answer for the URL this dialog sent.
    pub fn finished(&mut self, url: String, result: Result<FeedId, String>) {
        if self.pending_url.as_deref() != Some(url.as_str()) {
            return;
        }
        self.pending_url = None;
        self.state = match result {
            Ok(_) => AddState::Closed,
            Err(e) => AddState::Failed(e),
        };
    }
}

/// The dialog window, when open.
pub fn add_dialog_ui(app: &mut LamplightApp, ctx: &egui::Context) {
    if !app.add.is_open() {
        return;
    }
    let mut submit = None;
    let mut close = false;
    egui::Window::new("Add subscription")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
        .show(ctx, |ui| {
            let label = ui.label("Feed or web page address");
            let working = app.add.state == AddState::Working;
            let edit = ui.add_enabled(
                !working,
                egui::TextEdit::singleline(&mut app.add.url)
                    .hint_text("https://example.org/feed.xml")
                    .desired_width(380.0),
            );
            let edit = edit.labelled_by(label.id);
            if app.add.state == AddState::Editing && !edit.has_focus() && app.add.url.is_empty() {
                edit.request_focus();
            }
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let can_submit = !working && !app.add.url.trim().is_empty();
                if ui
                    .add_enabled(can_submit, egui::Button::new("Subscribe"))
                    .clicked()
                    || (entered && can_submit)
                {
                    submit = Some(app.add.url.trim().to_owned());
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
            match &app.add.state {
                AddState::Working => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Fetching the feed…");
                    });
                }
                AddState::Failed(e) => {
                    ui.label(egui::RichText::new(e).color(ui.visuals().error_fg_color));
                }
                _ => {}
            }
        });
    if let Some(url) = submit {
        app.add.state = AddState::Working;
        app.add.pending_url = Some(url.clone());
        app.start_add(url);
    }
    if close {
        app.add.state = AddState::Closed;
        app.add.pending_url = None;
    }
}

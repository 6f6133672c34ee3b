//! The "Add subscription" dialog: a URL field (a feed, a web page, or a bare `example.com/feed`),
//! opened empty or offered a link from outside (`feed:` links from the desktop).
//! The engine first finds what the address offers; a single feed is subscribed at once, several
//! are listed with their titles and article counts for the user to choose. Progress shows while
//! the engine works in the background, then the result or a clear error — with the field
//! focused again so the address can be corrected at once. It returns commands; it owns only its
//! own text.

use super::commands::UiCommand;
use crate::engine::FeedChoice;
use crate::i18n::in_words;
use crate::store::FeedId;
use crate::t;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
enum AddState {
    #[default]
    Closed,
    Editing,
    /// Finding what the address offers.
    Finding,
    /// The address offers several feeds: the user picks one.
    Choosing(Vec<FeedChoice>),
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

impl super::app::LamplightApp {
    /// Opens the add dialog filled with `url` (`feed://x` and `feed:https://x` become http(s)).
    pub fn offer_subscription(&mut self, url: &str) {
        let url = url.trim();
        let url = match url.strip_prefix("feed:") {
            Some(rest) if rest.starts_with("http://") || rest.starts_with("https://") => {
                rest.to_owned()
            }
            Some(rest) => format!("http:{rest}"),
            None => url.to_owned(),
        };
        self.add.open_with(url);
    }
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

    /// The engine is finding what `url` offers, for this dialog.
    pub fn finding(&mut self, url: String) {
        self.state = AddState::Finding;
        self.pending_url = Some(url);
    }

    /// What the address this dialog asked about offers. Returns the one feed to subscribe to
    /// at once, when there is exactly one; several are shown to choose from.
    pub fn found(&mut self, url: &str, result: Result<Vec<FeedChoice>, String>) -> Option<String> {
        if !self.is_pending(url) {
            return None;
        }
        self.pending_url = None;
        match result {
            Ok(mut choices) if choices.len() == 1 && choices[0].error.is_none() => {
                choices.pop().map(|c| c.url)
            }
            Ok(choices) => {
                self.state = AddState::Choosing(choices);
                None
            }
            Err(e) => {
                self.refocus = true;
                self.state = AddState::Failed(e);
                None
            }
        }
    }

    /// The feeds offered, while the user chooses.
    pub fn choices(&self) -> &[FeedChoice] {
        match &self.state {
            AddState::Choosing(choices) => choices,
            _ => &[],
        }
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
    egui::Window::new(t!("add-title"))
        .id(egui::Id::unique("add-dialog"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
        .show(ctx, |ui| {
            let label = ui.label(t!("add-address"));
            let working = matches!(dialog.state, AddState::Working | AddState::Finding);
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
                    .add_enabled(can_submit, egui::Button::new(t!("add-subscribe")))
                    .clicked()
                    || (entered && can_submit)
                {
                    let typed = dialog.url.trim().to_owned();
                    if crate::links::is_web_address(&typed) {
                        out.push(UiCommand::FindFeeds(typed));
                    } else {
                        // Said here, in the user's language, before anything is fetched.
                        dialog.state = AddState::Failed(t!("error-not-an-address", text = typed));
                    }
                }
                if ui.button(t!("cancel")).clicked() {
                    out.push(UiCommand::CloseAddDialog);
                }
            });
            choices_ui(ui, dialog.choices(), out);
            match &dialog.state {
                AddState::Finding => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(t!("add-looking"));
                    });
                }
                AddState::Working => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(t!("add-fetching"));
                    });
                }
                AddState::Failed(e) => {
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(in_words(e)).color(ui.visuals().error_fg_color),
                        )
                        .wrap(),
                    );
                }
                _ => {}
            }
        });
}

/// The feeds an address offers, each with a button to subscribe to it.
fn choices_ui(ui: &mut egui::Ui, choices: &[FeedChoice], out: &mut Vec<UiCommand>) {
    if choices.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.label(t!("add-page-offers", count = choices.len()));
    for choice in choices {
        ui.separator();
        ui.horizontal(|ui| {
            ui.vertical(|ui| {
                let title = if choice.title.is_empty() {
                    t!("add-untitled")
                } else {
                    &choice.title
                };
                ui.label(egui::RichText::new(title).strong());
                let what = match &choice.error {
                    Some(e) => t!("add-choice-unreadable", cause = in_words(e)),
                    None => t!("articles-count", count = choice.items),
                };
                ui.label(egui::RichText::new(what).weak());
                ui.label(egui::RichText::new(&choice.url).small().weak());
            });
            // The buttons line up at the right, whatever the titles' lengths.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let button = ui
                    .button(t!("add-subscribe-this"))
                    .on_hover_text(&choice.url);
                if button.clicked() {
                    out.push(UiCommand::Subscribe(choice.url.clone()));
                }
            });
        });
    }
}

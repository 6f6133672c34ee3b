//! Sync accounts in the window: the Settings section that lists them (where each one's key is
//! kept, its last sync, marks waiting to be pushed) with a form to add a Fever account, and
//! what the window does with their commands and events: adding and removing on the engine's
//! threads (adding asks the server first), syncing from the toolbar and after every refresh.

use super::app::LamplightApp;
use super::commands::UiCommand;
use super::state::WindowState;
use crate::engine::EngineEvent;
use crate::i18n::in_words;
use crate::store::AccountId;
use crate::sync::secrets;
use crate::t;

/// What the accounts section asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountCommand {
    /// Add the account the form describes.
    Add,
    Remove(AccountId),
    /// Sync every account now.
    Sync,
}

/// The add-account form, kept between frames.
#[derive(Default)]
pub struct AccountForm {
    pub url: String,
    pub user: String,
    pub password: String,
    /// Asking the server.
    pub busy: bool,
    /// Why the last try failed.
    pub error: Option<String>,
}

/// The accounts and the form, inside the Settings grid's right column.
pub fn accounts_section(
    ui: &mut egui::Ui,
    state: &WindowState,
    form: &mut AccountForm,
    out: &mut Vec<UiCommand>,
) {
    ui.vertical(|ui| {
        if state.accounts.is_empty() {
            ui.label(egui::RichText::new(t!("accounts-none")).weak());
        }
        for account in &state.accounts {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(format!("{} · {}", account.user, account.url)).strong(),
                );
                let kept = match account.secret_in.as_str() {
                    secrets::IN_KEYRING => t!("accounts-key-in-keyring"),
                    _ => t!("accounts-key-in-file"),
                };
                ui.label(egui::RichText::new(kept).weak());
                if ui.button(t!("accounts-remove")).clicked() {
                    out.push(UiCommand::Account(AccountCommand::Remove(account.id)));
                }
            });
            let synced = match account.synced_at {
                Some(at) => t!(
                    "accounts-synced",
                    when = super::charts::local_time(at, false)
                ),
                None => t!("accounts-never-synced").to_owned(),
            };
            let mut line = synced;
            if account.pending_marks > 0 {
                line.push_str(" · ");
                line.push_str(&t!("accounts-waiting", count = account.pending_marks));
            }
            ui.label(egui::RichText::new(line).small().weak());
            if let Some(error) = &account.last_error {
                ui.label(
                    egui::RichText::new(t!("accounts-last-error", error = in_words(error)))
                        .small()
                        .color(ui.visuals().error_fg_color),
                );
            }
        }
        ui.add_space(4.0);
        ui.label(egui::RichText::new(t!("accounts-add-fever")).strong());
        egui::Grid::new("account-form")
            .num_columns(2)
            .show(ui, |ui| {
                let field =
                    |ui: &mut egui::Ui, label: &str, text: &mut String, hint: &str, secret| {
                        let label = ui.label(label);
                        ui.add(
                            egui::TextEdit::singleline(text)
                                .hint_text(hint)
                                .password(secret)
                                .desired_width(260.0),
                        )
                        .labelled_by(label.id);
                        ui.end_row();
                    };
                field(
                    ui,
                    t!("accounts-url"),
                    &mut form.url,
                    "https://example.com/fever/",
                    false,
                );
                field(ui, t!("accounts-user"), &mut form.user, "", false);
                field(ui, t!("accounts-password"), &mut form.password, "", true);
            });
        ui.horizontal(|ui| {
            let ready = !form.busy
                && !form.url.trim().is_empty()
                && !form.user.trim().is_empty()
                && !form.password.is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(t!("accounts-add")))
                .clicked()
            {
                out.push(UiCommand::Account(AccountCommand::Add));
            }
            if form.busy {
                ui.spinner();
                ui.label(t!("accounts-checking"));
            }
        });
        if let Some(error) = &form.error {
            ui.add(
                egui::Label::new(
                    egui::RichText::new(in_words(error)).color(ui.visuals().error_fg_color),
                )
                .wrap(),
            );
        }
        ui.label(egui::RichText::new(t!("accounts-note")).small().weak());
    });
}

impl LamplightApp {
    pub(super) fn account_command(&mut self, command: AccountCommand) {
        match command {
            AccountCommand::Add => {
                let form = &mut self.account_form;
                form.busy = true;
                form.error = None;
                self.pending += 1;
                self.engine.spawn_add_fever_account(
                    form.url.trim().to_owned(),
                    form.user.trim().to_owned(),
                    std::mem::take(&mut form.password),
                    self.sink.clone(),
                );
            }
            AccountCommand::Remove(id) => {
                self.pending += 1;
                self.engine.spawn_remove_account(id, self.sink.clone());
            }
            AccountCommand::Sync => self.sync(),
        }
    }

    /// Syncs every account, unless a sync is running or there are none.
    pub(super) fn sync(&mut self) {
        if !self.state.syncing && !self.state.accounts.is_empty() {
            self.state.syncing = true;
            self.pending += 1;
            self.engine.spawn_sync(self.sink.clone());
        }
    }

    /// The end of an account's addition or removal.
    pub(super) fn account_event(&mut self, event: EngineEvent) {
        self.pending = self.pending.saturating_sub(1);
        match event {
            EngineEvent::AccountAdded { result } => {
                self.account_form.busy = false;
                match result {
                    Ok(account) => {
                        self.account_form = super::accounts::AccountForm::default();
                        let text = t!("accounts-added", user = account.user.as_str());
                        self.notify(text, None);
                        self.state.accounts.push(account);
                        self.sync();
                    }
                    Err(e) => self.account_form.error = Some(e),
                }
            }
            EngineEvent::AccountRemoved { result: Err(e) } => {
                self.state.error = Some(t!("error-sync", error = in_words(&e).into_owned()));
            }
            _ => {}
        }
    }
}

//! `lamplight account add|list|remove` and `lamplight sync`: sync accounts from the command
//! line. The password is read from `LAMPLIGHT_PASSWORD` or stdin, never from the command line
//! (where other users could see it); no key or password is ever printed.

use std::io::BufRead;

use anyhow::{Result, bail};

use super::args::{AccountCommand, AccountKind};
use super::print::{cell, when};
use crate::engine::Engine;
use crate::i18n::in_words;
use crate::store::{AccountId, AccountRow};
use crate::sync::secrets;
use crate::t;

pub fn account(engine: &Engine, command: &AccountCommand) -> Result<()> {
    match command {
        AccountCommand::Add {
            kind: AccountKind::Fever,
            url,
            user,
            password_stdin,
        } => {
            let password = password(*password_stdin)?;
            let added = engine
                .add_fever_account(url, user, &password)
                .map_err(|e| anyhow::anyhow!("{}", in_words(&e.to_string())))?;
            let kept = match added.secret_in.as_str() {
                secrets::IN_KEYRING => t!("cli-account-key-in-keyring").to_owned(),
                _ => t!(
                    "cli-account-key-in-file",
                    path = secrets::file_path(engine.data_dir(), added.id.0)
                        .display()
                        .to_string()
                ),
            };
            let line = t!(
                "cli-account-added",
                id = added.id.0,
                kind = added.kind.as_str(),
                user = added.user.as_str(),
                url = added.url.as_str(),
                kept = kept
            );
            println!("{line}");
            Ok(())
        }
        AccountCommand::List { json } => list(&engine.store().accounts()?, *json),
        AccountCommand::Remove { id } => {
            let feeds = engine
                .remove_account(AccountId(*id))
                .map_err(|e| anyhow::anyhow!("{}", in_words(&e.to_string())))?;
            println!("{}", t!("cli-account-removed", id = *id, feeds = feeds));
            Ok(())
        }
    }
}

/// The password from `LAMPLIGHT_PASSWORD`, or the first line of stdin.
fn password(from_stdin: bool) -> Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if !line.is_empty() {
            return Ok(line);
        }
    } else if let Ok(password) = std::env::var("LAMPLIGHT_PASSWORD")
        && !password.is_empty()
    {
        return Ok(password);
    }
    bail!("{}", t!("cli-account-no-password"))
}

fn list(accounts: &[AccountRow], json: bool) -> Result<()> {
    if json {
        for account in accounts {
            println!("{}", serde_json::to_string(account)?);
        }
        return Ok(());
    }
    if accounts.is_empty() {
        println!("{}", t!("cli-account-none"));
        return Ok(());
    }
    let h: Vec<&str> = t!("cli-account-header").split('|').collect();
    let h = |i: usize| h.get(i).copied().unwrap_or("");
    println!(
        "{:>4}  {} {} {} {} {}  {}",
        h(0),
        cell(h(1), 6),
        cell(h(2), 24),
        cell(h(3), 16),
        cell(h(4), 16),
        cell(h(5), 8),
        h(6)
    );
    for a in accounts {
        let kept = match a.secret_in.as_str() {
            secrets::IN_KEYRING => t!("cli-account-keyring"),
            _ => t!("cli-account-file"),
        };
        let synced = match a.synced_at {
            Some(_) => when(a.synced_at),
            None => t!("cli-account-never").to_owned(),
        };
        println!(
            "{:>4}  {} {} {} {} {:>8}  {}",
            a.id,
            cell(&a.kind, 6),
            cell(&a.user, 24),
            cell(kept, 16),
            cell(&synced, 16),
            a.pending_marks,
            a.url
        );
        if let Some(error) = &a.last_error {
            println!(
                "      {}",
                t!("cli-account-last-error", error = in_words(error))
            );
        }
    }
    Ok(())
}

/// Syncs every account; fails (after printing each account's line) when any sync failed.
pub fn sync(engine: &Engine, json: bool) -> Result<()> {
    let reports = engine.sync()?;
    let failed = reports.iter().filter(|r| r.error.is_some()).count();
    for r in &reports {
        if json {
            println!("{}", serde_json::to_string(r)?);
            continue;
        }
        let seconds = format!("{:.1}", r.duration_ms as f64 / 1000.0);
        let line = match &r.error {
            None => t!(
                "cli-sync-line",
                id = r.account_id,
                pulled = r.items_pulled,
                pushed = r.marks_pushed,
                marks = r.marks_pulled,
                seconds = seconds
            ),
            Some(error) => t!(
                "cli-sync-failed",
                id = r.account_id,
                seconds = seconds,
                error = in_words(error),
                pulled = r.items_pulled,
                pushed = r.marks_pushed
            ),
        };
        println!("{line}");
    }
    if failed > 0 {
        bail!(
            "{}",
            t!(
                "cli-sync-some-failed",
                count = failed,
                total = reports.len()
            )
        );
    }
    Ok(())
}

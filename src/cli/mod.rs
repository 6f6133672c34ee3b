//! The headless face: `lamplight add`, `refresh`, `feeds`, `articles`, `show`, `mark`, `stats`.
//!
//! Thin over the engine: parse arguments, call the engine or read the store, print. Exit code 0
//! on success; one clear line on stderr and a non-zero code for bad input.

mod accounts;
mod args;
mod daemon;
mod doctor;
mod feed_settings;
mod help;
pub mod print;
pub mod stats;

pub use args::{AccountCommand, AccountKind, Cli, Command, FolderCommand, MarkArgs, StatsCommand};
pub use help::{command, parse};

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use crate::i18n::in_words;
use crate::t;

use crate::engine::{
    ChangeOutcome, Engine, EngineConfig, EngineEvent, LibraryChange, RefreshScope,
};
use crate::store::{
    ArticleId, ArticleListFilter, FeedId, FolderId, FullTextMode, MarkScope, RetentionPolicy,
};

/// Resolves the data directory: the flag/env value, else the platform default.
pub fn data_dir(cli: &Cli) -> Result<PathBuf> {
    match &cli.data_dir {
        Some(dir) => Ok(dir.clone()),
        None => crate::paths::default_data_dir()
            .context("no home directory to keep data in; pass --data-dir DIR"),
    }
}

/// Where logs go: `LAMPLIGHT_LOG_DIR`; else `logs/` inside an explicitly given data dir (so a
/// `--data-dir` run keeps everything in one place); else the platform's state (or cache) dir.
pub fn log_dir(cli: &Cli) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("LAMPLIGHT_LOG_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = &cli.data_dir {
        return Some(dir.join("logs"));
    }
    directories::ProjectDirs::from("org", "Lamplight", "Lamplight").map(|d| {
        d.state_dir()
            .map_or_else(|| d.cache_dir().join("logs"), |s| s.join("logs"))
    })
}

/// Runs one subcommand to completion.
pub fn run(cli: &Cli, command: &Command) -> Result<()> {
    let dir = data_dir(cli)?;
    if let Command::Doctor = command {
        let cap = EngineConfig::default().images.cache_cap_bytes;
        return doctor::doctor(&dir, log_dir(cli).as_deref(), cap);
    }
    if let Command::Open { url } = command {
        return open_window(&dir, Some(url.clone()), None);
    }
    if let Command::Read { article_id } = command {
        return open_window(&dir, None, Some(ArticleId(*article_id)));
    }
    // Reading commands need no network, runtime or TLS: just the database.
    if let Some(result) = run_reading(&dir, command) {
        return result;
    }
    let mut config = EngineConfig {
        keep_secrets_in_file: std::env::var("LAMPLIGHT_SECRETS").is_ok_and(|v| v == "file"),
        ..EngineConfig::default()
    };
    if let Command::Refresh {
        no_images: true, ..
    } = command
    {
        config.images.enabled = false;
    }
    let engine = Engine::open(&dir, config)
        .with_context(|| t!("cli-cannot-open-data-dir", dir = dir.display().to_string()))?;
    match command {
        Command::Add {
            url,
            folder,
            full_text,
            json,
        } => {
            let change = LibraryChange::Subscribe {
                url: url.clone(),
                folder: folder.clone(),
                full_text: full_text.then_some(FullTextMode::On),
            };
            match engine.apply(&change).map_err(say_engine_error)? {
                ChangeOutcome::Subscribed(added) => print::added(&added, *json),
                other => bail!("subscribing ended unexpectedly: {other:?}"),
            }
        }
        Command::Discover { url, json } => {
            print::choices(&engine.discover(url).map_err(say_engine_error)?, *json)
        }
        Command::MarkAllRead { feed, folder } => {
            let scope = match (feed, folder) {
                (Some(f), _) => MarkScope::Feed(FeedId(*f)),
                (None, Some(d)) => MarkScope::Folder(FolderId(*d)),
                (None, None) => MarkScope::All,
            };
            let n = match engine.apply(&LibraryChange::MarkAllRead(scope))? {
                ChangeOutcome::Marked(ids) => ids.len(),
                _ => 0,
            };
            println!("{}", t!("cli-marked-read", count = n));
            Ok(())
        }
        Command::Folder(command) => folder(&engine, command),
        Command::Account(command) => accounts::account(&engine, command),
        Command::Sync { json } => accounts::sync(&engine, *json),
        Command::Import { file } => {
            let text = read_limited(file, crate::feed::MAX_OPML_BYTES)?;
            match engine.apply(&LibraryChange::ImportOpml(text))? {
                ChangeOutcome::Imported(report) => print::import_report(&report),
                other => bail!("the import ended unexpectedly: {other:?}"),
            }
            Ok(())
        }
        Command::Export { file } => {
            let opml = engine.export_opml()?;
            match file {
                Some(path) => std::fs::write(path, opml)
                    .with_context(|| t!("cli-cannot-write", path = path.display().to_string()))?,
                None => println!("{opml}"),
            }
            Ok(())
        }
        Command::Vacuum {
            keep_days,
            keep_at_least,
        } => {
            let policy = RetentionPolicy {
                keep_days: *keep_days,
                keep_at_least: *keep_at_least,
            };
            let deleted = match engine.apply(&LibraryChange::Vacuum(policy))? {
                ChangeOutcome::Deleted(n) => n,
                _ => 0,
            };
            println!("{}", t!("cli-vacuumed", count = deleted));
            Ok(())
        }
        Command::Refresh {
            daemon: true, json, ..
        } => daemon::run(&engine, *json),
        Command::Refresh {
            feed, all, json, ..
        } => {
            let scope = match (feed, all) {
                (Some(id), _) => {
                    engine.store().feed(FeedId(*id))?;
                    RefreshScope::Feed(FeedId(*id))
                }
                (None, true) => RefreshScope::All,
                (None, false) => RefreshScope::Due,
            };
            let json = *json;
            let sink = std::sync::Arc::new(move |event: EngineEvent| {
                if let EngineEvent::FetchFinished(record) = event {
                    print::fetch_line(&record, json);
                }
            });
            let records = engine.refresh(scope, sink)?;
            if !json {
                print::refresh_summary(&records);
            }
            Ok(())
        }
        Command::FullText { .. }
        | Command::Schedule { .. }
        | Command::ScheduleLimits { .. }
        | Command::Offline { .. }
        | Command::Notify { .. }
        | Command::Pictures { .. } => feed_settings::run(&engine, command),
        Command::Mark(args) => {
            let id = ArticleId(args.article_id);
            if !(args.read || args.unread || args.star || args.unstar) {
                bail!("{}", t!("cli-say-what-to-mark"));
            }
            if args.read || args.unread {
                engine.apply(&LibraryChange::SetRead {
                    article: id,
                    read: args.read,
                })?;
            }
            if args.star || args.unstar {
                engine.apply(&LibraryChange::SetStarred {
                    article: id,
                    starred: args.star,
                })?;
            }
            Ok(())
        }
        // Handled before the engine starts.
        Command::Doctor
        | Command::Open { .. }
        | Command::Read { .. }
        | Command::Feeds { .. }
        | Command::Articles { .. }
        | Command::Show { .. }
        | Command::Search { .. }
        | Command::Stats(_) => Ok(()),
        Command::Remove {
            feed_id,
            keep_starred,
        } => {
            let change = LibraryChange::Unsubscribe {
                feed: FeedId(*feed_id),
                keep_starred: *keep_starred,
            };
            match engine.apply(&change)? {
                ChangeOutcome::Removed(report) => print::removed(&report),
                other => bail!("the removal ended unexpectedly: {other:?}"),
            }
            Ok(())
        }
        Command::Rename { feed_id, title, .. } => {
            engine.apply(&LibraryChange::RenameFeed {
                feed: FeedId(*feed_id),
                title: title.clone(),
            })?;
            Ok(())
        }
        Command::SetUrl { feed_id, url } => {
            engine.apply(&LibraryChange::SetFeedUrl {
                feed: FeedId(*feed_id),
                url: url.clone(),
            })?;
            let url = crate::links::display_url(url).to_string();
            println!("{}", t!("cli-feed-url-set", id = *feed_id, url = url));
            Ok(())
        }
        Command::Retention { feed_id, days, .. } => {
            engine.apply(&LibraryChange::SetFeedRetention {
                feed: FeedId(*feed_id),
                days: *days,
            })?;
            Ok(())
        }
    }
}

/// Runs a command that only reads the database, or returns `None` for one that needs the engine.
fn run_reading(dir: &std::path::Path, command: &Command) -> Option<Result<()>> {
    let reading = matches!(
        command,
        Command::Feeds { .. }
            | Command::Articles { .. }
            | Command::Show { .. }
            | Command::Search { .. }
            | Command::Stats(_)
    );
    reading.then(|| read(dir, command))
}

fn read(dir: &std::path::Path, command: &Command) -> Result<()> {
    let store = crate::store::Store::open(&crate::paths::database_path(dir))
        .with_context(|| t!("cli-cannot-open-data-dir", dir = dir.display().to_string()))?;
    match command {
        Command::Feeds { json } => print::feeds(&store.feeds()?, *json),
        Command::Articles {
            feed,
            unread,
            starred,
            limit,
            json,
        } => {
            let filter = ArticleListFilter {
                feed: feed.map(FeedId),
                folder: None,
                unread_only: *unread,
                starred_only: *starred,
                since: None,
                after: None,
                limit: *limit,
                offset: 0,
                oldest_first: false,
            };
            print::articles(&store.articles(&filter)?, *json)
        }
        Command::Show {
            article_id,
            width,
            feed_text,
        } => {
            let id = ArticleId(*article_id);
            let mut article = store.article(id)?;
            let texts = store.article_texts(id)?;
            let note = match (&texts.full_html, *feed_text) {
                (Some(full), false) => {
                    article.content_html = Some(full.clone());
                    Some("Full article, from its web page (--feed-text for the feed's own).")
                }
                _ => None,
            };
            print::article(&article, *width, note, texts.cause.as_deref());
            Ok(())
        }
        Command::Search { query, limit, json } => {
            print::search_hits(&store.search(query, *limit)?, *json)
        }
        Command::Stats(StatsCommand::Fetches { feed, json, limit }) => {
            stats::fetches(&store, feed.map(FeedId), *json, *limit)
        }
        Command::Stats(StatsCommand::Images { json, feed, list }) => {
            let defaults = crate::store::PicturePrefs {
                download: true,
                cache_cap_bytes: EngineConfig::default().images.cache_cap_bytes,
            };
            let cap = store.picture_prefs(defaults)?.cache_cap_bytes;
            stats::images(&store, cap, *json, feed.map(FeedId), *list)
        }
        _ => Ok(()),
    }
}

fn folder(engine: &Engine, command: &FolderCommand) -> Result<()> {
    let change = match command {
        FolderCommand::List { json } => return print::folders(&engine.store().folders()?, *json),
        FolderCommand::Add { name } => {
            if name.trim().is_empty() {
                bail!("{}", t!("cli-folder-needs-name"));
            }
            LibraryChange::CreateFolder {
                name: name.clone(),
                with_feed: None,
            }
        }
        FolderCommand::Rename { id, name } => LibraryChange::RenameFolder {
            folder: FolderId(*id),
            name: name.clone(),
        },
        FolderCommand::Delete { id } => LibraryChange::DeleteFolder(FolderId(*id)),
        FolderCommand::Move { feed_id, to } => LibraryChange::MoveFeed {
            feed: FeedId(*feed_id),
            folder: to.map(FolderId),
        },
    };
    if let ChangeOutcome::FolderCreated(id) = engine.apply(&change)?
        && let LibraryChange::CreateFolder { name, .. } = &change
    {
        println!("{}", t!("cli-folder-made", id = id.0, name = name.trim()));
    }
    Ok(())
}

/// An engine error in the user's language where it has words of its own there.
fn say_engine_error(e: crate::engine::EngineError) -> anyhow::Error {
    match e {
        crate::engine::EngineError::NotAnAddress(text) => {
            anyhow::anyhow!("{}", t!("error-not-an-address", text = text))
        }
        other => anyhow::anyhow!("{}", in_words(&other.to_string())),
    }
}

/// Reads a text file of at most `max` bytes, with a clear error for a larger one.
fn read_limited(path: &std::path::Path, max: usize) -> Result<String> {
    let size = std::fs::metadata(path)
        .with_context(|| t!("cli-cannot-read", path = path.display().to_string()))?
        .len();
    if size > max as u64 {
        bail!(
            "{} is {size} bytes; files over {max} bytes are not imported",
            path.display()
        );
    }
    let bytes = std::fs::read(path)
        .with_context(|| t!("cli-cannot-read", path = path.display().to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Opens the desktop window (no subcommand given).
pub fn run_gui(cli: &Cli) -> Result<()> {
    open_window(&data_dir(cli)?, None, None)
}

/// Opens the window, with a link offered in the add dialog or at an article.
#[cfg(feature = "gui")]
fn open_window(
    dir: &std::path::Path,
    url: Option<String>,
    article: Option<ArticleId>,
) -> Result<()> {
    crate::ui::run(dir, url, article)
}

#[cfg(not(feature = "gui"))]
fn open_window(
    _dir: &std::path::Path,
    _url: Option<String>,
    _article: Option<ArticleId>,
) -> Result<()> {
    bail!("{}", t!("cli-no-window"))
}

//! The headless face: `lamplight add`, `refresh`, `feeds`, `articles`, `show`, `mark`, `stats`.
//!
//! Thin over the engine: parse arguments, call the engine or read the store, print. Exit code 0
//! on success; one clear line on stderr and a non-zero code for bad input.

mod daemon;
mod doctor;
mod feed_settings;
pub mod print;
pub mod stats;

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};

use crate::engine::{
    ChangeOutcome, Engine, EngineConfig, EngineEvent, LibraryChange, RefreshScope,
};
use crate::store::{
    ArticleId, ArticleListFilter, FeedId, FolderId, FullTextMode, MarkScope, RetentionPolicy,
};

/// Lamplight: an offline-first feed reader that records what every fetch cost.
#[derive(Debug, Parser)]
#[command(name = "lamplight", version, about)]
pub struct Cli {
    /// Where all state lives (default: the platform's data directory).
    #[arg(long, global = true, env = "LAMPLIGHT_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands; with none, the window opens.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Subscribe to a feed (a web page's advertised feed is found) and fetch it once.
    Add {
        /// A feed URL, or a web page that links to its feed.
        url: String,
        /// Put the new feed in this folder (made if needed).
        #[arg(long, value_name = "NAME")]
        folder: Option<String>,
        /// Fetch each new article's web page and keep its full text (default: auto).
        #[arg(long)]
        full_text: bool,
        #[arg(long)]
        json: bool,
    },
    /// List the feeds an address offers (a page's advertised feeds, or those at common
    /// addresses), with their titles and article counts; subscribes to nothing.
    Discover {
        /// A feed URL, or a web page.
        url: String,
        /// One JSON object per feed and line.
        #[arg(long)]
        json: bool,
    },
    /// Fetch feeds that are due (every feed with --all, one with --feed).
    Refresh {
        #[arg(long, value_name = "ID", conflicts_with = "all")]
        feed: Option<i64>,
        #[arg(long)]
        all: bool,
        /// Print one JSON fetch record per line.
        #[arg(long)]
        json: bool,
        /// Fetch feeds only; leave article images for a later refresh.
        #[arg(long)]
        no_images: bool,
        /// Keep running: refresh each feed when its schedule says, sleeping in between (for a
        /// systemd user service; stop it with a signal).
        #[arg(long, conflicts_with_all = ["feed", "all"])]
        daemon: bool,
    },
    /// List subscriptions with their counts and last error.
    Feeds {
        #[arg(long)]
        json: bool,
    },
    /// List articles, newest first.
    Articles {
        #[arg(long, value_name = "ID")]
        feed: Option<i64>,
        #[arg(long)]
        unread: bool,
        #[arg(long)]
        starred: bool,
        #[arg(long, value_name = "N")]
        limit: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Show an article as the reader renders it, as plain text.
    Show {
        article_id: i64,
        /// Wrap width in columns.
        #[arg(long, default_value_t = 78)]
        width: usize,
        /// The feed's own text, even when the full article was extracted from its page.
        #[arg(long)]
        feed_text: bool,
    },
    /// Mark an article read/unread or star/unstar it.
    Mark(MarkArgs),
    /// Mark every unread article read: everywhere, or in one feed or folder.
    MarkAllRead {
        #[arg(long, value_name = "ID", conflicts_with = "folder")]
        feed: Option<i64>,
        #[arg(long, value_name = "ID")]
        folder: Option<i64>,
    },
    /// Folders: list, add, rename, delete (its feeds move to the top level), move a feed.
    #[command(subcommand)]
    Folder(FolderCommand),
    /// Import subscriptions (with folders) from an OPML file; importing twice adds nothing.
    Import { file: PathBuf },
    /// Export subscriptions as OPML 2.0 (to FILE, or stdout).
    Export { file: Option<PathBuf> },
    /// Apply retention (keep DAYS, at least N per feed, starred always) and compact the file.
    Vacuum {
        #[arg(long, default_value_t = 90, value_name = "DAYS")]
        keep_days: i64,
        #[arg(long, default_value_t = 50, value_name = "N")]
        keep_at_least: i64,
    },
    /// Set how many days one feed keeps its articles (overrides vacuum's --keep-days).
    Retention {
        feed_id: i64,
        #[arg(long, conflicts_with = "clear", required_unless_present = "clear")]
        days: Option<i64>,
        /// Go back to the global policy.
        #[arg(long)]
        clear: bool,
    },
    /// Unsubscribe: remove a feed with its articles, marks, fetch records and the images only
    /// it uses (kept in the trash until `vacuum`).
    Remove {
        feed_id: i64,
        /// Keep its starred articles, in "Saved".
        #[arg(long)]
        keep_starred: bool,
    },
    /// Give a feed a title of your own (refreshes keep it), or --clear to use the feed's own.
    Rename {
        feed_id: i64,
        #[arg(required_unless_present = "clear", conflicts_with = "clear")]
        title: Option<String>,
        #[arg(long)]
        clear: bool,
    },
    /// Give a feed a new address; it is fetched and read as a feed before it is saved.
    SetUrl { feed_id: i64, url: String },
    /// Whether new articles' web pages are fetched for their full text: on, off, or auto (on
    /// when the feed's items look like excerpts). Without a flag, shows the setting.
    FullText {
        feed_id: i64,
        #[arg(long, group = "full_text_mode")]
        on: bool,
        #[arg(long, group = "full_text_mode")]
        off: bool,
        #[arg(long, group = "full_text_mode")]
        auto: bool,
    },
    /// Pin a feed to a fixed refresh interval (`--every 15m`, `2h`, `1d`), or go back to the
    /// automatic schedule (`--auto`); prints the next refresh and why.
    Schedule {
        feed_id: i64,
        #[arg(
            long,
            value_name = "INTERVAL",
            conflicts_with = "auto",
            required_unless_present = "auto"
        )]
        every: Option<String>,
        #[arg(long)]
        auto: bool,
    },
    /// The bounds on every feed's automatic refresh interval (default 15m and 1d); pins are not
    /// bounded. Without a flag, shows them. They apply from each feed's next fetch.
    ScheduleLimits {
        #[arg(long, value_name = "INTERVAL")]
        min: Option<String>,
        #[arg(long, value_name = "INTERVAL")]
        max: Option<String>,
    },
    /// Make a feed readable offline: read the pages whose full text is missing and fetch every
    /// picture not cached, then say how many articles are ready.
    Offline {
        feed_id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over titles and article text (Chinese words inside sentences too).
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Fetch and image statistics.
    #[command(subcommand)]
    Stats(StatsCommand),
    /// What to put in a bug report: data dir, database size and schema, counts, cache, fonts.
    Doctor,
    /// Open the window with a link (`feed:` or http/https, as the desktop hands it over)
    /// offered in the add dialog.
    Open { url: String },
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    article_id: i64,
    #[arg(long, conflicts_with = "unread")]
    read: bool,
    #[arg(long)]
    unread: bool,
    #[arg(long, conflicts_with = "unstar")]
    star: bool,
    #[arg(long)]
    unstar: bool,
}

/// `lamplight folder …`
#[derive(Debug, Subcommand)]
pub enum FolderCommand {
    /// Folders with their feed and unread counts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Make a folder.
    Add { name: String },
    /// Rename a folder.
    Rename { id: i64, name: String },
    /// Delete a folder; its feeds move to the top level.
    Delete { id: i64 },
    /// Move a feed into a folder (or to the top level without --to).
    Move {
        feed_id: i64,
        #[arg(long, value_name = "FOLDER_ID")]
        to: Option<i64>,
    },
}

/// `lamplight stats …`
#[derive(Debug, Subcommand)]
pub enum StatsCommand {
    /// Per feed: the last fetch's stages and p50/p95 of total ms over its history.
    Fetches {
        #[arg(long, value_name = "ID")]
        feed: Option<i64>,
        /// One JSON fetch record per line, newest first.
        #[arg(long)]
        json: bool,
        /// How many records per feed (JSON) or of history to read.
        #[arg(long, default_value_t = 1000)]
        limit: i64,
    },
    /// Image-cache totals and per feed: cached, failed by cause, bytes saved, convert ms;
    /// with --list, every image's record (URL, referer, role, attempts, source and WebP sizes).
    Images {
        #[arg(long)]
        json: bool,
        /// Only this feed.
        #[arg(long, value_name = "ID")]
        feed: Option<i64>,
        /// One record per image instead of the totals.
        #[arg(long)]
        list: bool,
    },
}

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
        return open_window(&dir, Some(url.clone()));
    }
    // Reading commands need no network, runtime or TLS: just the database.
    if let Some(result) = run_reading(&dir, command) {
        return result;
    }
    let mut config = EngineConfig::default();
    if let Command::Refresh {
        no_images: true, ..
    } = command
    {
        config.images.enabled = false;
    }
    let engine = Engine::open(&dir, config)
        .with_context(|| format!("cannot open the data directory {}", dir.display()))?;
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
            match engine.apply(&change)? {
                ChangeOutcome::Subscribed(added) => print::added(&added, *json),
                other => bail!("subscribing ended unexpectedly: {other:?}"),
            }
        }
        Command::Discover { url, json } => print::choices(&engine.discover(url)?, *json),
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
            println!("Marked {n} articles read.");
            Ok(())
        }
        Command::Folder(command) => folder(&engine, command),
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
                    .with_context(|| format!("cannot write {}", path.display()))?,
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
            println!("Deleted {deleted} old articles; the database is compacted.");
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
        | Command::Offline { .. } => feed_settings::run(&engine, command),
        Command::Mark(args) => {
            let id = ArticleId(args.article_id);
            if !(args.read || args.unread || args.star || args.unstar) {
                bail!("say what to mark: --read, --unread, --star or --unstar");
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
            println!(
                "Feed {feed_id} now reads {}",
                crate::links::display_url(url)
            );
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
        .with_context(|| format!("cannot open the data directory {}", dir.display()))?;
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
            let cap = EngineConfig::default().images.cache_cap_bytes;
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
                bail!("a folder needs a name");
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
        println!("Folder {id}: {}", name.trim());
    }
    Ok(())
}

/// Reads a text file of at most `max` bytes, with a clear error for a larger one.
fn read_limited(path: &std::path::Path, max: usize) -> Result<String> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > max as u64 {
        bail!(
            "{} is {size} bytes; files over {max} bytes are not imported",
            path.display()
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Opens the desktop window (no subcommand given).
pub fn run_gui(cli: &Cli) -> Result<()> {
    open_window(&data_dir(cli)?, None)
}

#[cfg(feature = "gui")]
fn open_window(dir: &std::path::Path, url: Option<String>) -> Result<()> {
    crate::ui::run(dir, url)
}

#[cfg(not(feature = "gui"))]
fn open_window(_dir: &std::path::Path, _url: Option<String>) -> Result<()> {
    bail!("this lamplight was built without the window (feature `gui`); use a subcommand")
}

//! The command line's grammar: the subcommands, their flags and help texts (clap derive).
//! Scripts depend on these names: add, never rename.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    /// Whether a desktop notification tells of a feed's new articles after a background
    /// refresh (the window's, or `refresh --daemon`). Off by default; without a flag, shows it.
    Notify {
        feed_id: i64,
        #[arg(long, conflicts_with = "off")]
        on: bool,
        #[arg(long)]
        off: bool,
    },
    /// Whether new articles' pictures are downloaded (for reading offline), and how much the
    /// picture cache may hold; without a flag, shows both.
    Pictures {
        #[arg(long, conflicts_with = "off")]
        on: bool,
        #[arg(long)]
        off: bool,
        /// The cache's cap in MiB (16 to 65,536); a smaller cap evicts at once.
        #[arg(long, value_name = "MIB")]
        cache_mib: Option<i64>,
    },
    /// Open the window with a link (`feed:` or http/https, as the desktop hands it over)
    /// offered in the add dialog.
    Open { url: String },
    /// Open the window at an article (what clicking a new-article notification does).
    Read { article_id: i64 },
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    pub article_id: i64,
    #[arg(long, conflicts_with = "unread")]
    pub read: bool,
    #[arg(long)]
    pub unread: bool,
    #[arg(long, conflicts_with = "unstar")]
    pub star: bool,
    #[arg(long)]
    pub unstar: bool,
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

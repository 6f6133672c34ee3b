//! The command line's grammar: the subcommands and their flags (clap derive). Their help texts
//! are the `help-*` messages, in the user's language (`help.rs`). Scripts depend on these
//! names: add, never rename.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Lamplight's command line: global options and the subcommand, if any.
#[derive(Debug, Parser)]
#[command(name = "lamplight", version)]
pub struct Cli {
    #[arg(long, global = true, env = "LAMPLIGHT_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands; with none, the window opens.
#[derive(Debug, Subcommand)]
pub enum Command {
    Add {
        url: String,
        #[arg(long, value_name = "NAME")]
        folder: Option<String>,
        #[arg(long)]
        full_text: bool,
        #[arg(long)]
        json: bool,
    },
    Discover {
        url: String,
        #[arg(long)]
        json: bool,
    },
    Refresh {
        #[arg(long, value_name = "ID", conflicts_with = "all")]
        feed: Option<i64>,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        no_images: bool,
        #[arg(long, conflicts_with_all = ["feed", "all"])]
        daemon: bool,
    },
    Feeds {
        #[arg(long)]
        json: bool,
    },
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
    Show {
        article_id: i64,
        #[arg(long, default_value_t = 78)]
        width: usize,
        #[arg(long)]
        feed_text: bool,
    },
    Mark(MarkArgs),
    MarkAllRead {
        #[arg(long, value_name = "ID", conflicts_with = "folder")]
        feed: Option<i64>,
        #[arg(long, value_name = "ID")]
        folder: Option<i64>,
    },
    #[command(subcommand)]
    Folder(FolderCommand),
    Import {
        file: PathBuf,
    },
    Export {
        file: Option<PathBuf>,
    },
    Vacuum {
        #[arg(long, default_value_t = 90, value_name = "DAYS")]
        keep_days: i64,
        #[arg(long, default_value_t = 50, value_name = "N")]
        keep_at_least: i64,
    },
    Retention {
        feed_id: i64,
        #[arg(long, conflicts_with = "clear", required_unless_present = "clear")]
        days: Option<i64>,
        #[arg(long)]
        clear: bool,
    },
    Remove {
        feed_id: i64,
        #[arg(long)]
        keep_starred: bool,
    },
    Rename {
        feed_id: i64,
        #[arg(required_unless_present = "clear", conflicts_with = "clear")]
        title: Option<String>,
        #[arg(long)]
        clear: bool,
    },
    SetUrl {
        feed_id: i64,
        url: String,
    },
    FullText {
        feed_id: i64,
        #[arg(long, group = "full_text_mode")]
        on: bool,
        #[arg(long, group = "full_text_mode")]
        off: bool,
        #[arg(long, group = "full_text_mode")]
        auto: bool,
    },
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
    ScheduleLimits {
        #[arg(long, value_name = "INTERVAL")]
        min: Option<String>,
        #[arg(long, value_name = "INTERVAL")]
        max: Option<String>,
    },
    Offline {
        feed_id: i64,
        #[arg(long)]
        json: bool,
    },
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    #[command(subcommand)]
    Stats(StatsCommand),
    Doctor,
    Notify {
        feed_id: i64,
        #[arg(long, conflicts_with = "off")]
        on: bool,
        #[arg(long)]
        off: bool,
    },
    Pictures {
        #[arg(long, conflicts_with = "off")]
        on: bool,
        #[arg(long)]
        off: bool,
        #[arg(long, value_name = "MIB")]
        cache_mib: Option<i64>,
    },
    Open {
        url: String,
    },
    Read {
        article_id: i64,
    },
    #[command(subcommand)]
    Account(AccountCommand),
    Sync {
        #[arg(long)]
        json: bool,
    },
}

/// `lamplight account …`
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    Add {
        kind: AccountKind,
        url: String,
        #[arg(long)]
        user: String,
        #[arg(long)]
        password_stdin: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        id: i64,
    },
}

/// The sync services an account can be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AccountKind {
    /// A server that speaks the Fever API (coldsweat, FreshRSS, Miniflux, Tiny Tiny RSS, …).
    Fever,
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
    List {
        #[arg(long)]
        json: bool,
    },
    Add {
        name: String,
    },
    Rename {
        id: i64,
        name: String,
    },
    Delete {
        id: i64,
    },
    Move {
        feed_id: i64,
        #[arg(long, value_name = "FOLDER_ID")]
        to: Option<i64>,
    },
}

/// `lamplight stats …`
#[derive(Debug, Subcommand)]
pub enum StatsCommand {
    Fetches {
        #[arg(long, value_name = "ID")]
        feed: Option<i64>,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 1000)]
        limit: i64,
    },
    Images {
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "ID")]
        feed: Option<i64>,
        #[arg(long)]
        list: bool,
    },
}

//! `lamplight doctor`: what a bug report needs — where the data lives, how big and which schema
//! the database is, what it holds, the image cache against its cap, and which font shows each
//! script. The report stays English whatever the locale (it is pasted into bug reports, like
//! the logs); in another language one line before it says so.

use std::path::Path;

use anyhow::Result;

use crate::store::{ArticleListFilter, SCHEMA_VERSION, Store};

/// Prints the report for the data directory `dir` (read-only; nothing is created).
pub fn doctor(dir: &Path, log_dir: Option<&Path>, default_cache_cap_bytes: i64) -> Result<()> {
    if crate::i18n::language() != crate::i18n::Lang::En {
        println!("{}", crate::t!("doctor-stays-english"));
    }
    println!("Lamplight {}", env!("CARGO_PKG_VERSION"));
    println!("data dir:     {}", dir.display());
    match log_dir {
        Some(logs) => println!("log dir:      {}", logs.display()),
        None => println!("log dir:      (none; logging to stderr only)"),
    }
    let db = crate::paths::database_path(dir);
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    if !db.exists() {
        println!("database:     {} (not created yet)", db.display());
    } else {
        let wal = db.with_extension("db-wal");
        let store = Store::open(&db)?;
        println!(
            "database:     {} ({:.1} MB, WAL {:.1} MB)",
            db.display(),
            size(&db) as f64 / 1_048_576.0,
            size(&wal) as f64 / 1_048_576.0
        );
        println!(
            "schema:       {} (this build writes {SCHEMA_VERSION}); integrity {}",
            store.schema_version()?,
            store.integrity_check()?
        );
        let feeds = store.feeds()?;
        let failing = feeds.iter().filter(|f| f.last_error.is_some()).count();
        let articles = store.count_articles(&ArticleListFilter::default())?;
        let unread = store.count_articles(&ArticleListFilter {
            unread_only: true,
            ..ArticleListFilter::default()
        })?;
        println!("feeds:        {} ({failing} failing)", feeds.len());
        println!("articles:     {articles} ({unread} unread)");
        let images = store.image_stats(None)?;
        println!(
            "images:       {} ({} cached, {} failed, {} evicted)",
            images.images, images.cached, images.failed, images.evicted
        );
        let prefs = store.picture_prefs(crate::store::PicturePrefs {
            download: true,
            cache_cap_bytes: default_cache_cap_bytes,
        })?;
        println!(
            "image cache:  {:.1} MiB of {:.0} MiB cap; pictures of new articles {}",
            store.image_cache_bytes()? as f64 / 1_048_576.0,
            prefs.cache_cap_bytes as f64 / 1_048_576.0,
            if prefs.download {
                "downloaded"
            } else {
                "not downloaded"
            }
        );
    }
    #[cfg(feature = "gui")]
    {
        println!(
            "CJK font:     bundled Noto Sans CJK SC subset ({} KB, GB2312 + the first-run feed), always loaded",
            crate::ui::CJK_FONT_BYTES / 1024
        );
        // Which installed font the window falls back to for each script (loaded only when
        // text needs it).
        let fonts = crate::ui::SystemFonts::new(crate::ui::FontSource::System);
        println!("scripts:");
        for (script, font) in fonts.coverage() {
            match font {
                Some(font) => println!("  {script:<20} {font}"),
                None => println!(
                    "  {script:<20} no font installed (shown by name; install {})",
                    crate::ui::package_for_script_name(script)
                ),
            }
        }
    }
    Ok(())
}

//! `lamplight doctor`: what a bug report needs — where the data lives, how big and which schema
//! the database is, what it holds, the image cache against its cap, and the fonts for CJK text.

use std::path::Path;

use anyhow::Result;

use crate::store::{ArticleListFilter, SCHEMA_VERSION, Store};

/// Prints the report for the data directory `dir` (read-only; nothing is created).
pub fn doctor(dir: &Path, log_dir: Option<&Path>, cache_cap_bytes: i64) -> Result<()> {
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
        println!(
            "image cache:  {:.1} MB of {:.0} MB cap",
            store.image_cache_bytes()? as f64 / 1_048_576.0,
            cache_cap_bytes as f64 / 1_048_576.0
        );
    }
    #[cfg(feature = "gui")]
    println!(
        "CJK font:     bundled Noto Sans CJK SC subset ({} KB, GB2312 + the first-run feed), always loaded",
        crate::ui::CJK_FONT_BYTES / 1024
    );
    println!("system CJK:   {}", system_cjk_fonts());
    Ok(())
}

/// What fontconfig says about installed Chinese fonts (informational: the bundled font is what
/// the window uses).
fn system_cjk_fonts() -> String {
    match std::process::Command::new("fc-list")
        .args([":lang=zh", "family"])
        .output()
    {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            let mut families: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
            families.sort_unstable();
            families.dedup();
            if families.is_empty() {
                "none installed".to_owned()
            } else {
                format!("{} families (e.g. {})", families.len(), families[0])
            }
        }
        _ => "unknown (fc-list not available)".to_owned(),
    }
}

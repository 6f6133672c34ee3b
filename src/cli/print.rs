//! How the CLI prints things: tables for people, JSON (one object per line) for scripts.

use anyhow::Result;

use crate::i18n::in_words;
use crate::t;

use crate::engine::{AddOutcome, FeedChoice};
use crate::links::{clean_lines, clean_text, display_url};
use crate::render::{html_to_blocks, to_text};
use crate::store::{ArticleRow, FeedRow, FetchOutcomeKind, FetchRecord};

/// A fetch record as JSON: every field, plus `fetch_ms` and the stage list.
pub fn record_json(record: &FetchRecord) -> serde_json::Value {
    let mut value = serde_json::to_value(record).unwrap_or(serde_json::Value::Null);
    if let Some(map) = value.as_object_mut() {
        map.insert("fetch_ms".into(), record.fetch_ms().into());
        map.insert(
            "stages".into(),
            serde_json::to_value(record.stages()).unwrap_or_default(),
        );
    }
    value
}

pub use crate::render::format_timestamp as when;

/// `s` fitted to exactly `n` terminal columns (CJK characters take two): cut with `…` when
/// longer, padded with spaces when shorter.
pub fn cell(s: &str, n: usize) -> String {
    use textwrap::core::display_width;
    let s = &*clean_text(s);
    let mut out = String::new();
    let mut width = 0;
    if display_width(s) <= n {
        out.push_str(s);
        width = display_width(s);
    } else {
        for c in s.chars() {
            let w = display_width(c.encode_utf8(&mut [0; 4]));
            if width + w + 1 > n {
                break;
            }
            out.push(c);
            width += w;
        }
        out.push('…');
        width += 1;
    }
    out.push_str(&" ".repeat(n.saturating_sub(width)));
    out
}

/// The feeds an address offers: a table, or one JSON object per line.
pub fn choices(choices: &[FeedChoice], json: bool) -> Result<()> {
    for choice in choices {
        if json {
            println!("{}", serde_json::to_value(choice)?);
            continue;
        }
        let what = match &choice.error {
            Some(e) => t!("cli-choice-unreadable", cause = in_words(e)),
            None => t!("cli-choice-articles", count = choice.items),
        };
        println!(
            "{}  {}  {}",
            cell(&choice.title, 30),
            cell(&what, 16),
            display_url(&choice.url)
        );
    }
    Ok(())
}

pub fn added(added: &AddOutcome, json: bool) -> Result<()> {
    if json {
        let value = serde_json::json!({
            "feed": added.feed,
            "already_subscribed": added.already_subscribed,
            "fetch": record_json(&added.record),
            "also_found": added.also_found.iter().map(|f| &f.url).collect::<Vec<_>>(),
        });
        println!("{value}");
        return Ok(());
    }
    let feed = &added.feed;
    let (id, title, url) = (
        feed.id.0,
        clean_text(&feed.title),
        display_url(&feed.url).to_string(),
    );
    if added.already_subscribed {
        println!(
            "{}",
            t!("cli-already-subscribed", id = id, title = title, url = url)
        );
    } else {
        println!(
            "{}",
            t!("cli-subscribed", id = id, title = title, url = url)
        );
    }
    if !feed.description.is_empty() {
        println!("  {}", feed.description);
    }
    let counts = t!(
        "cli-added-counts",
        count = feed.article_count,
        new = added.record.new_articles,
        ms = added.record.total_ms
    );
    println!("  {counts}");
    for other in &added.also_found {
        let offer = t!(
            "cli-also-offers",
            url = display_url(&other.url).to_string(),
            title = other.title.as_deref().unwrap_or("")
        );
        println!("  {offer}");
    }
    Ok(())
}

pub fn fetch_line(record: &FetchRecord, json: bool) {
    if json {
        println!("{}", record_json(record));
        return;
    }
    let detail = match record.outcome {
        FetchOutcomeKind::Error => record
            .error
            .as_deref()
            .map(|e| in_words(e).into_owned())
            .unwrap_or_default(),
        _ if record.full_text_fetched + record.full_text_failed > 0 => t!(
            "cli-fetch-detail-full-text",
            new = record.new_articles,
            total = record.total_articles,
            bytes = record.bytes,
            fetched = record.full_text_fetched,
            pages = record.full_text_fetched + record.full_text_failed
        ),
        _ => t!(
            "cli-fetch-detail",
            new = record.new_articles,
            total = record.total_articles,
            bytes = record.bytes
        ),
    };
    println!(
        "feed {:>4}  {:<12} {:>6} ms  {detail}",
        record.feed_id,
        record.outcome.as_str(),
        record.total_ms
    );
}

pub fn refresh_summary(records: &[FetchRecord]) {
    let failed = records
        .iter()
        .filter(|r| r.outcome == FetchOutcomeKind::Error)
        .count();
    let new: i64 = records.iter().map(|r| r.new_articles).sum();
    let line = t!(
        "cli-refreshed",
        count = records.len(),
        new = new,
        failed = failed
    );
    println!("{line}");
}

/// What `lamplight remove` took away.
pub fn removed(r: &crate::store::RemovalReport) {
    let starred = if r.starred_kept > 0 {
        t!("cli-removed-starred-kept", count = r.starred_kept)
    } else {
        String::new()
    };
    let line = t!(
        "cli-removed",
        id = r.feed_id.0,
        title = r.title.as_str(),
        articles = r.articles,
        fetches = r.fetches,
        images = r.images,
        mb = format!("{:.1}", r.image_bytes as f64 / 1_048_576.0),
        starred = starred
    );
    println!("{line}");
}

pub fn feeds(feeds: &[FeedRow], json: bool) -> Result<()> {
    if json {
        for feed in feeds {
            println!("{}", serde_json::to_string(feed)?);
        }
        return Ok(());
    }
    println!(
        "{:>4}  {} {:>8} {:>7}  {:<16}  URL",
        t!("cli-column-id"),
        cell(t!("cli-column-title"), 30),
        t!("cli-column-articles"),
        t!("cli-column-unread"),
        t!("cli-column-last-fetch")
    );
    for f in feeds {
        println!(
            "{:>4}  {} {:>8} {:>7}  {:<16}  {}",
            f.id,
            cell(&f.title, 30),
            f.article_count,
            f.unread_count,
            when(f.last_fetched_at),
            display_url(&f.url)
        );
        if let Some(error) = &f.last_error {
            println!("      {}", t!("cli-last-error", error = in_words(error)));
        }
        if let Some(user) = &f.user_title
            && *user != f.own_title
        {
            println!(
                "      {}",
                t!("cli-own-title", title = f.own_title.as_str())
            );
        }
        for note in [&f.gone_reason, &f.moved_note].into_iter().flatten() {
            println!("      {}", in_words(note));
        }
    }
    Ok(())
}

pub fn articles(articles: &[ArticleRow], json: bool) -> Result<()> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // A closed pipe (`| head`) ends the listing quietly.
    let _ = (|| -> std::io::Result<()> {
        if json {
            for a in articles {
                writeln!(out, "{}", serde_json::to_string(a)?)?;
            }
        } else {
            writeln!(
                out,
                "{:>6}  {:<16}  {:<2}  {}",
                t!("cli-column-id"),
                t!("cli-column-date"),
                "",
                t!("cli-column-title")
            )?;
            for a in articles {
                let flags = format!(
                    "{}{}",
                    if a.read { " " } else { "●" },
                    if a.starred { "★" } else { " " }
                );
                writeln!(
                    out,
                    "{:>6}  {:<16}  {flags}  {}",
                    a.id,
                    when(a.published_at),
                    clean_text(&a.title)
                )?;
            }
        }
        out.flush()
    })();
    Ok(())
}

/// An article as text; `note` says which text it is, `page_cause` why the page gave none.
pub fn article(article: &ArticleRow, width: usize, note: Option<&str>, page_cause: Option<&str>) {
    println!("{}", clean_text(&article.title));
    println!(
        "{} · {}{}",
        clean_text(&article.feed_title),
        when(article.published_at),
        article
            .author
            .as_deref()
            .map(|a| format!(" · {}", clean_text(a)))
            .unwrap_or_default()
    );
    if let Some(link) = &article.link {
        println!("{}", clean_text(link));
    }
    if let Some(note) = note {
        println!("{note}");
    } else if let Some(cause) = page_cause {
        println!(
            "{}",
            t!("cli-feeds-text", cause = in_words(&clean_text(cause)))
        );
    }
    println!();
    let blocks = html_to_blocks(
        article.content_html.as_deref().unwrap_or(""),
        article.link.as_deref(),
    );
    print!("{}", clean_lines(&to_text(&blocks, width)));
}

pub fn offline_report(report: &crate::engine::OfflineReport, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string(report)?);
    } else {
        let pages = t!(
            "cli-offline-pages",
            pages = report.pages_tried,
            extracted = report.pages_extracted,
            pictures = report.articles_with_pictures
        );
        println!("{pages}");
        let ready = t!(
            "cli-offline-ready",
            ready = report.ready,
            total = report.articles
        );
        println!("{ready}");
    }
    Ok(())
}

pub fn search_hits(hits: &[crate::store::SearchHit], json: bool) -> Result<()> {
    for hit in hits {
        if json {
            println!("{}", serde_json::to_string(hit)?);
        } else {
            println!(
                "{:>6}  {}  ({})",
                hit.id,
                clean_text(&hit.title),
                clean_text(&hit.feed_title)
            );
            println!("        {}", hit.snippet);
        }
    }
    if !json && hits.is_empty() {
        println!("{}", t!("cli-no-matches"));
    }
    Ok(())
}

pub fn folders(folders: &[crate::store::FolderRow], json: bool) -> Result<()> {
    for f in folders {
        if json {
            println!("{}", serde_json::to_string(f)?);
        } else {
            let counts = t!(
                "cli-folder-line",
                feeds = f.feed_count,
                unread = f.unread_count
            );
            println!("{:>4}  {}  {counts}", f.id, cell(&f.name, 30));
        }
    }
    Ok(())
}

pub fn import_report(report: &crate::engine::ImportReport) {
    let line = t!(
        "cli-imported",
        count = report.added.len(),
        already = report.already_subscribed.len(),
        skipped = report.skipped.len()
    );
    println!("{line}");
    for (url, why) in &report.skipped {
        let skipped = t!(
            "cli-import-skipped",
            url = url.as_str(),
            why = in_words(why)
        );
        println!("  {skipped}");
    }
    if !report.added.is_empty() {
        println!("{}", t!("cli-run-refresh"));
    }
}

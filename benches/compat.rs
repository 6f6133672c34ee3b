//! Lamplight's side of the feed-compatibility measure (`benches/compat.sh`): reads every file
//! named on the command line (or under a directory named there) as a fetched feed body, with
//! the Content-Type a `Header: Content-type: …` line in its comment gives (the convention of
//! feedparser's test corpus), and prints one JSON line per file: entries, titles, the feed's
//! title, the notes (encoding, repairs) or the error.

use std::path::{Path, PathBuf};

fn files_under(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        entries.sort();
        for entry in entries {
            files_under(&entry, out);
        }
    } else if path.extension().is_none_or(|e| e != "py") {
        out.push(path.to_owned());
    }
}

/// The `Content-type` a corpus file says it was served with.
fn declared_content_type(body: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    head.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("Header:")?.trim();
        let (name, value) = rest.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-type")
            .then(|| value.trim().to_owned())
    })
}

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args().skip(1).filter(|a| !a.starts_with("--")) {
        files_under(Path::new(&arg), &mut files);
    }
    for file in files {
        let Ok(body) = std::fs::read(&file) else {
            continue;
        };
        let content_type = declared_content_type(&body);
        let line = match lamplight::feed::read_feed(
            &body,
            content_type.as_deref(),
            "http://example.com/feed",
        ) {
            Ok(parsed) => serde_json::json!({
                "file": file,
                "ok": true,
                "title": parsed.meta.title,
                "entries": parsed.articles.len(),
                "titles": parsed.articles.iter().map(|a| a.title.clone()).collect::<Vec<_>>(),
                "notes": parsed.notes,
            }),
            Err(e) => serde_json::json!({
                "file": file,
                "ok": false,
                "entries": 0,
                "titles": [],
                "error": e.to_string(),
            }),
        };
        println!("{line}");
    }
}

//! Every candidate extractor on the evaluation set, scored as `benches/extract.rs` scores
//! Lamplight's: word-level precision, recall and F1 (summed over pages, and the mean of
//! per-page F1), and the median milliseconds per page. Each candidate's own text output.

#[path = "../../extraction/score.rs"]
mod score;

use std::time::Instant;

use score::{Counts, load_set};

type Extract = fn(&str, &str) -> String;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/extraction");
    let set = load_set(&dir);
    let url = "https://news.example.com/2026/article.html";
    let candidates: [(&str, Extract); 3] = [
        ("dom_smoothie 0.19 (MIT)", |html, url| {
            dom_smoothie::Readability::new(html, Some(url), None)
                .and_then(|mut r| r.parse())
                .map(|a| a.text_content.to_string())
                .unwrap_or_default()
        }),
        ("rs-trafilatura 0.2 (MIT/Apache-2.0)", |html, _| {
            rs_trafilatura::extract(html)
                .map(|r| r.content_text)
                .unwrap_or_default()
        }),
        ("readability 0.3 (MIT)", |html, url| {
            let url = url::Url::parse(url).expect("url");
            readability::extractor::extract(&mut html.as_bytes(), &url)
                .map(|p| p.text)
                .unwrap_or_default()
        }),
    ];
    println!("| candidate | precision | recall | F1 (all words) | F1 (mean of pages) | median ms/page |");
    println!("|---|---|---|---|---|---|");
    for (name, extract) in candidates {
        let mut total = Counts::default();
        let mut f1s = Vec::new();
        let mut times = Vec::new();
        for (_, page, expected) in &set {
            let html = String::from_utf8_lossy(page);
            let started = Instant::now();
            let text = extract(&html, url);
            times.push(started.elapsed().as_secs_f64() * 1e3);
            let counts = Counts::of(&text, expected);
            total = total.add(counts);
            f1s.push(counts.f1());
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1} |",
            total.precision(),
            total.recall(),
            total.f1(),
            f1s.iter().sum::<f64>() / f1s.len() as f64,
            times[times.len() / 2]
        );
    }
}

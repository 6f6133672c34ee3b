//! Word-level scoring of extracted text against the expected text: both become bags of words
//! (lower-cased runs of letters and digits; Han, kana, Thai, Lao, Khmer and Burmese, written
//! without spaces, count one word per character), and precision, recall and F1 come from the
//! words they share. Shared by `benches/extract.rs` and `benches/extract-eval`.

use std::collections::HashMap;

/// Characters of scripts written without spaces between words.
fn per_character(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
}

pub fn words(text: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    let mut current = String::new();
    let flush = |word: &mut String, out: &mut HashMap<String, usize>| {
        if !word.is_empty() {
            *out.entry(std::mem::take(word)).or_insert(0) += 1;
        }
    };
    for c in text.chars() {
        if per_character(c) {
            flush(&mut current, &mut out);
            *out.entry(c.to_string()).or_insert(0) += 1;
        } else if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Words found, words expected, and words both have.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub found: usize,
    pub expected: usize,
    pub shared: usize,
}

impl Counts {
    pub fn of(found: &str, expected: &str) -> Counts {
        let (found, expected) = (words(found), words(expected));
        Counts {
            found: found.values().sum(),
            expected: expected.values().sum(),
            shared: found
                .iter()
                .map(|(w, n)| (*n).min(*expected.get(w).unwrap_or(&0)))
                .sum(),
        }
    }

    pub fn add(self, other: Counts) -> Counts {
        Counts {
            found: self.found + other.found,
            expected: self.expected + other.expected,
            shared: self.shared + other.shared,
        }
    }

    pub fn precision(self) -> f64 {
        if self.found == 0 {
            0.0
        } else {
            self.shared as f64 / self.found as f64
        }
    }

    pub fn recall(self) -> f64 {
        self.shared as f64 / self.expected.max(1) as f64
    }

    pub fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// The evaluation set: (name, page bytes, expected text), from `dir` (`*.html.gz` + `*.txt`).
pub fn load_set(dir: &std::path::Path) -> Vec<(String, Vec<u8>, String)> {
    use std::io::Read;
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the evaluation set")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".html.gz").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let gz = std::fs::read(dir.join(format!("{name}.html.gz"))).expect("page");
            let mut page = Vec::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut page)
                .expect("gzip page");
            let expected =
                std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("expected text");
            (name, page, expected)
        })
        .collect()
}

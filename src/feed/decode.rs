//! A fetched body to UTF-8 text for the XML parser, saying which encoding was used and why.
//!
//! Bodies compressed without a `Content-Encoding` are inflated first (gzip and zlib magic).
//! Then, in order: a byte-order mark; the XML prolog's `encoding=` (every label `encoding_rs`
//! knows, and the IBM/OEM code pages it lacks such as IBM855, from `oem_cp`); the HTTP
//! header's charset; UTF-8 when the bytes are valid UTF-8; else `chardetng`'s guess. A
//! declaration the bytes contradict (malformed sequences) gives way to the header's charset or
//! the guess, and the note says so. The prolog is rewritten to say UTF-8, so the parser reads
//! the text as given.

use std::borrow::Cow;
use std::io::Read;

use super::FeedError;

/// The most a compressed body may inflate to.
pub const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;

/// A body as text.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    /// Borrowed from the body when it was UTF-8 (or ASCII) already.
    pub text: Cow<'a, str>,
    /// The encoding the text was read in.
    pub encoding: String,
    /// Why, when it was not simply what the document said (or UTF-8).
    pub note: Option<String>,
}

/// The body inflated, when it starts with gzip or zlib magic (a server that compressed it
/// without saying so). `None` for anything else.
pub fn inflate_if_compressed(body: &[u8]) -> Option<Result<Vec<u8>, FeedError>> {
    let gzip = body.starts_with(&[0x1f, 0x8b, 0x08]);
    let zlib = body.len() >= 2
        && body[0] == 0x78
        && matches!(body[1], 0x01 | 0x5e | 0x9c | 0xda)
        && u16::from_be_bytes([body[0], body[1]]).is_multiple_of(31);
    if !gzip && !zlib {
        return None;
    }
    let mut out = Vec::new();
    let read = if gzip {
        flate2::read::MultiGzDecoder::new(body)
            .take(MAX_INFLATED_BYTES + 1)
            .read_to_end(&mut out)
    } else {
        flate2::read::ZlibDecoder::new(body)
            .take(MAX_INFLATED_BYTES + 1)
            .read_to_end(&mut out)
    };
    let what = if gzip { "gzip" } else { "zlib" };
    Some(match read {
        Err(e) => Err(FeedError::Invalid(format!(
            "the body is {what}-compressed but does not inflate: {e}"
        ))),
        Ok(_) if out.len() as u64 > MAX_INFLATED_BYTES => Err(FeedError::Invalid(format!(
            "the {what}-compressed body inflates to more than {} MiB",
            MAX_INFLATED_BYTES / 1024 / 1024
        ))),
        Ok(_) => Ok(out),
    })
}

/// An encoding Lamplight can read.
#[derive(Clone, Copy)]
enum Codec {
    Whatwg(&'static encoding_rs::Encoding),
    CodePage(u16, &'static oem_cp::code_table_type::TableType),
}

impl Codec {
    fn for_label(label: &str) -> Option<Codec> {
        let label = label.trim();
        // Names older servers and Python's codecs use that the WHATWG list lacks.
        let label = match label.to_ascii_lowercase().replace('_', "-").as_str() {
            "maccyrillic" | "mac-cyrillic" | "x-mac-ukrainian" | "macukrainian" => "x-mac-cyrillic",
            "macroman" | "mac-roman" | "x-mac-roman" => "macintosh",
            "utf8" => "utf-8",
            _ => label,
        };
        if let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            return Some(Codec::Whatwg(encoding));
        }
        let number = code_page_number(label)?;
        oem_cp::code_table::DECODING_TABLE_CP_MAP
            .get(&number)
            .map(|table| Codec::CodePage(number, table))
    }

    fn name(self) -> String {
        match self {
            Codec::Whatwg(encoding) => encoding.name().to_owned(),
            Codec::CodePage(number, _) => format!("IBM{number}"),
        }
    }

    /// The text, and whether every byte decoded cleanly.
    fn decode(self, bytes: &[u8]) -> (Cow<'_, str>, bool) {
        match self {
            Codec::Whatwg(encoding) => {
                let (text, malformed) = encoding.decode_without_bom_handling(bytes);
                // A body cut off inside its last character is still in this encoding.
                let clean = !malformed
                    || (1..=3.min(bytes.len())).any(|cut| {
                        !encoding
                            .decode_without_bom_handling(&bytes[..bytes.len() - cut])
                            .1
                    });
                (text, clean)
            }
            Codec::CodePage(_, table) => match table.decode_string_checked(bytes) {
                Some(text) => (Cow::Owned(text), true),
                None => (Cow::Owned(table.decode_string_lossy(bytes)), false),
            },
        }
    }
}

/// `IBM855`, `cp855`, `ibm-855`, `CP00855`, `csIBM855` → 855.
fn code_page_number(label: &str) -> Option<u16> {
    let lower = label.trim().to_ascii_lowercase();
    let rest = lower.strip_prefix("cs").unwrap_or(&lower);
    let rest = ["ibm", "cp", "oem", "dos", "x-ibm", "x-cp"]
        .iter()
        .find_map(|prefix| rest.strip_prefix(prefix))?;
    let digits = rest.trim_start_matches(['-', '_']);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// The encoding a document's XML prolog declares, if any (ASCII-compatible documents only).
pub fn declared_xml_encoding(body: &[u8]) -> Option<String> {
    let (start, end, value) = prolog_encoding_span(body)?;
    let _ = (start, end);
    Some(value)
}

/// Where the prolog's encoding value sits: (start, end) of the value in `body`, and the value.
fn prolog_encoding_span(body: &[u8]) -> Option<(usize, usize, String)> {
    // The declaration belongs at the start, but comments or junk sometimes come first; the
    // parser would still honour (and choke on) one further in, so it is found there too.
    let window = &body[..body.len().min(1024)];
    let start = window.windows(5).position(|w| w == b"<?xml")?;
    let head = &body[start..body.len().min(start + 512)];
    let end = head.windows(2).position(|w| w == b"?>")?;
    let prolog = &head[..end];
    let at = prolog.windows(8).position(|w| w == b"encoding")?;
    let mut i = at + 8;
    while prolog.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    if prolog.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while prolog.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    let quote = *prolog.get(i).filter(|q| **q == b'"' || **q == b'\'')?;
    let value_start = i + 1;
    let len = prolog[value_start..].iter().position(|b| *b == quote)?;
    let value = std::str::from_utf8(&prolog[value_start..value_start + len]).ok()?;
    Some((
        start + value_start,
        start + value_start + len,
        value.trim().to_owned(),
    ))
}

/// The charset parameter of a Content-Type header, if any.
pub fn content_type_charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

/// Reads `body` as text (see the module comment for the order of evidence).
pub fn decode_document<'a>(body: &'a [u8], content_type: Option<&str>) -> Decoded<'a> {
    let header = content_type
        .and_then(content_type_charset)
        .filter(|l| !l.is_empty());
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(body) {
        let (text, _) = Codec::Whatwg(encoding).decode(&body[bom_len..]);
        let declared = prolog_encoding_span(text.as_bytes()).map(|(_, _, v)| v);
        let note = declared
            .filter(|d| {
                Codec::for_label(d).is_none_or(|c| c.name() != encoding.name())
                    && !(encoding != encoding_rs::UTF_8 && d.to_ascii_lowercase().contains("16"))
            })
            .map(|d| {
                format!(
                    "the byte-order mark says {}, the document says {d}: read as {}",
                    encoding.name(),
                    encoding.name()
                )
            });
        return finish(text, encoding.name().to_owned(), note);
    }
    // UTF-16 without a byte-order mark shows itself in its first two bytes (XML appendix F).
    let utf16 = match body {
        [0, b'<', ..] => Some(encoding_rs::UTF_16BE),
        [b'<', 0, ..] => Some(encoding_rs::UTF_16LE),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        let (text, _) = Codec::Whatwg(encoding).decode(body);
        let why = format!(
            "no byte-order mark; read as {} by its first bytes",
            encoding.name()
        );
        return finish(text, encoding.name().to_owned(), Some(why));
    }
    let declared = prolog_encoding_span(body).map(|(_, _, v)| v);
    let mut note = None;
    if let Some(label) = &declared {
        match Codec::for_label(label) {
            Some(codec) => {
                let (text, clean) = codec.decode(body);
                if clean {
                    return finish(text, codec.name(), None);
                }
                if let Some(other) = clean_alternative(body, header, codec) {
                    let why = crate::english!(
                        "engine-document-says-but-bytes",
                        label = label,
                        encoding = codec.name(),
                        other = other.2
                    );
                    return finish(other.0, other.1, Some(why));
                }
                let why = crate::english!("engine-encoding-invalid-bytes", label = label);
                return finish(text, codec.name(), Some(why));
            }
            None => note = Some(crate::english!("engine-encoding-unknown", label = label)),
        }
    }
    if let Some(codec) = header.and_then(Codec::for_label) {
        let (text, clean) = codec.decode(body);
        if clean {
            return finish(text, codec.name(), note);
        }
        if let Some(other) = clean_alternative(body, None, codec) {
            let why = crate::english!(
                "engine-server-says-but-bytes",
                encoding = codec.name(),
                other = other.2
            );
            return finish(other.0, other.1, Some(why));
        }
        return finish(text, codec.name(), note);
    }
    match std::str::from_utf8(body) {
        Ok(text) => return finish(Cow::Borrowed(text), "UTF-8".into(), note),
        // Valid up to a character cut off at the end.
        Err(e) if e.error_len().is_none() => {
            return finish(String::from_utf8_lossy(body), "UTF-8".into(), note);
        }
        Err(_) => {}
    }
    let guess = guess(body);
    let (text, _) = Codec::Whatwg(guess).decode(body);
    let why = match note {
        Some(n) => format!(
            "{n}; {}",
            crate::english!("engine-read-as-detected", encoding = guess.name())
        ),
        None => crate::english!("engine-encoding-detected", encoding = guess.name()),
    };
    finish(text, guess.name().to_owned(), Some(why))
}

/// Another reading of `body` that decodes cleanly: the header's charset, UTF-8, or the
/// detector's guess — (text, encoding, how it was found).
fn clean_alternative<'a>(
    body: &'a [u8],
    header: Option<&str>,
    tried: Codec,
) -> Option<(Cow<'a, str>, String, String)> {
    if let Some(codec) = header
        .and_then(Codec::for_label)
        .filter(|c| c.name() != tried.name())
    {
        let (text, clean) = codec.decode(body);
        if clean {
            let name = codec.name();
            return Some((text, name.clone(), format!("{name} (the server's charset)")));
        }
    }
    if tried.name() != "UTF-8"
        && let Ok(text) = std::str::from_utf8(body)
    {
        return Some((Cow::Borrowed(text), "UTF-8".into(), "UTF-8".into()));
    }
    let guess = guess(body);
    if guess.name() == tried.name() {
        return None;
    }
    let (text, clean) = Codec::Whatwg(guess).decode(body);
    clean.then(|| {
        let name = guess.name().to_owned();
        (text, name.clone(), format!("{name} (detected)"))
    })
}

fn guess(body: &[u8]) -> &'static encoding_rs::Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(body, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// Hands the text on as UTF-8 with no declaration left that could make the parser switch
/// encodings: feed-rs (through quick-xml) panics when it meets an `encoding` anywhere but in a
/// well-formed declaration at the very start, and obeys one there. A declaration, to the
/// parser, runs from `<?xml` to the next `?>` whatever lies between; so a leading, well-formed
/// one is made to say UTF-8, and from every other the word `encoding` is taken out. NULs, never
/// XML, go too (a leading one makes the parser guess UTF-16).
fn finish(mut text: Cow<'_, str>, encoding: String, note: Option<String>) -> Decoded<'_> {
    if text.contains('\0') {
        text.to_mut().retain(|c| c != '\0');
    }
    disarm_declarations(&mut text);
    Decoded {
        text,
        encoding,
        note,
    }
}

/// The declaration edits of [`finish`] alone, for text that changed after decoding (the
/// recovery pass removes control characters, which can join `enco\x02ding` into a word the
/// parser acts on).
pub(super) fn disarm_declarations(text: &mut Cow<'_, str>) {
    let leading = text.len() - text.trim_start().len();
    let mut edits: Vec<(std::ops::Range<usize>, &'static str)> = Vec::new();
    let mut covered = 0;
    let starts: Vec<usize> = memchr::memmem::find_iter(text.as_bytes(), "<?xml").collect();
    for at in starts {
        if at < covered {
            continue; // Inside the declaration before it, as the parser reads that one.
        }
        let bound = text[at..].find("?>").map_or(text.len(), |e| at + e);
        covered = bound;
        let declaration = &text[at..bound];
        let names: Vec<usize> = declaration
            .match_indices("encoding")
            .map(|(i, _)| at + i)
            .collect();
        let keep = at == leading && names.len() == 1 && bound < text.len();
        match names.first() {
            Some(&name) if keep => match attribute_value_end(&text[name..bound]) {
                Some(e) => {
                    let said = &text[name..name + e];
                    if !said.to_ascii_lowercase().contains("utf-8") {
                        edits.push((name..name + e, "encoding=\"UTF-8\""));
                    }
                }
                None => edits.push((name..name + "encoding".len(), "")),
            },
            _ => edits.extend(names.into_iter().map(|n| (n..n + "encoding".len(), ""))),
        }
    }
    for (range, with) in edits.into_iter().rev() {
        text.to_mut().replace_range(range, with);
    }
}

/// Where `encoding = "…"` (at the start of `attr`) ends: just after its closing quote.
fn attribute_value_end(attr: &str) -> Option<usize> {
    let rest = attr["encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let close = rest[1..].find(quote)?;
    Some(attr.len() - rest.len() + 1 + close + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(encoding: &str, body: &[u8]) -> Vec<u8> {
        let mut out =
            format!("<?xml version=\"1.0\" encoding=\"{encoding}\"?><rss><title>").into_bytes();
        out.extend_from_slice(body);
        out.extend_from_slice(b"</title></rss>");
        out
    }

    #[test]
    fn reads_the_ibm_code_pages_encoding_rs_lacks() {
        let ibm855 =
            oem_cp::encode_string_checked("Привет", &oem_cp::code_table::ENCODING_TABLE_CP855)
                .expect("encodes");
        let body = doc("IBM855", &ibm855);
        let decoded = decode_document(&body, None);
        assert!(
            decoded.text.contains("<title>Привет</title>"),
            "{}",
            decoded.text
        );
        assert!(decoded.text.contains("encoding=\"UTF-8\""));
        assert_eq!(decoded.encoding, "IBM855");
        assert_eq!(code_page_number("cp866"), Some(866));
        assert_eq!(code_page_number("csIBM855"), Some(855));
        assert_eq!(code_page_number("utf-8"), None);
    }

    #[test]
    fn a_declaration_the_bytes_contradict_gives_way_and_says_so() {
        let (gbk, _, _) = encoding_rs::GBK.encode("运维进行时，一个关于运维的博客");
        let body = doc("utf-8", &gbk);
        let decoded = decode_document(&body, None);
        assert!(decoded.text.contains("运维进行时"), "{}", decoded.text);
        assert!(decoded.note.as_deref().is_some_and(|n| n.contains("GBK")));
        // A body cut off inside its last character is still UTF-8, not mojibake.
        let cut = "<rss><title>运维进行时</title>运".as_bytes();
        let decoded = decode_document(&cut[..cut.len() - 1], None);
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.contains("运维进行时"));
        let body = doc("x-unknown-thing", b"abc");
        let decoded = decode_document(&body, None);
        assert!(
            decoded
                .note
                .as_deref()
                .is_some_and(|n| n.contains("x-unknown-thing"))
        );
    }

    #[test]
    fn the_header_charset_applies_when_the_document_says_nothing() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<rss><title>运维进行时</title></rss>");
        let decoded = decode_document(&gbk, Some("text/xml; charset=\"GBK\""));
        assert_eq!(decoded.text, "<rss><title>运维进行时</title></rss>");
        assert_eq!(decoded.note, None);
    }

    #[test]
    fn no_declaration_is_left_for_the_parser_to_switch_encodings_on() {
        let body: Vec<u8> = "<?xml version=\"1.0\" encoding=\"csunicode\"?><rss/>"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let decoded = decode_document(&body, None);
        assert_eq!(decoded.encoding, "UTF-16BE");
        assert!(decoded.text.starts_with("<?xml") && !decoded.text.contains('\0'));
        assert!(
            decoded.text.contains("encoding=\"UTF-8\""),
            "{}",
            decoded.text
        );
        let later =
            b"<!-- c --><?xml version=\"1.0\" encoding=\"utf-8\"?><rss><?xml encoding='x'?></rss>";
        let decoded = decode_document(later, None);
        // Neither declaration starts the document: neither keeps an encoding.
        assert_eq!(
            decoded.text.matches("encoding").count(),
            0,
            "{}",
            decoded.text
        );
        assert!(
            decoded.text.contains("<rss><?xml ='x'?></rss>"),
            "{}",
            decoded.text
        );
    }

    #[test]
    fn a_bom_wins_over_the_prolog() {
        let mut body = vec![0xEF, 0xBB, 0xBF];
        body.extend_from_slice(&doc("ISO-8859-1", "é".as_bytes()));
        let decoded = decode_document(&body, None);
        assert!(decoded.text.contains("<title>é</title>"));
        assert!(
            decoded
                .note
                .as_deref()
                .is_some_and(|n| n.contains("byte-order"))
        );
    }

    #[test]
    fn inflates_gzip_and_zlib_bodies_sent_without_saying_so() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<rss/>").expect("write");
        let gz = gz.finish().expect("finish");
        assert_eq!(
            inflate_if_compressed(&gz).and_then(Result::ok),
            Some(b"<rss/>".to_vec())
        );
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(b"<rss/>").expect("write");
        let z = z.finish().expect("finish");
        assert_eq!(
            inflate_if_compressed(&z).and_then(Result::ok),
            Some(b"<rss/>".to_vec())
        );
        assert!(inflate_if_compressed(b"<rss/>").is_none());
        assert!(inflate_if_compressed(&[0x1f, 0x8b, 0x08, 0, 0]).is_some_and(|r| r.is_err()));
    }
}

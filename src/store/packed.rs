//! Long texts kept compressed: article HTML (the feed's and the extracted page's) and the
//! plain text that search snippets come from. Once the store has a dictionary
//! (`dictionary.rs`), a text of 32 bytes or more is packed with it; before that, one of 512
//! bytes or more alone. Either way it is stored as a zstd frame (a BLOB) when that saves at
//! least a tenth; anything else, and every value written before this existed, is TEXT as it
//! was. [`Packed`] reads any of them back as the string.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, Value, ValueRef};

use super::dictionary::{Packing, decoder};

/// Without a dictionary, below this compression does not pay for its time (short items
/// barely shrink).
const TRY_FROM_BYTES: usize = 512;
/// With one, short items shrink too (their tags and boilerplate are in it).
const TRY_WITH_DICTIONARY_FROM_BYTES: usize = 32;
/// zstd's fastest level: most of the saving for a fraction of level 3's time on article-sized
/// texts.
const LEVEL: i32 = 1;
/// What one stored text may unpack to (a stored page is capped well below this).
const MAX_UNPACKED: usize = 64 << 20;

/// `text` as the store keeps it, packed with the store's dictionary if it has one (and, until
/// it has, offered to train it).
pub fn pack(text: &str, packing: &Packing) -> Value {
    packing.offer_sample(text);
    pack_offered(text, packing)
}

/// [`pack`] of a text already offered to train the dictionary ([`Packing::offer_sample`]).
pub fn pack_offered(text: &str, packing: &Packing) -> Value {
    let newest = packing.newest();
    if newest.is_none() {
        packing.note_packed_without_dictionary();
    }
    let frame = match newest {
        Some(dictionary) if text.len() >= TRY_WITH_DICTIONARY_FROM_BYTES => {
            dictionary.compress(text.as_bytes())
        }
        None if text.len() >= TRY_FROM_BYTES => zstd::bulk::compress(text.as_bytes(), LEVEL).ok(),
        _ => None,
    };
    match frame {
        Some(frame) if frame.len() * 10 <= text.len() * 9 => Value::Blob(frame),
        _ => Value::Text(text.to_owned()),
    }
}

/// `Option<&str>` as the store keeps it (NULL for `None`).
pub fn pack_opt(text: Option<&str>, packing: &Packing) -> Value {
    text.map_or(Value::Null, |t| pack(t, packing))
}

/// A frame names a dictionary this process has not loaded.
#[derive(Debug, thiserror::Error)]
#[error("the text was packed with zstd dictionary {0}, which the store does not hold")]
struct UnknownDictionary(u32);

thread_local! {
    /// One decompression context per thread, reused (making one costs more than unpacking an
    /// item).
    static CONTEXT: std::cell::RefCell<zstd::zstd_safe::DCtx<'static>> =
        std::cell::RefCell::new(zstd::zstd_safe::DCtx::create());
}

/// A stored zstd frame, unpacked (with the dictionary it names, if any).
fn unpack(frame: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
    let capacity = match zstd::zstd_safe::get_frame_content_size(frame) {
        Ok(Some(size)) if size <= MAX_UNPACKED as u64 => size as usize,
        _ => MAX_UNPACKED,
    };
    let dictionary = match zstd::zstd_safe::get_dict_id_from_frame(frame) {
        None => None,
        Some(id) => Some(decoder(id.get()).ok_or(UnknownDictionary(id.get()))?),
    };
    let mut unpacked = Vec::with_capacity(capacity);
    CONTEXT.with_borrow_mut(|context| {
        match &dictionary {
            None => context.decompress(&mut unpacked, frame),
            Some(d) => context.decompress_using_ddict(&mut unpacked, frame, d.as_ddict()),
        }
        .map_err(|code| zstd::zstd_safe::get_error_name(code).to_owned())
    })?;
    Ok(unpacked)
}

/// A stored text, unpacked: TEXT as it is, a BLOB from its zstd frame, NULL as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packed(pub String);

impl FromSql for Packed {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Null => Ok(Packed(String::new())),
            ValueRef::Text(bytes) => Ok(Packed(String::from_utf8_lossy(bytes).into_owned())),
            ValueRef::Blob(frame) => {
                let unpacked = unpack(frame).map_err(FromSqlError::Other)?;
                Ok(Packed(String::from_utf8_lossy(&unpacked).into_owned()))
            }
            ValueRef::Integer(_) | ValueRef::Real(_) => Err(FromSqlError::InvalidType),
        }
    }
}

/// A stored text that may be absent (NULL), unpacked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackedOpt(pub Option<String>);

impl FromSql for PackedOpt {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Null => Ok(PackedOpt(None)),
            other => Packed::column_result(other).map(|p| PackedOpt(Some(p.0))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> (bool, String) {
        let conn = rusqlite::Connection::open_in_memory().expect("db");
        let packed = pack(text, &Packing::default());
        let compressed = matches!(packed, Value::Blob(_));
        let back: Packed = conn
            .query_row("SELECT ?1", [packed], |r| r.get(0))
            .expect("read");
        (compressed, back.0)
    }

    #[test]
    fn long_repetitive_text_is_compressed_and_reads_back_the_same() {
        let long = "<p>运维进行时：大数据资产管理在腾讯游戏的实践。</p>".repeat(40);
        assert_eq!(round_trip(&long), (true, long.clone()));
        let short = "<p>A short item.</p>";
        assert_eq!(round_trip(short), (false, short.to_owned()));
        // Under 512 bytes nothing is tried, however well it would compress.
        let just_under = "a".repeat(511);
        assert_eq!(round_trip(&just_under), (false, just_under.clone()));
        assert!(round_trip(&"a".repeat(512)).0);
    }

    #[test]
    fn a_frame_naming_a_dictionary_the_store_does_not_hold_is_an_error_not_a_panic() {
        let samples: Vec<String> = (0..600)
            .map(|n| {
                format!(
                    "<p>Item {n}: {}</p>",
                    "运维 kubernetes celery ".repeat(n % 7 + 1)
                )
            })
            .collect();
        let dictionary = zstd::dict::from_samples(&samples, 4096).expect("trained");
        let frame = zstd::bulk::Compressor::with_dictionary(3, &dictionary)
            .and_then(|mut c| c.compress(samples[5].as_bytes()))
            .expect("frame");
        let conn = rusqlite::Connection::open_in_memory().expect("db");
        let read: rusqlite::Result<Packed> =
            conn.query_row("SELECT ?1", [Value::Blob(frame)], |r| r.get(0));
        let error = read.expect_err("an unknown dictionary").to_string();
        assert!(error.contains("dictionary"), "{error}");
    }

    #[test]
    fn a_broken_frame_is_an_error_not_a_panic() {
        let conn = rusqlite::Connection::open_in_memory().expect("db");
        let bad = Value::Blob(vec![0x28, 0xB5, 0x2F, 0xFD, 1, 2, 3]);
        let read: rusqlite::Result<Packed> = conn.query_row("SELECT ?1", [bad], |r| r.get(0));
        assert!(read.is_err());
    }
}

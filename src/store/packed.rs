//! Long texts kept compressed: article HTML (the feed's and the extracted page's) and the
//! plain text that search snippets come from. A text of 512 bytes or more is stored as a
//! zstd frame (a BLOB) when that saves at least a tenth; anything else, and every value
//! written before this existed, is TEXT as it was. [`Packed`] reads either back as the string.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, Value, ValueRef};

/// Below this, compression does not pay for its time (short items barely shrink).
const TRY_FROM_BYTES: usize = 512;
/// zstd's fastest level: most of the saving for a fraction of level 3's time on article-sized
/// texts.
const LEVEL: i32 = 1;
/// What one stored text may unpack to (a stored page is capped well below this).
const MAX_UNPACKED: usize = 64 << 20;

/// `text` as the store keeps it.
pub fn pack(text: &str) -> Value {
    if text.len() >= TRY_FROM_BYTES
        && let Ok(frame) = zstd::bulk::compress(text.as_bytes(), LEVEL)
        && frame.len() * 10 <= text.len() * 9
    {
        return Value::Blob(frame);
    }
    Value::Text(text.to_owned())
}

/// `Option<&str>` as the store keeps it (NULL for `None`).
pub fn pack_opt(text: Option<&str>) -> Value {
    text.map_or(Value::Null, pack)
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
                let unpacked = zstd::bulk::decompress(frame, MAX_UNPACKED)
                    .map_err(|e| FromSqlError::Other(Box::new(e)))?;
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
        let packed = pack(text);
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
    fn a_broken_frame_is_an_error_not_a_panic() {
        let conn = rusqlite::Connection::open_in_memory().expect("db");
        let bad = Value::Blob(vec![0x28, 0xB5, 0x2F, 0xFD, 1, 2, 3]);
        let read: rusqlite::Result<Packed> = conn.query_row("SELECT ?1", [bad], |r| r.get(0));
        assert!(read.is_err());
    }
}

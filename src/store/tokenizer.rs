//! SQLite's own `unicode61` tokenizer called directly through the FTS5 API: it cuts the text
//! the search index holds (before it is stored; the table splits the result at spaces only), a
//! query's words, and articles' texts tested for a query's words in Rust, so all three agree
//! token for token:
//! folded the same way (case, diacritics) and split at the same characters (SQLite's Unicode
//! tables, which are not Rust's: a Devanagari vowel sign ends a token there). A word the index
//! holds as two tokens would otherwise be a phrase, which an index without positions refuses.

use std::cell::RefCell;
use std::ffi::{c_char, c_int, c_void};
use std::ptr::null_mut;

use rusqlite::{Connection, ffi};

/// The tokenizer and arguments that cut the index's terms (the `search` table was declared
/// with them until schema 16, and is now declared `ascii`, which leaves their tokens whole).
pub(super) const TOKENIZER: &str = "unicode61 remove_diacritics 2";

/// One `unicode61` tokenizer instance, made with the search table's arguments.
struct Unicode61 {
    /// The private connection whose FTS5 API made the instance (kept for its lifetime).
    _conn: Connection,
    methods: ffi::fts5_tokenizer,
    instance: *mut ffi::Fts5Tokenizer,
}

thread_local! {
    /// An instance per thread: `unicode61` folds into a buffer of its own, so one instance
    /// must not tokenize on two threads at once. `None` if SQLite could not make one.
    static TOKENIZER_HERE: RefCell<Option<Unicode61>> = RefCell::new(Unicode61::new().ok());
}

/// Calls `each` with every token of `text` as the search index cuts it (`query`: as FTS5 cuts
/// a query's text, which is the same for `unicode61`); `each` returns false to stop early.
/// False if no tokenizer could be made on this thread (the caller falls back).
pub(super) fn for_each_token(text: &str, query: bool, mut each: impl FnMut(&str) -> bool) -> bool {
    TOKENIZER_HERE.with(|cell| match cell.borrow().as_ref() {
        Some(tokenizer) => {
            tokenizer.tokenize(text, query, &mut each);
            true
        }
        None => false,
    })
}

/// Whether this thread has a tokenizer (SQLite made one); without it, Rust cannot test texts
/// as the index would, and callers ask the index instead.
pub(super) fn available() -> bool {
    TOKENIZER_HERE.with(|cell| cell.borrow().is_some())
}

/// Returned by the token callback to stop the tokenizer (any code but `SQLITE_OK` does).
const STOP: c_int = ffi::SQLITE_DONE;

impl Unicode61 {
    fn new() -> rusqlite::Result<Unicode61> {
        let conn = Connection::open_in_memory()?;
        // SAFETY: the API pointer comes from SQLite for this open connection, which the
        // returned value keeps; the instance is deleted by `Drop` with the same methods.
        unsafe {
            let api = fts5_api(&conn)?;
            let find = (*api)
                .xFindTokenizer
                .ok_or_else(|| misuse("no xFindTokenizer"))?;
            let mut user_data = null_mut();
            let mut methods: ffi::fts5_tokenizer = std::mem::zeroed();
            check(find(
                api,
                c"unicode61".as_ptr(),
                &mut user_data,
                &mut methods,
            ))?;
            let create = methods.xCreate.ok_or_else(|| misuse("no xCreate"))?;
            let args: Vec<std::ffi::CString> = TOKENIZER
                .split_whitespace()
                .skip(1)
                .map(|a| std::ffi::CString::new(a).expect("no NUL in the tokenizer's arguments"))
                .collect();
            let mut arg_ptrs: Vec<*const c_char> = args.iter().map(|a| a.as_ptr()).collect();
            let mut instance = null_mut();
            check(create(
                user_data,
                arg_ptrs.as_mut_ptr(),
                arg_ptrs.len() as c_int,
                &mut instance,
            ))?;
            Ok(Unicode61 {
                _conn: conn,
                methods,
                instance,
            })
        }
    }

    fn tokenize(&self, text: &str, query: bool, each: &mut dyn FnMut(&str) -> bool) {
        let Some(tokenize) = self.methods.xTokenize else {
            return;
        };
        let Ok(length) = c_int::try_from(text.len()) else {
            return;
        };
        unsafe extern "C" fn token(
            context: *mut c_void,
            _flags: c_int,
            token: *const c_char,
            length: c_int,
            _start: c_int,
            _end: c_int,
        ) -> c_int {
            // SAFETY: `context` is the `&mut dyn FnMut` passed below, alive for the call;
            // SQLite hands `length` bytes of UTF-8 it folded from valid UTF-8.
            unsafe {
                let each = &mut *(context as *mut &mut dyn FnMut(&str) -> bool);
                let bytes = std::slice::from_raw_parts(token.cast::<u8>(), length.max(0) as usize);
                match std::str::from_utf8(bytes) {
                    Ok(token) if !each(token) => STOP,
                    _ => ffi::SQLITE_OK,
                }
            }
        }
        let mut each = each;
        let flags = if query {
            ffi::FTS5_TOKENIZE_QUERY
        } else {
            ffi::FTS5_TOKENIZE_DOCUMENT
        };
        // SAFETY: the instance is alive (dropped only with `self`) and used on this thread
        // only; the text outlives the call. A stop is not an error worth reporting.
        unsafe {
            tokenize(
                self.instance,
                (&mut each as *mut &mut dyn FnMut(&str) -> bool).cast(),
                flags,
                text.as_ptr().cast(),
                length,
                Some(token),
            );
        }
    }
}

impl Drop for Unicode61 {
    fn drop(&mut self) {
        if let Some(delete) = self.methods.xDelete {
            // SAFETY: made by this `xCreate` and deleted once.
            unsafe { delete(self.instance) }
        }
    }
}

/// The FTS5 API of `conn` (`SELECT fts5(?)` with a pointer bound, as SQLite documents).
unsafe fn fts5_api(conn: &Connection) -> rusqlite::Result<*mut ffi::fts5_api> {
    let mut api: *mut ffi::fts5_api = null_mut();
    // SAFETY: the statement is prepared, bound, stepped and finalized on `conn`'s handle here.
    unsafe {
        let db = conn.handle();
        let mut statement = null_mut();
        check(ffi::sqlite3_prepare_v2(
            db,
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut statement,
            null_mut(),
        ))?;
        ffi::sqlite3_bind_pointer(
            statement,
            1,
            (&mut api as *mut *mut ffi::fts5_api).cast(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        ffi::sqlite3_step(statement);
        ffi::sqlite3_finalize(statement);
    }
    if api.is_null() {
        return Err(misuse("SQLite has no FTS5"));
    }
    Ok(api)
}

fn check(code: c_int) -> rusqlite::Result<()> {
    if code == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rusqlite::Error::SqliteFailure(ffi::Error::new(code), None))
    }
}

fn misuse(what: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_MISUSE), Some(what.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        assert!(for_each_token(text, false, |t| {
            out.push(t.to_owned());
            true
        }));
        out
    }

    #[test]
    fn tokens_are_the_indexes_own() {
        assert_eq!(tokens("Café NAÏVE x²y"), ["cafe", "naive", "x²y"]);
        // SQLite splits at a Devanagari vowel sign (not a letter in its tables); Rust's
        // `is_alphanumeric` would keep the word whole.
        assert!(tokens("हिन्दी").len() > 1);
        assert_eq!(tokens(" 运维 维进 "), ["运维", "维进"]);
        let mut first = None;
        for_each_token("one two three", false, |t| {
            first = Some(t.to_owned());
            false
        });
        assert_eq!(first.as_deref(), Some("one"));
    }

    #[test]
    fn the_search_table_keeps_these_tokens_whole() {
        // `ascii` splits at ASCII characters that are neither letters nor digits and folds
        // ASCII case; unicode61's tokens hold neither, whatever their script.
        assert!(include_str!("schema.rs").contains("tokenize = 'ascii'"));
        for token in tokens("Café NAÏVE x²y İstanbul ΣΊΣΥΦΟΣ 運維 don't a_b a-b ½ Ⅻ")
        {
            assert!(
                !token
                    .bytes()
                    .any(|b| b.is_ascii() && !b.is_ascii_lowercase() && !b.is_ascii_digit()),
                "{token}"
            );
        }
    }
}

//! The store's zstd dictionaries. Most feed items are a few hundred bytes, where zstd alone
//! saves nothing; a dictionary trained on the store's own articles (their tags, boilerplate and
//! common words) packs them to a fraction. A store trains its first dictionary from the first
//! articles it packs ([`Packing`]), keeps it in the `dictionaries` table (written in the same
//! transaction as the first row packed with it), and every frame names its dictionary by the
//! ID zstd gave it, so the reader ([`decoder`]) finds it whichever store or process wrote it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock, RwLock};

use rusqlite::{Connection, OptionalExtension, params};
use zstd::dict::{DecoderDictionary, EncoderDictionary};

use super::packed::{Packed, PackedOpt, pack, pack_opt};

/// How many texts (an article's HTML and plain text are two) the first dictionary is trained
/// on. Fewer pack worse: on the side-by-side corpus, a dictionary of 100 articles packs an
/// item's HTML to 64 B, one of 256 to 44 B.
const TRAIN_ON_TEXTS: usize = 512;
/// Of each sample, the start: enough to catch an item's boilerplate, bounded memory.
const SAMPLE_BYTES: usize = 4096;
/// The dictionary's size: kept once per store; 8 KiB packs items within a few per cent of
/// 16 KiB and trains in half the time.
const DICTIONARY_BYTES: usize = 8 * 1024;
/// fastCover's segment size, dmer size and frequency table (2^f entries): fixed at what zstd's
/// own search picks for feed items (k 1,500–2,000, d 8); the packed size is within 3% of the
/// search's best on the side-by-side corpus and a real feed, in a tenth of the time (~1 ms
/// against ~13 ms for 512 texts), and f = 16 keeps the table at 384 KiB rather than 6 MiB.
const FASTCOVER_K: u32 = 1_500;
const FASTCOVER_D: u32 = 8;
const FASTCOVER_F: u32 = 16;
/// zstd's level with a dictionary: level 3 packs items a few per cent smaller than level 1, at
/// a cost (~2 µs an item) that is small beside parsing them.
const LEVEL: i32 = 3;

/// One trained dictionary, ready to pack with.
pub struct Dictionary {
    /// zstd's ID of it, written in every frame packed with it.
    pub id: u32,
    bytes: Vec<u8>,
    /// Made on first use: a store opened only to read (the command line's listing) never
    /// packs, and making it costs a start-up millisecond.
    encoder: OnceLock<Option<EncoderDictionary<'static>>>,
    /// Whether the `dictionaries` table holds it (every row packed with it needs it there).
    stored: AtomicBool,
}

impl Dictionary {
    fn new(bytes: Vec<u8>, stored: bool) -> Option<Dictionary> {
        let id = zstd::zstd_safe::get_dict_id_from_dict(&bytes)?.get();
        register_decoder(id, &bytes)?;
        Some(Dictionary {
            id,
            encoder: OnceLock::new(),
            bytes,
            stored: AtomicBool::new(stored),
        })
    }

    /// `text` as a zstd frame packed with this dictionary.
    pub fn compress(&self, text: &[u8]) -> Option<Vec<u8>> {
        let mut frame = Vec::with_capacity(zstd::zstd_safe::compress_bound(text.len()));
        COMPRESSION
            .with_borrow_mut(|context| {
                let encoder = self
                    .encoder
                    .get_or_init(|| EncoderDictionary::try_copy(&self.bytes, LEVEL).ok())
                    .as_ref()
                    .ok_or(0usize)?;
                context.compress_using_cdict(&mut frame, text, encoder.as_cdict())
            })
            .ok()?;
        Some(frame)
    }
}

thread_local! {
    /// One compression context per thread, reused: making one (and its tables) costs more
    /// than packing an item.
    static COMPRESSION: std::cell::RefCell<zstd::zstd_safe::CCtx<'static>> =
        std::cell::RefCell::new(zstd::zstd_safe::CCtx::create());
}

/// Decoders of every dictionary this process has seen, by zstd ID (the ID is a hash of the
/// dictionary, so two stores' dictionaries do not share one).
static DECODERS: LazyLock<RwLock<HashMap<u32, Arc<DecoderDictionary<'static>>>>> =
    LazyLock::new(Default::default);

/// Makes dictionary `id` readable; `None` when its bytes are not a dictionary zstd can load.
fn register_decoder(id: u32, bytes: &[u8]) -> Option<()> {
    let mut known = DECODERS.write().unwrap_or_else(|e| e.into_inner());
    if let std::collections::hash_map::Entry::Vacant(slot) = known.entry(id) {
        slot.insert(Arc::new(DecoderDictionary::try_copy(bytes).ok()?));
    }
    Some(())
}

/// The decoder of dictionary `id`, if this process has loaded it.
pub fn decoder(id: u32) -> Option<Arc<DecoderDictionary<'static>>> {
    let known = DECODERS.read().unwrap_or_else(|e| e.into_inner());
    known.get(&id).cloned()
}

/// What a store packs texts with, shared with the threads that prepare articles: the newest
/// dictionary, or, until there is one, samples to train it from.
#[derive(Default)]
pub struct Packing {
    newest: RwLock<Option<Arc<Dictionary>>>,
    samples: Mutex<Samples>,
    /// This process trained the store's dictionary, and the articles written before it are
    /// not packed with it yet ([`Packing::take_repack`]).
    repack_due: AtomicBool,
    /// This process packed texts without a dictionary (a refresh holds its first feeds until
    /// the dictionary is trained, so usually it has not, and nothing needs packing again).
    packed_without: AtomicBool,
}

#[derive(Default)]
struct Samples {
    texts: Vec<Vec<u8>>,
    training: bool,
    /// After a failed training (too little text), how many texts to gather before trying again.
    wanted: usize,
}

impl Packing {
    /// Makes `dictionary` the one to pack with, unless there is one already (a thread's
    /// training and a load of another process's dictionary may race: what was packed with the
    /// first must stay the one its transaction stores). Returns whether it was set.
    fn set_newest_if_none(&self, dictionary: Dictionary) -> bool {
        let mut newest = self.newest.write().unwrap_or_else(|e| e.into_inner());
        if newest.is_some() {
            return false;
        }
        *newest = Some(Arc::new(dictionary));
        true
    }

    /// The dictionary to pack with now, if there is one.
    pub fn newest(&self) -> Option<Arc<Dictionary>> {
        self.newest
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Offers `text` as a sample while there is no dictionary; the thread that brings the
    /// samples to [`TRAIN_ON_TEXTS`] trains it (~1–5 ms) and packs with it after. Other threads
    /// go on meanwhile: what they store is packed with it after the refresh
    /// (`Store::finish_packing`).
    pub fn offer_sample(&self, text: &str) {
        if text.is_empty() || self.newest().is_some() {
            return;
        }
        let batch = {
            let mut samples = self.samples.lock().unwrap_or_else(|e| e.into_inner());
            if samples.training {
                return;
            }
            let cut = floor_char_boundary(text, SAMPLE_BYTES);
            samples.texts.push(text.as_bytes()[..cut].to_vec());
            if samples.texts.len() < samples.wanted.max(TRAIN_ON_TEXTS) {
                return;
            }
            samples.training = true;
            std::mem::take(&mut samples.texts)
        };
        let clock = std::time::Instant::now();
        let trained = train(&batch).and_then(|bytes| Dictionary::new(bytes, false));
        tracing::info!(
            "trained a dictionary on {} texts in {:?}",
            batch.len(),
            clock.elapsed()
        );
        let mut samples = self.samples.lock().unwrap_or_else(|e| e.into_inner());
        samples.training = false;
        match trained {
            Some(dictionary) => {
                if self.set_newest_if_none(dictionary) {
                    self.repack_due.store(true, Ordering::Release);
                }
            }
            None => {
                tracing::debug!("no dictionary from {} samples; gathering more", batch.len());
                samples.wanted = batch.len() * 2;
                samples.texts = batch;
            }
        }
    }

    /// Whether the articles written before this process trained the dictionary are still to
    /// be packed with it; true once (the caller packs them).
    pub(super) fn take_repack(&self) -> bool {
        self.repack_due.swap(false, Ordering::AcqRel)
            && self.packed_without.swap(false, Ordering::AcqRel)
    }

    pub(super) fn note_packed_without_dictionary(&self) {
        self.packed_without.store(true, Ordering::Release);
    }

    /// Loads the store's dictionaries (the decoders of all, the newest to pack with).
    pub(super) fn load(conn: &Connection) -> rusqlite::Result<Packing> {
        let packing = Packing::default();
        packing.load_new(conn)?;
        Ok(packing)
    }

    /// Loads dictionaries another process stored since this one looked (a frame naming one
    /// not loaded could not be read). Reads only the IDs when every one is loaded.
    pub(super) fn load_new(&self, conn: &Connection) -> rusqlite::Result<()> {
        let ids: Vec<i64> = conn
            .prepare_cached("SELECT id FROM dictionaries ORDER BY created_at, id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let Some(&last) = ids.last() else {
            return Ok(());
        };
        let wants_newest = self.newest().is_none();
        for id in ids {
            if decoder(id as u32).is_some() && !(wants_newest && id == last) {
                continue;
            }
            let bytes: Vec<u8> =
                conn.query_row("SELECT bytes FROM dictionaries WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            match Dictionary::new(bytes, true) {
                Some(dictionary) if wants_newest && id == last => {
                    self.set_newest_if_none(dictionary);
                }
                Some(_) => {}
                None => tracing::warn!("dictionary {id} in the store is not a zstd dictionary"),
            }
        }
        Ok(())
    }

    /// Stores the dictionary texts are packed with in the transaction `conn` is in, if the
    /// table does not hold it yet. Returns it, for [`Packing::stored`] once that transaction
    /// commits: only that one is then known to be in the table (another thread may train one
    /// meanwhile, which the next transaction stores).
    pub(super) fn store_newest(
        &self,
        conn: &Connection,
        now: i64,
    ) -> rusqlite::Result<Option<Arc<Dictionary>>> {
        let Some(dictionary) = self.newest() else {
            return Ok(None);
        };
        if dictionary.stored.load(Ordering::Acquire) {
            return Ok(None);
        }
        let held: Option<i64> = conn
            .query_row(
                "SELECT id FROM dictionaries WHERE id = ?1",
                [dictionary.id],
                |r| r.get(0),
            )
            .optional()?;
        if held.is_none() {
            conn.execute(
                "INSERT INTO dictionaries (id, bytes, created_at) VALUES (?1, ?2, ?3)",
                params![dictionary.id, dictionary.bytes, now],
            )?;
        }
        Ok(Some(dictionary))
    }

    /// The transaction that ran [`Packing::store_newest`] committed: `ensured` is stored.
    pub(super) fn stored(&self, ensured: Option<Arc<Dictionary>>) {
        if let Some(dictionary) = ensured {
            dictionary.stored.store(true, Ordering::Release);
        }
    }
}

/// Migration to schema 14: trains the store's first dictionary from its newest articles and
/// packs every article's texts with it. A store with too few articles for one gets its
/// dictionary from the articles its refreshes bring.
pub(super) fn pack_existing(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<usize> {
    let packing = Packing::default();
    {
        let mut newest =
            tx.prepare("SELECT content_html, plain_text FROM articles ORDER BY id DESC LIMIT ?1")?;
        let mut rows = newest.query([TRAIN_ON_TEXTS / 2])?;
        while let Some(row) = rows.next()? {
            packing.offer_sample(&row.get::<_, Packed>(0)?.0);
            packing.offer_sample(&row.get::<_, Packed>(1)?.0);
        }
    }
    if packing.newest().is_none() {
        return Ok(0);
    }
    packing.store_newest(tx, super::now_ms())?;
    repack(tx, &packing, "1 = 1")
}

/// Packs again, with `packing`'s dictionary, the texts of the articles matching `condition`
/// (SQL over `articles`); returns how many articles it packed.
pub(super) fn repack(
    conn: &Connection,
    packing: &Packing,
    condition: &str,
) -> rusqlite::Result<usize> {
    let mut batch = conn.prepare(&format!(
        "SELECT id, content_html, plain_text, full_html FROM articles
         WHERE id > ?1 AND ({condition}) ORDER BY id LIMIT 1000"
    ))?;
    let mut update = conn.prepare(
        "UPDATE articles SET content_html = ?2, plain_text = ?3, full_html = ?4 WHERE id = ?1",
    )?;
    let (mut after, mut packed) = (0i64, 0);
    loop {
        // A row whose texts cannot be read (a damaged frame) is left as it is: it stays
        // unreadable either way, and the others are packed.
        type Texts = Option<(Packed, PackedOpt, PackedOpt)>;
        let rows: Vec<(i64, Texts)> = batch
            .query_map([after], |r| {
                let texts = (|| Ok::<_, rusqlite::Error>((r.get(1)?, r.get(2)?, r.get(3)?)))();
                Ok((r.get(0)?, texts.ok()))
            })?
            .collect::<Result<_, _>>()?;
        let Some(last) = rows.last() else {
            return Ok(packed);
        };
        after = last.0;
        for (id, texts) in rows {
            let Some((html, text, full)) = texts else {
                tracing::warn!("article {id}: its texts cannot be read; left as they are");
                continue;
            };
            update.execute(params![
                id,
                pack(&html.0, packing),
                pack_opt(text.0.as_deref(), packing),
                pack_opt(full.0.as_deref(), packing),
            ])?;
            packed += 1;
        }
    }
}

/// The largest index ≤ `at` that starts a character of `text`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// How many articles the store holds, from the counts kept per feed.
pub(super) fn article_total(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COALESCE(SUM(article_count), 0) FROM feeds",
        [],
        |r| r.get(0),
    )
}

impl super::Store {
    /// Once this process has trained the store's dictionary: packs with it the texts of the
    /// articles written before (a cold refresh's first few hundred). Rows packed in place leave
    /// their pages part empty, so when they are a fiftieth or more of the store's articles (a
    /// new store's first refresh of up to ~700 feeds), the file is rewritten once (VACUUM:
    /// ~10 ms for 2,000 articles, ~25 ms for 6,000); below that the space left is about 1% of
    /// the file.
    /// Returns how many articles it packed.
    pub fn finish_packing(&mut self) -> super::StoreResult<usize> {
        // Another process may have stored one meanwhile: the repack reads what it packed.
        self.load_new_dictionaries()?;
        if self.packing.newest().is_none() {
            return self.train_from_stored_articles();
        }
        if !self.packing.take_repack() {
            return Ok(0);
        }
        let tx = self.conn.transaction()?;
        let ensured = self.packing.store_newest(&tx, super::now_ms())?;
        let packed = repack(
            &tx,
            &self.packing,
            "typeof(content_html) = 'text' OR typeof(plain_text) = 'text'",
        )?;
        let articles = article_total(&tx)?;
        tx.commit()?;
        self.packing.stored(ensured);
        if packed as i64 * 50 >= articles {
            self.rewrite_after_packing(packed);
        }
        Ok(packed)
    }

    /// VACUUM after packing `packed` articles in place; a failure leaves the file as it is.
    fn rewrite_after_packing(&self, packed: usize) {
        if let Err(e) = self.conn.execute_batch("VACUUM") {
            tracing::warn!("packed {packed} articles, but the file was not rewritten: {e}");
        }
    }

    /// A store that has grown past what trains a dictionary without one: its articles came a
    /// few at a time, to processes that each saw too few to train it (the command line's
    /// refreshes, a day apart). Trains it from the newest stored articles, as the migration
    /// does, and packs every article with it; the file is vacuumed after.
    fn train_from_stored_articles(&mut self) -> super::StoreResult<usize> {
        if article_total(&self.conn)? < (TRAIN_ON_TEXTS / 2) as i64 {
            return Ok(0);
        }
        let tx = self.conn.transaction()?;
        let packed = pack_existing(&tx)?;
        tx.commit()?;
        if packed > 0 {
            self.packing.load_new(&self.conn)?;
            self.rewrite_after_packing(packed);
        }
        Ok(packed)
    }
}

/// A dictionary of [`DICTIONARY_BYTES`] trained on `samples` with zstd's fastCover at fixed
/// parameters; `None` when zstd finds too little to build one from.
fn train(samples: &[Vec<u8>]) -> Option<Vec<u8>> {
    let flat: Vec<u8> = samples.concat();
    let sizes: Vec<usize> = samples.iter().map(Vec::len).collect();
    let parameters = zstd_sys::ZDICT_fastCover_params_t {
        k: FASTCOVER_K,
        d: FASTCOVER_D,
        f: FASTCOVER_F,
        steps: 0,
        nbThreads: 0,
        splitPoint: 0.0,
        accel: 0,
        shrinkDict: 0,
        shrinkDictMaxRegression: 0,
        zParams: zstd_sys::ZDICT_params_t {
            compressionLevel: LEVEL,
            notificationLevel: 0,
            dictID: 0,
        },
    };
    let mut dictionary = vec![0u8; DICTIONARY_BYTES];
    // SAFETY: the buffers are alive for the call; `sizes` has `samples.len()` entries summing
    // to `flat.len()`; zstd writes at most `DICTIONARY_BYTES` into `dictionary`.
    let written = unsafe {
        zstd_sys::ZDICT_trainFromBuffer_fastCover(
            dictionary.as_mut_ptr().cast(),
            dictionary.len(),
            flat.as_ptr().cast(),
            sizes.as_ptr(),
            u32::try_from(sizes.len()).ok()?,
            parameters,
        )
    };
    // SAFETY: a plain function of the returned code.
    if unsafe { zstd_sys::ZDICT_isError(written) } != 0 {
        return None;
    }
    dictionary.truncate(written);
    Some(dictionary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_table() -> Connection {
        let conn = Connection::open_in_memory().expect("db");
        conn.execute_batch(
            "CREATE TABLE dictionaries (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL,
                created_at INTEGER NOT NULL)",
        )
        .expect("table");
        conn
    }

    fn item(n: usize) -> String {
        format!(
            "<div class=\"entry\"><p>运维进行时：第{n}篇。Notes on {} and {}.</p></div>",
            ["kubernetes", "celery", "nginx"][n % 3],
            n * 7919 % 10007
        )
    }

    #[test]
    fn a_dictionary_trained_during_a_transaction_is_stored_by_the_next_one_and_not_replaced() {
        let conn = store_table();
        let packing = Packing::default();
        // A transaction begins its end while there is no dictionary yet…
        let ensured = packing.store_newest(&conn, 0).expect("store");
        assert!(ensured.is_none());
        // …another thread trains one before that transaction commits…
        for n in 0..TRAIN_ON_TEXTS {
            packing.offer_sample(&item(n));
        }
        let trained = packing.newest().expect("a dictionary from enough samples");
        packing.stored(ensured);
        // …so the next transaction, whose rows are packed with it, stores it.
        let ensured = packing.store_newest(&conn, 0).expect("store");
        assert_eq!(ensured.as_ref().map(|d| d.id), Some(trained.id));
        packing.stored(ensured);
        let held: u32 = conn
            .query_row("SELECT id FROM dictionaries", [], |r| r.get(0))
            .expect("held");
        assert_eq!(held, trained.id);
        assert!(packing.store_newest(&conn, 0).expect("again").is_none());

        // Another process's dictionary, loaded later, does not take the place of the one
        // this process packs with and has yet to store.
        let other = Packing::default();
        for n in 0..TRAIN_ON_TEXTS {
            other.offer_sample(&format!("Another store's item {n}: {}", item(n * 3)));
        }
        let theirs = other.newest().expect("their dictionary");
        let conn2 = store_table();
        other.stored(other.store_newest(&conn2, 0).expect("theirs stored"));
        let fresh = Packing::default();
        for n in 0..TRAIN_ON_TEXTS {
            fresh.offer_sample(&item(n + 7));
        }
        let ours = fresh.newest().expect("ours");
        fresh.load_new(&conn2).expect("load theirs");
        assert_eq!(fresh.newest().map(|d| d.id), Some(ours.id));
        assert!(
            decoder(theirs.id).is_some(),
            "theirs is readable all the same"
        );
        let ensured = fresh.store_newest(&conn2, 1).expect("ours stored");
        assert_eq!(ensured.map(|d| d.id), Some(ours.id));

        let text = item(9999);
        let frame = trained.compress(text.as_bytes()).expect("frame");
        assert!(
            frame.len() * 2 < text.len(),
            "{} of {}",
            frame.len(),
            text.len()
        );
        let back: super::super::packed::Packed = conn
            .query_row("SELECT ?1", [frame], |r| r.get(0))
            .expect("read back");
        assert_eq!(back.0, text);
    }
}

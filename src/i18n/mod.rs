//! The user's language: Project Fluent resources (`assets/i18n/<locale>/lamplight.ftl`, built
//! into the binary), which language to speak, and the messages in it.
//!
//! The language is per thread: the window sets it at the start of each frame (so a change in
//! Settings applies at once, and tests of two languages can run side by side), the command
//! line once at start. A message without arguments is formatted once per language and handed
//! out as `&'static str`, so labels cost a table lookup per frame; one with arguments is
//! formatted when asked. Every shipped locale has every message (a test checks).
//! `--json` output, field names and log lines stay English: they are not looked up here.

mod engine_words;
mod locale;

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

pub use engine_words::{in_words, parse_english_duration};
pub use fluent_bundle::FluentValue;
pub use locale::{Lang, language_from, language_from_env};

/// The Fluent source of each shipped locale, in [`Lang::ALL`] order.
pub const SOURCES: [(&str, &str); 2] = [
    ("en", include_str!("../../assets/i18n/en/lamplight.ftl")),
    (
        "zh-CN",
        include_str!("../../assets/i18n/zh-CN/lamplight.ftl"),
    ),
];

thread_local! {
    static CURRENT: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// The process's language (an index into [`Lang::ALL`]), for threads that set none.
static DEFAULT: AtomicUsize = AtomicUsize::new(Lang::En as usize);

/// Speaks `lang` on this thread from now on.
pub fn set_language(lang: Lang) {
    CURRENT.with(|c| c.set(Some(lang)));
}

/// Speaks `lang` on every thread that has not chosen its own (the command line's choice).
pub fn set_process_language(lang: Lang) {
    DEFAULT.store(lang as usize, Ordering::Relaxed);
}

/// The language the environment asks for, read once.
pub fn system_language() -> Lang {
    static SYSTEM: OnceLock<Lang> = OnceLock::new();
    *SYSTEM.get_or_init(language_from_env)
}

/// The language this thread speaks.
pub fn language() -> Lang {
    CURRENT
        .with(Cell::get)
        .unwrap_or_else(|| Lang::ALL[DEFAULT.load(Ordering::Relaxed).min(Lang::ALL.len() - 1)])
}

/// One locale's messages. A message that is one line of plain text (most labels) is handed
/// out straight from the source; the rest are read into a Fluent bundle the first time one of
/// them is asked for, and formatted once. A command that prints a table header reads no
/// bundle at all (start-up of `articles --unread`: the whole resource took 0.6 ms to parse),
/// and indexes no source either: its few messages are found by searching the source text
/// (a few µs each, where indexing every message takes ~0.13 ms); the index is built once a
/// catalog has been asked [`LOOKUPS_BEFORE_INDEX`] times, as the window's first frame does.
struct Catalog {
    lang: Lang,
    source: &'static str,
    /// Lookups so far, while there is no index.
    lookups: AtomicUsize,
    index: OnceLock<Index>,
    bundle: OnceLock<FluentBundle<FluentResource>>,
}

/// Lookups a catalog answers by searching its source before it builds an index.
const LOOKUPS_BEFORE_INDEX: usize = 24;

struct Index {
    /// Every message id, with its text when that is one line of plain text.
    messages: HashMap<&'static str, Option<&'static str>>,
    /// The other messages without arguments, each formatted when first asked for.
    formatted: HashMap<&'static str, OnceLock<Option<String>>>,
}

impl Catalog {
    fn new(lang: Lang) -> Catalog {
        Catalog {
            lang,
            source: SOURCES[lang as usize].1,
            lookups: AtomicUsize::new(0),
            index: OnceLock::new(),
            bundle: OnceLock::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let messages = index(self.source);
            let formatted = messages
                .iter()
                .filter(|(_, text)| text.is_none())
                .map(|(id, _)| (*id, OnceLock::new()))
                .collect();
            Index {
                messages,
                formatted,
            }
        })
    }

    /// The message `id`: None when there is none, Some(None) when it is not one line of
    /// plain text.
    fn entry(&self, id: &str) -> Option<Option<&'static str>> {
        if self.index.get().is_none()
            && self.lookups.fetch_add(1, Ordering::Relaxed) < LOOKUPS_BEFORE_INDEX
        {
            return find_message(self.source, id);
        }
        self.index().messages.get(id).copied()
    }

    fn has(&self, id: &str) -> bool {
        self.entry(id).is_some()
    }

    fn bundle(&self) -> &FluentBundle<FluentResource> {
        self.bundle.get_or_init(|| bundle(self.lang))
    }

    /// The message `id` without arguments, or None when it has none or needs some.
    fn plain(&self, id: &str) -> Option<&str> {
        if let Some(text) = self.entry(id)? {
            return Some(text);
        }
        self.index()
            .formatted
            .get(id)?
            .get_or_init(|| {
                let bundle = self.bundle();
                let pattern = bundle.get_message(id)?.value()?;
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errors);
                errors.is_empty().then(|| text.into_owned())
            })
            .as_deref()
    }
}

/// The message a source line starts, if it starts one: its id, and its text when it is one
/// line of plain text (no placeable, no continuation `next` line; attributes may follow).
fn message_at(
    line: &'static str,
    next: Option<&str>,
) -> Option<(&'static str, Option<&'static str>)> {
    // Messages start at the line's start with a letter; comments, terms and the lines of a
    // pattern or attribute do not.
    if !line.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let (id, value) = line.split_once('=')?;
    let value = value.trim();
    let continued = next
        .is_some_and(|next| next.starts_with([' ', '\t']) && !next.trim_start().starts_with('.'));
    let plain = !value.is_empty() && !value.contains(['{', '}']) && !continued;
    Some((id.trim_end(), plain.then_some(value)))
}

/// Each message id of a Fluent source, with its text when the message is one line of plain
/// text.
fn index(source: &'static str) -> HashMap<&'static str, Option<&'static str>> {
    let mut index = HashMap::new();
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some((id, text)) = message_at(line, lines.peek().copied()) {
            index.insert(id, text);
        }
    }
    index
}

/// The message `id` of a Fluent source, found by searching its text for a line that starts
/// with the id: what [`index`] would hold for it.
fn find_message(source: &'static str, id: &str) -> Option<Option<&'static str>> {
    let mut from = 0;
    while let Some(found) = source[from..].find(id) {
        let at = from + found;
        from = at + id.len();
        if at > 0 && source.as_bytes()[at - 1] != b'\n' {
            continue;
        }
        let mut lines = source[at..].lines();
        let Some(line) = lines.next() else { break };
        match message_at(line, lines.next()) {
            Some((found_id, text)) if found_id == id => return Some(text),
            _ => continue,
        }
    }
    None
}

/// `lang`'s Fluent bundle, with the whole resource.
fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let (tag, source) = SOURCES[lang as usize];
    // The sources are checked by the tests; a broken entry is skipped, not fatal.
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, _)| r);
    let mut bundle = FluentBundle::new_concurrent(vec![tag.parse().unwrap_or_default()]);
    // No bidi isolation marks around arguments: the window's fonts would show them as boxes.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

/// `lang`'s messages, read the first time they are asked for (a command that prints only
/// JSON never reads any).
fn catalog_of(lang: Lang) -> &'static Catalog {
    static CATALOGS: [OnceLock<Catalog>; 2] = [OnceLock::new(), OnceLock::new()];
    CATALOGS[lang as usize].get_or_init(|| Catalog::new(lang))
}

/// The message `id` (one without arguments) in this thread's language; English when the
/// language lacks it, the id itself when no language has it.
pub fn tr(id: &'static str) -> &'static str {
    tr_in(language(), id)
}

/// The message `id` (one without arguments) in this thread's language (English when it lacks
/// it), or None when no language has it: for ids made at run time.
pub fn try_tr(id: &str) -> Option<&'static str> {
    let lang = language();
    catalog_of(lang)
        .plain(id)
        .or_else(|| catalog_of(Lang::En).plain(id))
}

/// The message `id` (one without arguments) in `lang`.
pub fn tr_in(lang: Lang, id: &'static str) -> &'static str {
    catalog_of(lang)
        .plain(id)
        .or_else(|| catalog_of(Lang::En).plain(id))
        .unwrap_or(id)
}

/// The message `id` with `args`, in this thread's language (English when it lacks it).
pub fn tr_args(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    tr_args_in(language(), id, args)
}

/// How many formatted messages a thread keeps (see [`tr_args_in`]).
const FORMATTED_KEPT: usize = 512;

thread_local! {
    /// Messages with arguments as this thread last formatted them, by language, id and
    /// arguments: the window formats the same few every frame (the list's count, the status
    /// line), and Fluent takes microseconds for each. Emptied when it grows past
    /// [`FORMATTED_KEPT`].
    static FORMATTED: std::cell::RefCell<HashMap<String, String>> = Default::default();
}

/// The message `id` with `args`, in `lang` (English when it lacks it).
pub fn tr_args_in(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let key = format!("{lang:?}\u{0}{id}\u{0}{args:?}");
    if let Some(kept) = FORMATTED.with_borrow(|kept| kept.get(&key).cloned()) {
        return kept;
    }
    let formatted = format_args_in(lang, id, args);
    FORMATTED.with_borrow_mut(|kept| {
        if kept.len() >= FORMATTED_KEPT {
            kept.clear();
        }
        kept.insert(key, formatted.clone());
    });
    formatted
}

fn format_args_in(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    // English is read only when the language lacks the message.
    for catalog in [lang, Lang::En].into_iter().map(catalog_of) {
        if !catalog.has(id) {
            continue;
        }
        let bundle = catalog.bundle();
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, Some(&fluent_args), &mut errors)
                .into_owned();
        }
    }
    id.to_owned()
}

/// `t!("id")` is the message `id`; `t!("id", name = value, …)` formats it with arguments
/// (numbers for plurals, strings as they are).
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::tr($id)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr_args(
            $id,
            &[$((stringify!($name), $crate::i18n::FluentValue::from($value))),+],
        )
    };
}

/// `english!("id", …)`: like `t!`, always in English. The engine words what it records
/// (causes, reasons, notes) with it, so the store, `--json` and logs stay English and stable;
/// [`in_words`] says such a text again in the reader's language where a person reads it.
#[macro_export]
macro_rules! english {
    ($id:literal) => {
        $crate::i18n::tr_in($crate::i18n::Lang::En, $id)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr_args_in(
            $crate::i18n::Lang::En,
            $id,
            &[$((stringify!($name), $crate::i18n::FluentValue::from($value))),+],
        )
    };
}

#[cfg(test)]
mod tests;

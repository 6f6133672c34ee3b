//! Fonts from the machine, found when text needs them: an egui `FontProvider` over fontique
//! (fontconfig's own fallback rules), asked only for a character no loaded font has, so a reader
//! who never meets Korean never loads a Korean font. It also gives the Han families their
//! language's face (Japanese, Traditional Chinese, Korean shapes for shared characters), records
//! the scripts nothing on the machine can show (the reader's hint names a package instead), and
//! reports per script which font covers it (`lamplight doctor`).

use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use egui::epaint::text::{
    FallbackRequest, FontData, FontFamily, FontInsert, FontPriority, FontProvider, InsertFontFamily,
};
use fontique::{
    Collection, CollectionOptions, FallbackKey, GenericFamily, Language, QueryFamily, QueryFont,
    QueryStatus, SourceCache, SourceCacheOptions,
};
use unicode_script::{Script, UnicodeScript};

use super::fonts::{BUNDLED_CJK, HanVariant};

/// Where fonts come from: the machine's, or none at all (a machine with no fonts installed,
/// which the tests use to check the hint).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontSource {
    System,
    Nothing,
}

struct Loaded {
    collection: Collection,
    source_cache: SourceCache,
}

impl Loaded {
    fn enumerate(source: FontSource) -> Loaded {
        Loaded {
            collection: Collection::new(CollectionOptions {
                shared: false,
                system_fonts: source == FontSource::System,
            }),
            source_cache: SourceCache::new(SourceCacheOptions::default()),
        }
    }
}

enum Loading {
    NotStarted(FontSource),
    Running(JoinHandle<Loaded>),
    Taken,
}

/// The machine's fonts, enumerated only once something asks (or [`SystemFonts::warm_up`] starts
/// it in the background, after the window's first frame); a lookup before that finishes waits
/// for it (tens of milliseconds with a few hundred fonts).
pub struct SystemFonts {
    loading: Mutex<Loading>,
    loaded: OnceLock<Mutex<Loaded>>,
    /// The locale for text that says nothing about its language (from `LANG`).
    locale: Option<Language>,
    /// Scripts that some text needed and no font on the machine has.
    missing: Mutex<Vec<Script>>,
}

impl SystemFonts {
    pub fn new(source: FontSource) -> Arc<Self> {
        Arc::new(Self {
            loading: Mutex::new(Loading::NotStarted(source)),
            loaded: OnceLock::new(),
            locale: locale_from_env(),
            missing: Mutex::new(Vec::new()),
        })
    }

    /// Starts enumerating the fonts on a background thread at the lowest CPU priority, so the
    /// first article in a new script does not wait for it and start-up does not pay for it.
    pub fn warm_up(&self) {
        let Ok(mut loading) = self.loading.lock() else {
            return;
        };
        if let Loading::NotStarted(source) = *loading {
            let spawned = std::thread::Builder::new()
                .name("lamplight-fonts".into())
                .spawn(move || {
                    lower_this_threads_priority();
                    Loaded::enumerate(source)
                });
            if let Ok(handle) = spawned {
                *loading = Loading::Running(handle);
            }
        }
    }

    fn with_loaded<T>(&self, f: impl FnOnce(&mut Loaded) -> T) -> T {
        let cell = self.loaded.get_or_init(|| {
            let state = self
                .loading
                .lock()
                .map(|mut l| std::mem::replace(&mut *l, Loading::Taken))
                .unwrap_or(Loading::Taken);
            let loaded = match state {
                Loading::NotStarted(source) => Loaded::enumerate(source),
                Loading::Running(handle) => handle
                    .join()
                    .unwrap_or_else(|_| Loaded::enumerate(FontSource::Nothing)),
                Loading::Taken => Loaded::enumerate(FontSource::Nothing),
            };
            Mutex::new(loaded)
        });
        let mut guard = cell.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    /// Scripts that text asked for and no installed font has, in the order they were met.
    pub fn missing_scripts(&self) -> Vec<Script> {
        self.missing.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// The font that would show `c`: the first of `preferred` (family names) that has it, else
    /// fontconfig's fallback for its script and `locale`; as (family name, font data).
    fn find(
        &self,
        c: char,
        locale: Option<&Language>,
        monospace: bool,
        preferred: &[&str],
    ) -> Option<(String, QueryFont)> {
        let generic = if monospace {
            GenericFamily::Monospace
        } else {
            GenericFamily::SansSerif
        };
        self.with_loaded(
            |Loaded {
                 collection,
                 source_cache,
             }| {
                let named = preferred.iter().find_map(|name| {
                    let mut query = collection.query(source_cache);
                    query.set_families([QueryFamily::Named(name)]);
                    first_that_renders(&mut query, c)
                });
                let font = match (named, fontique_script(c)) {
                    (Some(font), _) => Some(font),
                    (None, Some(script)) => {
                        // Han faces are per locale and each lacks some characters: try the wanted
                        // locale first, then the others.
                        let others: &[&str] = if script == fontique::Script::from_bytes(*b"Hani") {
                            &["zh-SG", "zh-TW", "ja", "ko"]
                        } else {
                            &[]
                        };
                        let others: Vec<Language> = others
                            .iter()
                            .filter_map(|l| Language::parse(l).ok())
                            .collect();
                        std::iter::once(locale)
                            .chain(others.iter().map(Some))
                            .find_map(|locale| {
                                let mut query = collection.query(source_cache);
                                query.set_families([QueryFamily::Generic(generic)]);
                                query.set_fallbacks(FallbackKey::new(script, locale));
                                first_that_renders(&mut query, c)
                            })
                    }
                    (None, None) => {
                        let mut query = collection.query(source_cache);
                        query.set_families(
                            [
                                generic,
                                GenericFamily::SystemUi,
                                GenericFamily::Emoji,
                                GenericFamily::Math,
                                GenericFamily::Serif,
                            ]
                            .map(QueryFamily::Generic),
                        );
                        first_that_renders(&mut query, c)
                    }
                }?;
                let family = collection
                    .family_name(font.family.0)
                    .unwrap_or("unknown")
                    .to_owned();
                Some((family, font))
            },
        )
    }

    /// Per script, the installed font that covers it (None: nothing does), for `lamplight doctor`.
    pub fn coverage(&self) -> Vec<(&'static str, Option<String>)> {
        SAMPLES
            .iter()
            .map(|&(name, sample, locale_tag)| {
                let locale = locale_tag.and_then(|l| Language::parse(l).ok());
                let preferred = HanVariant::from_language(locale_tag.unwrap_or(""))
                    .filter(|_| is_han_like(sample))
                    .map_or(&[][..], HanVariant::preferred_families);
                let found = self
                    .find(sample, locale.as_ref(), false, preferred)
                    .map(|(family, _)| family);
                (name, found)
            })
            .collect()
    }
}

/// Scripts `lamplight doctor` reports, with a character each and the locale that picks the face.
pub const SAMPLES: &[(&str, char, Option<&str>)] = &[
    ("Simplified Chinese", '这', Some("zh-SG")),
    ("Traditional Chinese", '個', Some("zh-TW")),
    ("Japanese", '読', Some("ja")),
    ("Korean", '한', Some("ko")),
    ("Hebrew", 'א', None),
    ("Arabic", 'ع', None),
    ("Thai", 'ก', None),
    ("Devanagari", 'क', None),
    ("Greek", 'λ', None),
    ("Cyrillic", 'ж', None),
    ("Emoji", '😀', None),
];

/// The Debian package that brings a font for `script`, for the reader's hint.
pub fn package_for(script: Script) -> &'static str {
    match script {
        Script::Han | Script::Hangul | Script::Hiragana | Script::Katakana | Script::Bopomofo => {
            "fonts-noto-cjk"
        }
        _ => "fonts-noto-core",
    }
}

/// The package for a script named as in [`SAMPLES`].
pub fn package_for_script_name(name: &str) -> &'static str {
    match name {
        "Simplified Chinese" | "Traditional Chinese" | "Japanese" | "Korean" => "fonts-noto-cjk",
        "Emoji" => "fonts-noto-color-emoji",
        _ => "fonts-noto-core",
    }
}

/// A script's name for the reader, in the window's language (English for scripts the
/// translation does not name).
pub fn shown_script_name(script: Script) -> &'static str {
    use crate::t;
    match script {
        Script::Hangul => t!("script-korean"),
        Script::Hiragana | Script::Katakana => t!("script-japanese"),
        Script::Han => t!("script-chinese"),
        Script::Hebrew => t!("script-hebrew"),
        Script::Arabic => t!("script-arabic"),
        Script::Thai => t!("script-thai"),
        Script::Devanagari => t!("script-devanagari"),
        Script::Bengali => t!("script-bengali"),
        Script::Tamil => t!("script-tamil"),
        Script::Khmer => t!("script-khmer"),
        Script::Lao => t!("script-lao"),
        Script::Myanmar => t!("script-myanmar"),
        Script::Georgian => t!("script-georgian"),
        Script::Armenian => t!("script-armenian"),
        Script::Ethiopic => t!("script-ethiopic"),
        Script::Tibetan => t!("script-tibetan"),
        other => other.full_name(),
    }
}

/// Han, kana, Hangul or Bopomofo: characters whose face depends on the text's language.
fn is_han_like(c: char) -> bool {
    matches!(
        c.script(),
        Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul | Script::Bopomofo
    )
}

/// Whether `text` has a character of `script`.
pub fn has_script(text: &str, script: Script) -> bool {
    text.chars().any(|c| c.script() == script)
}

/// `text` with each stretch in one of `missing` (spaces and punctuation inside it included)
/// replaced by the script's name, e.g. `[Korean]`, so a reader sees what is there, not boxes.
pub fn name_unshowable<'t>(text: &'t str, missing: &[Script]) -> std::borrow::Cow<'t, str> {
    if missing.is_empty() || !text.chars().any(|c| missing.contains(&c.script())) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut open: Option<(Script, String)> = None; // the script being named, and neutral text held back
    for c in text.chars() {
        let script = c.script();
        let neutral = matches!(script, Script::Common | Script::Inherited | Script::Unknown);
        match &mut open {
            Some((_, held)) if neutral => held.push(c),
            Some((current, held)) if missing.contains(&script) => {
                if script != *current {
                    out.push_str(&format!("{held}[{}]", shown_script_name(script)));
                    *current = script;
                }
                held.clear();
            }
            Some(_) => {
                if let Some((_, held)) = open.take() {
                    out.push_str(&held);
                }
                out.push(c);
            }
            None if missing.contains(&script) => {
                out.push_str(&format!("[{}]", shown_script_name(script)));
                open = Some((script, String::new()));
            }
            None => out.push(c),
        }
    }
    if let Some((_, held)) = open {
        out.push_str(&held);
    }
    std::borrow::Cow::Owned(out)
}

fn fontique_script(c: char) -> Option<fontique::Script> {
    match c.script() {
        Script::Common | Script::Inherited | Script::Unknown => None,
        script => fontique::Script::parse(script.short_name()).ok(),
    }
}

fn first_that_renders(query: &mut fontique::Query<'_>, c: char) -> Option<QueryFont> {
    let mut found = None;
    query.matches_with(|font| {
        if can_render(font, c) {
            found = Some(font.clone());
            QueryStatus::Stop
        } else {
            QueryStatus::Continue
        }
    });
    found
}

/// Whether the font has an outline or colour glyph for `c` (a charmap entry alone may point at
/// an empty glyph).
fn can_render(font: &QueryFont, c: char) -> bool {
    use skrifa::MetadataProvider as _;
    let Some(glyph) = font.charmap().and_then(|charmap| charmap.map(c)) else {
        return false;
    };
    let glyph = skrifa::GlyphId::new(glyph);
    if glyph == skrifa::GlyphId::NOTDEF {
        return false;
    }
    let Ok(face) = skrifa::FontRef::from_index(font.blob.as_ref(), font.index) else {
        return false;
    };
    face.outline_glyphs().get(glyph).is_some() || face.color_glyphs().get(glyph).is_some()
}

fn to_insert(
    family: &FontFamily,
    name: String,
    font: QueryFont,
    priority: FontPriority,
) -> FontInsert {
    let (blob, _) = font.blob.into_raw_parts();
    FontInsert {
        name,
        data: FontData::from_blob(blob, font.index),
        families: vec![InsertFontFamily {
            family: family.clone(),
            priority,
        }],
    }
}

/// Background work should not take a core from the window (Linux: this thread's nice value).
fn lower_this_threads_priority() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: setpriority on this thread's own id (gettid) with a valid `which`; no memory is
    // passed, and failure only leaves the priority as it was.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 19);
    }
}

/// `LANG`-style locale (`ja_JP.UTF-8`) as a BCP 47 tag.
fn locale_from_env() -> Option<Language> {
    let raw = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty() && v != "C" && v != "POSIX")?;
    let tag = raw.split(['.', '@']).next()?.replace('_', "-");
    Language::parse(&tag).ok()
}

impl FontProvider for SystemFonts {
    /// A Han family gets its language's face before the bundled Simplified Chinese subset.
    fn fonts_for_family(&self, family: &FontFamily) -> Vec<FontInsert> {
        let Some(variant) = HanVariant::of_family(family) else {
            return Vec::new();
        };
        let locale = Language::parse(variant.locale()).ok();
        let mut fonts = Vec::new();
        if let Some((name, font)) = self.find(
            variant.sample(),
            locale.as_ref(),
            false,
            variant.preferred_families(),
        ) {
            let key = format!("system:{name}:{}", font.index);
            fonts.push(to_insert(family, key, font, FontPriority::Lowest));
        }
        fonts.push(FontInsert {
            name: "noto-sans-cjk-sc".to_owned(),
            data: FontData::from_static(BUNDLED_CJK),
            families: Vec::new(),
        });
        fonts
    }

    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let c = request.cluster.chars().next()?;
        let variant = HanVariant::of_family(request.family);
        let locale = match variant {
            Some(variant) => Language::parse(variant.locale()).ok(),
            None => self.locale,
        };
        // Han, kana and Hangul from the face of the text's variant (the default family's is
        // Simplified Chinese, as the bundled font).
        let preferred = if is_han_like(c) {
            variant.unwrap_or_default().preferred_families()
        } else {
            &[]
        };
        let monospace = *request.family == FontFamily::Monospace;
        match self.find(c, locale.as_ref(), monospace, preferred) {
            Some((name, font)) => {
                let key = format!("system:{name}:{}", font.index);
                Some(to_insert(request.family, key, font, FontPriority::Lowest))
            }
            None => {
                let script = c.script();
                if !matches!(script, Script::Common | Script::Inherited | Script::Unknown)
                    && let Ok(mut missing) = self.missing.lock()
                    && !missing.contains(&script)
                {
                    missing.push(script);
                }
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unshowable_text_is_named_once_per_stretch() {
        let missing = [Script::Hangul];
        assert_eq!(
            name_unshowable("Seoul: 서울 특별시, 2024.", &missing),
            "Seoul: [Korean], 2024."
        );
        assert_eq!(name_unshowable("plain", &missing), "plain");
        assert_eq!(
            name_unshowable("한국 и Россия", &missing),
            "[Korean] и Россия"
        );
    }
}

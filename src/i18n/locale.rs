//! Which language to speak: the shipped ones, and the choice from the environment
//! (`LAMPLIGHT_LANG`, then `LC_ALL`, `LC_MESSAGES`, `LANG`, as POSIX orders them).

/// A language Lamplight speaks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[default]
    En,
    ZhCn,
}

impl Lang {
    /// Every shipped language, in the order of [`super::SOURCES`].
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// Its BCP 47 tag ("en", "zh-CN").
    pub fn tag(self) -> &'static str {
        super::SOURCES[self as usize].0
    }

    /// Its name in itself, for the language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// The language a locale name asks for ("zh_CN.UTF-8", "zh-Hans", "en_GB", "C"), if
    /// it is one Lamplight speaks. Any Chinese is Simplified Chinese (the one translation).
    pub fn from_locale(name: &str) -> Option<Lang> {
        let name = name.trim();
        let language = name
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match language.as_str() {
            "zh" => Some(Lang::ZhCn),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The language the environment asks for: `LAMPLIGHT_LANG` first, then the first of `LC_ALL`,
/// `LC_MESSAGES`, `LANG` that is set; English when that is unset or not a language Lamplight
/// speaks.
pub fn language_from_env() -> Lang {
    language_from(|name| std::env::var(name).ok())
}

/// [`language_from_env`] over any lookup of variables (the tests').
pub fn language_from(var: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(lang) = var("LAMPLIGHT_LANG").and_then(|v| Lang::from_locale(&v)) {
        return lang;
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|value| !value.is_empty())
        .and_then(|value| Lang::from_locale(&value))
        .unwrap_or(Lang::En)
}

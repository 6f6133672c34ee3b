//! Fonts: bundled Noto Sans in four styles and a Noto Sans CJK SC subset in regular and bold,
//! so text reads the same on every machine from the first run, with real bold and italic faces
//! (assets/fonts, OFL 1.1), egui's emoji fonts; the machine's own fonts as
//! fallbacks for every other script (see `system_fonts`); and one font family per Han variant,
//! so a Japanese or Traditional Chinese article gets its own shapes for shared characters.

use std::sync::Arc;

use egui::FontFamily;

use super::system_fonts::{FontSource, SystemFonts};

pub(super) const BUNDLED_CJK: &[u8] =
    include_bytes!("../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");
const BUNDLED_CJK_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Bold-subset.otf");

/// The size of the bundled CJK font, for `lamplight doctor`.
pub const CJK_FONT_BYTES: usize = BUNDLED_CJK.len();

/// The text faces, bundled so a reader reads alike everywhere: Noto Sans (Latin, Greek,
/// Cyrillic) in its four styles, and the CJK subset in regular and bold.
const FACES: [(&str, &[u8]); 7] = [
    (
        "noto-sans",
        include_bytes!("../../assets/fonts/NotoSans-Regular-subset.ttf"),
    ),
    (
        "noto-sans-bold",
        include_bytes!("../../assets/fonts/NotoSans-Bold-subset.ttf"),
    ),
    (
        "noto-sans-italic",
        include_bytes!("../../assets/fonts/NotoSans-Italic-subset.ttf"),
    ),
    (
        "noto-sans-bold-italic",
        include_bytes!("../../assets/fonts/NotoSans-BoldItalic-subset.ttf"),
    ),
    ("noto-sans-cjk-sc", BUNDLED_CJK),
    ("noto-sans-cjk-sc-bold", BUNDLED_CJK_BOLD),
    // The toolbar's seven icons, cut from emoji-icon-font (MIT): 3.5 KB.
    (
        "lamplight-icons",
        include_bytes!("../../assets/fonts/lamplight-icons.ttf"),
    ),
];

/// The styled families besides egui's two: (name, Latin face, CJK face).
const STYLED: [(&str, &str, &str); 3] = [
    ("bold", "noto-sans-bold", "noto-sans-cjk-sc-bold"),
    ("italic", "noto-sans-italic", "noto-sans-cjk-sc"),
    (
        "bold-italic",
        "noto-sans-bold-italic",
        "noto-sans-cjk-sc-bold",
    ),
];

/// The family for text in `base` set bold and/or italic: real faces, not a brighter colour or
/// a slant. (Bold Han characters take the Simplified shapes whatever `base` is.)
pub fn styled_family(base: &FontFamily, bold: bool, italic: bool) -> FontFamily {
    let name = match (bold, italic) {
        (false, false) => return base.clone(),
        (true, false) => "bold",
        (false, true) => "italic",
        (true, true) => "bold-italic",
    };
    FontFamily::Name(name.into())
}

/// Frequent characters written only in Traditional Chinese, and Simplified forms that Traditional
/// text does not use (后 于 系 准 are left out: Traditional writes them too).
const TRADITIONAL_ONLY: &str = "這個們國會來為與後對從過還當發開關問題電經實際點業應網學車東區長門間見現記話讀書樣頭萬數體資說處歷於統計務總專號樂愛聽寫認識覺讓難觀變邊鐘錢進運選將壓戰華藝術協議標準據庫絡係";
static HAN_MARKERS: std::sync::LazyLock<std::collections::HashMap<char, HanVariant>> =
    std::sync::LazyLock::new(|| {
        let traditional = TRADITIONAL_ONLY
            .chars()
            .map(|c| (c, HanVariant::Traditional));
        let simplified = SIMPLIFIED_ONLY.chars().map(|c| (c, HanVariant::Simplified));
        traditional.chain(simplified).collect()
    });
const SIMPLIFIED_ONLY: &str = "这个们国会来为与对从过还当发开关问题电经实际点业应网学车东区长门间见现记话读书样头万数体资说处历统计务总专号乐爱听写认识觉让难观变边钟钱进运选将压战华艺术协议标据库络";

/// Which shapes Han characters take: they differ between Chinese (Simplified, Traditional),
/// Japanese and Korean typography.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HanVariant {
    #[default]
    Simplified,
    Traditional,
    Japanese,
    Korean,
}

impl HanVariant {
    const NAMED: [(HanVariant, &'static str); 3] = [
        (HanVariant::Traditional, "han-zh-hant"),
        (HanVariant::Japanese, "han-ja"),
        (HanVariant::Korean, "han-ko"),
    ];

    /// From a language tag (`ja`, `zh-TW`, `zh-Hant-HK`, `ko-KR`, `en`), if it says anything.
    pub fn from_language(tag: &str) -> Option<Self> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = tag.split('-');
        match parts.next()? {
            "ja" => Some(Self::Japanese),
            "ko" => Some(Self::Korean),
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                let traditional = rest
                    .iter()
                    .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
                Some(if traditional {
                    Self::Traditional
                } else {
                    Self::Simplified
                })
            }
            _ => None,
        }
    }

    /// From the text itself: kana means Japanese, Hangul Korean, common characters that only
    /// Traditional Chinese writes (個 這 們 說 …) outnumbering their Simplified forms mean
    /// Traditional; otherwise nothing is known.
    pub fn from_text(text: &str) -> Option<Self> {
        let (mut traditional, mut simplified) = (0usize, 0usize);
        for c in text.chars() {
            match c {
                '\u{3040}'..='\u{30FF}' => return Some(Self::Japanese),
                '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => return Some(Self::Korean),
                '\u{4E00}'..='\u{9FFF}' => match HAN_MARKERS.get(&c) {
                    Some(HanVariant::Traditional) => traditional += 1,
                    Some(_) => simplified += 1,
                    None => {}
                },
                _ => {}
            }
        }
        (traditional >= 2 && traditional > simplified).then_some(Self::Traditional)
    }

    /// The proportional family that text of this variant is set in.
    pub fn family(self) -> FontFamily {
        Self::NAMED
            .iter()
            .find(|(v, _)| *v == self)
            .map_or(FontFamily::Proportional, |(_, name)| {
                FontFamily::Name((*name).into())
            })
    }

    pub(super) fn of_family(family: &FontFamily) -> Option<Self> {
        let FontFamily::Name(name) = family else {
            return None;
        };
        Self::NAMED
            .iter()
            .find(|(_, n)| **n == **name)
            .map(|(v, _)| *v)
    }

    /// The locale fontconfig picks this variant's face by.
    pub(super) fn locale(self) -> &'static str {
        match self {
            Self::Simplified => "zh-SG",
            Self::Traditional => "zh-TW",
            Self::Japanese => "ja",
            Self::Korean => "ko",
        }
    }

    /// Families known to set this variant, best first (Debian's fonts-noto-cjk, Adobe's Source
    /// Han, then older distribution fonts); fontconfig's own fallback comes after them.
    pub(super) fn preferred_families(self) -> &'static [&'static str] {
        match self {
            Self::Simplified => &[
                "Noto Sans CJK SC",
                "Source Han Sans SC",
                "Noto Sans SC",
                "WenQuanYi Zen Hei",
                "WenQuanYi Micro Hei",
                "Droid Sans Fallback",
            ],
            Self::Traditional => &[
                "Noto Sans CJK TC",
                "Source Han Sans TC",
                "Noto Sans TC",
                "Noto Sans CJK HK",
                "AR PL UMing TW",
                "AR PL UKai TW",
            ],
            Self::Japanese => &[
                "Noto Sans CJK JP",
                "Source Han Sans JP",
                "Noto Sans JP",
                "IPAexGothic",
                "IPAGothic",
                "TakaoPGothic",
            ],
            Self::Korean => &[
                "Noto Sans CJK KR",
                "Source Han Sans KR",
                "Noto Sans KR",
                "NanumGothic",
                "UnDotum",
            ],
        }
    }

    /// A character every face of this variant has, to find one.
    pub(super) fn sample(self) -> char {
        match self {
            Self::Simplified => '这',
            Self::Traditional => '個',
            Self::Japanese => '読',
            Self::Korean => '한',
        }
    }
}

/// Whether `text` is mostly Han, kana or Hangul (counting letters only): such text is set with
/// more leading, in a column of fewer characters.
pub fn mostly_wide(text: &str) -> bool {
    let (mut wide, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        wide += usize::from(is_wide(c));
    }
    letters > 0 && wide * 2 >= letters
}

/// East Asian wide characters (Han, kana, Hangul, fullwidth forms): an em each in every font.
pub fn is_wide(c: char) -> bool {
    matches!(u32::from(c), 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Installs the fonts with the machine's fonts as fallbacks (see [`install_fonts_from`]).
pub fn install_fonts(ctx: &egui::Context) -> Arc<SystemFonts> {
    install_fonts_from(ctx, FontSource::System)
}

/// Installs the fonts and the fallback from `source`; returns the fallback (it knows which
/// scripts nothing on the machine can show) and keeps it in the context for the reader.
pub fn install_fonts_from(ctx: &egui::Context, source: FontSource) -> Arc<SystemFonts> {
    let mut fonts = egui::FontDefinitions::default();
    for (name, bytes) in FACES {
        fonts.font_data.insert(
            name.to_owned(),
            Arc::new(egui::FontData::from_static(bytes)),
        );
    }
    // Noto Sans first (egui's Ubuntu Light is too thin to read long), then egui's own and the
    // toolbar's icons.
    let mut defaults = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    defaults.insert(0, "noto-sans".to_owned());
    defaults.push("lamplight-icons".to_owned());
    fonts
        .families
        .insert(FontFamily::Proportional, defaults.clone());
    // The Han variants: these fonts, then (from the provider) the variant's system face and the
    // bundled subset.
    for (_, name) in HanVariant::NAMED {
        fonts
            .families
            .insert(FontFamily::Name(name.into()), defaults.clone());
    }
    for (name, latin, cjk) in STYLED {
        let mut faces = defaults.clone();
        faces[0] = latin.to_owned();
        faces.push(cjk.to_owned());
        fonts.families.insert(FontFamily::Name(name.into()), faces);
    }
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("noto-sans-cjk-sc".to_owned());
    }
    ctx.set_fonts(fonts);
    let system = SystemFonts::new(source);
    ctx.add_font_provider(system.clone());
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(SYSTEM_FONTS_ID), system.clone()));
    system
}

const SYSTEM_FONTS_ID: &str = "lamplight-system-fonts";

/// The fallback [`install_fonts_from`] installed, if any.
pub fn system_fonts(ctx: &egui::Context) -> Option<Arc<SystemFonts>> {
    ctx.data(|d| d.get_temp::<Arc<SystemFonts>>(egui::Id::unique(SYSTEM_FONTS_ID)))
}

#[cfg(test)]
mod tests {
    use super::HanVariant;

    #[test]
    fn language_tags_pick_the_han_variant() {
        assert_eq!(HanVariant::from_language("ja"), Some(HanVariant::Japanese));
        assert_eq!(
            HanVariant::from_language("zh-TW"),
            Some(HanVariant::Traditional)
        );
        assert_eq!(
            HanVariant::from_language("zh-Hant-HK"),
            Some(HanVariant::Traditional)
        );
        assert_eq!(
            HanVariant::from_language("zh_CN"),
            Some(HanVariant::Simplified)
        );
        assert_eq!(
            HanVariant::from_language("zh"),
            Some(HanVariant::Simplified)
        );
        assert_eq!(HanVariant::from_language("ko-KR"), Some(HanVariant::Korean));
        assert_eq!(HanVariant::from_language("en-us"), None);
        assert_eq!(
            HanVariant::from_text("日本語の本"),
            Some(HanVariant::Japanese)
        );
        assert_eq!(HanVariant::from_text("中文"), None);
        assert_eq!(
            HanVariant::from_text("這個報告說明了個人數據的處理方式"),
            Some(HanVariant::Traditional)
        );
        assert_eq!(
            HanVariant::from_text("这个报告说明了个人数据的处理方式"),
            None
        );
    }
}

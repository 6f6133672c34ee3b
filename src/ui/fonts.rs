//! Fonts: egui's defaults plus a bundled Noto Sans CJK SC subset as a fallback, so Chinese text
//! renders on a machine with no CJK font installed (assets/fonts, OFL 1.1).

use std::sync::Arc;

const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");

/// The size of the bundled CJK font, for `lamplight doctor`.
pub const CJK_FONT_BYTES: usize = CJK_FONT.len();

/// Adds the CJK fallback to both font families.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans-cjk-sc".to_owned(),
        Arc::new(egui::FontData::from_static(CJK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("noto-sans-cjk-sc".to_owned());
    }
    ctx.set_fonts(fonts);
}

//! The window's colours in the dark and the light theme, chosen for reading: body text at least
//! 7:1 against its background (WCAG AAA), every text of a selected row at least 4.5:1 against
//! the row, and a selected row that is a calm tint rather than a saturated blue. `install`
//! puts them into egui's visuals; `contrast` is the WCAG ratio the tests check them with.

use egui::{Color32, Theme};

/// The colours the panes paint with, beyond egui's own widget colours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    /// Panels and the reader's page.
    pub background: Color32,
    /// Body text: the reader's paragraphs, list summaries.
    pub text: Color32,
    /// Titles and headings.
    pub strong: Color32,
    /// Dates, feed names, counts.
    pub weak: Color32,
    pub link: Color32,
    /// The open article's row and the chosen sidebar entry.
    pub selected_background: Color32,
    pub selected_text: Color32,
    pub selected_weak: Color32,
    /// A picture that is not in the cache, code blocks.
    pub quiet_fill: Color32,
    /// The unread dot.
    pub accent: Color32,
}

impl Palette {
    pub const DARK: Palette = Palette {
        background: Color32::from_rgb(0x1c, 0x1c, 0x1e),
        text: Color32::from_rgb(0xd4, 0xd4, 0xd4),
        strong: Color32::from_rgb(0xf2, 0xf2, 0xf2),
        weak: Color32::from_rgb(0xa0, 0xa0, 0xa4),
        link: Color32::from_rgb(0x86, 0xbd, 0xff),
        selected_background: Color32::from_rgb(0x2d, 0x3e, 0x52),
        selected_text: Color32::from_rgb(0xff, 0xff, 0xff),
        selected_weak: Color32::from_rgb(0xc8, 0xd5, 0xe4),
        quiet_fill: Color32::from_rgb(0x29, 0x29, 0x2c),
        accent: Color32::from_rgb(0x5a, 0xa9, 0xff),
    };

    pub const LIGHT: Palette = Palette {
        background: Color32::from_rgb(0xfa, 0xfa, 0xf9),
        text: Color32::from_rgb(0x22, 0x22, 0x22),
        strong: Color32::from_rgb(0x0b, 0x0b, 0x0b),
        weak: Color32::from_rgb(0x5c, 0x5c, 0x60),
        link: Color32::from_rgb(0x0a, 0x58, 0xc2),
        selected_background: Color32::from_rgb(0xd9, 0xe6, 0xf5),
        selected_text: Color32::from_rgb(0x0b, 0x0b, 0x0b),
        selected_weak: Color32::from_rgb(0x38, 0x45, 0x55),
        quiet_fill: Color32::from_rgb(0xee, 0xee, 0xec),
        accent: Color32::from_rgb(0x1a, 0x73, 0xe8),
    };

    /// The palette of `theme`.
    pub fn of(theme: Theme) -> Palette {
        match theme {
            Theme::Dark => Palette::DARK,
            Theme::Light => Palette::LIGHT,
        }
    }

    /// The palette the visuals in use were made from.
    pub fn current(visuals: &egui::Visuals) -> Palette {
        Palette::of(if visuals.dark_mode {
            Theme::Dark
        } else {
            Theme::Light
        })
    }
}

/// Puts both palettes into egui's visuals (the theme preference picks one).
pub fn install(ctx: &egui::Context) {
    for theme in [Theme::Dark, Theme::Light] {
        ctx.set_visuals_of(theme, visuals(theme));
    }
}

/// egui's visuals of `theme` with the palette's colours.
pub fn visuals(theme: Theme) -> egui::Visuals {
    let palette = Palette::of(theme);
    let mut v = match theme {
        Theme::Dark => egui::Visuals::dark(),
        Theme::Light => egui::Visuals::light(),
    };
    v.panel_fill = palette.background;
    v.window_fill = palette.background;
    v.extreme_bg_color = match theme {
        Theme::Dark => Color32::from_rgb(0x14, 0x14, 0x15),
        Theme::Light => Color32::WHITE,
    };
    v.code_bg_color = palette.quiet_fill;
    v.faint_bg_color = palette.quiet_fill;
    v.hyperlink_color = palette.link;
    v.weak_text_color = Some(palette.weak);
    v.widgets.noninteractive.fg_stroke.color = palette.text;
    v.widgets.noninteractive.bg_fill = palette.background;
    v.widgets.noninteractive.weak_bg_fill = palette.background;
    v.selection.bg_fill = palette.selected_background;
    v.selection.stroke.color = palette.selected_text;
    v
}

/// The WCAG 2 contrast ratio of two opaque colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn luminance(c: Color32) -> f32 {
    let channel = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_the_wcag_examples() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.001);
        // egui's old dark body text on its panel: about 5:1, the figure users complained about.
        let old = contrast(Color32::from_gray(140), Color32::from_gray(27));
        assert!((4.9..5.3).contains(&old), "{old}");
    }
}

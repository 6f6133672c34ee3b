//! The desktop window (egui/eframe): sidebar of feeds, virtualised article list, reader, add
//! dialog, settings, picture viewer, fetch and image-cache statistics. Thin over the engine: panes draw from the
//! window's state and return [`UiCommand`]s, `app.rs` applies them, library writes go to the
//! engine as named changes, and engine events (each one wakes the window with
//! `request_repaint`) say which views to re-read from the window's own SQLite connection. It
//! never waits on the network.
//!
//! Drawing functions end in `_ui`; pane modules never import `app.rs`.

mod accounts;
mod add_dialog;
mod announce;
mod app;
mod article_list;
mod article_row;
mod blocks_view;
mod change_watch;
mod charts;
mod cjk_spacing;
pub mod commands;
mod events;
mod fonts;
mod help;
mod highlight;
mod image_view;
mod inspect;
mod library_reader;
mod navigation;
mod opener;
mod page_reader;
mod picture_viewer;
mod pictures;
mod properties;
mod reader_media;
mod settings;
mod sidebar;
mod state;
mod stats_view;
mod system_fonts;
mod text_lines;
pub mod theme;
mod title_line;
mod toolbar;
mod wake;

use std::path::Path;
use std::sync::Arc;

pub use app::{LamplightApp, READ_AFTER, UNDO_FOR};
pub use commands::UiCommand;
pub use fonts::{CJK_FONT_BYTES, HanVariant, install_fonts, install_fonts_from};
pub use opener::Opener;
pub use state::{
    Painted, PaintedRow, ReaderWidth, ReadingPrefs, Selection, TextStep, ThemeChoice, View,
    WindowState,
};
pub use system_fonts::{FontSource, SystemFonts, package_for_script_name};

use crate::engine::{Engine, EngineConfig};
use crate::store::Store;

pub use crate::paths::APP_ID;

const ICON_PNG: &[u8] =
    include_bytes!("../../assets/icons/hicolor/256x256/apps/org.lamplight.Lamplight.png");

fn window_icon() -> Option<egui::IconData> {
    let image = image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png).ok()?;
    let rgba = image.to_rgba8();
    Some(egui::IconData {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
    })
}

/// Opens the window over `data_dir` and runs until it is closed. `subscribe_to`, when given (a
/// `feed:` or http(s) link handed over by the desktop), opens the add dialog filled with it.
pub fn run(
    data_dir: &Path,
    subscribe_to: Option<String>,
    open_article: Option<crate::store::ArticleId>,
) -> anyhow::Result<()> {
    let offset = time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC);
    let _ = article_list::LOCAL_OFFSET.set(offset);
    let config = EngineConfig {
        keep_secrets_in_file: std::env::var("LAMPLIGHT_SECRETS").is_ok_and(|v| v == "file"),
        ..EngineConfig::default()
    };
    let engine = Arc::new(Engine::open(data_dir, config)?);
    if engine.ensure_first_run()? {
        tracing::info!("first run: subscribed to 运维进行时 from the bundled snapshot");
    }
    let reader = Store::open(&crate::paths::database_path(data_dir))?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Lamplight")
            .with_app_id(APP_ID)
            .with_inner_size([1200.0, 780.0])
            .with_min_inner_size([640.0, 400.0])
            .with_icon(window_icon().unwrap_or_default()),
        persistence_path: Some(data_dir.join("window-state.ron")),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "Lamplight",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            let mut app = LamplightApp::new(cc.egui_ctx.clone(), engine, reader);
            if let Some(storage) = cc.storage {
                app.restore(storage);
            }
            app.start_refresh_if_due();
            if let Some(url) = subscribe_to {
                app.offer_subscription(&url);
            }
            if let Some(article) = open_article {
                app.open_from_outside(article);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

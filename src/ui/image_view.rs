//! The image-cache view: what the cache holds and saved, the reader's hit rate over pictures
//! that were downloaded, pictures never downloaded by cause in words, the cache's size over
//! local time, per-feed figures, and — for a chosen feed — every image's record (URL, referer,
//! role, attempts, source and WebP sizes, compress rate, convert ms). From the store's
//! statistics model, as `lamplight stats images` prints it.

use super::charts::{series, time_plot};
use super::commands::UiCommand;
use super::state::Paint;
use super::stats_view::{StatsCache, cell, column_width, table_ui};
use crate::i18n::in_words;
use crate::store::{ImageRecord, failure_in_words, mib};

/// The image-cache view.
pub fn image_stats_ui(ui: &mut egui::Ui, p: &mut Paint<'_>, stats: &mut StatsCache, cap: i64) {
    stats.load(p.state.generation, p.state.stats_feed, p.store, cap);
    ui.heading(crate::t!("cmd-image-stats"));
    let Some(report) = &stats.images else {
        ui.label(crate::t!("images-unreadable"));
        return;
    };
    let total = &report.total;
    egui::Grid::new("image-totals")
        .max_col_width(column_width(ui, 2))
        .show(ui, |ui| {
            let mut row = |k: &str, v: String| {
                cell(ui, k);
                cell(ui, v);
                ui.end_row();
            };
            row(crate::t!("images-images"), total.images.to_string());
            row(crate::t!("images-cached"), total.cached.to_string());
            row(crate::t!("images-evicted"), total.evicted.to_string());
            let causes = total
                .failed_by_cause
                .iter()
                .map(|(k, n)| format!("{k}: {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            row(
                crate::t!("images-failed"),
                format!("{} {causes}", total.failed),
            );
            row(
                crate::t!("images-not-downloaded"),
                report.not_downloaded_text(),
            );
            row(crate::t!("images-source-bytes"), mib(total.source_bytes));
            row(
                crate::t!("images-webp-bytes"),
                mib(total.webp_bytes + total.thumb_bytes),
            );
            row(
                crate::t!("images-saving"),
                crate::t!(
                    "images-saving-value",
                    saved = format!("{:.1}", 100.0 - total.compress_rate * 100.0),
                    rate = format!("{:.1}", total.compress_rate * 100.0)
                ),
            );
            row(
                crate::t!("images-cache-size"),
                crate::t!(
                    "images-cache-size-value",
                    used = mib(report.cache_bytes),
                    cap = mib(report.cache_cap_bytes)
                ),
            );
            row(crate::t!("images-hit-rate"), report.hit_rate_text());
            row(
                crate::t!("images-convert-ms"),
                format!("{} / {}", total.convert_ms_p50, total.convert_ms_p95),
            );
        });
    let mut out = Vec::new();
    ui.horizontal_wrapped(|ui| {
        if ui.button(crate::t!("images-trim")).clicked() {
            out.push(UiCommand::TrimImageCache(cap));
        }
        if ui.button(crate::t!("images-clear")).clicked() {
            out.push(UiCommand::TrimImageCache(0));
        }
    });
    // In MiB once the cache holds one, else in KiB.
    let top = stats.cache_history.iter().map(|s| s[1]).fold(0.0, f64::max);
    let (unit, divisor) = if top >= 1_048_576.0 {
        (crate::t!("images-mib-cached"), 1_048_576.0)
    } else {
        (crate::t!("images-kib-cached"), 1024.0)
    };
    let history: Vec<[f64; 2]> = stats
        .cache_history
        .iter()
        .map(|[at, bytes]| [*at, bytes / divisor])
        .collect();
    time_plot("cache-size", unit, &history).show(ui, |plot| {
        series(plot, crate::t!("images-cache-size"), history.clone());
    });
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let headers = [
                crate::t!("stats-feed"),
                crate::t!("images-col-images"),
                crate::t!("images-col-cached"),
                crate::t!("images-col-failed"),
                crate::t!("images-col-source"),
                "WebP",
                crate::t!("images-col-rate"),
                "p50",
                "p95",
            ];
            table_ui(ui, "image-per-feed", &headers, |ui| {
                for f in &report.feeds {
                    let s = &f.stats;
                    let chosen = p.state.stats_feed == Some(f.feed_id);
                    if ui
                        .selectable_label(chosen, &f.title)
                        .on_hover_text(crate::t!("images-list-feed-tip"))
                        .clicked()
                    {
                        out.push(UiCommand::ChooseStatsFeed((!chosen).then_some(f.feed_id)));
                    }
                    cell(ui, s.images.to_string());
                    cell(ui, s.cached.to_string());
                    cell(ui, s.failed.to_string());
                    cell(ui, mib(s.source_bytes));
                    cell(ui, mib(s.webp_bytes + s.thumb_bytes));
                    cell(ui, format!("{:.1}%", s.compress_rate * 100.0));
                    cell(ui, format!("{} ms", s.convert_ms_p50));
                    cell(ui, format!("{} ms", s.convert_ms_p95));
                    ui.end_row();
                }
            });
            if p.state.stats_feed.is_some() {
                ui.add_space(12.0);
                image_list_ui(ui, &stats.image_list);
            } else {
                ui.label(crate::t!("images-choose-feed"));
            }
        });
    p.out.extend(out);
}

/// Every image of the chosen feed, one row each.
fn image_list_ui(ui: &mut egui::Ui, images: &[ImageRecord]) {
    ui.label(egui::RichText::new(crate::t!("images-count", count = images.len())).strong());
    let headers = [
        "image", "role", "status", "attempts", "source", "WebP", "rate", "convert",
    ];
    table_ui(ui, "image-list", &headers, |ui| {
        let size = |w: Option<u32>, h: Option<u32>| match (w, h) {
            (Some(w), Some(h)) => format!(" {w}×{h}"),
            _ => String::new(),
        };
        for i in images {
            let referer = i
                .referer
                .as_deref()
                .map(|r| format!("\nreferer {r}"))
                .unwrap_or_default();
            cell(
                ui,
                format!("{}{referer}", crate::links::display_url(&i.url)),
            );
            cell(ui, &i.role);
            cell(
                ui,
                if i.status == "failed" {
                    in_words(&failure_in_words(i.error_kind.as_deref(), i.http_status)).into_owned()
                } else {
                    i.status.clone()
                },
            );
            let attempts = i
                .attempts
                .iter()
                .map(|a| match a.status {
                    Some(status) => format!("{status} ({} ms)", a.ms),
                    None => format!("no answer ({} ms)", a.ms),
                })
                .collect::<Vec<_>>()
                .join(", ");
            cell(ui, attempts);
            cell(
                ui,
                format!(
                    "{} {} B{}",
                    i.source_format.as_deref().unwrap_or("—"),
                    i.source_bytes,
                    size(i.source_width, i.source_height)
                ),
            );
            cell(
                ui,
                format!("{} B{}", i.webp_bytes, size(i.webp_width, i.webp_height)),
            );
            cell(
                ui,
                if i.source_bytes > 0 && i.webp_bytes > 0 {
                    format!(
                        "{:.1}%",
                        i.webp_bytes as f64 * 100.0 / i.source_bytes as f64
                    )
                } else {
                    "—".to_owned()
                },
            );
            cell(ui, format!("{} ms", i.convert_ms));
            ui.end_row();
        }
    });
}

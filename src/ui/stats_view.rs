//! The statistics views: fetch timing (which feed is slow, and each fetch's stages) and the
//! image cache (what it holds, what failed and why, what it saved). Figures are read once per
//! change of data, not per frame.

use egui_plot::{HLine, Legend, Line, Plot, PlotPoints};

use super::commands::UiCommand;
use super::state::Paint;
use crate::store::{FeedId, FetchRecord, ImageStats, LookupCounts, percentile};

/// One feed's line in the "slowest feeds" ranking.
#[derive(Debug, Clone)]
struct Rank {
    feed_id: FeedId,
    title: String,
    fetches: usize,
    p50: u64,
    p95: u64,
    last: Option<FetchRecord>,
}

/// The image view's figures: totals, per feed, cache bytes, reader lookups, size history.
type ImageFigures = (
    ImageStats,
    Vec<(String, ImageStats)>,
    i64,
    LookupCounts,
    Vec<[f64; 2]>,
);

/// Figures read from the store, kept until the data changes.
#[derive(Default)]
pub struct StatsCache {
    generation: u64,
    feed: Option<FeedId>,
    ranking: Vec<Rank>,
    history: Vec<FetchRecord>,
    images: Option<ImageFigures>,
}

impl StatsCache {
    fn load(&mut self, app_generation: u64, feed: Option<FeedId>, store: &crate::store::Store) {
        if self.generation == app_generation && self.feed == feed && !self.ranking.is_empty() {
            return;
        }
        self.generation = app_generation;
        self.feed = feed;
        self.ranking = store
            .feeds()
            .unwrap_or_default()
            .into_iter()
            .map(|f| {
                let totals = store.fetch_totals_ms(f.id).unwrap_or_default();
                Rank {
                    feed_id: f.id,
                    title: f.title,
                    fetches: totals.len(),
                    p50: percentile(&totals, 50.0),
                    p95: percentile(&totals, 95.0),
                    last: store
                        .fetches(Some(f.id), 1)
                        .ok()
                        .and_then(|v| v.into_iter().next()),
                }
            })
            .collect();
        self.ranking.sort_by_key(|r| std::cmp::Reverse(r.p95));
        self.history = feed
            .map(|id| store.fetches(Some(id), 200).unwrap_or_default())
            .unwrap_or_default();
        let per_feed = self
            .ranking
            .iter()
            .filter_map(|r| Some((r.title.clone(), store.image_stats(Some(r.feed_id)).ok()?)))
            .collect();
        self.images = store.image_stats(None).ok().map(|total| {
            let history = store
                .image_cache_history()
                .unwrap_or_default()
                .into_iter()
                .map(|(at, bytes)| [at as f64 / 3_600_000.0, bytes as f64 / 1_048_576.0])
                .collect();
            (
                total,
                per_feed,
                store.image_cache_bytes().unwrap_or(0),
                store.lookup_counts().unwrap_or_default(),
                history,
            )
        });
    }
}

/// The fetch statistics view.
pub fn fetch_stats_ui(ui: &mut egui::Ui, p: &mut Paint<'_>, stats: &mut StatsCache) {
    stats.load(p.state.generation, p.state.stats_feed, p.store);
    ui.horizontal(|ui| {
        ui.heading("Fetch statistics");
        if p.state.stats_feed.is_some() && ui.button("← All feeds").clicked() {
            p.out.push(UiCommand::ShowFeedStats(None));
        }
    });
    let Some(feed) = p.state.stats_feed else {
        ranking_ui(ui, p, stats);
        return;
    };
    let title = stats
        .ranking
        .iter()
        .find(|r| r.feed_id == feed)
        .map(|r| r.title.clone())
        .unwrap_or_default();
    ui.label(egui::RichText::new(title).strong());
    let history = &stats.history;
    let totals: Vec<u64> = history.iter().map(|r| r.total_ms).collect();
    let (p50, p95) = (percentile(&totals, 50.0), percentile(&totals, 95.0));
    ui.label(format!(
        "{} fetches · p50 {p50} ms · p95 {p95} ms",
        history.len()
    ));
    let points: PlotPoints = history
        .iter()
        .rev()
        .map(|r| [r.started_at as f64 / 3_600_000.0, r.total_ms as f64])
        .collect::<Vec<_>>()
        .into();
    Plot::new(("fetch-total-ms", feed.0))
        .height(180.0)
        .legend(Legend::default())
        .x_axis_label("hours since 1970")
        .y_axis_label("total ms")
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.line(Line::new("total ms", points));
            plot.hline(HLine::new(format!("p50 {p50} ms"), p50 as f64));
            plot.hline(HLine::new(format!("p95 {p95} ms"), p95 as f64));
        });
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let headers = [
                "time",
                "outcome",
                "bytes",
                "total",
                "new/total",
                "stages",
                "error",
            ];
            egui::Grid::new("fetch-table")
                .striped(true)
                .max_col_width(column_width(ui, headers.len()))
                .show(ui, |ui| {
                    for h in headers {
                        cell(ui, egui::RichText::new(h).strong());
                    }
                    ui.end_row();
                    for r in history {
                        cell(ui, crate::render::format_timestamp(Some(r.started_at)));
                        let status = r.http_status.map(|s| format!(" {s}")).unwrap_or_default();
                        cell(ui, format!("{}{status}", r.outcome.as_str()));
                        cell(ui, r.bytes.to_string());
                        cell(ui, format!("{} ms", r.total_ms));
                        cell(ui, format!("{}/{}", r.new_articles, r.total_articles));
                        cell(
                            ui,
                            format!(
                                "request {} · download {} · parse {} · store {} · covers {} · \
                                 body images {} ms · images {}/{} cached",
                                r.request_ms,
                                r.download_ms,
                                r.parse_ms,
                                r.store_ms,
                                r.cover_images_ms,
                                r.body_images_ms,
                                r.images_cached,
                                r.images_found
                            ),
                        );
                        cell(ui, r.error.clone().unwrap_or_default());
                        ui.end_row();
                    }
                });
        });
}

/// A grid cell whose text wraps inside its column (tables fit the window, never run past it).
fn cell(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    ui.add(egui::Label::new(text).wrap());
}

/// The widest a column of a `columns`-wide grid may be to fit the space left.
fn column_width(ui: &egui::Ui, columns: usize) -> f32 {
    let spacing = ui.spacing().item_spacing.x + 4.0;
    ((ui.available_width() - spacing * columns as f32) / columns as f32).max(24.0)
}

fn ranking_ui(ui: &mut egui::Ui, p: &mut Paint<'_>, stats: &StatsCache) {
    ui.label("Slowest feeds first (by p95 of total fetch time). Click a feed for its fetches.");
    let mut open = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("fetch-ranking")
                .striped(true)
                .max_col_width(column_width(ui, 7))
                .show(ui, |ui| {
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
                    for h in [
                        "feed",
                        "fetches",
                        "p50",
                        "p95",
                        "last outcome",
                        "last total",
                        "last error",
                    ] {
                        cell(ui, egui::RichText::new(h).strong());
                    }
                    ui.end_row();
                    for r in &stats.ranking {
                        if ui.link(&r.title).clicked() {
                            open = Some(r.feed_id);
                        }
                        cell(ui, r.fetches.to_string());
                        cell(ui, format!("{} ms", r.p50));
                        cell(ui, format!("{} ms", r.p95));
                        let last = r.last.as_ref();
                        cell(ui, last.map(|l| l.outcome.as_str()).unwrap_or("never"));
                        cell(
                            ui,
                            last.map(|l| format!("{} ms", l.total_ms))
                                .unwrap_or_default(),
                        );
                        cell(ui, last.and_then(|l| l.error.clone()).unwrap_or_default());
                        ui.end_row();
                    }
                });
        });
    if open.is_some() {
        p.out.push(UiCommand::ShowFeedStats(open));
    }
}

fn megabytes(bytes: i64) -> String {
    format!("{:.2} MB", bytes as f64 / 1_048_576.0)
}

/// The image-cache view.
pub fn image_stats_ui(ui: &mut egui::Ui, p: &mut Paint<'_>, stats: &mut StatsCache, cap: i64) {
    stats.load(p.state.generation, p.state.stats_feed, p.store);
    ui.heading("Image cache");
    let Some((total, per_feed, cache_bytes, lookups, history)) = &stats.images else {
        ui.label("The image statistics could not be read.");
        return;
    };
    let lookups_total = (lookups.hits + lookups.misses).max(1);
    egui::Grid::new("image-totals")
        .max_col_width(column_width(ui, 2))
        .show(ui, |ui| {
            let mut row = |k: &str, v: String| {
                cell(ui, k);
                cell(ui, v);
                ui.end_row();
            };
            row("Images", total.images.to_string());
            row("Cached", total.cached.to_string());
            row("Evicted", total.evicted.to_string());
            let causes = total
                .failed_by_cause
                .iter()
                .map(|(k, n)| format!("{k}: {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            row("Failed", format!("{} {causes}", total.failed));
            row("Source bytes", megabytes(total.source_bytes));
            row(
                "WebP bytes",
                megabytes(total.webp_bytes + total.thumb_bytes),
            );
            row(
                "Saving",
                format!(
                    "{:.1}% (WebP is {:.1}% of the source)",
                    100.0 - total.compress_rate * 100.0,
                    total.compress_rate * 100.0
                ),
            );
            row(
                "Cache size",
                format!("{} of {}", megabytes(*cache_bytes), megabytes(cap)),
            );
            row(
                "Reader hit rate",
                format!(
                    "{:.0}% ({} hits, {} misses)",
                    lookups.hits as f64 * 100.0 / lookups_total as f64,
                    lookups.hits,
                    lookups.misses
                ),
            );
            row(
                "Convert ms p50 / p95",
                format!("{} / {}", total.convert_ms_p50, total.convert_ms_p95),
            );
        });
    let mut trim = None;
    ui.horizontal_wrapped(|ui| {
        if ui.button("Trim to cap").clicked() {
            trim = Some(cap);
        }
        if ui.button("Clear cache (keeps starred)").clicked() {
            trim = Some(0);
        }
    });
    Plot::new("cache-size")
        .height(160.0)
        .x_axis_label("hours since 1970")
        .y_axis_label("MB cached")
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.line(Line::new("cache size", PlotPoints::from(history.clone())));
        });
    egui::Grid::new("image-per-feed")
        .striped(true)
        .max_col_width(column_width(ui, 9))
        .show(ui, |ui| {
            for h in [
                "feed", "images", "cached", "failed", "source", "WebP", "rate", "p50", "p95",
            ] {
                cell(ui, egui::RichText::new(h).strong());
            }
            ui.end_row();
            for (title, s) in per_feed {
                cell(ui, title);
                cell(ui, s.images.to_string());
                cell(ui, s.cached.to_string());
                cell(ui, s.failed.to_string());
                cell(ui, megabytes(s.source_bytes));
                cell(ui, megabytes(s.webp_bytes + s.thumb_bytes));
                cell(ui, format!("{:.1}%", s.compress_rate * 100.0));
                cell(ui, format!("{} ms", s.convert_ms_p50));
                cell(ui, format!("{} ms", s.convert_ms_p95));
                ui.end_row();
            }
        });
    if let Some(cap) = trim {
        p.out.push(UiCommand::TrimImageCache(cap));
    }
}

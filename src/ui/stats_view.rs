//! The fetch statistics view: feeds ranked slowest first, and one feed's fetches — each as a
//! stacked bar of its stages over local time, and as a table. Figures come from the store's
//! statistics model (the same `lamplight stats` prints) and are read once per change of data,
//! not per frame. The image-cache view (`image_view`) shares the cache.

use crate::i18n::in_words;
use crate::t;
use egui_plot::{GridMark, Legend, Plot};

use super::charts::{local_time, stage_bars};
use super::commands::{Named, UiCommand, spec_of};
use super::state::Paint;
use crate::store::{FeedId, FetchRecord, FetchSummary, ImageRecord, ImageReport};

/// Figures read from the store, kept until the data changes.
#[derive(Default)]
pub struct StatsCache {
    generation: u64,
    feed: Option<FeedId>,
    loaded: bool,
    pub(super) summaries: Vec<FetchSummary>,
    /// The chosen feed's fetches, oldest first.
    history: Vec<FetchRecord>,
    pub(super) images: Option<ImageReport>,
    /// The chosen feed's images (without their BLOBs).
    pub(super) image_list: Vec<ImageRecord>,
    /// (seconds since the epoch, bytes cached) as images came in.
    pub(super) cache_history: Vec<[f64; 2]>,
}

impl StatsCache {
    pub(super) fn load(
        &mut self,
        app_generation: u64,
        feed: Option<FeedId>,
        store: &crate::store::Store,
        cap: i64,
    ) {
        if self.loaded && self.generation == app_generation && self.feed == feed {
            return;
        }
        self.loaded = true;
        self.generation = app_generation;
        self.feed = feed;
        self.summaries = store.fetch_summaries(None).unwrap_or_default();
        self.history = feed
            .map(|id| store.fetches(Some(id), 200).unwrap_or_default())
            .unwrap_or_default();
        self.history.reverse();
        self.images = store.image_report(cap).ok();
        self.image_list = feed
            .map(|id| store.image_list(Some(id), None).unwrap_or_default())
            .unwrap_or_default();
        self.cache_history = store
            .image_cache_history()
            .unwrap_or_default()
            .into_iter()
            .map(|(at, bytes)| [at as f64 / 1000.0, bytes as f64])
            .collect();
    }
}

/// The fetch statistics view.
pub fn fetch_stats_ui(ui: &mut egui::Ui, p: &mut Paint<'_>, stats: &mut StatsCache, cap: i64) {
    stats.load(p.state.generation, p.state.stats_feed, p.store, cap);
    ui.horizontal(|ui| {
        ui.heading(spec_of(Named::FetchStats).label());
        if p.state.stats_feed.is_some() && ui.button(t!("stats-all-feeds")).clicked() {
            p.out.push(UiCommand::ShowFeedStats(None));
        }
    });
    let Some(feed) = p.state.stats_feed else {
        ranking_ui(ui, p, stats);
        return;
    };
    let Some(summary) = stats.summaries.iter().find(|s| s.feed_id == feed) else {
        ui.label(t!("stats-feed-gone"));
        return;
    };
    ui.label(egui::RichText::new(&summary.title).strong());
    ui.label(summary.percentiles_text());
    if let Some(row) = p.state.feeds.iter().find(|f| f.id == feed) {
        ui.label(super::sidebar::next_refresh_line(row));
    }
    let history = &stats.history;
    let starts: Vec<i64> = history.iter().map(|r| r.started_at).collect();
    Plot::new(("fetch-stages", feed.0))
        .height(190.0)
        .legend(Legend::default().follow_insertion_order(true))
        .allow_scroll(false)
        .y_axis_label("ms")
        // Room for a dozen bars, so a few fetches read as bars, not as a wall.
        .include_x(-0.6)
        .include_x((history.len() as f64).max(12.0) - 0.4)
        .include_y(0.0)
        .x_axis_formatter(move |mark: GridMark, _range: &_| {
            let n = mark.value.round();
            if (mark.value - n).abs() > 0.01 || n < 0.0 {
                return String::new();
            }
            starts
                .get(n as usize)
                .map(|ms| local_time(*ms, false))
                .unwrap_or_default()
        })
        .show(ui, |plot| stage_bars(plot, history));
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let headers = [
                t!("stats-time"),
                t!("stats-outcome"),
                t!("stats-bytes"),
                t!("stats-total"),
                t!("stats-new-total"),
                t!("stats-stages"),
                t!("stats-error"),
            ];
            table_ui(ui, "fetch-table", &headers, |ui| {
                for r in history.iter().rev() {
                    cell(ui, local_time(r.started_at, true));
                    let status = r.http_status.map(|s| format!(" {s}")).unwrap_or_default();
                    cell(ui, format!("{}{status}", r.outcome.in_words()));
                    cell(ui, crate::store::mib(r.bytes as i64));
                    cell(ui, format!("{} ms", r.total_ms));
                    cell(ui, format!("{}/{}", r.new_articles, r.total_articles));
                    // The chart's stages, in its words.
                    let mut stages = t!(
                        "stats-stage-line",
                        request = r.request_ms,
                        download = r.download_ms,
                        parse = r.parse_ms,
                        store = r.store_ms,
                        pictures = r.cover_images_ms + r.retry_covers_ms + r.body_images_ms,
                        cached = r.images_cached,
                        found = r.images_found
                    );
                    if r.full_text_fetched + r.full_text_failed > 0 {
                        stages.push_str(&t!(
                            "stats-stage-full-text",
                            ms = r.full_text_ms,
                            read = r.full_text_fetched,
                            left = r.full_text_failed
                        ));
                    }
                    cell(ui, stages);
                    cell(
                        ui,
                        r.error
                            .as_deref()
                            .map(|e| in_words(e).into_owned())
                            .unwrap_or_default(),
                    );
                    ui.end_row();
                }
            });
        });
}

/// A striped table with a bold header row; `rows` adds the rest (each ended with `end_row`).
/// Columns share the width left, and text wraps inside them.
pub(super) fn table_ui(
    ui: &mut egui::Ui,
    id: &str,
    headers: &[&str],
    rows: impl FnOnce(&mut egui::Ui),
) {
    egui::Grid::new(id)
        .striped(true)
        .max_col_width(column_width(ui, headers.len()))
        .show(ui, |ui| {
            for h in headers {
                cell(ui, egui::RichText::new(*h).strong());
            }
            ui.end_row();
            rows(ui);
        });
}

/// A grid cell whose text wraps inside its column (tables fit the window, never run past it).
pub(super) fn cell(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    ui.add(egui::Label::new(text).wrap());
}

/// The widest a column of a `columns`-wide grid may be to fit the space left.
pub(super) fn column_width(ui: &egui::Ui, columns: usize) -> f32 {
    let spacing = ui.spacing().item_spacing.x + 4.0;
    ((ui.available_width() - spacing * columns as f32) / columns as f32).max(24.0)
}

fn ranking_ui(ui: &mut egui::Ui, p: &mut Paint<'_>, stats: &StatsCache) {
    ui.label(t!(
        "stats-ranking-note",
        count = crate::store::PERCENTILES_FROM
    ));
    let mut open = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let headers = [
                t!("stats-feed"),
                t!("stats-fetches"),
                "p50 / p95",
                t!("stats-last-outcome"),
                t!("stats-last-total"),
                t!("stats-last-error"),
            ];
            table_ui(ui, "fetch-ranking", &headers, |ui| {
                for s in &stats.summaries {
                    if ui.link(&s.title).clicked() {
                        open = Some(s.feed_id);
                    }
                    cell(ui, s.fetches.to_string());
                    cell(
                        ui,
                        match (s.p50_ms, s.p95_ms) {
                            (Some(p50), Some(p95)) => format!("{p50} / {p95} ms"),
                            _ => t!("stats-too-few").to_owned(),
                        },
                    );
                    let last = s.last.as_ref();
                    cell(
                        ui,
                        last.map(|l| l.outcome.in_words())
                            .unwrap_or(t!("stats-never")),
                    );
                    cell(
                        ui,
                        last.map(|l| format!("{} ms", l.total_ms))
                            .unwrap_or_default(),
                    );
                    cell(
                        ui,
                        last.and_then(|l| l.error.as_deref())
                            .map(|e| in_words(e).into_owned())
                            .unwrap_or_default(),
                    );
                    ui.end_row();
                }
            });
        });
    if open.is_some() {
        p.out.push(UiCommand::ShowFeedStats(open));
    }
}

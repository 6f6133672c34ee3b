//! The statistics views' charts: time on the x axis in local date and time (not "hours since
//! 1970"), samples as points while they are few (a line between two points says nothing), and
//! a fetch's stages as one stacked bar.

use egui_plot::{Bar, BarChart, GridMark, Line, Plot, PlotPoints, Points};

use crate::store::FetchRecord;

/// Below this many samples a series is drawn as points, not a line.
const LINE_FROM: usize = 10;

/// `ms` (since the epoch) as local "11-27 14:05", or with the year when `with_year`.
pub fn local_time(ms: i64, with_year: bool) -> String {
    let offset = *super::article_list::LOCAL_OFFSET.get_or_init(|| time::UtcOffset::UTC);
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000) else {
        return "-".to_owned();
    };
    let t = t.to_offset(offset);
    let format = if with_year {
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]")
    } else {
        time::macros::format_description!("[month]-[day] [hour]:[minute]")
    };
    t.format(&format).unwrap_or_else(|_| "-".to_owned())
}

/// A plot whose x axis is time in seconds since the epoch, labelled in local time as finely
/// as its span needs, showing at least an hour around `samples` (one sample alone would
/// otherwise fill the axis with the same minute).
pub fn time_plot(id: &'static str, y_label: &str, samples: &[[f64; 2]]) -> Plot<'static> {
    let mut plot = Plot::new(id)
        .height(170.0)
        .allow_scroll(false)
        .y_axis_label(y_label.to_owned())
        .x_axis_formatter(|mark: GridMark, range: &std::ops::RangeInclusive<f64>| {
            time_label(mark.value, range.end() - range.start())
        })
        .show_x(false);
    let xs = samples.iter().map(|s| s[0]);
    if let (Some(first), Some(last)) = (xs.clone().reduce(f64::min), xs.reduce(f64::max)) {
        plot = plot.include_x(first - 1800.0).include_x(last + 1800.0);
    }
    // From zero to a little over the largest value (a flat series would span ±1000 otherwise).
    let top = samples.iter().map(|s| s[1]).fold(0.0, f64::max);
    plot.include_y(0.0)
        .include_y(if top > 0.0 { top * 1.15 } else { 1.0 })
}

/// `seconds` since the epoch in local time, as finely as a span of `span` seconds needs.
fn time_label(seconds: f64, span: f64) -> String {
    let ms = (seconds * 1000.0) as i64;
    let text = local_time(ms, false);
    if span > 3.0 * 86_400.0 {
        // Days apart: the date is enough.
        text.split(' ').next().unwrap_or_default().to_owned()
    } else {
        text
    }
}

/// `samples` ([seconds, value]) as points while few, else as a line.
pub fn series(plot: &mut egui_plot::PlotUi<'_>, name: &str, samples: Vec<[f64; 2]>) {
    if samples.len() < LINE_FROM {
        plot.points(Points::new(name.to_owned(), PlotPoints::from(samples)).radius(4.0));
    } else {
        plot.line(Line::new(name.to_owned(), PlotPoints::from(samples)));
    }
}

/// How long a fetch spent in one stage.
type StageMs = fn(&FetchRecord) -> u64;

/// Each fetch (oldest left) as a bar of its stages stacked: request, download, parse, store,
/// pictures. Bar `n` stands at x = n; The caller's x axis says when each was.
pub fn stage_bars(plot: &mut egui_plot::PlotUi<'_>, fetches: &[FetchRecord]) {
    let stages: [(&str, StageMs); 6] = [
        (crate::t!("stage-request"), |r| r.request_ms),
        (crate::t!("stage-download"), |r| r.download_ms),
        (crate::t!("stage-parse"), |r| r.parse_ms),
        (crate::t!("stage-store"), |r| r.store_ms),
        (crate::t!("stage-full-text"), |r| r.full_text_ms),
        (crate::t!("stage-pictures"), |r| {
            r.cover_images_ms + r.retry_covers_ms + r.body_images_ms
        }),
    ];
    let mut charts: Vec<BarChart> = Vec::new();
    for (name, ms) in stages {
        let bars = fetches
            .iter()
            .enumerate()
            .map(|(n, r)| Bar::new(n as f64, ms(r) as f64).width(0.7))
            .collect();
        let below: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(name, bars).stack_on(&below);
        charts.push(chart);
    }
    for chart in charts {
        plot.bar_chart(chart);
    }
}

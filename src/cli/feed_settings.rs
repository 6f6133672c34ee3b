//! The settings and per-feed work of the command line: full text (`full-text`), schedules
//! (`schedule`, `schedule-limits`), new-article notifications (`notify`), pictures
//! (`pictures`) and making a feed readable offline (`offline`).

use anyhow::{Context, Result};

use crate::i18n::in_words;
use crate::t;

use super::{Command, print};
use crate::engine::{Engine, LibraryChange};
use crate::store::{FeedId, FullTextMode};

pub(super) fn run(engine: &Engine, command: &Command) -> Result<()> {
    match command {
        Command::FullText {
            feed_id,
            on,
            off,
            auto,
        } => {
            let feed = FeedId(*feed_id);
            let mode = match (on, off, auto) {
                (true, _, _) => Some(FullTextMode::On),
                (_, true, _) => Some(FullTextMode::Off),
                (_, _, true) => Some(FullTextMode::Auto),
                _ => None,
            };
            if let Some(mode) = mode {
                engine.apply(&LibraryChange::SetFullText { feed, mode })?;
            }
            let setting = engine.store().full_text_setting(feed)?;
            let line = t!("cli-full-text", id = *feed_id, setting = setting.describe());
            println!("{line}");
            Ok(())
        }
        Command::Schedule {
            feed_id,
            every,
            auto: _,
        } => {
            let feed = FeedId(*feed_id);
            let every_s = every.as_deref().map(interval).transpose()?;
            engine.apply(&LibraryChange::SetSchedule { feed, every_s })?;
            let row = engine.store().feed(feed)?;
            let line = t!(
                "cli-schedule",
                id = *feed_id,
                when = print::when(Some(row.next_refresh_at)),
                reason = in_words(&row.refresh_reason.unwrap_or_default()).into_owned()
            );
            println!("{line}");
            Ok(())
        }
        Command::ScheduleLimits { min, max } => {
            let min_s = min.as_deref().map(interval).transpose()?;
            let max_s = max.as_deref().map(interval).transpose()?;
            if min_s.is_some() || max_s.is_some() {
                engine.apply(&LibraryChange::SetScheduleLimits { min_s, max_s })?;
            }
            let limits = engine.schedule_limits()?;
            let line = t!(
                "cli-schedule-limits",
                min = crate::engine::schedule::human(limits.min_s),
                max = crate::engine::schedule::human(limits.max_s)
            );
            println!("{line}");
            Ok(())
        }
        Command::Offline { feed_id, json } => {
            let feed = FeedId(*feed_id);
            engine.store().feed(feed)?;
            let report = engine.make_available_offline(feed, crate::engine::no_events())?;
            print::offline_report(&report, *json)
        }
        Command::Notify { feed_id, on, off } => {
            let feed = FeedId(*feed_id);
            if *on || *off {
                engine.apply(&LibraryChange::SetNotifyNew { feed, on: *on })?;
            }
            let line = if engine.store().feed(feed)?.notify_new {
                t!("cli-notify-on", id = *feed_id)
            } else {
                t!("cli-notify-off", id = *feed_id)
            };
            println!("{line}");
            Ok(())
        }
        Command::Pictures { on, off, cache_mib } => {
            if let Some(mib) = cache_mib
                && !(16..=65_536).contains(mib)
            {
                anyhow::bail!("{}", t!("cli-cache-range", mib = *mib));
            }
            let download = (*on || *off).then_some(*on);
            let cache_cap_bytes = cache_mib.map(|mib| mib * 1_048_576);
            if download.is_some() || cache_cap_bytes.is_some() {
                engine.apply(&LibraryChange::SetPictures {
                    download,
                    cache_cap_bytes,
                })?;
            }
            let prefs = engine.picture_prefs();
            let mib = prefs.cache_cap_bytes / 1_048_576;
            let line = if prefs.download {
                t!("cli-pictures-on", mib = mib)
            } else {
                t!("cli-pictures-off", mib = mib)
            };
            println!("{line}");
            Ok(())
        }
        _ => Ok(()),
    }
}

/// "15m", "2h", "1d" as seconds, or one clear error.
fn interval(text: &str) -> Result<i64> {
    crate::engine::parse_interval(text).with_context(|| t!("cli-bad-interval", text = text))
}

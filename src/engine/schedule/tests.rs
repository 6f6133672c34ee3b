use proptest::prelude::*;

use super::*;

const NOW: i64 = 1_790_000_000_000;

fn inputs<'a>(server: &'a ServerHeaders, hints: &'a FeedHints, published: &'a [i64]) -> Inputs<'a> {
    Inputs {
        now_ms: NOW,
        ok: true,
        status: Some(200),
        error: None,
        failures: 0,
        server,
        hints,
        published_ms: published,
        pinned_s: None,
        limits: Limits::default(),
    }
}

fn every(period_s: i64, count: i64) -> Vec<i64> {
    (0..count).map(|n| NOW - n * period_s * 1000).collect()
}

fn minutes(plan: &Plan) -> i64 {
    (plan.next_at_ms - NOW) / 60_000
}

#[test]
fn history_sets_the_pace_within_the_limits() {
    let (server, hints) = (ServerHeaders::default(), FeedHints::default());
    let daily = every(DAY, 365);
    let plan = plan(&inputs(&server, &hints, &daily));
    assert_eq!(minutes(&plan), 12 * 60, "{plan:?}");
    assert_eq!(plan.reason, "publishes about every 24 h");
    let hourly = every(HOUR, 48);
    assert_eq!(minutes(&super::plan(&inputs(&server, &hints, &hourly))), 30);
    let quiet_since_march = [NOW - 200 * DAY * 1000];
    let plan = super::plan(&inputs(&server, &hints, &quiet_since_march));
    assert_eq!(
        minutes(&plan),
        24 * 60,
        "one old item: the feed is quiet, {plan:?}"
    );
    assert!(
        plan.reason.starts_with("nothing new for about 7 months"),
        "a quiet feed is not said to publish every 200 days: {}",
        plan.reason
    );
    let twice_a_year = every(182 * DAY, 3);
    let plan = super::plan(&inputs(&server, &hints, &twice_a_year));
    assert_eq!(minutes(&plan), 24 * 60, "{plan:?}");
    assert!(
        plan.reason.contains("checked at least every 24 h"),
        "{plan:?}"
    );
    let plan = super::plan(&inputs(&server, &hints, &[]));
    assert_eq!(minutes(&plan), 30);
}

#[test]
fn the_server_and_the_feed_set_a_floor_and_bad_values_are_named() {
    let hourly = every(HOUR, 48);
    let server = ServerHeaders {
        cache_control: Some("public, max-age=3600".into()),
        ..ServerHeaders::default()
    };
    let hints = FeedHints::default();
    let plan = plan(&inputs(&server, &hints, &hourly));
    assert_eq!(minutes(&plan), 60);
    assert_eq!(plan.reason, "the server asked for 1 h (max-age=3600)");
    let hints = FeedHints {
        ttl: Some("120".into()),
        ..FeedHints::default()
    };
    assert_eq!(
        minutes(&super::plan(&inputs(&server, &hints, &hourly))),
        120
    );
    let bad = ServerHeaders {
        cache_control: Some("max-age=-1".into()),
        ..ServerHeaders::default()
    };
    let hints = FeedHints {
        ttl: Some("abc".into()),
        ..FeedHints::default()
    };
    let plan = super::plan(&inputs(&bad, &hints, &[]));
    assert_eq!(minutes(&plan), 30);
    assert!(
        plan.reason.contains("max-age=-1 is not a number"),
        "{plan:?}"
    );
    assert!(plan.reason.contains("ttl \"abc\""), "{plan:?}");
}

#[test]
fn back_off_follows_retry_after_then_doubles_per_failure() {
    let hints = FeedHints::default();
    let server = ServerHeaders {
        retry_after: Some("600".into()),
        ..ServerHeaders::default()
    };
    let mut input = inputs(&server, &hints, &[]);
    input.ok = false;
    input.status = Some(429);
    input.failures = 1;
    let plan = plan(&input);
    assert_eq!(minutes(&plan), 10);
    assert_eq!(plan.host_quiet_until_ms, Some(plan.next_at_ms));
    assert!(plan.reason.contains("Retry-After: 600"), "{plan:?}");
    for (raw, why) in [
        ("-5", "in the past"),
        ("31536000", "more than 7 days ahead"),
        ("soon", "not a time"),
    ] {
        let server = ServerHeaders {
            retry_after: Some(raw.into()),
            ..ServerHeaders::default()
        };
        let mut input = inputs(&server, &hints, &[]);
        (input.ok, input.status, input.failures) = (false, Some(503), 3);
        let plan = super::plan(&input);
        assert_eq!(minutes(&plan), 120, "{raw}: {plan:?}");
        assert!(
            plan.reason
                .starts_with("back-off after 3 failures in a row: HTTP 503")
        );
        assert!(plan.reason.contains(why), "{raw}: {plan:?}");
        assert_eq!(plan.host_quiet_until_ms, None);
    }
}

#[test]
fn a_pin_wins_over_everything_but_the_server_s_back_off() {
    let (server, hints) = (ServerHeaders::default(), FeedHints::default());
    let mut input = inputs(&server, &hints, &[]);
    input.pinned_s = Some(15 * MINUTE);
    let plan = plan(&input);
    assert_eq!(minutes(&plan), 15);
    assert_eq!(plan.reason, "fixed by you: every 15 min");
}

#[test]
fn skipped_hours_and_days_are_stepped_over() {
    let server = ServerHeaders::default();
    let hints = FeedHints {
        skip_hours: (0..24)
            .map(|h| h.to_string())
            .filter(|h| h != "12")
            .collect(),
        ..FeedHints::default()
    };
    let plan = plan(&inputs(&server, &hints, &[]));
    assert_eq!(
        (plan.next_at_ms / (HOUR * 1000)).rem_euclid(24),
        12,
        "{plan:?}"
    );
    assert!(plan.reason.contains("skips"), "{plan:?}");
}

#[test]
fn intervals_read_as_people_write_them() {
    assert_eq!(parse_interval("15m"), Some(900));
    assert_eq!(parse_interval("2h"), Some(7200));
    assert_eq!(parse_interval("1d"), Some(86_400));
    assert_eq!(parse_interval("900"), Some(900));
    assert_eq!(parse_interval("5s"), None, "too often");
    assert_eq!(parse_interval("often"), None);
}

proptest! {
    #[test]
    fn evenly_spaced_items_give_their_spacing(period in 60i64..(30 * DAY), count in 3usize..60) {
        let times = every(period, count as i64);
        let gap = typical_gap_s(&times, NOW).expect("enough items");
        prop_assert_eq!(gap, period.max(MINUTE));
    }

    #[test]
    fn any_history_gives_a_time_within_the_limits(
        times in proptest::collection::vec(0i64..(400 * DAY * 1000), 0..80),
        max_age in proptest::option::of("[a-z0-9=-]{0,12}"),
    ) {
        let published: Vec<i64> = times.iter().map(|t| NOW - t).collect();
        let server = ServerHeaders { cache_control: max_age, ..ServerHeaders::default() };
        let hints = FeedHints::default();
        let plan = plan(&inputs(&server, &hints, &published));
        let limits = Limits::default();
        prop_assert!(plan.next_at_ms >= NOW + limits.min_s * 1000, "{:?}", plan);
        prop_assert!(plan.next_at_ms <= NOW + limits.max_s * 1000, "{:?}", plan);
        prop_assert!(!plan.reason.is_empty());
    }
}

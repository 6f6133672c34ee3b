//! Servers that break HTTP itself (see `fault_server`): each failure ends in bounded time with
//! a one-line cause on its feed, is retried only when a retry can help, leaves the feed's stored
//! articles alone, and does not hold up the healthy feed refreshed alongside.

use std::io::Write;
use std::time::Instant;

use lamplight::engine::{RefreshScope, no_events};
use lamplight::store::FetchOutcomeKind;

use crate::fault_server::{FaultServer, Wire, response};
use crate::support::{Route, TestServer, fixture, subscribe, test_engine, test_fetch_config};

const RSS: &str = "application/rss+xml; charset=utf-8";

struct WireCase {
    name: &'static str,
    wire: Wire,
    cause: &'static str,
    attempts: usize,
}

pub fn gzip_bomb() -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..64 {
        encoder.write_all(&zeros).expect("compress");
    }
    encoder.finish().expect("gzip")
}

fn wire_cases() -> Vec<WireCase> {
    let feed = fixture().into_bytes();
    let half = &feed[..feed.len() / 2];
    let bomb = gzip_bomb();
    assert!(bomb.len() < 200 * 1024, "the bomb is small on the wire");
    vec![
        WireCase {
            name: "reset mid-body",
            wire: Wire::SendThenReset(response(
                &format!("Content-Type: {RSS}\r\nContent-Length: {}\r\n", feed.len()),
                half,
            )),
            cause: "the body was cut off: Connection reset by peer (os error 104) (gave up after 3 attempts)",
            attempts: 3,
        },
        WireCase {
            name: "Content-Length longer than the body",
            wire: Wire::Send(response(
                &format!(
                    "Content-Type: {RSS}\r\nContent-Length: {}\r\n",
                    feed.len() * 2
                ),
                &feed,
            )),
            cause: "the body was cut off: end of file before message length reached",
            attempts: 1,
        },
        WireCase {
            name: "Content-Length shorter than the body",
            wire: Wire::Send(response(
                &format!("Content-Type: {RSS}\r\nContent-Length: 300\r\n"),
                &feed,
            )),
            cause: "the document is cut off before its first entry ends",
            attempts: 1,
        },
        WireCase {
            name: "invalid chunked encoding",
            wire: Wire::Send(response(
                &format!("Content-Type: {RSS}\r\nTransfer-Encoding: chunked\r\n"),
                b"10\r\n<rss version='2\r\nzz-not-a-size\r\n\r\n",
            )),
            cause: "the body is malformed HTTP",
            attempts: 1,
        },
        WireCase {
            name: "gzip bomb",
            wire: Wire::Send(response(
                &format!(
                    "Content-Type: {RSS}\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n",
                    bomb.len()
                ),
                &bomb,
            )),
            cause: "larger than the 8388608-byte limit",
            attempts: 1,
        },
        WireCase {
            name: "a byte a second",
            wire: Wire::Trickle(
                format!("HTTP/1.1 200 OK\r\nContent-Type: {RSS}\r\nContent-Length: 100000\r\n\r\n")
                    .into_bytes(),
            ),
            cause: "timed out while downloading the body",
            attempts: 1,
        },
    ]
}

#[test]
fn broken_http_is_recorded_per_feed_in_bounded_time() {
    let t = test_engine();
    let web = TestServer::start();
    web.route("/good", Route::feed(fixture(), "v1"));
    let good = subscribe(&t, &web, "/good");
    let mut servers = Vec::new();
    for case in wire_cases() {
        let server = FaultServer::start(Wire::ok(RSS, fixture().as_bytes()));
        let feed = t
            .engine
            .add_subscription(&server.url("http", "/feed"))
            .unwrap_or_else(|e| panic!("{}: healthy first: {e}", case.name))
            .feed;
        assert_eq!(feed.article_count, 10);
        server.set(case.wire.clone());
        servers.push((server, feed.id, case));
    }
    web.route(
        "/good",
        Route::feed(fixture().replace("运维", "运维 "), "v2"),
    );

    let started = Instant::now();
    let records = t
        .engine
        .refresh(RefreshScope::All, no_events())
        .expect("refresh");
    let elapsed = started.elapsed();

    let good_record = records.iter().find(|r| r.feed_id == good.id).expect("good");
    assert_eq!(good_record.outcome, FetchOutcomeKind::Ok);
    let store = t.engine.store();
    for (server, id, case) in &servers {
        let record = records.iter().find(|r| r.feed_id == *id).expect("record");
        crate::support::assert_stages_cover_total(record, case.name);
        let error = record.error.as_deref().unwrap_or("");
        assert_eq!(record.outcome, FetchOutcomeKind::Error, "{}", case.name);
        assert!(error.contains(case.cause), "{}: {error:?}", case.name);
        assert!(!error.contains('\n'), "{}: one line", case.name);
        assert_eq!(record.attempts.len(), case.attempts, "{}", case.name);
        // One connection to subscribe, then one per attempt.
        assert_eq!(server.connections(), 1 + case.attempts, "{}", case.name);
        let feed = store.feed(*id).expect("feed");
        assert_eq!(feed.article_count, 10, "{}: articles kept", case.name);
        assert_eq!(feed.last_error.as_deref(), Some(error), "{}", case.name);
    }
    // The trickle ends at the attempt timeout; nothing else waits behind it.
    let timeout = test_fetch_config().attempt_timeout;
    assert!(elapsed < timeout * 2, "refresh took {elapsed:?}");
    assert_eq!(store.integrity_check().expect("check"), "ok");
}

#[test]
fn an_https_url_on_a_plain_http_port_fails_the_handshake_once() {
    let server = FaultServer::start(Wire::ok(RSS, fixture().as_bytes()));
    let t = test_engine();
    let err = t
        .engine
        .add_subscription(&server.url("https", "/feed"))
        .expect_err("no TLS there");
    let message = err.to_string();
    assert!(message.contains("TLS"), "{message}");
    assert!(!message.contains("attempts"), "not retried: {message}");
    assert_eq!(server.connections(), 1);
    assert!(t.engine.store().feeds().expect("feeds").is_empty());
}

//! A slow resolver stalls only the fetches for its host: a DNS server of the test's own (UDP on
//! 127.0.0.1) answers every name with 127.0.0.1 at once, except the picture hosts it holds,
//! whose lookups it answers only when the test lets it. Every other feed must be fetched,
//! parsed, stored and its pictures cached while those lookups wait.

use std::collections::{HashMap, HashSet};
use std::net::{SocketAddr, UdpSocket};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use image::{DynamicImage, ImageFormat};
use lamplight::engine::{Engine, EngineConfig, EngineEvent, ImagePipelineConfig, RefreshScope};
use lamplight::fetch::{FetchConfig, Nameservers};
use lamplight::store::{FeedId, FetchOutcomeKind, FetchRecord};

use crate::images::{encode, photo};
use crate::support::{Route, TestServer, test_fetch_config};

/// A DNS server for `*.lamplight.test`: A records of 127.0.0.1, no AAAA, NXDOMAIN for other
/// names, and the held names' queries kept unanswered until [`DnsServer::release`].
struct DnsServer {
    addr: SocketAddr,
    state: Arc<Mutex<DnsState>>,
    socket: UdpSocket,
}

#[derive(Default)]
struct DnsState {
    held: HashSet<String>,
    /// Queries for held names, waiting: (query, who asked).
    waiting: Vec<(Vec<u8>, SocketAddr)>,
    /// Every name asked, with how many times.
    asked: HashMap<String, usize>,
    released: bool,
}

impl DnsServer {
    fn start(held: &[&str]) -> DnsServer {
        let socket = UdpSocket::bind("127.0.0.1:0").expect("bind the DNS server");
        let addr = socket.local_addr().expect("DNS server address");
        let state = Arc::new(Mutex::new(DnsState {
            held: held.iter().map(|h| h.to_string()).collect(),
            ..DnsState::default()
        }));
        let (serving, shared) = (socket.try_clone().expect("socket"), state.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 1500];
            while let Ok((n, from)) = serving.recv_from(&mut buf) {
                let query = buf[..n].to_vec();
                let Some((name, _)) = question(&query) else {
                    continue;
                };
                let mut state = shared.lock().expect("DNS state");
                *state.asked.entry(name.clone()).or_default() += 1;
                if state.held.contains(&name) && !state.released {
                    state.waiting.push((query, from));
                    continue;
                }
                drop(state);
                let _ = serving.send_to(&answer(&query), from);
            }
        });
        DnsServer {
            addr,
            state,
            socket,
        }
    }

    /// Queries for held names not answered yet.
    fn waiting(&self) -> usize {
        self.state.lock().expect("DNS state").waiting.len()
    }

    fn asked(&self, name: &str) -> usize {
        let state = self.state.lock().expect("DNS state");
        state.asked.get(name).copied().unwrap_or(0)
    }

    /// Answers the held queries, and every later one at once.
    fn release(&self) {
        let waiting = {
            let mut state = self.state.lock().expect("DNS state");
            state.released = true;
            std::mem::take(&mut state.waiting)
        };
        for (query, from) in waiting {
            let _ = self.socket.send_to(&answer(&query), from);
        }
    }
}

/// The question of a DNS query: its name (lower case, no final dot) and the end of the
/// question section.
fn question(query: &[u8]) -> Option<(String, usize)> {
    let mut at = 12;
    let mut labels = Vec::new();
    loop {
        let len = *query.get(at)? as usize;
        at += 1;
        if len == 0 {
            break;
        }
        labels.push(String::from_utf8_lossy(query.get(at..at + len)?).to_ascii_lowercase());
        at += len;
    }
    // QTYPE and QCLASS.
    (query.len() >= at + 4).then(|| (labels.join("."), at + 4))
}

/// The answer to `query`: 127.0.0.1 for an A question about `*.lamplight.test`, no records for
/// other types, NXDOMAIN for other names.
fn answer(query: &[u8]) -> Vec<u8> {
    let Some((name, end)) = question(query) else {
        return Vec::new();
    };
    let qtype = u16::from_be_bytes([query[end - 4], query[end - 3]]);
    let ours = name.ends_with(".lamplight.test");
    let with_address = ours && qtype == 1;
    let mut out = Vec::with_capacity(end + 16);
    out.extend_from_slice(&query[..2]); // the query's id
    let rcode = if ours { 0 } else { 3 };
    // A response to a recursive query, recursion available.
    out.extend_from_slice(&[0x81, 0x80 | rcode]);
    out.extend_from_slice(&[0, 1, 0, u8::from(with_address), 0, 0, 0, 0]);
    out.extend_from_slice(&query[12..end]);
    if with_address {
        out.extend_from_slice(&[0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
    }
    out
}

fn feed_xml(host_base: &str, feed: usize, pictures: &[String]) -> String {
    let images: String = pictures
        .iter()
        .map(|p| format!("&lt;p&gt;&lt;img src=&quot;{p}&quot;&gt;&lt;/p&gt;"))
        .collect();
    let items = if pictures.is_empty() {
        String::new()
    } else {
        format!(
            "<item><title>Pictures of feed {feed}</title><link>{host_base}/feed{feed}/pictures</link>\
             <guid>feed{feed}-pictures</guid>\
             <description>&lt;p&gt;With pictures.&lt;/p&gt;{images}</description></item>"
        )
    };
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed {feed}</title>\
         <link>{host_base}/feed{feed}/</link><description>d</description>\
         <item><title>First of feed {feed}</title><link>{host_base}/feed{feed}/first</link>\
         <guid>feed{feed}-first</guid><description>Words.</description></item>{items}\
         </channel></rss>"
    )
}

#[test]
fn a_slow_resolver_holds_only_the_fetches_for_its_hosts() {
    const SLOW_HOSTS: [&str; 3] = [
        "slow-pictures-1.lamplight.test",
        "slow-pictures-2.lamplight.test",
        "slow-pictures-3.lamplight.test",
    ];
    const FEEDS: usize = 8;
    // Feeds 0 and 1 carry pictures on the slow hosts; every feed carries one on its own host.
    let slow_feeds = [0usize, 1];
    let dns = DnsServer::start(&SLOW_HOSTS);
    let server = TestServer::start();
    let port = server.base.rsplit(':').next().expect("port").to_owned();
    let base = |host: &str| format!("http://{host}:{port}");
    let jpeg = encode(
        &DynamicImage::ImageRgb8(photo(320, 200, 7)),
        ImageFormat::Jpeg,
    );
    for n in 0..4 {
        server.route(
            &format!("/p{n}.jpg"),
            Route::plain(jpeg.clone(), "image/jpeg"),
        );
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let fetch = FetchConfig {
        nameservers: Nameservers::At(vec![dns.addr]),
        // Long enough that the held lookups outlast the rest of the refresh, however slow the
        // machine: the test, not a timeout, decides when they are answered.
        connect_timeout: Duration::from_secs(120),
        attempt_timeout: Duration::from_secs(120),
        // As many requests in flight as there are held hosts: a lookup that held a global slot
        // while it waited would leave none for the hosts that answer.
        global_limit: SLOW_HOSTS.len(),
        ..test_fetch_config()
    };
    let images = ImagePipelineConfig {
        max_image_bytes: 4 * 1024 * 1024,
        ..ImagePipelineConfig::default()
    };
    let engine = Engine::open(
        dir.path(),
        EngineConfig {
            fetch,
            images,
            ..EngineConfig::default()
        },
    )
    .expect("engine opens");

    // Subscribed while the feeds have no pictures, so the refresh below brings them all.
    let mut feed_ids: Vec<FeedId> = Vec::new();
    for feed in 0..FEEDS {
        let host_base = base(&format!("feed{feed}.lamplight.test"));
        let path = format!("/feed{feed}.xml");
        server.route(&path, Route::feed(feed_xml(&host_base, feed, &[]), "v1"));
        let added = engine
            .add_subscription(&format!("{host_base}{path}"))
            .unwrap_or_else(|e| panic!("feed {feed} is added through the test's DNS: {e}"));
        feed_ids.push(added.feed.id);
    }
    for feed in 0..FEEDS {
        let host_base = base(&format!("feed{feed}.lamplight.test"));
        let mut pictures = vec![format!("{host_base}/p{}.jpg", feed % 4)];
        if slow_feeds.contains(&feed) {
            for (n, slow) in SLOW_HOSTS.iter().enumerate() {
                pictures.push(format!("{}/p{n}.jpg", base(slow)));
            }
        }
        let path = format!("/feed{feed}.xml");
        server.route(
            &path,
            Route::feed(feed_xml(&host_base, feed, &pictures), "v2"),
        );
    }

    let (sender, events) = mpsc::channel::<EngineEvent>();
    let sender = Mutex::new(sender);
    engine.spawn_refresh(
        RefreshScope::All,
        Arc::new(move |event| {
            let _ = sender.lock().expect("sender").send(event);
        }),
    );
    let mut finished: HashMap<FeedId, FetchRecord> = HashMap::new();
    let fast: Vec<FeedId> = (0..FEEDS)
        .filter(|f| !slow_feeds.contains(f))
        .map(|f| feed_ids[f])
        .collect();
    while !fast.iter().all(|id| finished.contains_key(id)) {
        match events.recv_timeout(Duration::from_secs(30)) {
            Ok(EngineEvent::FetchFinished(record)) => {
                finished.insert(record.feed_id, *record);
            }
            Ok(EngineEvent::RefreshFinished { .. }) => {
                panic!("the refresh ended before the held lookups were answered")
            }
            Ok(_) => {}
            Err(e) => panic!(
                "the feeds on answering hosts did not finish while the slow lookups were held \
                 ({e}); finished: {:?}",
                finished.keys().collect::<Vec<_>>()
            ),
        }
    }
    // Every feed whose hosts answer is done, pictures and all, while the slow lookups wait.
    assert!(
        dns.waiting() > 0,
        "the slow hosts' lookups were asked and are still unanswered"
    );
    for id in &fast {
        let record = &finished[id];
        assert_eq!(record.outcome, FetchOutcomeKind::Ok, "{record:?}");
        assert_eq!(record.new_articles, 1, "{record:?}");
    }
    for feed in slow_feeds {
        assert!(
            !finished.contains_key(&feed_ids[feed]),
            "feed {feed} waits for its pictures' hosts"
        );
    }
    {
        let store = engine.store();
        for feed in 0..FEEDS {
            let own = format!(
                "{}/p{}.jpg",
                base(&format!("feed{feed}.lamplight.test")),
                feed % 4
            );
            let status = store.image_status(&own).expect("image status");
            if !slow_feeds.contains(&feed) {
                assert_eq!(
                    status.map(|(_, s)| s).as_deref(),
                    Some("cached"),
                    "feed {feed}'s own picture is cached before the slow lookups end"
                );
            }
        }
    }

    dns.release();
    loop {
        match events.recv_timeout(Duration::from_secs(90)) {
            Ok(EngineEvent::FetchFinished(record)) => {
                finished.insert(record.feed_id, *record);
            }
            Ok(EngineEvent::RefreshFinished { total, failed }) => {
                assert_eq!((total, failed), (FEEDS, 0));
                break;
            }
            Ok(_) => {}
            Err(e) => panic!("the refresh did not end once the lookups were answered: {e}"),
        }
    }
    let store = engine.store();
    for slow in SLOW_HOSTS {
        assert!(dns.asked(slow) >= 1, "{slow} was looked up");
    }
    for (n, slow) in SLOW_HOSTS.iter().enumerate() {
        let url = format!("{}/p{n}.jpg", base(slow));
        let status = store.image_status(&url).expect("image status");
        assert_eq!(
            status.map(|(_, s)| s).as_deref(),
            Some("cached"),
            "{url} is cached once its host answers"
        );
    }
    for feed in slow_feeds {
        let record = &finished[&feed_ids[feed]];
        assert_eq!(record.outcome, FetchOutcomeKind::Ok, "{record:?}");
    }
}

#[test]
fn a_name_the_resolver_does_not_know_fails_the_fetch_with_its_cause() {
    let dns = DnsServer::start(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    let fetch = FetchConfig {
        nameservers: Nameservers::At(vec![dns.addr]),
        ..test_fetch_config()
    };
    let images = ImagePipelineConfig {
        enabled: false,
        ..ImagePipelineConfig::default()
    };
    let engine = Engine::open(
        dir.path(),
        EngineConfig {
            fetch,
            images,
            ..EngineConfig::default()
        },
    )
    .expect("engine opens");
    let err = engine
        .add_subscription("http://nowhere.example/feed.xml")
        .expect_err("an unknown name is refused");
    let text = err.to_string();
    assert!(
        text.contains("cannot resolve the host name") && text.contains("nowhere.example"),
        "{text}"
    );
    assert!(dns.asked("nowhere.example") >= 1, "our resolver was asked");
}

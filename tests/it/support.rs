//! Test support: a real HTTP server on 127.0.0.1 (axum, on its own thread and runtime) whose
//! routes each test sets, a temp data directory, and the shared fixture.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use lamplight::engine::{Engine, EngineConfig, ImagePipelineConfig};
use lamplight::fetch::FetchConfig;

/// The 运维进行时 fixture (../shared/fixtures/yunwei-feed.xml, bundled in assets/ as the
/// first-run snapshot).
pub fn fixture() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/first-run/yunwei-feed.xml");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the fixture at {}: {e}", path.display()))
}

/// The ten article titles of the fixture, in feed order.
pub const FIXTURE_TITLES: [&str; 10] = [
    "参与定制行业标准-《数据资产管理实践白皮书3.0》",
    "《Python自动化运维：技术与最佳实践》上架了",
    "大数据资产管理在腾讯游戏的实践【原创】",
    "《python自动化运维：技术与最佳实践》之OMServer平台环境部署详解【主控制端】",
    "《python自动化运维：技术与最佳实践》之OMServer平台环境部署详解【Web服务端】",
    "从天涯到腾讯：10年，不苟且的运维之路",
    // The feed has two spaces here; titles are stored with whitespace collapsed.
    "专家视野 刘天斯：腾讯游戏大数据价值评估思路",
    "腾讯游戏大数据解密：DevOps持续改进之道-布道【原创】",
    "基于Django与Celery实现异步对列任务",
    "基于kubernetes构建Docker集群管理详解",
];

/// What a route answers.
#[derive(Clone)]
pub enum Route {
    /// A document with validators; answers 304 to a matching conditional request.
    Doc {
        body: Vec<u8>,
        content_type: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// A bare status with extra headers and a short body.
    Status(u16, Vec<(&'static str, String)>),
    /// Accepts the request and never answers.
    Hang,
    /// Redirects to `to` (which may be itself) with a 302.
    Redirect(String),
    /// Redirects to `to` with a 301.
    MovedPermanently(String),
    /// `n` bytes of `<` streamed, without a Content-Length.
    Endless(u64),
    /// Each request takes the next route; the last one repeats.
    Sequence(Vec<Route>),
    /// Serves `body` only to requests whose Referer starts with `prefix`; 403 otherwise.
    RequireReferer { prefix: String, body: Vec<u8> },
    /// Already gzip-compressed bytes, sent with `Content-Encoding: gzip`.
    Gzipped(Vec<u8>),
    /// Another route's answer with these headers added (`Cache-Control`, `Retry-After`, …).
    WithHeaders(Box<Route>, Vec<(&'static str, String)>),
}

impl Route {
    /// An RSS/XML document with an ETag and a Last-Modified.
    pub fn feed(body: impl Into<Vec<u8>>, etag: &str) -> Route {
        Route::Doc {
            body: body.into(),
            content_type: "application/rss+xml; charset=utf-8".to_owned(),
            etag: Some(format!("\"{etag}\"")),
            last_modified: Some("Tue, 25 Aug 2020 01:04:55 GMT".to_owned()),
        }
    }

    /// A document with a given content type and no validators.
    pub fn plain(body: impl Into<Vec<u8>>, content_type: &str) -> Route {
        Route::Doc {
            body: body.into(),
            content_type: content_type.to_owned(),
            etag: None,
            last_modified: None,
        }
    }
}

#[derive(Default)]
struct Routes {
    routes: HashMap<String, Route>,
    hits: HashMap<String, usize>,
    requests: Vec<(String, HeaderMap)>,
}

/// A running test server. It lives until the test process ends.
pub struct TestServer {
    pub base: String,
    state: Arc<Mutex<Routes>>,
    stop: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
}

impl TestServer {
    pub fn start() -> TestServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let state = Arc::new(Mutex::new(Routes::default()));
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(state.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                tokio::select! {
                    served = axum::serve(listener, app) => served.expect("serve"),
                    _ = stopped => {}
                }
            });
            // Dropping the runtime closes the listener and every open connection.
        });
        TestServer {
            base,
            state,
            stop: Mutex::new(Some(stop)),
        }
    }

    /// Stops serving: from now on connections to the address are refused.
    pub fn stop(&self) {
        if let Some(stop) = self.stop.lock().expect("stop").take() {
            let _ = stop.send(());
        }
        // Refused means refused: wait until the listener is gone.
        let addr = self.base.trim_start_matches("http://").to_owned();
        while std::net::TcpStream::connect(&addr).is_ok() {
            std::thread::yield_now();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn route(&self, path: &str, route: Route) {
        self.state
            .lock()
            .expect("routes")
            .routes
            .insert(path.to_owned(), route);
    }

    pub fn hits(&self, path: &str) -> usize {
        self.state
            .lock()
            .expect("routes")
            .hits
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    /// The headers of every request to `path`, in order.
    pub fn requests(&self, path: &str) -> Vec<HeaderMap> {
        self.state
            .lock()
            .expect("routes")
            .requests
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, h)| h.clone())
            .collect()
    }
}

async fn handle(State(state): State<Arc<Mutex<Routes>>>, req: Request) -> Response {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let route = {
        let mut s = state.lock().expect("routes");
        let n = *s
            .hits
            .entry(path.clone())
            .and_modify(|n| *n += 1)
            .or_insert(1);
        s.requests.push((path.clone(), req.headers().clone()));
        match s.routes.get(&path).cloned() {
            Some(Route::Sequence(steps)) => steps.get(n - 1).or(steps.last()).cloned(),
            other => other,
        }
    };
    let Some(route) = route else {
        return status(404, &[]);
    };
    respond(route, req.headers()).await
}

async fn respond(route: Route, headers: &HeaderMap) -> Response {
    if let Route::WithHeaders(inner, extra) = route {
        let mut response = Box::pin(respond(*inner, headers)).await;
        for (name, value) in extra {
            if let Ok(v) = HeaderValue::from_str(&value) {
                response.headers_mut().insert(name, v);
            }
        }
        return response;
    }
    match route {
        Route::Doc {
            body,
            content_type,
            etag,
            last_modified,
        } => {
            let header_is = |name, value: &Option<String>| {
                value.is_some()
                    && headers.get(name).and_then(|v| v.to_str().ok()) == value.as_deref()
            };
            let mut response = if header_is(header::IF_NONE_MATCH, &etag)
                || (etag.is_none() && header_is(header::IF_MODIFIED_SINCE, &last_modified))
            {
                status(304, &[])
            } else {
                let mut r = Response::new(Body::from(body));
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_str(&content_type).expect("content type"),
                );
                r
            };
            for (name, value) in [(header::ETAG, etag), (header::LAST_MODIFIED, last_modified)] {
                if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
                    response.headers_mut().insert(name, v);
                }
            }
            response
        }
        Route::Status(code, extra) => status(code, &extra),
        Route::Hang => {
            std::future::pending::<()>().await;
            status(500, &[])
        }
        Route::Redirect(to) => status(302, &[("location", to)]),
        Route::MovedPermanently(to) => status(301, &[("location", to)]),
        Route::Endless(n) => {
            let chunk = vec![b'<'; 64 * 1024];
            let chunks = n.div_ceil(chunk.len() as u64);
            let stream = futures_stream(chunk, chunks);
            Response::new(Body::from_stream(stream))
        }
        Route::Sequence(_) | Route::WithHeaders(..) => status(500, &[]),
        Route::Gzipped(body) => {
            let mut r = Response::new(Body::from(body));
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            r
        }
        Route::RequireReferer { prefix, body } => {
            let referer = headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if referer.starts_with(&prefix) {
                Response::new(Body::from(body))
            } else {
                status(403, &[])
            }
        }
    }
}

fn futures_stream(
    chunk: Vec<u8>,
    count: u64,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send {
    ChunkStream { chunk, left: count }
}

struct ChunkStream {
    chunk: Vec<u8>,
    left: u64,
}

impl futures_core::Stream for ChunkStream {
    type Item = Result<Vec<u8>, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        if self.left == 0 {
            return std::task::Poll::Ready(None);
        }
        self.left -= 1;
        std::task::Poll::Ready(Some(Ok(self.chunk.clone())))
    }
}

fn status(code: u16, headers: &[(&'static str, String)]) -> Response {
    let mut r = Response::new(Body::from(format!("status {code}")));
    *r.status_mut() = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        if let Ok(v) = HeaderValue::from_str(value) {
            r.headers_mut().insert(*name, v);
        }
    }
    r
}

/// A temp data dir and an engine over it with short timeouts and fast retries.
pub struct TestEngine {
    pub _dir: tempfile::TempDir,
    pub engine: Engine,
}

/// The fetch settings tests use: seconds, not minutes.
pub fn test_fetch_config() -> FetchConfig {
    FetchConfig {
        connect_timeout: Duration::from_secs(2),
        attempt_timeout: Duration::from_secs(3),
        max_body_bytes: 8 * 1024 * 1024,
        backoff_base: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(2),
        ..FetchConfig::default()
    }
}

pub fn test_engine() -> TestEngine {
    test_engine_with(test_fetch_config())
}

pub fn test_engine_with(fetch: FetchConfig) -> TestEngine {
    let dir = tempfile::tempdir().expect("temp dir");
    // Image caching has its own tests; here the fixture's images (on blog.liuts.com) are left
    // alone so that no test depends on the network being absent in any particular way.
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
    TestEngine { _dir: dir, engine }
}

/// Every stored article title, sorted.
pub fn stored_titles(engine: &Engine) -> Vec<String> {
    let mut titles: Vec<String> = engine
        .store()
        .articles(&lamplight::store::ArticleListFilter::default())
        .expect("articles")
        .into_iter()
        .map(|a| a.title)
        .collect();
    titles.sort();
    titles
}

/// Subscribes `t` to `path` on `server` (which must serve a feed there).
pub fn subscribe(t: &TestEngine, server: &TestServer, path: &str) -> lamplight::store::FeedRow {
    t.engine
        .add_subscription(&server.url(path))
        .expect("add")
        .feed
}

/// A server serving the fixture at /feed.php, an engine (images off), and the subscription.
pub fn subscribed_fixture() -> (TestServer, TestEngine, lamplight::store::FeedRow) {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let t = test_engine();
    let feed = subscribe(&t, &server, "/feed.php");
    (server, t, feed)
}

/// Every millisecond of a fetch is in a stage: the stages sum to the total within 5 ms or 5%.
pub fn assert_stages_cover_total(record: &lamplight::store::FetchRecord, what: &str) {
    let stages: u64 = record.stages().iter().map(|s| s.ms).sum();
    let gap = record.total_ms.abs_diff(stages);
    let allowed = 5.max(record.total_ms / 20);
    assert!(
        gap <= allowed,
        "{what}: stages sum to {stages} ms, the total is {} ms ({:?})",
        record.total_ms,
        record.stages()
    );
}

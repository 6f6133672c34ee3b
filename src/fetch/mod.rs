//! HTTP for feeds (and, later, images): one reqwest client with timeouts, a body cap, a redirect
//! limit and a User-Agent; conditional GET; bounded retries of transient failures; per-host and
//! global concurrency limits; and the timing of each stage.
//!
//! It knows nothing of feeds or the database: it turns a URL (plus validators) into bytes, or
//! into a one-line cause of failure, and says what each attempt cost.

mod failure;
mod limits;
mod resolve;
mod server_headers;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};

use failure::{AttemptFailure, classify_body_error, classify_send_error};
pub use failure::{body_error_in_words, send_error_in_words};
pub use limits::HostLimits;
pub use resolve::Nameservers;
pub use server_headers::ServerHeaders;

use crate::english;
use crate::store::AttemptRecord;

/// The User-Agent Lamplight sends.
pub const USER_AGENT: &str = concat!(
    "Lamplight/",
    env!("CARGO_PKG_VERSION"),
    " (desktop feed reader; +https://github.com/lamplight-reader/lamplight)"
);

/// The knobs of the HTTP layer. `Default` is what the app uses; tests shorten the times.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Time allowed to open a TCP connection.
    pub connect_timeout: Duration,
    /// Time allowed for one attempt, from request to the last body byte.
    pub attempt_timeout: Duration,
    /// The largest body accepted, after content decoding (so a gzip bomb stops here too).
    pub max_body_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Attempts in all, for transient failures only (connect errors, 5xx, 429).
    pub max_attempts: u32,
    /// The wait before the second attempt; it doubles for each later one.
    pub backoff_base: Duration,
    /// The longest `Retry-After` honoured; a longer one ends the fetch with that cause.
    pub max_retry_after: Duration,
    /// Requests in flight to one host.
    pub per_host_limit: usize,
    /// Requests in flight in all.
    pub global_limit: usize,
    /// After a host cannot be reached (DNS or connection failure, retries spent), further
    /// requests to it fail at once for this long.
    pub unreachable_for: Duration,
    /// Where host names are looked up (asynchronously either way).
    pub nameservers: Nameservers,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Duration::from_secs(30),
            max_body_bytes: 20 * 1024 * 1024,
            max_redirects: 10,
            max_attempts: 3,
            backoff_base: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(30),
            per_host_limit: 4,
            global_limit: 32,
            unreachable_for: Duration::from_secs(60),
            nameservers: Nameservers::System,
        }
    }
}

/// A duration in whole milliseconds, rounded (not cut): stages timed separately then sum to
/// their total within a millisecond or so each, not up to one each below it.
pub fn rounded_ms(duration: Duration) -> u64 {
    ((duration.as_micros() + 500) / 1000) as u64
}

/// One request: a URL, the validators from last time, and an optional Referer.
#[derive(Debug, Clone, Default)]
pub struct FetchRequest<'a> {
    pub url: &'a str,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    pub referer: Option<&'a str>,
    /// The Accept header; feeds' by default.
    pub accept: Option<&'a str>,
    /// A body cap for this request, below the configured one (images use their own).
    pub max_bytes: Option<u64>,
    /// One attempt only, no retries (a feed's icon is not worth waiting for).
    pub single_attempt: bool,
}

/// A body that arrived.
#[derive(Debug, Clone)]
pub struct FetchedBody {
    /// The URL after redirects.
    pub final_url: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub bytes: Vec<u8>,
    /// The response's timing headers (for the feed's schedule).
    pub server: Box<ServerHeaders>,
}

/// What a successful fetch produced.
#[derive(Debug, Clone)]
pub enum FetchOutcome {
    Body(FetchedBody),
    /// 304: the validators still hold.
    NotModified {
        status: u16,
    },
}

/// Why a fetch failed, in one line a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FetchError(pub String);

/// A fetch's result plus what it cost, kept whether it succeeded or not.
#[derive(Debug)]
pub struct FetchReport {
    pub result: Result<FetchOutcome, FetchError>,
    pub attempts: Vec<AttemptRecord>,
    /// Time until response headers, summed over attempts (waits between attempts excluded).
    pub request_ms: u64,
    /// Time receiving bodies, summed over attempts.
    pub download_ms: u64,
    /// Time waiting for a connection slot and between attempts.
    pub wait_ms: u64,
    /// The HTTP status of the last attempt that got a response.
    pub last_status: Option<u16>,
    /// The redirects the last attempt followed: each hop's status and where it pointed.
    pub redirects: Vec<(u16, String)>,
    /// The timing headers of the last response (for the feed's schedule).
    pub server: ServerHeaders,
}

tokio::task_local! {
    /// The redirects of the request being sent on this task (the redirect policy is one per
    /// client, so it writes here; the request is polled on the task that sent it).
    static REDIRECTS: std::cell::RefCell<Vec<(u16, String)>>;
}

/// The address a chain of redirects moved permanently to: where the leading run of 301/308
/// hops ends (a temporary hop ends the run).
pub fn permanent_target(redirects: &[(u16, String)]) -> Option<&str> {
    redirects
        .iter()
        .take_while(|(status, _)| matches!(status, 301 | 308))
        .last()
        .map(|(_, to)| to.as_str())
}

/// The HTTP client: cheap to share behind an `Arc`.
pub struct Fetcher {
    client: reqwest::Client,
    config: FetchConfig,
    limits: HostLimits,
    resolver: resolve::AsyncResolver,
}

/// Follows up to `max` redirects and notes each hop for the request's task.
fn redirect_policy(max: usize) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        let _ = REDIRECTS.try_with(|hops| {
            hops.borrow_mut()
                .push((attempt.status().as_u16(), attempt.url().to_string()))
        });
        if attempt.previous().len() > max {
            attempt.error(english!("engine-too-many-redirects"))
        } else {
            attempt.follow()
        }
    })
}

impl Fetcher {
    /// Builds the client. Fails only if the TLS backend cannot start.
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        // A lookup is asked twice within the connect timeout (which covers it).
        let resolver =
            resolve::AsyncResolver::new(config.nameservers.clone(), config.connect_timeout / 2);
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.connect_timeout)
            .timeout(config.attempt_timeout)
            .redirect(redirect_policy(config.max_redirects))
            .gzip(true)
            .brotli(true)
            .zstd(true)
            .referer(false)
            .dns_resolver(resolver.clone())
            .build()
            .map_err(|e| FetchError(english!("engine-http-client", cause = e.to_string())))?;
        let limits = HostLimits::new(config.per_host_limit, config.global_limit);
        Ok(Fetcher {
            client,
            config,
            limits,
            resolver,
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Fetches `req.url`, retrying transient failures, within the concurrency limits.
    pub async fn fetch(&self, req: &FetchRequest<'_>) -> FetchReport {
        let mut report = FetchReport {
            result: Err(FetchError(english!("engine-not-attempted").to_owned())),
            attempts: Vec::new(),
            request_ms: 0,
            download_ms: 0,
            wait_ms: 0,
            last_status: None,
            redirects: Vec::new(),
            server: ServerHeaders::default(),
        };
        let url = match check_url(req.url) {
            Ok(url) => url,
            Err(e) => {
                report.result = Err(e);
                return report;
            }
        };
        let host = match (url.host_str(), url.port_or_known_default()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            _ => String::new(),
        };
        if let Some(cause) = self.limits.unreachable(&host) {
            report.result = Err(FetchError(english!(
                "engine-host-failed-earlier",
                cause = cause
            )));
            return report;
        }
        let waiting = Instant::now();
        let host_slot = self.limits.host_slot(&host).await;
        report.wait_ms += rounded_ms(waiting.elapsed());
        // The name is looked up before a global slot is taken, so that hosts whose lookups are
        // slow hold only their own slots (the client's lookup then comes from the cache).
        let looking = Instant::now();
        let looked_up = match url.host() {
            Some(url::Host::Domain(name)) => self.resolver.look_up(name).await,
            _ => Ok(()),
        };
        report.request_ms += rounded_ms(looking.elapsed());
        if let Err(cause) = looked_up {
            let cause = english!("engine-cannot-resolve", cause = cause);
            self.limits
                .mark_unreachable(&host, &cause, self.config.unreachable_for);
            report.attempts.push(AttemptRecord {
                status: None,
                error: Some(cause.clone()),
                ms: rounded_ms(looking.elapsed()),
            });
            report.result = Err(FetchError(cause));
            return report;
        }
        let waiting = Instant::now();
        let _permit = self.limits.global_slot(host_slot).await;
        report.wait_ms += rounded_ms(waiting.elapsed());
        if let Some(cause) = self.limits.unreachable(&host) {
            report.result = Err(FetchError(english!(
                "engine-host-failed-earlier",
                cause = cause
            )));
            return report;
        }
        let mut attempt = 1;
        loop {
            let started = Instant::now();
            let outcome = self.attempt(&url, req, &mut report).await;
            let ms = rounded_ms(started.elapsed());
            match outcome {
                Ok(done) => {
                    report.attempts.push(AttemptRecord {
                        status: report.last_status,
                        error: None,
                        ms,
                    });
                    report.result = Ok(done);
                    return report;
                }
                Err(AttemptFailure::Unreachable(cause)) => {
                    report.attempts.push(AttemptRecord {
                        status: None,
                        error: Some(cause.clone()),
                        ms,
                    });
                    self.limits
                        .mark_unreachable(&host, &cause, self.config.unreachable_for);
                    report.result = Err(FetchError(cause));
                    return report;
                }
                Err(AttemptFailure::Final(cause)) => {
                    report.attempts.push(AttemptRecord {
                        status: report.last_status,
                        error: Some(cause.clone()),
                        ms,
                    });
                    report.result = Err(FetchError(cause));
                    return report;
                }
                Err(AttemptFailure::Transient(cause, retry_after)) => {
                    report.attempts.push(AttemptRecord {
                        status: report.last_status,
                        error: Some(cause.clone()),
                        ms,
                    });
                    let backoff = self.config.backoff_base * 2u32.saturating_pow(attempt - 1);
                    let wait = retry_after.map_or(backoff, |ra| ra.max(backoff));
                    if attempt >= self.config.max_attempts || req.single_attempt {
                        let cause = if req.single_attempt {
                            cause
                        } else {
                            english!("engine-gave-up-after", cause = cause, attempts = attempt)
                        };
                        if report.last_status.is_none() {
                            self.limits.mark_unreachable(
                                &host,
                                &cause,
                                self.config.unreachable_for,
                            );
                        }
                        report.result = Err(FetchError(cause));
                        return report;
                    }
                    if wait > self.config.max_retry_after {
                        report.result = Err(FetchError(english!(
                            "engine-wait-too-long",
                            cause = cause,
                            asked = wait.as_secs(),
                            allowed = self.config.max_retry_after.as_secs()
                        )));
                        return report;
                    }
                    let waiting = Instant::now();
                    tokio::time::sleep(wait).await;
                    report.wait_ms += rounded_ms(waiting.elapsed());
                    attempt += 1;
                }
            }
        }
    }

    async fn attempt(
        &self,
        url: &reqwest::Url,
        req: &FetchRequest<'_>,
        report: &mut FetchReport,
    ) -> Result<FetchOutcome, AttemptFailure> {
        let mut headers = HeaderMap::new();
        let mut put = |name: header::HeaderName, value: Option<&str>| {
            if let Some(v) = value.and_then(|v| HeaderValue::from_str(v).ok()) {
                headers.insert(name, v);
            }
        };
        put(header::IF_NONE_MATCH, req.etag);
        put(header::IF_MODIFIED_SINCE, req.last_modified);
        put(header::REFERER, req.referer);
        put(
            header::ACCEPT,
            Some(req.accept.unwrap_or(
                "application/rss+xml, application/atom+xml, application/feed+json, \
                 application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
            )),
        );

        let sent = Instant::now();
        let request = self.client.get(url.clone()).headers(headers).send();
        let (response, redirects) = REDIRECTS
            .scope(std::cell::RefCell::new(Vec::new()), async {
                let response = request.await;
                (response, REDIRECTS.with(|hops| hops.take()))
            })
            .await;
        report.redirects = redirects;
        report.request_ms += rounded_ms(sent.elapsed());
        let mut response = response.map_err(classify_send_error)?;
        let status = response.status();
        report.last_status = Some(status.as_u16());
        report.server = ServerHeaders::from_headers(response.headers());

        if status == StatusCode::NOT_MODIFIED {
            return Ok(FetchOutcome::NotModified {
                status: status.as_u16(),
            });
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let retry_after = retry_after(response.headers());
            return Err(AttemptFailure::Transient(
                english!("engine-http-status", status = status_line(status)),
                retry_after,
            ));
        }
        if !status.is_success() {
            return Err(AttemptFailure::Final(english!(
                "engine-http-status",
                status = status_line(status)
            )));
        }
        let cap = req.max_bytes.map_or(self.config.max_body_bytes, |m| {
            m.min(self.config.max_body_bytes)
        });
        if let Some(len) = response.content_length().filter(|&len| len > cap) {
            return Err(AttemptFailure::Final(english!(
                "engine-body-over-limit",
                length = len,
                limit = cap
            )));
        }

        let header_text = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header_text(header::CONTENT_TYPE);
        let etag = header_text(header::ETAG);
        let last_modified = header_text(header::LAST_MODIFIED);
        let final_url = response.url().to_string();

        let download = Instant::now();
        let mut bytes = Vec::new();
        let body = loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() as u64 + chunk.len() as u64 > cap {
                        break Err(AttemptFailure::Final(english!(
                            "engine-body-larger-than-limit",
                            limit = cap
                        )));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break Ok(()),
                Err(e) => break Err(classify_body_error(e)),
            }
        };
        report.download_ms += rounded_ms(download.elapsed());
        body?;
        Ok(FetchOutcome::Body(FetchedBody {
            server: Box::new(report.server.clone()),
            final_url,
            status: status.as_u16(),
            content_type,
            etag,
            last_modified,
            bytes,
        }))
    }
}

/// Parses `raw` and accepts only http and https URLs.
pub fn check_url(raw: &str) -> Result<reqwest::Url, FetchError> {
    let url = reqwest::Url::parse(raw.trim()).map_err(|e| {
        FetchError(english!(
            "engine-not-a-valid-url",
            url = format!("{raw:?}"),
            cause = e.to_string()
        ))
    })?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(FetchError(english!(
            "engine-only-http",
            scheme = other,
            url = raw
        ))),
    }
}

fn status_line(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

//! A real Fever server for the sync tests: coldsweat 0.10.2 (from the Python registry) in a
//! virtual environment, on 127.0.0.1 with its own SQLite file, subscribed to feeds that the
//! test's own HTTP server serves. The environment is made on first use (`python3 -m venv`,
//! `pip install coldsweat==0.10.2`) unless `LAMPLIGHT_COLDSWEAT_PYTHON` names a Python that has
//! it (`.ci/run` makes one); a test that cannot have the server fails with that reason.
//!
//! A small HTTP relay can stand between Lamplight and the server, to drop or hold requests
//! after a number of them (a server that stops mid-sync, one that never answers).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};

use crate::support::{Route, TestServer};

pub const USER: &str = "reader@example.com";
pub const PASSWORD: &str = "correct horse battery";

/// The Python that runs coldsweat, made once per test run.
fn python() -> PathBuf {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            if let Ok(python) = std::env::var("LAMPLIGHT_COLDSWEAT_PYTHON") {
                // Absolute, since coldsweat runs in a directory of its own (not canonical: a
                // virtual environment's python is a symlink that must stay one).
                return std::path::absolute(&python)
                    .map_err(|e| format!("LAMPLIGHT_COLDSWEAT_PYTHON={python}: {e}"));
            }
            let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/coldsweat-venv");
            let python = venv.join("bin/python");
            if has_coldsweat(&python) {
                return Ok(python);
            }
            run(Command::new("python3").arg("-m").arg("venv").arg(&venv)).map_err(|e| {
                format!(
                    "{e} (the sync tests need Python 3 with venv: apt-get install python3-venv)"
                )
            })?;
            run(Command::new(&python).args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "coldsweat==0.10.2",
            ]))?;
            if has_coldsweat(&python) {
                Ok(python)
            } else {
                Err("coldsweat is not importable after pip install".to_owned())
            }
        })
        .clone()
        .unwrap_or_else(|why| {
            panic!("cannot install the coldsweat server the sync tests need: {why}")
        })
}

fn has_coldsweat(python: &Path) -> bool {
    python.exists()
        && Command::new(python)
            .args(["-c", "import coldsweat"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// A feed for coldsweat to subscribe to: RSS 2.0 with a square `<image>` (so that coldsweat
/// looks up no favicon elsewhere) and `items` as (guid, title, HTML body).
pub fn feed(server: &TestServer, title: &str, items: &[(String, String, String)]) -> String {
    let items: String = items
        .iter()
        .enumerate()
        .map(|(n, (guid, title, html))| {
            format!(
                "<item><title>{title}</title><link>{}</link><guid>{guid}</guid>\
                 <description><![CDATA[{html}]]></description>\
                 <pubDate>Tue, {:02} Nov 2026 08:00:00 GMT</pubDate></item>",
                server.url(&format!("/page/{guid}")),
                n % 27 + 1
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>\
         <title>{title}</title><link>{}</link><description>{title}</description>\
         <image><url>{}</url><title>{title}</title><link>{}</link><width>32</width>\
         <height>32</height></image>{items}</channel></rss>",
        server.url("/"),
        server.url("/icon.png"),
        server.url("/")
    )
}

/// A running coldsweat.
pub struct Coldsweat {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
}

impl Coldsweat {
    /// Sets coldsweat up with one user subscribed to `feeds` (path on `server`, group or ""),
    /// fetches them, and starts it.
    pub fn start(server: &TestServer, feeds: &[(&str, &str)]) -> Coldsweat {
        let dir = tempfile::tempdir().expect("temp dir");
        let outlines: String = feeds
            .iter()
            .map(|(path, group)| {
                let feed = format!(
                    "<outline type=\"rss\" text=\"{path}\" xmlUrl=\"{}\"/>",
                    server.url(path)
                );
                if group.is_empty() {
                    feed
                } else {
                    format!("<outline text=\"{group}\" title=\"{group}\">{feed}</outline>")
                }
            })
            .collect();
        let opml = dir.path().join("subscriptions.opml");
        std::fs::write(
            &opml,
            format!(
                "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>t</title></head>\
                 <body>{outlines}</body></opml>"
            ),
        )
        .expect("write OPML");
        let port = free_port();
        let mut coldsweat = Coldsweat {
            child: Command::new("true").spawn().expect("a placeholder process"),
            dir,
            port,
        };
        coldsweat.command(&["setup", USER, "-p", PASSWORD]);
        coldsweat.command(&["import", opml.to_str().expect("utf-8 path"), USER, "-f"]);
        coldsweat.serve();
        coldsweat
    }

    fn launcher(&self) -> Command {
        let mut command = Command::new(python());
        command
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/coldsweat/launch.py"))
            .env(
                "FLASK_DATABASE_URL",
                format!(
                    "sqlite:///{}",
                    self.dir.path().join("coldsweat.db").display()
                ),
            )
            .env("FLASK_SECRET_KEY", "lamplight tests")
            .current_dir(self.dir.path());
        command
    }

    /// Runs one coldsweat command to its end (`fetch` refetches every feed).
    pub fn command(&self, args: &[&str]) {
        run(self.launcher().args(args)).unwrap_or_else(|e| panic!("coldsweat {args:?}: {e}"));
    }

    /// Starts the server and returns once it says it listens.
    fn serve(&mut self) {
        let port = self.port.to_string();
        let mut child = self
            .launcher()
            .args(["run", "-h", "127.0.0.1", "-p", &port])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("coldsweat starts");
        let stderr = child.stderr.take().expect("stderr");
        let (ready, listening) = mpsc::channel();
        std::thread::spawn(move || {
            let mut ready = Some(ready);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("Running on")
                    && let Some(ready) = ready.take()
                {
                    let _ = ready.send(());
                }
            }
        });
        listening
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("coldsweat says it is running");
        let _ = self.child.kill();
        self.child = child;
    }

    /// Stops the server (its database stays).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts it again on the same port.
    pub fn restart(&mut self) {
        self.serve();
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/fever/", self.port)
    }

    /// One Fever call as another client would make it; returns the JSON answer.
    pub fn call(&self, query: &str, form: &[(&str, &str)]) -> serde_json::Value {
        let key = lamplight::sync::fever::api_key(USER, PASSWORD);
        let mut body = url::form_urlencoded::Serializer::new(String::new());
        body.append_pair("api_key", &key);
        for (name, value) in form {
            body.append_pair(name, value);
        }
        let body = body.finish();
        let request = format!(
            "POST /fever/?api{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        );
        let mut stream =
            TcpStream::connect(("127.0.0.1", self.port)).expect("connect to coldsweat");
        stream.write_all(request.as_bytes()).expect("send");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("read");
        let json = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
        serde_json::from_str(json).unwrap_or_else(|e| panic!("not JSON ({e}): {answer}"))
    }

    /// The server's unread and saved item ids, sorted.
    pub fn marks(&self) -> (Vec<i64>, Vec<i64>) {
        let answer = self.call("&unread_item_ids&saved_item_ids", &[]);
        let ids = |name: &str| {
            let mut ids: Vec<i64> = answer[name]
                .as_str()
                .unwrap_or_default()
                .split(',')
                .filter_map(|s| s.trim().parse().ok())
                .collect();
            ids.sort_unstable();
            ids
        };
        (ids("unread_item_ids"), ids("saved_item_ids"))
    }

    /// Marks an item on the server, as another device would.
    pub fn mark(&self, id: i64, as_: &str) {
        let answer = self.call(
            "&mark",
            &[("mark", "item"), ("as", as_), ("id", &id.to_string())],
        );
        assert_eq!(answer["auth"], 1, "{answer}");
    }
}

impl Drop for Coldsweat {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// What the relay does with the requests after the first `after`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Then {
    Pass,
    /// Closes the connection without an answer.
    Drop,
    /// Reads the request and never answers.
    Hold,
}

/// An HTTP relay to coldsweat, one request per upstream connection.
pub struct Relay {
    pub port: u16,
    seen: Arc<AtomicUsize>,
    rule: Arc<Mutex<(usize, Then)>>,
    held: Arc<Mutex<Option<mpsc::Sender<()>>>>,
}

impl Relay {
    pub fn start(upstream: u16) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the relay");
        let port = listener.local_addr().expect("address").port();
        let relay = Relay {
            port,
            seen: Arc::default(),
            rule: Arc::new(Mutex::new((usize::MAX, Then::Pass))),
            held: Arc::default(),
        };
        let (seen, rule, held) = (relay.seen.clone(), relay.rule.clone(), relay.held.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().map_while(Result::ok) {
                let (seen, rule, held) = (seen.clone(), rule.clone(), held.clone());
                std::thread::spawn(move || serve(client, upstream, &seen, &rule, &held));
            }
        });
        relay
    }

    /// After `after` more requests pass, do `then` with each one.
    pub fn set(&self, after: usize, then: Then) {
        let seen = self.seen.load(Ordering::SeqCst);
        *self.rule.lock().expect("rule") = (seen + after, then);
    }

    /// A channel told when a request is being held.
    pub fn on_hold(&self) -> mpsc::Receiver<()> {
        let (tell, told) = mpsc::channel();
        *self.held.lock().expect("held") = Some(tell);
        told
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/fever/", self.port)
    }
}

/// Relays each request on `client` (keep-alive: several) to a new upstream connection.
fn serve(
    client: TcpStream,
    upstream: u16,
    seen: &AtomicUsize,
    rule: &Mutex<(usize, Then)>,
    held: &Mutex<Option<mpsc::Sender<()>>>,
) {
    let mut reader = BufReader::new(client.try_clone().expect("clone"));
    let mut client = client;
    loop {
        let mut head = Vec::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
            if line.to_ascii_lowercase().starts_with("connection:") {
                continue;
            }
            let end = line == "\r\n";
            if end {
                head.extend_from_slice(b"Connection: close\r\n");
            }
            head.extend_from_slice(line.as_bytes());
            if end {
                break;
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let n = seen.fetch_add(1, Ordering::SeqCst);
        let (after, then) = *rule.lock().expect("rule");
        if n >= after {
            match then {
                Then::Pass => {}
                Then::Drop => return,
                Then::Hold => {
                    if let Some(tell) = held.lock().expect("held").take() {
                        let _ = tell.send(());
                    }
                    // Held until the client gives up or is killed.
                    let _ = reader.read(&mut [0; 1]);
                    return;
                }
            }
        }
        let Ok(mut up) = TcpStream::connect(("127.0.0.1", upstream)) else {
            return;
        };
        if up
            .write_all(&head)
            .and_then(|()| up.write_all(&body))
            .is_err()
        {
            return;
        }
        let mut answer = Vec::new();
        let _ = up.read_to_end(&mut answer);
        // Answers keep the client's connection open only if they said how long they are.
        if client.write_all(&answer).is_err() {
            return;
        }
    }
}

/// Serves `body` at `path` on `server` as RSS.
pub fn serve_feed(server: &TestServer, path: &str, body: String) {
    server.route(
        path,
        Route::plain(body, "application/rss+xml; charset=utf-8"),
    );
}

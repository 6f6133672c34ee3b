//! What feeds send cannot reach further than it should: only http(s) is fetched (and `data:`
//! images are decoded in place), TLS certificates are verified, credentials stay with their
//! host, passwords are never shown, and hostile titles and URLs store and print safely.

use std::io::Cursor;
use std::sync::Arc;

use lamplight::engine::{Engine, EngineConfig, ImagePipelineConfig, RefreshScope, no_events};
use lamplight::store::{FeedMeta, Store};
use tokio_rustls::rustls;

use crate::cli::{lamplight, stdout};
use crate::support::{Route, TestServer, fixture, subscribe, test_engine, test_fetch_config};

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7) as u8, (y * 5) as u8, ((x + y) * 3) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// `bytes` as a base64 `data:` URI.
fn data_uri(media_type: &str, bytes: &[u8]) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!("data:{media_type};base64,{encoded}")
}

fn one_item_feed(body_html: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>pics</title>
        <item><title>pictures</title><link>http://127.0.0.1/post/1</link><guid>p-1</guid>
        <description><![CDATA[{body_html}]]></description></item></channel></rss>"#
    )
}

#[test]
fn images_come_only_over_http_https_or_inline_data() {
    let server = TestServer::start();
    let picture = png(64, 48);
    server.route("/ok.png", Route::plain(picture.clone(), "image/png"));
    let inline = data_uri("image/png", &png(40, 30));
    let oversized = data_uri("image/png", &vec![0u8; 64 * 1024 + 1]);
    let refused = [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x.png",
        "javascript:alert(1)",
    ];
    let mut body = format!(
        r#"<p><img src="{}"><img src="{inline}"><img src="{oversized}"></p>"#,
        server.url("/ok.png")
    );
    for url in refused {
        body.push_str(&format!(r#"<img src="{url}">"#));
    }
    server.route("/pics.xml", Route::feed(one_item_feed(&body), "v1"));
    let dir = tempfile::tempdir().expect("temp dir");
    let config = EngineConfig {
        fetch: test_fetch_config(),
        images: ImagePipelineConfig {
            max_image_bytes: 64 * 1024,
            ..ImagePipelineConfig::default()
        },
        ..EngineConfig::default()
    };
    let engine = Engine::open(dir.path(), config).expect("engine");
    let added = engine
        .add_subscription(&server.url("/pics.xml"))
        .expect("add");
    assert_eq!(added.record.images_found, 6);
    assert_eq!(added.record.images_cached, 2);

    let store = engine.store();
    let cached = store.image(&inline).expect("query").expect("a row");
    assert_eq!(cached.status, "cached");
    assert_eq!(cached.source_format.as_deref(), Some("png"));
    assert_eq!(
        (cached.source_width, cached.source_height),
        (Some(40), Some(30))
    );
    assert!(cached.attempts.is_empty(), "no network for an inline image");
    let too_big = store.image(&oversized).expect("query").expect("a row");
    assert_eq!(too_big.error_kind.as_deref(), Some("too_large"));
    for url in refused {
        let row = store.image(url).expect("query").expect("a row");
        assert_eq!(row.status, "failed", "{url}");
        assert_eq!(row.error_kind.as_deref(), Some("refused"), "{url}");
        let scheme = url.split(':').next().unwrap_or_default();
        assert!(
            row.error
                .as_deref()
                .unwrap_or("")
                .contains(&format!("not {scheme}:")),
            "{url}: {:?}",
            row.error
        );
    }
    // The only request for a picture was the http one.
    assert_eq!(server.hits("/ok.png"), 1);
}

/// A TLS server on 127.0.0.1 with the committed self-signed certificate.
fn self_signed_tls_server(body: &'static [u8]) -> u16 {
    let certs: Vec<_> = rustls::pki_types::pem::PemObject::pem_slice_iter(include_bytes!(
        "../data/tls/self-signed.crt"
    ))
    .collect::<Result<_, _>>()
    .expect("certificate");
    let key = rustls::pki_types::pem::PemObject::from_pem_slice(include_bytes!(
        "../data/tls/self-signed.key"
    ))
    .expect("key");
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("non-blocking");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            use tokio::io::AsyncWriteExt;
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            while let Ok((tcp, _)) = listener.accept().await {
                if let Ok(mut tls) = acceptor.accept(tcp).await {
                    let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
                    let _ = tls.write_all(head.as_bytes()).await;
                    let _ = tls.write_all(body).await;
                }
            }
        });
    });
    port
}

#[test]
fn tls_certificates_are_verified() {
    let port =
        self_signed_tls_server(b"<rss version=\"2.0\"><channel><title>t</title></channel></rss>");
    let t = test_engine();
    let err = t
        .engine
        .add_subscription(&format!("https://127.0.0.1:{port}/feed.xml"))
        .expect_err("a self-signed certificate is not trusted");
    let message = err.to_string();
    assert!(message.contains("TLS handshake failed"), "{message}");
    assert!(message.contains("certificate"), "{message}");
    assert!(!message.contains("attempts"), "not retried: {message}");
    assert!(t.engine.store().feeds().expect("feeds").is_empty());
}

#[test]
fn credentials_stay_with_their_host_and_passwords_are_never_shown() {
    let origin = TestServer::start();
    let other = TestServer::start();
    let elsewhere = other.url("/feed.xml").replace("127.0.0.1", "localhost");
    origin.route("/private.xml", Route::Redirect(elsewhere));
    origin.route("/same-host.xml", Route::Redirect(origin.url("/feed.xml")));
    origin.route("/feed.xml", Route::feed(fixture(), "v1"));
    other.route("/feed.xml", Route::feed(fixture(), "v1"));
    let with_password = |path: &str| origin.url(path).replace("http://", "http://reader:s3cret@");

    let dir = tempfile::tempdir().expect("temp dir");
    let added = lamplight(dir.path(), &["add", &with_password("/private.xml")]);
    assert!(added.status.success(), "{added:?}");
    let auth = |headers: &axum::http::HeaderMap| {
        headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    // "reader:s3cret" in base64.
    let basic = Some("Basic cmVhZGVyOnMzY3JldA==".to_owned());
    assert_eq!(auth(&origin.requests("/private.xml")[0]), basic);
    assert_eq!(
        auth(&other.requests("/feed.xml")[0]),
        None,
        "dropped across hosts"
    );
    let same = lamplight(dir.path(), &["add", &with_password("/same-host.xml")]);
    assert!(same.status.success(), "{same:?}");
    assert_eq!(
        auth(&origin.requests("/feed.xml")[0]),
        basic,
        "kept on the same host"
    );

    for args in [
        vec!["feeds"],
        vec!["feeds", "--json"],
        vec!["stats", "fetches"],
    ] {
        let out = lamplight(dir.path(), &args);
        let text = stdout(&out) + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {text}");
        assert!(
            !text.contains("s3cret"),
            "{args:?} shows the password: {text}"
        );
    }
    assert!(
        stdout(&added).contains("reader@127.0.0.1"),
        "{}",
        stdout(&added)
    );
}

#[test]
fn hostile_titles_and_urls_store_and_print_safely() {
    let server = TestServer::start();
    let long_title = "长".repeat(10_000);
    let hostile =
        format!("Bobby'); DROP TABLE feeds;-- \"quoted\" \u{1b}[31mred\u{202e} {long_title}");
    let feed = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
        <title>{}</title><item><title>x</title><guid>1</guid></item></channel></rss>"#,
        hostile
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;")
    );
    let path = format!("/feed.xml?q='\"{}", "a".repeat(10_000));
    let sent = url::Url::parse(&server.url(&path)).expect("a URL");
    let sent = format!("{}?{}", sent.path(), sent.query().unwrap_or(""));
    server.route(&sent, Route::feed(feed, "v1"));
    let t = test_engine();
    let row = subscribe(&t, &server, &path);
    assert!(
        row.title
            .starts_with("Bobby'); DROP TABLE feeds;-- \"quoted\" [31mred ")
    );
    assert!(row.title.ends_with(&long_title));
    assert!(!row.title.chars().any(char::is_control), "controls dropped");
    assert!(row.url.len() > 10_000);

    let refreshed = t
        .engine
        .refresh(RefreshScope::All, no_events())
        .expect("refresh");
    assert_eq!(refreshed.len(), 1, "the long URL fetches again");

    // The store keeps exactly what it is given, NULs included (every value is a bound
    // parameter); what prints is clean.
    let dir = tempfile::tempdir().expect("temp dir");
    let database = lamplight::paths::database_path(dir.path());
    std::fs::create_dir_all(database.parent().expect("parent")).expect("data dir");
    let mut store = Store::open(&database).expect("store");
    let nul_title = format!("a\0b'\"\u{1b}[2J{long_title}");
    let url = format!("http://x.test/{}'\"\0", "u".repeat(10_000));
    let meta = FeedMeta {
        title: nul_title.clone(),
        ..FeedMeta::default()
    };
    let id = store.upsert_feed(&url, &meta).expect("stores");
    let back = store.feed(id).expect("reads");
    assert_eq!((back.title, back.url), (nul_title, url));
    assert_eq!(store.integrity_check().expect("check"), "ok");
    drop(store);
    for args in [vec!["feeds"], vec!["articles"], vec!["feeds", "--json"]] {
        let out = lamplight(dir.path(), &args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        let text = stdout(&out);
        assert!(!text.contains(['\0', '\u{1b}']), "{args:?} prints controls");
    }
}

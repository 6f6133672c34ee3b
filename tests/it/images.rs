//! The image pipeline against a real local server: the fixture's 55 images (rewritten to point
//! at it) as real JPEG/progressive JPEG/CMYK JPEG/PNG-with-alpha/GIF/WebP/EXIF-rotated files,
//! some behind a Referer check; then each kind of bad image.

use std::collections::HashMap;
use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use lamplight::engine::{Engine, EngineConfig, ImagePipelineConfig, RefreshScope, no_events};
use lamplight::store::{ArticleListFilter, FetchOutcomeKind};

use crate::support::{Route, TestServer, fixture, test_fetch_config};

pub fn engine_with_images(dir: &std::path::Path) -> Engine {
    let config = EngineConfig {
        fetch: test_fetch_config(),
        images: ImagePipelineConfig {
            max_image_bytes: 4 * 1024 * 1024,
            ..ImagePipelineConfig::default()
        },
        ..EngineConfig::default()
    };
    Engine::open(dir, config).expect("engine opens")
}

/// A photo-like picture: gradients plus deterministic noise, so encoders work for real.
pub fn photo(width: u32, height: u32, seed: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let n = (x.wrapping_mul(73_856_093) ^ y.wrapping_mul(19_349_663) ^ seed)
            .wrapping_mul(2_654_435_761);
        let noise = (n >> 27) as u8;
        Rgb([
            ((x * 255 / width.max(1)) as u8).wrapping_add(noise),
            ((y * 255 / height.max(1)) as u8).wrapping_add(noise / 2),
            (((x + y) * 128 / (width + height)) as u8).wrapping_add(seed as u8),
        ])
    })
}

pub fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).expect("encode test image");
    out.into_inner()
}

/// An EXIF APP1 segment saying "rotate 90° clockwise to display" (orientation 6).
fn with_exif_orientation_6(jpeg: Vec<u8>) -> Vec<u8> {
    let tiff: [u8; 26] = [
        b'I', b'I', 0x2A, 0, 8, 0, 0, 0, // header, IFD at offset 8
        1, 0, // one entry
        0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, // Orientation, SHORT, 1, value 6
        0, 0, 0, 0, // no next IFD
    ];
    let length = (2 + 6 + tiff.len()) as u16;
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A served test image: its bytes and the upright size the reader should see.
struct TestImage {
    bytes: Vec<u8>,
    width: u32,
    height: u32,
    alpha: bool,
    needs_referer: bool,
}

fn make_image(n: usize) -> TestImage {
    let width = 200 + (n as u32 * 97) % 1400;
    let height = 150 + (n as u32 * 53) % 700;
    let rgb = photo(width, height, n as u32);
    let needs_referer = n.is_multiple_of(5);
    let plain = |bytes, alpha| TestImage {
        bytes,
        width,
        height,
        alpha,
        needs_referer,
    };
    match n % 7 {
        0 => plain(
            encode(&DynamicImage::ImageRgb8(rgb), ImageFormat::Jpeg),
            false,
        ),
        1 => {
            let mut out = Vec::new();
            let mut encoder = jpeg_encoder::Encoder::new(&mut out, 80);
            encoder.set_progressive(true);
            encoder
                .encode(
                    rgb.as_raw(),
                    width as u16,
                    height as u16,
                    jpeg_encoder::ColorType::Rgb,
                )
                .expect("progressive JPEG");
            plain(out, false)
        }
        2 => {
            let rgba = RgbaImage::from_fn(width, height, |x, y| {
                let p = rgb.get_pixel(x, y);
                Rgba([p[0], p[1], p[2], ((x + y) % 256) as u8])
            });
            plain(
                encode(&DynamicImage::ImageRgba8(rgba), ImageFormat::Png),
                true,
            )
        }
        // Opaque GIF and WebP decode as RGBA, but with no transparency there is no alpha to keep.
        3 => plain(
            encode(&DynamicImage::ImageRgb8(rgb), ImageFormat::Gif),
            false,
        ),
        4 => {
            let rgba = DynamicImage::ImageRgba8(DynamicImage::ImageRgb8(rgb).to_rgba8());
            plain(encode(&rgba, ImageFormat::WebP), false)
        }
        5 => {
            let cmyk: Vec<u8> = rgb
                .pixels()
                .flat_map(|p| [255 - p[0], 255 - p[1], 255 - p[2], 0])
                .collect();
            let mut out = Vec::new();
            jpeg_encoder::Encoder::new(&mut out, 80)
                .encode(
                    &cmyk,
                    width as u16,
                    height as u16,
                    jpeg_encoder::ColorType::Cmyk,
                )
                .expect("CMYK JPEG");
            plain(out, false)
        }
        _ => TestImage {
            // Stored sideways; EXIF says to turn it upright, which swaps width and height.
            bytes: with_exif_orientation_6(encode(
                &DynamicImage::ImageRgb8(rgb),
                ImageFormat::Jpeg,
            )),
            width: height,
            height: width,
            alpha: false,
            needs_referer,
        },
    }
}

/// The fixture with its image hosts pointed at the test server.
fn local_fixture(server: &TestServer) -> String {
    let mut feed = fixture().replace(
        "https://blog.liuts.com/attachment",
        &format!("{}/attachment", server.base),
    );
    for host in 30..=45 {
        feed = feed.replace(
            &format!("http://img{host}.ddimg.cn/"),
            &format!("{}/ddimg/img{host}/", server.base),
        );
    }
    feed
}

fn img_srcs(feed: &str) -> Vec<String> {
    let mut srcs: Vec<String> = Vec::new();
    for tag in feed.split("<img").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let Some(start) = tag.find("src=\"") {
            let rest = &tag[start + 5..];
            let src = &rest[..rest.find('"').unwrap_or(0)];
            if !srcs.iter().any(|s| s == src) {
                srcs.push(src.to_owned());
            }
        }
    }
    srcs
}

/// Is this WebP lossy (a `VP8 ` bitstream, possibly inside a `VP8X` container)?
fn is_lossy_webp(bytes: &[u8]) -> bool {
    bytes.len() > 16
        && &bytes[0..4] == b"RIFF"
        && &bytes[8..12] == b"WEBP"
        && bytes.windows(4).any(|w| w == b"VP8 ")
        && !bytes.windows(4).any(|w| w == b"VP8L")
}

#[test]
fn every_fixture_image_is_cached_as_lossy_webp_with_its_figures() {
    let server = TestServer::start();
    let feed = local_fixture(&server);
    let srcs = img_srcs(&feed);
    assert_eq!(srcs.len(), 55, "the fixture has 55 distinct images");
    let mut served: HashMap<String, TestImage> = HashMap::new();
    for (n, src) in srcs.iter().enumerate() {
        let path = src
            .strip_prefix(&server.base)
            .expect("rewritten to the server");
        let image = make_image(n);
        if image.needs_referer {
            server.route(
                path,
                Route::RequireReferer {
                    prefix: "https://blog.liuts.com/post/".into(),
                    body: image.bytes.clone(),
                },
            );
        } else {
            server.route(
                path,
                Route::plain(image.bytes.clone(), "application/octet-stream"),
            );
        }
        served.insert(src.clone(), image);
    }
    server.route("/feed.php", Route::feed(feed.clone(), "v1"));
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine_with_images(dir.path());

    let added = engine
        .add_subscription(&server.url("/feed.php"))
        .expect("add");

    let record = &added.record;
    assert_eq!(record.images_found, 55);
    assert_eq!(record.images_cached, 55, "{record:?}");
    assert_eq!(record.images_failed, 0);
    let mut store = engine.store();
    for (src, expected) in &served {
        let row = store
            .image(src)
            .expect("query")
            .unwrap_or_else(|| panic!("{src} stored"));
        assert_eq!(row.status, "cached", "{src}: {:?}", row.error);
        assert_eq!(row.source_bytes, expected.bytes.len() as u64, "{src}");
        assert_eq!(
            (row.source_width, row.source_height),
            (Some(expected.width), Some(expected.height)),
            "{src}: upright source size"
        );
        let webp = row.webp.as_deref().expect("reader WebP");
        assert!(is_lossy_webp(webp), "{src}: lossy WebP");
        let decoded =
            image::load_from_memory_with_format(webp, ImageFormat::WebP).expect("the WebP decodes");
        assert_eq!(
            (decoded.width(), decoded.height()),
            (row.webp_width.unwrap_or(0), row.webp_height.unwrap_or(0))
        );
        let (fit_w, fit_h) = lamplight::images::fit_width(expected.width, expected.height, 1200);
        assert_eq!(
            (decoded.width(), decoded.height()),
            (fit_w, fit_h),
            "{src}: fitted, never upscaled"
        );
        assert_eq!(
            decoded.color().has_alpha(),
            expected.alpha,
            "{src}: alpha kept"
        );
        assert_eq!(row.webp_bytes, webp.len() as u64);
        let thumb = row.thumb.as_deref().expect("thumbnail");
        assert!(is_lossy_webp(thumb));
        let thumb =
            image::load_from_memory_with_format(thumb, ImageFormat::WebP).expect("thumb decodes");
        assert_eq!((thumb.width(), thumb.height()), (160, 120));
        assert_eq!(row.quality, 75);
        assert!(row.total_ms >= row.convert_ms);
        assert_eq!(row.attempts.len(), 1);
        assert_eq!(row.attempts[0].status, Some(200));
        assert!(
            row.referer
                .as_deref()
                .is_some_and(|r| r.starts_with("https://blog.liuts.com/post/"))
        );
    }
    // Referer-protected images were asked for with the article's URL.
    for (src, image) in &served {
        if image.needs_referer {
            let path = src.strip_prefix(&server.base).unwrap_or_default();
            let requests = server.requests(path);
            assert_eq!(requests.len(), 1, "{src} downloaded once");
            let referer = requests[0]
                .get("referer")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            assert!(
                referer.starts_with("https://blog.liuts.com/post/"),
                "{referer}"
            );
        }
    }
    // Covers: every article with an image has a cached cover thumbnail; the rest have none.
    let articles = store
        .articles(&ArticleListFilter::default())
        .expect("articles");
    let raw = lamplight::feed::parse_feed(feed.as_bytes(), &server.url("/feed.php"))
        .expect("parse")
        .articles;
    let without: Vec<&str> = raw
        .iter()
        .filter(|a| !a.content_html.contains("<img"))
        .map(|a| a.title.as_str())
        .collect();
    for article in &articles {
        let cover = store.cover_thumbnail(article.id).expect("cover query");
        assert_eq!(
            cover.is_none(),
            without.contains(&article.title.as_str()),
            "{}",
            article.title
        );
    }
    let stats = store.image_stats(None).expect("stats");
    assert_eq!((stats.images, stats.cached, stats.failed), (55, 55, 0));
    assert_eq!(stats.articles_without_picture, without.len() as i64);
    let total_source: u64 = served.values().map(|i| i.bytes.len() as u64).sum();
    assert_eq!(stats.source_bytes, total_source as i64);
    assert!(
        stats.compress_rate > 0.0 && stats.compress_rate < 1.0,
        "{}",
        stats.compress_rate
    );
    // A reader lookup is a hit; an unknown URL was never downloaded: not part of the hit rate.
    assert!(store.reader_image(&srcs[0]).expect("lookup").is_some());
    assert!(
        store
            .reader_image("https://nowhere.example/x.png")
            .expect("lookup")
            .is_none()
    );
    let lookups = store.lookup_counts().expect("counts");
    assert_eq!(
        (lookups.hits, lookups.misses, lookups.not_downloaded),
        (1, 0, 1)
    );
    drop(store);

    // A refresh where every article is rewritten finds the same images and downloads none.
    let hits_before: usize = srcs
        .iter()
        .map(|s| server.hits(s.strip_prefix(&server.base).unwrap_or_default()))
        .sum();
    server.route(
        "/feed.php",
        Route::feed(feed.replace("]]>", "<p>v2</p>]]>"), "v2"),
    );
    let records = engine
        .refresh(RefreshScope::All, no_events())
        .expect("refresh");
    assert_eq!(records[0].outcome, FetchOutcomeKind::Ok);
    assert_eq!(records[0].updated_articles, 10);
    assert_eq!(records[0].images_found, 55);
    assert_eq!(records[0].images_cached, 55);
    let hits_after: usize = srcs
        .iter()
        .map(|s| server.hits(s.strip_prefix(&server.base).unwrap_or_default()))
        .sum();
    assert_eq!(hits_after, hits_before, "nothing downloaded again");
}

/// A PNG header declaring `width`×`height` with a valid CRC and no pixel data.
#[test]
fn eviction_keeps_the_cache_under_its_cap_and_spares_starred_articles() {
    let server = TestServer::start();
    let mut items = String::new();
    for n in 0..8 {
        let bytes = encode(
            &DynamicImage::ImageRgb8(photo(400, 300, n)),
            ImageFormat::Jpeg,
        );
        server.route(&format!("/i/{n}.jpg"), Route::plain(bytes, "image/jpeg"));
        items.push_str(&format!(
            "<item><title>p{n}</title><guid>p{n}</guid><description><![CDATA[<img src=\"{}/i/{n}.jpg\">]]></description></item>",
            server.base
        ));
    }
    server.route(
        "/feed.xml",
        Route::feed(
            format!("<rss version=\"2.0\"><channel><title>pics</title>{items}</channel></rss>"),
            "v1",
        ),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine_with_images(dir.path());
    engine
        .add_subscription(&server.url("/feed.xml"))
        .expect("add");
    let mut store = engine.store();
    let starred = store
        .articles(&ArticleListFilter::default())
        .expect("articles")
        .into_iter()
        .find(|a| a.title == "p0")
        .expect("p0");
    store.set_starred(starred.id, true).expect("star");
    let full = store.image_cache_bytes().expect("bytes");
    let starred_url = server.url("/i/0.jpg");
    // Make the starred image the least recently used, so LRU alone would pick it first.
    let cap = full / 3;

    let evicted = store.evict_images(cap).expect("evict");

    assert!(evicted > 0);
    assert!(store.image_cache_bytes().expect("bytes") <= cap);
    assert_eq!(
        store.image(&starred_url).expect("query").map(|r| r.status),
        Some("cached".to_owned())
    );
    assert!(store.cover_thumbnail(starred.id).expect("cover").is_some());
    assert_eq!(
        store.image_stats(None).expect("stats").evicted,
        evicted as i64
    );
}

#[test]
fn feed_icons_come_from_the_feed_or_the_sites_favicon() {
    let server = TestServer::start();
    let png = encode(&DynamicImage::ImageRgb8(photo(48, 48, 3)), ImageFormat::Png);
    let ico = encode(
        &DynamicImage::ImageRgba8(DynamicImage::ImageRgb8(photo(32, 32, 4)).to_rgba8()),
        ImageFormat::Ico,
    );
    server.route("/logo.png", Route::plain(png, "image/png"));
    server.route("/favicon.ico", Route::plain(ico, "image/x-icon"));
    let with_logo = format!(
        "<rss version=\"2.0\"><channel><title>logo</title><link>https://elsewhere.invalid/</link>\
         <image><url>{base}/logo.png</url><title>logo</title><link>{base}/</link></image>\
         <item><title>a</title><guid>a</guid></item></channel></rss>",
        base = server.base
    );
    let without = format!(
        "<rss version=\"2.0\"><channel><title>site</title><link>{}/</link>\
         <item><title>b</title><guid>b</guid></item></channel></rss>",
        server.base
    );
    server.route("/logo.xml", Route::feed(with_logo, "v1"));
    server.route("/site.xml", Route::feed(without, "v1"));
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine_with_images(dir.path());

    let logo_feed = engine
        .add_subscription(&server.url("/logo.xml"))
        .expect("add")
        .feed;
    let site_feed = engine
        .add_subscription(&server.url("/site.xml"))
        .expect("add")
        .feed;

    let store = engine.store();
    for (feed, url, format, size) in [
        (logo_feed.id, server.url("/logo.png"), "png", 48),
        (site_feed.id, server.url("/favicon.ico"), "ico", 32),
    ] {
        assert_eq!(
            store.feed(feed).expect("feed").icon_url.as_deref(),
            Some(url.as_str())
        );
        let icon = store.image(&url).expect("query").expect("icon row");
        assert_eq!(icon.role, "icon");
        assert_eq!(icon.status, "cached", "{:?}", icon.error);
        assert_eq!(icon.source_format.as_deref(), Some(format));
        assert_eq!(
            (icon.webp_width, icon.webp_height),
            (Some(size), Some(size))
        );
        assert!(icon.thumb.is_none(), "icons get no list thumbnail");
    }
    assert_eq!(
        store.image_stats(None).expect("stats").images,
        0,
        "icons are not article images"
    );
    drop(store);
    // A second refresh does not fetch the icons again.
    engine
        .refresh(RefreshScope::All, no_events())
        .expect("refresh");
    assert_eq!(server.hits("/logo.png"), 1);
    assert_eq!(server.hits("/favicon.ico"), 1);
}

#[test]
fn feeds_refreshed_together_download_a_shared_image_once() {
    let server = TestServer::start();
    let jpeg = encode(
        &DynamicImage::ImageRgb8(photo(800, 600, 9)),
        ImageFormat::Jpeg,
    );
    server.route("/shared.jpg", Route::plain(jpeg, "image/jpeg"));
    let mut outlines = String::new();
    for n in 0..6 {
        let feed = format!(
            "<rss version=\"2.0\"><channel><title>f{n}</title>\
             <item><title>p{n}</title><guid>p{n}</guid><description><![CDATA[<img src=\"{}/shared.jpg\">]]></description></item>\
             </channel></rss>",
            server.base
        );
        server.route(&format!("/f{n}.xml"), Route::feed(feed, "v1"));
        outlines.push_str(&format!(
            "<outline text=\"f{n}\" xmlUrl=\"{}\"/>",
            server.url(&format!("/f{n}.xml"))
        ));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine_with_images(dir.path());
    engine
        .import_opml(&format!(
            "<opml version=\"2.0\"><body>{outlines}</body></opml>"
        ))
        .expect("import");

    let records = engine
        .refresh(RefreshScope::All, no_events())
        .expect("refresh");

    assert_eq!(records.len(), 6);
    assert!(records.iter().all(|r| r.images_cached == 1), "{records:?}");
    assert_eq!(server.hits("/shared.jpg"), 1, "six feeds, one download");
    let store = engine.store();
    for article in store
        .articles(&ArticleListFilter::default())
        .expect("articles")
    {
        assert!(store.cover_thumbnail(article.id).expect("cover").is_some());
    }
}

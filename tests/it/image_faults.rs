//! Bad pictures: each kind of broken, hostile or unreachable image is recorded with its cause,
//! and the article stays readable.

use image::{DynamicImage, ImageFormat};
use lamplight::store::ArticleListFilter;

use crate::images::{encode, engine_with_images, photo};
use crate::support::{Route, TestServer};

fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut crc = flate2::Crc::new();
    crc.update(&ihdr);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc.sum().to_be_bytes());
    png
}

#[test]
fn each_bad_image_is_recorded_with_its_cause_and_the_article_stays_readable() {
    let server = TestServer::start();
    let good_png = encode(&DynamicImage::ImageRgb8(photo(64, 48, 1)), ImageFormat::Png);
    let mut corrupt = encode(
        &DynamicImage::ImageRgb8(photo(64, 48, 2)),
        ImageFormat::Jpeg,
    );
    for b in corrupt.iter_mut().skip(200) {
        *b = 0xFF;
    }
    let cases: Vec<(&str, Route, &str)> = vec![
        ("corrupt", Route::plain(corrupt, "image/jpeg"), "corrupt"),
        (
            "truncated",
            Route::plain(good_png[..good_png.len() / 2].to_vec(), "image/png"),
            "corrupt",
        ),
        ("zero", Route::plain(Vec::new(), "image/png"), "empty"),
        (
            "html",
            Route::plain(
                "<!DOCTYPE html><html><body>login</body></html>",
                "text/html",
            ),
            "not_an_image",
        ),
        (
            "svg",
            Route::plain(
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                "image/svg+xml",
            ),
            "unsupported",
        ),
        (
            "tiff",
            Route::plain(b"II*\0\x08\0\0\0\0\0".to_vec(), "image/tiff"),
            "unsupported",
        ),
        (
            "bomb",
            Route::plain(png_header_only(30_000, 30_000), "image/png"),
            "too_large",
        ),
        ("fifty-mb", Route::Endless(50 * 1024 * 1024), "download"),
        (
            "gzip-bomb",
            Route::Gzipped(crate::wire_faults::gzip_bomb()),
            "download",
        ),
        ("hangs", Route::Hang, "download"),
        ("unavailable", Route::Status(503, vec![]), "download"),
        ("endless", Route::Endless(u64::MAX / 2), "download"),
        ("missing", Route::Status(404, vec![]), "download"),
        ("forbidden", Route::Status(403, vec![]), "download"),
    ];
    let items: String = cases
        .iter()
        .map(|(name, _, _)| {
            format!(
                "<item><title>{name}</title><guid>{name}</guid><link>{base}/post/{name}</link>\
                 <description><![CDATA[<p>text of {name}</p><img src=\"{base}/img/{name}\">]]></description></item>",
                base = server.base
            )
        })
        .collect();
    let feed =
        format!("<rss version=\"2.0\"><channel><title>bad images</title>{items}</channel></rss>");
    for (name, route, _) in &cases {
        server.route(&format!("/img/{name}"), route.clone());
    }
    server.route("/feed.xml", Route::feed(feed, "v1"));
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine_with_images(dir.path());

    let added = engine
        .add_subscription(&server.url("/feed.xml"))
        .expect("add");

    assert_eq!(added.feed.article_count, cases.len() as i64);
    assert_eq!(added.record.images_found, cases.len() as i64);
    assert_eq!(added.record.images_failed, cases.len() as i64);
    let store = engine.store();
    for (name, _, kind) in &cases {
        let row = store
            .image(&server.url(&format!("/img/{name}")))
            .expect("query")
            .unwrap_or_else(|| panic!("{name}: a row"));
        assert_eq!(row.status, "failed", "{name}");
        assert_eq!(
            row.error_kind.as_deref(),
            Some(*kind),
            "{name}: {:?}",
            row.error
        );
        assert!(
            row.error
                .as_deref()
                .is_some_and(|e| !e.is_empty() && !e.contains('\n'))
        );
        assert!(row.webp.is_none() && row.thumb.is_none());
    }
    let stats = store.image_stats(None).expect("stats");
    assert_eq!(stats.failed, cases.len() as i64);
    assert_eq!(stats.articles_without_picture, cases.len() as i64);
    for article in store
        .articles(&ArticleListFilter::default())
        .expect("articles")
    {
        let full = store.article(article.id).expect("article");
        assert!(full.content_html.unwrap_or_default().contains("text of"));
    }
}

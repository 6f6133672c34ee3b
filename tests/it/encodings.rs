//! Legacy encodings come out as correct text, whether the XML prolog or the Content-Type
//! names them.

use lamplight::store::ArticleListFilter;

use crate::support::{FIXTURE_TITLES, Route, TestServer, fixture, stored_titles, test_engine};

#[test]
fn gbk_copy_without_prolog_yields_the_same_titles_via_content_type() {
    let utf8 = fixture();
    let without_prolog = utf8
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .expect("the fixture starts with a UTF-8 prolog");
    // The one character GBK lacks (U+2022, in an article body) becomes a numeric reference.
    let (gbk, _, _) = encoding_rs::GBK.encode(without_prolog);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the copy really is GBK bytes"
    );
    let server = TestServer::start();
    server.route(
        "/gbk.xml",
        Route::plain(gbk.into_owned(), "text/xml; charset=gbk"),
    );
    let t = test_engine();

    let added = t
        .engine
        .add_subscription(&server.url("/gbk.xml"))
        .expect("add");

    assert_eq!(added.feed.title, "运维进行时");
    assert_eq!(added.feed.description, "互联网运维与架构");
    let mut expected: Vec<String> = FIXTURE_TITLES.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(stored_titles(&t.engine), expected);
}

struct Case {
    encoding: &'static encoding_rs::Encoding,
    label: &'static str,
    title: &'static str,
}

const CASES: [Case; 5] = [
    Case {
        encoding: encoding_rs::GBK,
        label: "gb2312",
        title: "互联网运维与架构",
    },
    Case {
        encoding: encoding_rs::GBK,
        label: "GBK",
        title: "大数据资产管理在腾讯游戏的实践",
    },
    Case {
        encoding: encoding_rs::BIG5,
        label: "big5",
        title: "運維進行時：繁體中文標題",
    },
    Case {
        encoding: encoding_rs::SHIFT_JIS,
        label: "Shift_JIS",
        title: "日本語のフィードのタイトル",
    },
    Case {
        encoding: encoding_rs::WINDOWS_1251,
        label: "windows-1251",
        title: "Новости эксплуатации",
    },
];

fn small_feed(prolog: &str, title: &str) -> String {
    format!(
        "{prolog}<rss version=\"2.0\"><channel><title>{title}</title><link>https://ex.org/</link>\
         <item><title>{title}</title><guid>1</guid><description>{title}</description></item>\
         </channel></rss>"
    )
}

#[test]
fn legacy_encodings_named_in_the_prolog_or_the_content_type_decode_correctly() {
    let server = TestServer::start();
    let t = test_engine();
    for (n, case) in CASES.iter().enumerate() {
        let declared = small_feed(
            &format!("<?xml version=\"1.0\" encoding=\"{}\"?>", case.label),
            case.title,
        );
        let (declared_bytes, _, bad) = case.encoding.encode(&declared);
        assert!(!bad, "{} can encode {}", case.label, case.title);
        let undeclared = small_feed("", case.title);
        let (undeclared_bytes, _, _) = case.encoding.encode(&undeclared);

        let prolog_path = format!("/prolog-{n}.xml");
        let header_path = format!("/header-{n}.xml");
        // A Content-Type that lies (says UTF-8) must not beat the document's own prolog.
        server.route(
            &prolog_path,
            Route::plain(
                declared_bytes.into_owned(),
                "application/xml; charset=utf-8",
            ),
        );
        server.route(
            &header_path,
            Route::plain(
                undeclared_bytes.into_owned(),
                &format!("text/xml; charset={}", case.label),
            ),
        );
        for path in [&prolog_path, &header_path] {
            let added = t
                .engine
                .add_subscription(&server.url(path))
                .unwrap_or_else(|e| panic!("{} via {path}: {e}", case.label));
            assert_eq!(added.feed.title, case.title, "{} via {path}", case.label);
            let article = t
                .engine
                .store()
                .articles(&ArticleListFilter {
                    feed: Some(added.feed.id),
                    ..ArticleListFilter::default()
                })
                .expect("articles");
            assert_eq!(article[0].title, case.title, "{} via {path}", case.label);
        }
    }
}

//! Article HTML → blocks → text, on the fixture's ten articles and on hand-written edge cases.

use lamplight::feed::parse_feed;
use lamplight::render::{Block, Inline, html_to_blocks, summary_line, to_text};
use lamplight::store::NewArticle;
use proptest::prelude::*;

use crate::support::fixture;

fn fixture_articles() -> Vec<NewArticle> {
    parse_feed(fixture().as_bytes(), "https://blog.liuts.com/feed.php")
        .expect("fixture parses")
        .articles
}

/// Every piece of text the blocks hold, block by block (paragraph runs joined).
fn texts(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Heading { runs, .. } | Block::Paragraph { runs, .. } => out.push(
                runs.iter()
                    .map(|r| match r {
                        Inline::Text(t) => t.text.clone(),
                        Inline::Break => "\n".to_owned(),
                    })
                    .collect(),
            ),
            Block::List { items, .. } => items.iter().for_each(|i| texts(i, out)),
            Block::Quote(children) => texts(children, out),
            Block::Code(code) => out.push(code.clone()),
            Block::Image { alt, .. } => out.push(alt.clone()),
            Block::Table(rows) => out.extend(rows.iter().flatten().cloned()),
            Block::Rule => {}
        }
    }
}

fn image_srcs(blocks: &[Block]) -> Vec<String> {
    let mut images = Vec::new();
    blocks.iter().for_each(|b| b.images(&mut images));
    images
        .into_iter()
        .filter_map(|b| match b {
            Block::Image { src, .. } => Some(src.clone()),
            _ => None,
        })
        .collect()
}

/// The `src` of each `<img>` in raw HTML, in order (the test's own simple reading).
fn raw_img_srcs(html: &str) -> Vec<String> {
    html.split("<img")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let start = tag.find("src=\"")? + 5;
            let end = tag[start..].find('"')? + start;
            Some(tag[start..end].to_owned())
        })
        .collect()
}

fn links(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Heading { runs, .. } | Block::Paragraph { runs, .. } => {
                out.extend(runs.iter().filter_map(|r| match r {
                    Inline::Text(t) => t.link.clone(),
                    Inline::Break => None,
                }))
            }
            Block::List { items, .. } => items.iter().for_each(|i| links(i, out)),
            Block::Quote(children) => links(children, out),
            _ => {}
        }
    }
}

#[test]
fn fixture_articles_read_without_tags_or_entities() {
    let articles = fixture_articles();
    assert_eq!(articles.len(), 10);
    for article in &articles {
        let blocks = html_to_blocks(&article.content_html, article.link.as_deref());
        assert!(!blocks.is_empty(), "{}", article.title);
        let mut all = Vec::new();
        texts(&blocks, &mut all);
        let all = all.join("\n");
        // Prose may hold a literal ">" ("试错 -> 失败"), never a tag or an entity.
        for leak in [
            "<", "/>", "\">", "&#160;", "&nbsp;", "&lt;", "&gt;", "&amp;", "&#", "\u{a0}",
        ] {
            assert!(!all.contains(leak), "{:?} leaks {leak:?}", article.title);
        }
        assert_eq!(
            image_srcs(&blocks),
            raw_img_srcs(&article.content_html),
            "{}: images in order",
            article.title
        );
    }
}

#[test]
fn chinese_sentences_stay_whole_and_indentation_becomes_one_paragraph_indent() {
    let articles = fixture_articles();
    let first = &articles[0];
    let blocks = html_to_blocks(&first.content_html, first.link.as_deref());
    let sentence = "2018数据资产管理大会，在中国信息通信研究院、中国通信标准化协会的主导下，\
                    于12月13日在北京国家会议中心隆重召开。";
    let paragraph = blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph { runs, indent } => {
                let text: String = runs
                    .iter()
                    .filter_map(|r| match r {
                        Inline::Text(t) => Some(t.text.as_str()),
                        Inline::Break => None,
                    })
                    .collect();
                text.contains(sentence).then_some((text, *indent))
            }
            _ => None,
        })
        .expect("the opening sentence is one paragraph");
    assert!(paragraph.1, "the &#160; run became a paragraph indent");
    assert!(
        paragraph.0.starts_with("2018"),
        "no leading spaces kept: {:?}",
        paragraph.0
    );
    let text = to_text(&blocks, 78);
    assert!(
        text.contains("    2018数据资产管理大会，在中国信息通信研究院"),
        "{text}"
    );
    assert!(
        summary_line(&blocks, 20).starts_with("2018数据资产管理大会"),
        "{}",
        summary_line(&blocks, 20)
    );
}

#[test]
fn code_listings_keep_their_line_breaks() {
    let articles = fixture_articles();
    let omserver = articles
        .iter()
        .find(|a| a.title.contains("【主控制端】"))
        .expect("the OMServer article");
    let blocks = html_to_blocks(&omserver.content_html, omserver.link.as_deref());
    let listing = blocks
        .iter()
        .find_map(|b| match b {
            Block::Code(code) if code.contains("rpyc-3.2.3.tar.gz") => Some(code.clone()),
            _ => None,
        })
        .expect("the rpyc listing is a code block");
    assert_eq!(
        listing.lines().collect::<Vec<_>>(),
        [
            "# wget https://pypi.python.org/packages/source/r/rpyc/rpyc-3.2.3.tar.gz --no-check-certificate",
            "# tar -zxvf rpyc-3.2.3.tar.gz",
            "# cd rpyc-3.2.3",
            "# python setup.py install",
        ]
    );
    let listings: usize = articles
        .iter()
        .map(|a| {
            html_to_blocks(&a.content_html, a.link.as_deref())
                .iter()
                .filter(|b| matches!(b, Block::Code(_)))
                .count()
        })
        .sum();
    assert_eq!(listings, fixture().matches("<textarea").count());
    let text = to_text(&blocks, 40);
    assert!(
        text.contains("\n# tar -zxvf rpyc-3.2.3.tar.gz\n# cd rpyc-3.2.3\n"),
        "code is never wrapped or re-indented"
    );
}

#[test]
fn slideshare_links_resolve_from_the_fixture() {
    let articles = fixture_articles();
    let post = articles
        .iter()
        .find(|a| a.link.as_deref() == Some("https://blog.liuts.com/post/246/"))
        .expect("post 246");
    let html = post
        .content_html
        .replace("https://www.slideshare.net/", "//www.slideshare.net/");
    let mut found = Vec::new();
    links(&html_to_blocks(&html, post.link.as_deref()), &mut found);
    assert!(found.contains(&"https://www.slideshare.net/liutiansi/python-42901993".to_owned()));
    assert!(found.contains(&"https://www.slideshare.net/liutiansi".to_owned()));
    assert!(found.iter().all(|l| !l.contains("_//")));
}

fn one(html: &str) -> Vec<Block> {
    html_to_blocks(html, Some("https://ex.org/a/b.html"))
}

fn run(text: &str) -> Inline {
    Inline::Text(lamplight::render::TextRun {
        text: text.to_owned(),
        style: Default::default(),
        link: None,
    })
}

#[test]
fn each_block_kind_from_hand_written_html() {
    assert_eq!(
        one("<h2>  Title <b>here</b></h2>"),
        [Block::Heading {
            level: 2,
            runs: vec![
                run("Title "),
                Inline::Text(lamplight::render::TextRun {
                    text: "here".into(),
                    style: lamplight::render::RunStyle {
                        bold: true,
                        ..Default::default()
                    },
                    link: None
                })
            ]
        }]
    );
    assert_eq!(
        one("<p>a\n\n   b<br>c</p><p></p><div><span> </span></div>"),
        [Block::Paragraph {
            runs: vec![run("a b"), Inline::Break, run("c")],
            indent: false
        }]
    );
    let list = one("<ul><li>one</li><li>two<ol><li>inner</li></ol></li></ul>");
    assert_eq!(to_text(&list, 78), "- one\n- two\n  1. inner\n");
    assert_eq!(
        to_text(
            &one("<blockquote><p>quoted</p><p>twice</p></blockquote>"),
            78
        ),
        "> quoted\n>\n> twice\n"
    );
    assert_eq!(
        one("<pre>  x = 1\n    y = 2\n</pre>"),
        [Block::Code("  x = 1\n    y = 2".into())]
    );
    assert_eq!(
        one(r#"<a href="/full.jpg"><img src="small.jpg" alt=" a  cat "></a>"#),
        [Block::Image {
            src: "https://ex.org/a/small.jpg".into(),
            alt: "a cat".into(),
            link: Some("https://ex.org/full.jpg".into())
        }]
    );
    assert_eq!(
        image_srcs(&one(
            r#"<img srcset="s.jpg 320w, l.jpg 1200w, m.jpg 800w" src="x.jpg"><img data-src="//cdn.ex.org/lazy.png" src="data:image/gif;base64,R0lGOD">"#
        )),
        ["https://ex.org/a/l.jpg", "https://cdn.ex.org/lazy.png"]
    );
    assert_eq!(one("<p>a</p><hr><p>b</p>")[1], Block::Rule);
    assert_eq!(
        one(
            "<table><tr><th>Name</th><th>Value</th></tr><tr><td>a</td><td> 1 </td></tr><tr><td></td></tr></table>"
        ),
        [Block::Table(vec![
            vec!["Name".into(), "Value".into()],
            vec!["a".into(), "1".into()]
        ])]
    );
    assert_eq!(
        to_text(
            &one(
                "<p>See <a href=\"https://ex.org/x\">this</a> and <a href=\"https://ex.org/x\">again</a>, <a href=\"https://ex.org/y\">https://ex.org/y</a>.</p>"
            ),
            78
        ),
        "See this <https://ex.org/x> and again, https://ex.org/y.\n"
    );
}

#[test]
fn dropped_things_produce_nothing() {
    let html = r#"<script>alert(1)</script><style>p{}</style><iframe src="//x.org/e"></iframe>
        <!-- a comment --><div><span></span><p> </p></div>
        <img src="https://t.example/pixel.gif" width="1" height="1">
        <noscript>enable js</noscript><p>kept</p>"#;
    assert_eq!(
        one(html),
        [Block::Paragraph {
            runs: vec![run("kept")],
            indent: false
        }]
    );
}

#[test]
fn only_http_https_and_mailto_links_are_followable() {
    let mut found = Vec::new();
    links(
        &one(
            r#"<p><a href="javascript:alert(1)">js</a> <a href="mailto:a@ex.org">mail</a>
            <a href="file:///etc/passwd">file</a> <a href="data:text/html,x">data</a>
            <a href="rel/page">rel</a></p>"#,
        ),
        &mut found,
    );
    assert_eq!(found, ["mailto:a@ex.org", "https://ex.org/a/rel/page"]);
}

#[test]
fn broken_html_still_reads() {
    let cases = [
        "<p>unclosed <b>bold <i>both",
        "<b><p>misnested</b> block</p>",
        "<ul><li>one<li>two</ul></li></ol>",
        "&bogus; &#xZZ; &#99999999; &amp",
        "<<<>>><p <>",
    ];
    for html in cases {
        let text = to_text(&one(html), 78);
        assert!(!text.trim().is_empty(), "{html:?} gave no text");
    }
    assert!(to_text(&one("<b><p>misnested</b> block</p>"), 78).contains("misnested block"));
    assert!(to_text(&one("&bogus; x"), 78).contains("&bogus; x"));
}

#[test]
fn deep_nesting_and_huge_bodies_are_bounded() {
    let deep = format!(
        "{}deep text{}",
        "<div><span>".repeat(5000),
        "</span></div>".repeat(5000)
    );
    let text = to_text(&one(&deep), 78);
    assert!(text.contains("deep text"));

    let paragraph = "<p>运维进行时 lamplight <b>bold</b> <a href=\"/x\">link</a></p>\n";
    let big = paragraph.repeat(10 * 1024 * 1024 / paragraph.len());
    assert!(big.len() > 10_000_000);
    let blocks = one(&big);
    assert!(!blocks.is_empty());
    assert!(blocks.len() <= lamplight::render::MAX_HTML_BYTES / 20);
}

#[test]
fn binary_junk_does_not_panic() {
    let junk: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let text = String::from_utf8_lossy(&junk);
    let out = to_text(&one(&text), 78);
    assert!(!out.contains('\u{0}'));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_markup_renders_without_panicking(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("<p>".to_owned()), Just("</p>".to_owned()), Just("<br>".to_owned()),
                Just("<ul><li>".to_owned()), Just("</li></ul>".to_owned()),
                Just("<blockquote>".to_owned()), Just("<pre>".to_owned()), Just("</pre>".to_owned()),
                Just("<a href=\"//x.org/\">".to_owned()), Just("</a>".to_owned()),
                Just("<img src=\"/i.png\">".to_owned()), Just("<table><tr><td>".to_owned()),
                Just("&#160;".to_owned()), Just("&bogus;".to_owned()), Just("<h1>".to_owned()),
                "[a-z运维 \n\t<>&;\"'/=]{0,12}",
            ],
            0..60,
        ),
        width in 0usize..120,
    ) {
        let html = parts.concat();
        let blocks = html_to_blocks(&html, Some("https://ex.org/"));
        let text = to_text(&blocks, width);
        prop_assert!(text.ends_with('\n'));
        let _ = summary_line(&blocks, 40);
    }
}

#[test]
fn tables_keep_words_apart_layout_tables_flow_and_lists_count_as_written() {
    // A break or a list inside a data cell is a space, never glue.
    assert_eq!(
        one(
            "<table><tr><td>First<br/>a special line</td><td>aktuell</td></tr><tr><td>x</td><td><span>projekte</span><br>zu verkaufen</td></tr></table>"
        ),
        [Block::Table(vec![
            vec!["First a special line".into(), "aktuell".into()],
            vec!["x".into(), "projekte zu verkaufen".into()],
        ])]
    );
    // A layout table (cells holding paragraphs and a list) flows as blocks, in reading order.
    let flowed = one(
        "<table><tr><td><p>Intro</p><ul><li>one</li><li>two</li></ul></td><td><p>Side</p></td></tr></table>",
    );
    assert!(
        !flowed.iter().any(|b| matches!(b, Block::Table(_))),
        "{flowed:?}"
    );
    let mut text = Vec::new();
    texts(&flowed, &mut text);
    assert_eq!(text, ["Intro", "one", "two", "Side"]);
    // So does a one-column table (an old blog's whole post in one cell per row).
    let column = one("<table><tr><td>第一段</td></tr><tr><td>第二段</td></tr></table>");
    assert_eq!(
        column,
        [
            Block::Paragraph {
                runs: vec![run("第一段")],
                indent: false
            },
            Block::Paragraph {
                runs: vec![run("第二段")],
                indent: false
            },
        ]
    );
    // Numbered lists honour start, value and reversed.
    let numbers = |html: &str| match &one(html)[0] {
        Block::List { numbers, .. } => numbers.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(numbers("<ol start=\"5\"><li>a</li><li>b</li></ol>"), [5, 6]);
    assert_eq!(
        numbers("<ol><li>a</li><li value=\"10\">b</li><li>c</li></ol>"),
        [1, 10, 11]
    );
    assert_eq!(
        numbers("<ol reversed><li>a</li><li>b</li><li>c</li></ol>"),
        [3, 2, 1]
    );
    assert_eq!(
        to_text(&one("<ol start=\"9\"><li>nine</li><li>ten</li></ol>"), 78),
        "9. nine\n10. ten\n"
    );
}

#[test]
fn a_body_cut_at_the_cap_says_so_at_its_end() {
    let body = format!(
        "<p>{}</p>",
        "长文 ".repeat(lamplight::render::MAX_HTML_BYTES / 6)
    );
    let blocks = one(&body);
    let mut text = Vec::new();
    texts(&blocks, &mut text);
    let last = text.last().expect("text");
    assert!(last.contains("longer than 4 MiB"), "{last}");
    assert!(!to_text(&one("<p>short</p>"), 78).contains("MiB"));
}

#[test]
fn a_dir_attribute_gives_each_block_its_direction_mark() {
    let html = r#"<div dir="rtl"><p>DELL 2005 הוא מחשב</p><p>שורה<br>line two</p></div>
        <p dir="ltr">שלום world</p><p dir="auto">auto</p><p>plain</p>"#;
    let mut out = Vec::new();
    texts(&html_to_blocks(html, None), &mut out);
    assert_eq!(
        out,
        [
            "\u{200F}DELL 2005 הוא מחשב",
            "\u{200F}שורה\n\u{200F}line two",
            "\u{200E}שלום world",
            "auto",
            "plain"
        ]
    );
}

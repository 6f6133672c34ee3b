//! The generated corpus the side-by-side and floor benches share: N feeds × M items of mixed
//! Chinese/English HTML (half RSS 2.0, half Atom, every tenth RSS feed in GBK), optionally with
//! a picture each from a set of 1600×1200 JPEGs.

use std::path::Path;

use super::{photo_jpeg, write};

const TOPICS: [&str; 6] = [
    "运维进行时：大数据资产管理在腾讯游戏的实践",
    "基于kubernetes构建Docker集群管理详解",
    "Django and Celery asynchronous task queues",
    "数据价值评估思路：热度、广度和收益度",
    "DevOps continuous improvement at scale",
    "Python自动化运维：技术与最佳实践",
];

/// Writes N feeds × M items (RSS 2.0, Atom, and every tenth feed RSS in GBK) and an image set.
pub fn generate(root: &Path, base: &str, feeds: usize, items: usize, images: usize) -> Vec<String> {
    for n in 0..images {
        write(
            root,
            &format!("img/{n}.jpg"),
            &photo_jpeg(1600, 1200, n as u32),
        );
    }
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut urls = Vec::new();
    for f in 0..feeds {
        let entries: Vec<String> = (0..items)
            .map(|i| {
                let topic = TOPICS[(f + i) % TOPICS.len()];
                // Minutes apart: even the large corpus stays inside the 90-day retention, so
                // both readers keep every item.
                let when = now - ((f * items + i) as i64) * 60;
                let body = format!(
                    "<p>&#160;&#160;{topic}。第{i}段：运维平台、数据资产管理与自动化部署的实践记录，\
                     包括配置、监控与容量规划。</p><p>English paragraph {i} of feed {f}: notes on \
                     <b>deployment</b>, <a href=\"/post/{f}/{i}\">links</a> and <code>config</code>.</p>\
                     {img}<p>结尾段落，总结经验与下一步计划。</p>",
                    img = if images > 0 {
                        format!("<p><img src=\"{base}/img/{}.jpg\" alt=\"图{i}\"></p>", (f + i) % images)
                    } else {
                        String::new()
                    }
                );
                if f % 2 == 1 {
                    let updated = time::OffsetDateTime::from_unix_timestamp(when)
                        .ok()
                        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
                        .unwrap_or_default();
                    format!(
                        "<entry><title>第{i}篇 {topic} #{f}-{i}</title><id>urn:lamplight:{f}:{i}</id>\
                         <link href=\"{base}/post/{f}/{i}\"/><updated>{updated}</updated>\
                         <author><name>作者{f}</name></author>\
                         <content type=\"html\"><![CDATA[{body}]]></content></entry>"
                    )
                } else {
                    let date = httpdate::fmt_http_date(
                        std::time::UNIX_EPOCH + std::time::Duration::from_secs(when.max(0) as u64),
                    );
                    format!(
                        "<item><title>第{i}篇 {topic} #{f}-{i}</title><link>{base}/post/{f}/{i}</link>\
                         <guid>{base}/post/{f}/{i}</guid><pubDate>{date}</pubDate>\
                         <description><![CDATA[{body}]]></description></item>"
                    )
                }
            })
            .collect();
        let (name, bytes) = if f % 2 == 1 {
            let doc = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
                 <title>Atom feed {f}</title><id>urn:lamplight:{f}</id><link href=\"{base}/\"/>\
                 <updated>2026-11-01T00:00:00Z</updated>{}</feed>",
                entries.concat()
            );
            (format!("feeds/{f}.xml"), doc.into_bytes())
        } else {
            let gbk = f % 10 == 4;
            let doc = format!(
                "<?xml version=\"1.0\" encoding=\"{}\"?><rss version=\"2.0\"><channel>\
                 <title>运维 feed {f}</title><link>{base}/</link><description>互联网运维与架构</description>{}\
                 </channel></rss>",
                if gbk { "GBK" } else { "UTF-8" },
                entries.concat()
            );
            let bytes = if gbk {
                encoding_rs::GBK.encode(&doc).0.into_owned()
            } else {
                doc.into_bytes()
            };
            (format!("feeds/{f}.xml"), bytes)
        };
        write(root, &name, &bytes);
        urls.push(format!("{base}/{name}"));
    }
    urls
}

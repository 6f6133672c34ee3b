#!/usr/bin/env python3
"""Writes Lamplight's own compatibility cases (run from this folder; the outputs are committed)."""
import gzip

RU = ["Новости недели", "Обзор ядра Linux", "Привет, мир"]
JA = ["日本語の記事", "設定の変更", "検索の報告"]
ZH_T = ["運維進行時", "資料庫備份", "網路監控"]
ZH_S = ["运维进行时", "数据库备份", "网络监控"]


def rss(encoding, title, items, extra=""):
    body = "".join(f"<item><title>{t}</title><link>http://example.com/{n}</link></item>" for n, t in enumerate(items))
    return f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"{extra}><channel><title>{title}</title><link>http://example.com/</link>{body}</channel></rss>\n'


def atom03(encoding, title, items):
    body = "".join(
        f'<entry><title>{t}</title><link rel="alternate" type="text/html" href="http://example.com/{n}"/>'
        f"<id>tag:example.com,2005:{n}</id><issued>2005-0{n + 1}-01T00:00:00Z</issued><modified>2005-0{n + 1}-01T00:00:00Z</modified>"
        f'<content type="text/html" mode="escaped">&lt;p&gt;{t}&lt;/p&gt;</content></entry>'
        for n, t in enumerate(items))
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<feed version="0.3" xmlns="http://purl.org/atom/ns#">'
            f'<title>{title}</title><link rel="alternate" type="text/html" href="http://example.com/"/>'
            f"<modified>2005-03-01T00:00:00Z</modified>{body}</feed>\n")


def write(name, text, codec="utf-8"):
    with open(name, "wb") as f:
        f.write(text.encode(codec))


for label, codec in [("IBM855", "cp855"), ("IBM866", "cp866"), ("x-mac-cyrillic", "mac_cyrillic"),
                     ("MacCyrillic", "mac_cyrillic"), ("ISO-8859-5", "iso8859_5"), ("KOI8-R", "koi8_r")]:
    write(f"legacy-{label.lower()}.xml", rss(label, "Русский блог", RU), codec)
write("atom03-big5.xml", atom03("big5", "繁體部落格", ZH_T), "big5")
write("atom03-gb2312.xml", atom03("gb2312", "运维博客", ZH_S), "gb2312")
write("atom03-euc-jp.xml", atom03("EUC-JP", "日本のブログ", JA), "euc_jp")
write("atom03-utf8.xml", atom03("utf-8", "Old Blogger", ["First post", "Second post"]))
write("rss091-items-after-channel.xml",
      '<?xml version="1.0"?><rss version="0.91"><channel><title>Old news</title><link>http://example.com/</link></channel>'
      '<item><title>One</title><link>http://example.com/1</link></item><item><title>Two</title><link>http://example.com/2</link></item></rss>\n')
write("rss20-default-namespace.xml", rss("utf-8", "Userland", ["Alpha", "Beta"], ' xmlns="http://backend.userland.com/rss2"'))
write("rss090.xml",
      '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">'
      '<channel><title>Netscape era</title><link>http://example.com/</link><description>d</description></channel>'
      '<item><title>Alpha</title><link>http://example.com/a</link></item><item><title>Beta</title><link>http://example.com/b</link></item></rdf:RDF>\n')
write("rss-no-version.xml", rss("utf-8", "No version", ["Alpha", "Beta"]).replace(' version="2.0"', ""))
write("illformed-ampersand.xml", rss("utf-8", "Tom & Jerry", ["Salt & pepper", "R&D notes"]))
write("illformed-html-entities.xml", rss("utf-8", "Caf&eacute;&nbsp;news", ["Cr&egrave;me&nbsp;br&ucirc;l&eacute;e", "&copy; &mdash; &hellip;"]))
write("illformed-control-chars.xml", rss("utf-8", "Control\x0bchars", ["Form\x0cfeed", "Bell\x07here"]))
write("illformed-mismatched-tags.xml", rss("utf-8", "Mismatched", ["<b>Bold</i> title", "Plain"]).replace("<title>&lt;", "<title><"))
write("illformed-unclosed.xml", rss("utf-8", "Unclosed", ["One", "Two"]).replace("</channel></rss>\n", ""))
write("illformed-junk-before-prolog.xml", "Warning: mysql_connect() failed in /var/www/feed.php on line 3\n" + rss("utf-8", "Junk", ["One", "Two"]))
with open("illformed-bom-disagrees.xml", "wb") as f:
    f.write(b"\xef\xbb\xbf" + rss("ISO-8859-1", "Caf\u00e9 BOM", ["Cr\u00e8me", "Na\u00efve"]).encode("utf-8"))
with open("gzip-without-content-encoding.xml.gz", "wb") as f:
    f.write(gzip.compress(rss("utf-8", "Compressed", ["Alpha", "Beta"]).encode("utf-8")))

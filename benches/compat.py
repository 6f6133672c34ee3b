#!/usr/bin/env python3
"""Feed compatibility against the lenient reference, side by side.

Runs Python's feedparser (the version pinned in benches/compat.sh) and Lamplight's reader
(`cargo bench --bench compat`) over the same corpus and reports the share of feeds from which
feedparser reads at least one entry that Lamplight reads with the same number of entries and
the same titles. Usage: compat.py LAMPLIGHT_JSONL CORPUS_DIR...  (compat.sh runs it all).
"""
import html
import json
import os
import re
import sys
import warnings

import feedparser

warnings.filterwarnings("ignore")


def content_type(body):
    head = body[:4096].decode("latin-1")
    for line in head.splitlines():
        line = line.strip()
        if line.startswith("Header:"):
            name, _, value = line[len("Header:"):].strip().partition(":")
            if name.strip().lower() == "content-type":
                return value.strip()
    return None


def collapse(text):
    text = "".join(c for c in text if c.isprintable() or c.isspace())
    return " ".join(text.split())


def norm_reference(entry):
    """feedparser's title as a reader sees it: HTML titles lose their markup and entities."""
    title = entry.get("title", "") or ""
    kind = (entry.get("title_detail") or {}).get("type", "text/plain")
    if "html" in kind:
        title = html.unescape(re.sub(r"<[^>]*>", "", title))
    return collapse(title)


def reference(path):
    with open(path, "rb") as f:
        body = f.read()
    ct = content_type(body)
    headers = {"content-type": ct} if ct else {}
    try:
        result = feedparser.parse(body, response_headers=headers)
    except Exception:  # feedparser itself crashes on a few of its own test files
        return []
    return [(norm_reference(e), e.get("title", "") or "") for e in result.entries]


LEGACY = ["euc-jp", "euc-kr", "gb18030", "shift_jis", "big5", "koi8-r", "mac_cyrillic",
          "cp1251", "cp866", "iso-8859-5"]


def misdecoded(reference_title, ours):
    """Whether feedparser's title is ours read in the wrong encoding (mojibake on its side)."""
    for wrong in ["latin-1", "cp1252", "cp1251"]:
        try:
            raw = reference_title.encode(wrong, errors="strict")
        except UnicodeEncodeError:
            continue
        for right in LEGACY:
            try:
                if collapse(raw.decode(right)) == ours:
                    return True
            except UnicodeDecodeError:
                continue
    return False


def main():
    ours = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            ours[record["file"]] = record
    files = []
    for root in sys.argv[2:]:
        for dirpath, _, names in os.walk(root):
            files += [os.path.join(dirpath, n) for n in names if n != "LICENSE" and not n.endswith(".py")]
    files.sort()
    read, same, mojibake, misses = 0, 0, [], []
    by_dir = {}
    for path in files:
        pairs = reference(path)
        if not pairs:
            continue
        titles = [p[0] for p in pairs]
        raw_titles = [p[1] for p in pairs]
        read += 1
        group = os.path.basename(os.path.dirname(path))
        counts = by_dir.setdefault(group, [0, 0])
        counts[0] += 1
        record = ours.get(path, {"ok": False, "error": "not read", "titles": []})
        mine = [collapse(t) for t in record["titles"]]
        if mine == titles:
            same += 1
            counts[1] += 1
        elif len(mine) == len(titles) and all(
            a == b or misdecoded(raw, a) for a, b, raw in zip(mine, titles, raw_titles)
        ):
            mojibake.append(path)
        else:
            why = record.get("error") or f"{len(mine)} entries vs {len(titles)}"
            if len(mine) == len(titles):
                diff = next((a, b) for a, b in zip(mine, titles) if a != b)
                why = f"title differs: {diff[0]!r} vs feedparser {diff[1]!r}"
            misses.append((path, why))
    print(f"feedparser {feedparser.__version__} reads entries from {read} of {len(files)} files")
    for group, (n, ok) in sorted(by_dir.items()):
        print(f"  {group:<12} {ok:>5} / {n:<5} {100.0 * ok / n:6.2f}%")
    share = 100.0 * same / read if read else 0.0
    print(f"Lamplight reads {same} of {read} the same (entry count and titles): {share:.2f}%")
    fair = 100.0 * (same + len(mojibake)) / read if read else 0.0
    print(f"... and {len(mojibake)} more where feedparser's titles are Lamplight's read in the"
          f" wrong encoding: {same + len(mojibake)} of {read}, {fair:.2f}%")
    for path in mojibake:
        print(f"  FEEDPARSER MISREAD {path}")
    for path, why in misses:
        print(f"  MISS {path}: {why}")


if __name__ == "__main__":
    main()

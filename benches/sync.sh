#!/usr/bin/env bash
# A first sync of ITEMS items (default 10,000) from a real Fever server on loopback, then a sync
# with nothing new: coldsweat 0.10.2 (pip, in target/coldsweat-venv) subscribed to 20 feeds that
# python's http.server serves, each item with a paragraph of mixed Chinese/English HTML and no
# pictures. Prints the wall time of each sync and what it pulled.
#   benches/sync.sh [ITEMS]
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-10000}
feeds=20
per_feed=$(( (items + feeds - 1) / feeds ))
venv=target/coldsweat-venv
if ! "$venv/bin/python" -c 'import coldsweat' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet coldsweat==0.10.2
fi
cargo build --release --quiet
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/www"
python3 - "$work" "$feeds" "$per_feed" <<'EOF'
import sys
work, feeds, per_feed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
outlines = []
for f in range(feeds):
    items = "".join(
        f"<item><title>Feed {f} item {i} 运维笔记</title><link>http://127.0.0.1:18731/{f}/{i}</link>"
        f"<guid>http://127.0.0.1:18731/{f}/{i}</guid><description><![CDATA[<p>第 {i} 篇：关于"
        f"运维自动化的笔记 notes on automation, deployment and monitoring, item {i} of feed {f}."
        f"</p><p>{'大数据资产管理 data asset management. ' * 6}</p>]]></description>"
        f"<pubDate>Tue, {1 + i % 27:02} Oct 2026 {i % 24:02}:00:00 GMT</pubDate></item>"
        for i in range(per_feed))
    open(f"{work}/www/{f}.xml", "w").write(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {f}'
        f'</title><link>http://127.0.0.1:18731/</link><description>d</description><image>'
        f'<url>http://127.0.0.1:18731/icon.png</url><title>t</title><link>http://127.0.0.1:18731/'
        f'</link><width>32</width><height>32</height></image>{items}</channel></rss>')
    outlines.append(f'<outline type="rss" text="Feed {f}" xmlUrl="http://127.0.0.1:18731/{f}.xml"/>')
open(f"{work}/subs.opml", "w").write(
    '<?xml version="1.0"?><opml version="2.0"><head><title>s</title></head><body>'
    + "".join(outlines) + "</body></opml>")
EOF
(cd "$work/www" && exec python3 -m http.server 18731 --bind 127.0.0.1 >/dev/null 2>&1) &
export FLASK_DATABASE_URL="sqlite:///$work/coldsweat.db" FLASK_SECRET_KEY=bench
launch=(env -C "$work" "$PWD/$venv/bin/python" "$PWD/tests/coldsweat/launch.py")
"${launch[@]}" setup bench@example.com -p 'a long bench password' >/dev/null
start=$(date +%s)
"${launch[@]}" import "$work/subs.opml" bench@example.com -f >/dev/null 2>&1
echo "coldsweat fetched $items items in $(( $(date +%s) - start )) s (setup, not measured)"
"${launch[@]}" run -h 127.0.0.1 -p 18732 >"$work/server.log" 2>&1 &
until grep -q "Running on" "$work/server.log"; do sleep 0.2; done
lamplight=(target/release/lamplight --data-dir "$work/lamplight")
export LAMPLIGHT_SECRETS=file LAMPLIGHT_PASSWORD='a long bench password' LANG=C
"${lamplight[@]}" account add fever http://127.0.0.1:18732/fever/ --user bench@example.com >/dev/null
for run in first nothing-new; do
  /usr/bin/time -f "$run sync: %e s wall, %U s user, %S s sys, %M KB peak" \
    "${lamplight[@]}" sync --json
done
echo "store: $(du -k "$work/lamplight/lamplight.db" | cut -f1) KB"

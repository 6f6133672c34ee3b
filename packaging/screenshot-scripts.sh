#!/usr/bin/env bash
# Screenshots of the reader in every script: serves tests/data/scripts/every-script.xml on
# loopback, subscribes an empty data dir to it, starts the release binary under Xvfb and saves
# one screenshot per article (each opened with a click on its row) into docs/screenshots/script-N.png.
# Needs Debian's Noto fonts for the scripts to show (fonts-noto-core, fonts-noto-cjk).
# Usage: packaging/screenshot-scripts.sh [WIDTHxHEIGHT]
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1280x800}"
names=(korean japanese traditional-chinese hebrew arabic thai mixed)

cargo build --release --quiet
work="$(mktemp -d)"
source packaging/window-under-xvfb.sh
port=$((20000 + RANDOM % 20000))
python3 -m http.server "$port" --bind 127.0.0.1 --directory tests/data/scripts >/dev/null 2>&1 &
server=$!
app="" xvfb=""
trap 'kill $app $xvfb $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$port/every-script.xml" >/dev/null && break
  sleep 0.1
done
target/release/lamplight --data-dir "$work/data" add "http://127.0.0.1:$port/every-script.xml" >/dev/null
start_window "$work/data" "$size"
sleep 2
mkdir -p docs/screenshots
# The list's rows are 65 points apart, newest first, in the order of `names`.
y=125
for name in "${names[@]}"; do
  DISPLAY="$display" xdotool mousemove 400 $y click 1
  y=$((y + 65))
  sleep 1.5
  DISPLAY="$display" import -window "$window" "docs/screenshots/script-$name.png"
  echo "docs/screenshots/script-$name.png"
done
kill -0 "$app" 2>/dev/null || { echo "lamplight exited early" >&2; exit 1; }

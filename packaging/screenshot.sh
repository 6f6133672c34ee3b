#!/usr/bin/env bash
# Screenshots of the window as a new reader sees it, into docs/screenshots/: the first run
# (运维进行时 from the bundled snapshot), an English article with a picture served from loopback
# (packaging/screenshot-feed.xml), a full article read from its web page, dark and light themes, the statistics views, the settings and
# an 800×600 window, and the window in English and in Chinese. Installs xvfb, imagemagick and xdotool if missing.
# Usage: packaging/screenshot.sh [COPY.png]  (COPY gets the English reader shot, for CI's check)
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v import >/dev/null || need+=(imagemagick)
command -v xdotool >/dev/null || need+=(xdotool)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release --quiet
work="$(mktemp -d)"
source packaging/window-under-xvfb.sh
port=$((20000 + RANDOM % 20000))
mkdir -p "$work/site"
convert -size 1200x700 gradient:'#7fa7c9'-'#e8d8a8' -swirl 40 "$work/site/photo.jpg"
sed "s|PHOTO_URL|http://127.0.0.1:$port/photo.jpg|" packaging/screenshot-feed.xml >"$work/site/feed.xml"
# A feed of excerpts whose first page holds the article (its second page is missing: a 404).
sed "s|BASE|http://127.0.0.1:$port|" packaging/screenshot-full-text/feed.xml >"$work/site/excerpts.xml"
sed "s|PHOTO_URL|http://127.0.0.1:$port/photo.jpg|" packaging/screenshot-full-text/lighthouse.html \
  >"$work/site/lighthouse.html"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server=$!
app="" xvfb=""
trap 'kill $app $xvfb $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$port/feed.xml" >/dev/null && break
  sleep 0.1
done
out=docs/screenshots
mkdir -p "$out"
shot() { sleep "${2:-1}"; DISPLAY="$display" import -window "$window" "$out/$1.png"; echo "$out/$1.png"; }
# Keys sent to the window (no modifiers: they do not carry over that way); clicks are real.
key() { DISPLAY="$display" xdotool key --window "$window" "$@"; }
# The window at the screen's size, with the keyboard.
fit() {
  DISPLAY="$display" xdotool windowsize "$window" "$1" "$2"
  DISPLAY="$display" xdotool windowfocus "$window" 2>/dev/null || true
  DISPLAY="$display" xdotool mousemove "$(($1 - 2))" "$(($2 - 2))"
  sleep 1
}
click() { DISPLAY="$display" xdotool mousemove "$1" "$2" click 1; }

# The first run alone: the bundled copy of 运维进行时.
start_window "$work/data" 1440x900
fit 1440 900
shot first-run 3
kill "$app"; wait "$app" 2>/dev/null || true
kill "$xvfb"; wait "$xvfb" 2>/dev/null || true
target/release/lamplight --data-dir "$work/data" add "http://127.0.0.1:$port/feed.xml" >/dev/null
target/release/lamplight --data-dir "$work/data" add "http://127.0.0.1:$port/excerpts.xml" >/dev/null

start_window "$work/data" 1440x900
fit 1440 900
click 415 171    # the newest article: the English one with its picture
shot reader-english-dark 2
click 415 236    # the next: Chinese
shot reader-chinese-dark
click 732 15     # Settings
shot settings
click 729 187    # Light theme
key Escape       # close
DISPLAY="$display" xdotool mousemove 1438 898
shot reader-chinese-light
click 415 171
shot reader-english-light 2
key 2            # Fetch statistics
shot fetch-statistics
click 262 124    # the first feed in the ranking: its fetches
shot fetch-statistics-feed
key 3            # Image cache
shot image-cache
key 1            # Reader
click 70 180    # Tidewater Journal in the sidebar
click 415 171    # its first article: the full article from its page
shot reader-full-text 2
kill "$app"; wait "$app" 2>/dev/null || true
kill "$xvfb"; wait "$xvfb" 2>/dev/null || true

# The window in each language it speaks, on the Chinese article (README, "Languages").
for lang in en zh-CN; do
  LAMPLIGHT_LANG=$lang start_window "$work/data" 1440x900
  fit 1440 900
  click 415 171    # the first unread: a Chinese article
  shot "window-$lang" 2
  kill "$app"; wait "$app" 2>/dev/null || true
  kill "$xvfb"; wait "$xvfb" 2>/dev/null || true
done

start_window "$work/data" 800x600
fit 800 600
shot list-800x600
click 300 170    # the first article row in the one-pane list
shot reader-800x600
kill -0 "$app" 2>/dev/null || { echo "lamplight exited early" >&2; exit 1; }
[ -n "${1:-}" ] && cp "$out/reader-english-dark.png" "$1"
exit 0

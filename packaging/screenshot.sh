#!/usr/bin/env bash
# Starts the release binary under Xvfb with an empty data dir, waits, and saves a screenshot.
# Usage: packaging/screenshot.sh [OUT.png]   (installs xvfb, imagemagick and xdotool if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/screenshot.png}"

need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v import >/dev/null || need+=(imagemagick)
command -v xdotool >/dev/null || need+=(xdotool)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release --quiet
data="$(mktemp -d)"
source packaging/window-under-xvfb.sh
app="" xvfb=""
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$data"' EXIT
start_window "$data" 1280x800
# Give the first refresh a moment to record its outcome.
sleep 3
# Open the first article so the screenshot shows the reader too.
DISPLAY="$display" xdotool mousemove 420 170 click 1 || true
sleep 1
mkdir -p "$(dirname "$out")"
DISPLAY="$display" import -window "$window" "$out"
kill -0 "$app" 2>/dev/null || { echo "lamplight exited early" >&2; exit 1; }
echo "screenshot: $out"

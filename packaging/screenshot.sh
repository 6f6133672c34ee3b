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
export XDG_RUNTIME_DIR="$(mktemp -d)"
chmod 0700 "$XDG_RUNTIME_DIR"
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$data"' EXIT
sleep 1
DISPLAY="$display" RUST_LOG=warn target/release/lamplight --data-dir "$data" &
app=$!
# Wait for the window to map, then give the first refresh a moment to record its outcome.
for _ in $(seq 1 50); do
  DISPLAY="$display" xdotool search --name Lamplight >/dev/null 2>&1 && break
  sleep 0.2
done
sleep 3
# Open the first article so the screenshot shows the reader too.
DISPLAY="$display" xdotool mousemove 420 170 click 1 || true
sleep 1
mkdir -p "$(dirname "$out")"
DISPLAY="$display" import -window root "$out"
kill -0 "$app" 2>/dev/null || { echo "lamplight exited early" >&2; exit 1; }
echo "screenshot: $out"

# Sourced by the screenshot scripts: starts Xvfb and the release binary on it, and waits for the
# window to map.
#   start_window DATA_DIR [WIDTHxHEIGHT]   sets $display, $xvfb, $app and $window (its X id, for
#   `import -window "$window"`, which captures the window without the screen around it); kill
#   $app and $xvfb when done.

start_window() {
  local data="$1" size="${2:-1280x800}"
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
  chmod 0700 "$XDG_RUNTIME_DIR"
  display=":$((90 + RANDOM % 9))"
  Xvfb "$display" -screen 0 "${size}x24" >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
  DISPLAY="$display" RUST_LOG=warn target/release/lamplight --data-dir "$data" &
  app=$!
  for _ in $(seq 1 50); do
    window=$(DISPLAY="$display" xdotool search --name Lamplight 2>/dev/null | head -n 1) || true
    [ -n "$window" ] && return 0
    sleep 0.2
  done
}

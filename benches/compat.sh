#!/usr/bin/env bash
# Feed compatibility against feedparser (pinned), side by side, on the corpus under
# tests/data/compat: feedparser 6.0.11's own test feeds (encoding, ill-formed, entities,
# well-formed; BSD licence in that folder) and Lamplight's own cases. A few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/compat-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q feedparser==6.0.11
fi
corpus=(tests/data/compat)
cargo bench -q --bench compat -- "${corpus[@]}" > target/compat-lamplight.jsonl
"$venv/bin/python" benches/compat.py target/compat-lamplight.jsonl "${corpus[@]}"

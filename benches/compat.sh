#!/usr/bin/env bash
# Feed compatibility against feedparser (pinned), side by side, on the corpus under
# tests/data/compat: feedparser 6.0.11's own test feeds (encoding, ill-formed, entities,
# well-formed; BSD licence in that folder) and Lamplight's own cases. A few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/compat-venv
python=$venv/bin/python
if [ ! -x "$python" ] || ! "$python" -c 'import feedparser' 2>/dev/null; then
  if python3 -m venv "$venv" 2>/dev/null; then
    "$venv/bin/pip" install -q feedparser==6.0.11
  else
    # No venv module (Debian's python3 without python3-venv): the user's site-packages.
    python3 -m pip install -q --user feedparser==6.0.11
    python=python3
  fi
fi
corpus=(tests/data/compat)
cargo bench -q --bench compat -- "${corpus[@]}" > target/compat-lamplight.jsonl
"$python" benches/compat.py target/compat-lamplight.jsonl "${corpus[@]}"

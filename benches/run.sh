#!/usr/bin/env bash
# The whole side-by-side suite on a fresh Debian machine: installs the peers (nginx, newsboat,
# cwebp) and prints one JSON document. `benches/run.sh --quick` is the small size CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v newsboat >/dev/null || need+=(newsboat)
command -v cwebp >/dev/null || need+=(webp)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
exec cargo bench --quiet --bench peers -- "$@"

#!/usr/bin/env bash
# Runs the fuzz targets, one after another, each for SECONDS (default 60).
#   fuzz/run.sh [SECONDS] [TARGET...]      e.g. fuzz/run.sh 1800   or   fuzz/run.sh 60 opml_import
# Needs cargo-fuzz (installed when missing) and nightly compiler flags (see below). The working corpus
# grows in fuzz/corpus/TARGET (not committed), seeded from the small committed fuzz/seeds/TARGET;
# a crash leaves its input in fuzz/artifacts/TARGET and makes this script fail.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(feed_ingest html_render opml_import image_decode page_extract)

# cargo fuzz needs nightly compiler flags: the nightly toolchain when there is one, else the
# stable one with RUSTC_BOOTSTRAP (the machine may have a single toolchain).
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  toolchain=()
  export RUSTC_BOOTSTRAP=1
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet

cargo "${toolchain[@]}" fuzz build -O 2>&1 | tail -n 3
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  echo "== $target for ${seconds}s ($(date +%H:%M:%S))"
  # -rss_limit_mb: the image limits promise one decode stays near 256 MiB; 1 GiB catches a
  # decoder that ignores them. -timeout: one input taking 10 s is a hang worth reporting.
  cargo "${toolchain[@]}" fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=10 -max_len=65536 \
    -print_final_stats=1 >"last-$target.log" 2>&1 && status=0 || status=$?
  grep -E '^(stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)|SUMMARY|artifact_prefix)' "last-$target.log" || true
  if [ "$status" -ne 0 ]; then
    echo "$target FAILED (exit $status); the input is in fuzz/artifacts/$target:"
    grep -m1 -A12 -E 'panicked|ERROR: (libFuzzer|AddressSanitizer)' "last-$target.log" || tail -n 40 "last-$target.log"
    exit 1
  fi
done

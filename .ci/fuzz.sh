#!/usr/bin/env bash
# Fuzz every parser of outside input for a bounded time: the whole importer (text, HTML, PDF,
# every recogniser), HTML and PDF past their signatures, and the police.uk CSV scanner, with
# libFuzzer through cargo-fuzz on the stable toolchain. What clients send (the login redirect,
# the cache's query key, form and JSON decoders) is fuzzed by a property test in the web crate
# (`oversight_web::fuzzing`), which `cargo test` runs. A crash fails the run and leaves its
# input under fuzz/artifacts/TARGET/: make it a regression test.
#   bash .ci/fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
SECONDS_PER_TARGET="${1:-20}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked --quiet
export RUSTC_BOOTSTRAP=1
TARGETS="ingest html pdf evidence"
cargo fuzz build -O
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
for target in $TARGETS; do
  mkdir -p "corpus/$target"
  echo "fuzz $target: ${SECONDS_PER_TARGET}s"
  if ! cargo fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 >"$LOG" 2>&1; then
    tail -n 40 "$LOG"
    echo "fuzz $target found a crash: its input is under fuzz/artifacts/$target"
    exit 1
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)" "$LOG" || true
done
echo "fuzz: no crash in any target"

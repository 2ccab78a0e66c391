#!/usr/bin/env bash
# Measures how long 500 attempts in a learner's history take to load (read, parse and group
# by scenario, as "My progress" does). A release build; the figure goes in
# docs/performance.md.
#
#   bash .ci/bench-history.sh [ATTEMPTS]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --no-default-features --quiet --example bench_history -- "${1:-500}"

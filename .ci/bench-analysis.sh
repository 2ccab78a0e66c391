#!/usr/bin/env bash
# Measures `jigsaw check` on generated scenarios (.ci/generate-scenario.py): wall time
# (median of 3 runs), peak memory and states explored, for docs/performance.md. A
# measurement, not a test: nothing here fails on a slow machine.
#
#   bash .ci/bench-analysis.sh [path/to/release/jigsaw]
#
# Without an argument it builds the release command line (no app) first.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/bench-lib.sh

run() { # name file...
    local name="$1" states complete
    shift
    timed "$jigsaw" check --format json "$@"
    states=$(grep -o '"states": [0-9]*' "$work/out" | head -1 | grep -o '[0-9]*' || true)
    complete=$(grep -o '"complete": [a-z]*' "$work/out" | head -1 | awk '{print $2}' || true)
    printf '| %-34s | %6s s | %7d MB | %9s | %-5s | exit %s |\n' "$name" "$median" $((memory / 1024)) "${states:--}" "${complete:--}" "$status"
}

echo "| scenario | time | peak memory | states | complete | |"
echo "|---|---|---|---|---|---|"
run "shipped scenarios (all, one run)" scenarios/
python3 "$gen" observations "$work/obs"
run "20 scenes x 4 observations" "$work/obs/observations.ron"
python3 "$gen" dimensions 300 "$work/dims"
run "12 observations x 300 dimensions" "$work/dims/dimensions.ron"
python3 "$gen" flags 20 "$work/flags"
run "20 flags set together, read at the end" "$work/flags/flags.ron"
for n in 500 5000 50000; do
    python3 "$gen" chain "$n" "$work/chain$n"
    run "chain of $n scenes" "$work/chain$n/chain.ron"
    python3 "$gen" dag "$n" "$work/dag$n"
    run "DAG of $n scenes" "$work/dag$n/dag.ron"
done

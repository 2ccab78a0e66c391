#!/usr/bin/env bash
# Measures `jigsaw analyze` on generated scenarios (.ci/generate-scenario.py): wall time
# (median of 3 runs), peak memory, situations walked and whether the walk was complete, for
# the `analyze` section of docs/performance.md. A measurement, not a test.
#
#   bash .ci/bench-analyze.sh [path/to/release/jigsaw]
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/bench-lib.sh

run() { # name file [extra args...]
    local name="$1" file="$2"
    shift 2
    local situations complete paths
    timed "$jigsaw" analyze "$file" --format json "$@"
    situations=$(grep -o '"situations": [0-9]*' "$work/out" | head -1 | grep -o '[0-9]*' || true)
    complete=$(grep -o '"complete": [a-z]*' "$work/out" | head -1 | awk '{print $2}' || true)
    paths=$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["paths"]; print(p["exact"] or ("10^%d" % p["about_power_of_ten"] if p["about_power_of_ten"] else "no limit"))' "$work/out" 2>/dev/null || echo -)
    printf '| %-36s | %6s s | %7d MB | %9s | %-5s | %s | exit %s |\n' "$name" "$median" $((memory / 1024)) "${situations:--}" "${complete:--}" "$paths" "$status"
}

echo "| scenario | time | peak memory | situations | complete | paths | |"
echo "|---|---|---|---|---|---|---|"
run "febrile-fit (shipped)" scenarios/febrile-fit.ron
run "febrile-fit, --runs 1000" scenarios/febrile-fit.ron --runs 1000
python3 "$gen" observations "$work/obs"
run "20 scenes x 4 observations" "$work/obs/observations.ron"
python3 "$gen" flags 20 "$work/flags"
run "20 flags set together, read at the end" "$work/flags/flags.ron"
for n in 500 2000 5000; do
    python3 "$gen" chain "$n" "$work/chain$n"
    run "chain of $n scenes" "$work/chain$n/chain.ron"
    python3 "$gen" dag "$n" "$work/dag$n"
    run "DAG of $n scenes" "$work/dag$n/dag.ron"
done
run "chain of 2000 scenes, --runs 100" "$work/chain2000/chain.ron" --runs 100

#!/usr/bin/env bash
# Measures the app's first seconds on the library: when the first frame is drawn, when the
# last bundled scenario has loaded, when the settled library is on screen (the screenshot),
# and peak memory. Three runs under Xvfb with Mesa's software Vulkan; a measurement for
# docs/performance.md, not a test.
#
#   bash .ci/measure-startup.sh path/to/jigsaw
set -euo pipefail
cd "$(dirname "$0")/.."
app="$(realpath "${1:?usage: measure-startup.sh path/to/jigsaw}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export WGPU_BACKEND=vulkan XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
echo "| run | first frame | last scenario loaded | library on screen (settled) | peak memory |"
echo "|---|---|---|---|---|"
for run in 1 2 3; do
    start=$(date +%s.%N)
    RUST_LOG="warn,jigsaw=info,jigsaw::frames=trace" NO_COLOR=1 /usr/bin/time -f "%M" -o "$work/rss" \
        xvfb-run -a -s "-screen 0 1280x800x24" "$app" --window-size 1280x800 --scenarios scenarios \
        --screenshot "$work/shot.png" >"$work/log" 2>&1 || true
    end=$(date +%s.%N)
    # Log lines start with an RFC 3339 time; turn the ones we want into seconds since start.
    since() { grep -m1 -E "$1" "$work/log" | sed -E 's/\x1b\[[0-9;]*m//g' | cut -d' ' -f1 | xargs -r -I{} date -d {} +%s.%N | awk -v s="$start" '{printf "%.2f s", $1 - s}'; }
    first=$(since "frame 1$")
    loaded=$(grep -E "loaded .*\.ron" "$work/log" | tail -1 | sed -E 's/\x1b\[[0-9;]*m//g' | cut -d' ' -f1 | xargs -r -I{} date -d {} +%s.%N | awk -v s="$start" '{printf "%.2f s", $1 - s}')
    total=$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f s", e - s}')
    echo "| $run | ${first:-?} | ${loaded:-?} | $total | $(( $(tail -1 "$work/rss") / 1024 )) MB |"
done

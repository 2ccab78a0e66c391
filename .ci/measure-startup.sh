#!/usr/bin/env bash
# Measures the app's first seconds and its memory, under Xvfb with Mesa's software Vulkan; a
# measurement for docs/performance.md, not a test.
#
# Three timed runs: when the first frame is drawn, when the last bundled scenario has loaded,
# when the settled library is on screen (the screenshot), and the peak resident memory of the
# jigsaw process (read from /proc, so Xvfb is not counted). Taking the screenshot itself
# costs memory (a copy of the window read back, converted and encoded), so the memory a
# learner meets is measured again without one, in three sessions of a few seconds each: the
# library; a scenario opened and eight choices made; the same at 200% text with high contrast.
#
#   bash .ci/measure-startup.sh path/to/jigsaw
set -euo pipefail
cd "$(dirname "$0")/.."
app="$(realpath "${1:?usage: measure-startup.sh path/to/jigsaw}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export WGPU_BACKEND=vulkan XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"

# Runs the app under Xvfb with the given arguments and prints the jigsaw process's peak
# resident memory in MB. Its log goes to $work/log.
peak_of() {
    local hwm=0 pid value
    RUST_LOG="warn,jigsaw=info,jigsaw::frames=trace" NO_COLOR=1 \
        xvfb-run -a -s "-screen 0 1280x800x24" "$app" --window-size 1280x800 "$@" \
        >"$work/log" 2>&1 &
    local runner=$!
    while kill -0 "$runner" 2>/dev/null; do
        pid=$(pgrep -n -f "^$app " || true)
        if [[ -n "$pid" ]]; then
            value=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
            [[ -n "$value" ]] && hwm=$value
        fi
        sleep 0.02
    done
    wait "$runner" || true
    echo $((hwm / 1024))
}

# Seconds from $1 (a `date +%s.%N` time) to the first log line matching $2 ($3 = "last" for
# the last one).
since() {
    local pick=(head -1)
    [[ "${3:-}" == last ]] && pick=(tail -1)
    grep -E "$2" "$work/log" | "${pick[@]}" | sed -E 's/\x1b\[[0-9;]*m//g' | cut -d' ' -f1 |
        xargs -r -I{} date -d {} +%s.%N | awk -v s="$1" '{printf "%.2f s", $1 - s}'
}

echo "| run | first frame | last scenario loaded | library on screen (settled) | peak memory, with the screenshot |"
echo "|---|---|---|---|---|"
for run in 1 2 3; do
    start=$(date +%s.%N)
    peak=$(peak_of --scenarios scenarios --screenshot "$work/shot.png")
    end=$(date +%s.%N)
    first=$(since "$start" "frame 1$")
    loaded=$(since "$start" "loaded .*\.ron" last)
    total=$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f s", e - s}')
    echo "| $run | ${first:-?} | ${loaded:-?} | $total | $peak MB |"
done

echo
echo "| session (no screenshot) | peak memory, two runs |"
echo "|---|---|"
printf '(text_size: 200, high_contrast: true, author_mode: false)\n' >"$work/large.ron"
play=(--scenarios scenarios --open the-fathers-call --seed 1 --autoplay 1,2,1,1,1,1,1,1)
session() {
    local label=$1 seconds=$2
    shift 2
    local a b
    a=$(peak_of_for "$seconds" "$@")
    b=$(peak_of_for "$seconds" "$@")
    echo "| $label | $a MB, $b MB |"
}
# peak_of for a session that does not end by itself: stopped after $1 seconds.
peak_of_for() {
    local seconds=$1
    shift
    (sleep "$seconds" && pkill -TERM -f "^$app " || true) &
    local stopper=$!
    peak_of "$@"
    wait "$stopper" || true
}
session "the library, 6 s" 6 --scenarios scenarios
session "a scenario opened, eight choices made, 8 s" 8 "${play[@]}"
session "the same at 200% text, high contrast" 8 "${play[@]}" --settings "$work/large.ron"

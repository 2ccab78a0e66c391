#!/usr/bin/env bash
# Measures the figures the issues promise, on this machine, and prints them:
#   1. how long `jigsaw check` takes on the shipped scenarios (median of 10 runs);
#   2. what the app costs while idle on the library: frames drawn, CPU and memory over 20 s;
#   3. how long a saved edit takes to reach the running app (three edits).
# Not part of CI (the smoke test already fails if an idle app draws frames). Needs Xvfb and
# Mesa's software Vulkan, as .ci/run installs them.
#
#   bash .ci/measure.sh path/to/jigsaw
set -euo pipefail
cd "$(dirname "$0")/.."
app="$(realpath "${1:?usage: measure.sh path/to/jigsaw}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export WGPU_BACKEND=vulkan XDG_CONFIG_HOME="$work/config"

echo "== 1. jigsaw check scenarios/ (10 runs)"
for _ in $(seq 10); do
    /usr/bin/time -f "%e" "$app" check scenarios/ 2>>"$work/check-times" >/dev/null
done
sort -n "$work/check-times" | awk '{t[NR]=$1} END {printf "median %.2f s, min %.2f s, max %.2f s\n", t[int((NR+1)/2)], t[1], t[NR]}'

echo "== 2. the app idle on the library for 20 s"
mkdir -p "$work/s" && cp scenarios/*.ron "$work/s/" && cp -r scenarios/images "$work/s/"
RUST_LOG="warn,jigsaw=info,jigsaw::frames=trace" xvfb-run -a -s "-screen 0 1280x800x24" \
    "$app" --scenarios "$work/s" >"$work/app.log" 2>&1 &
runner=$!
sleep 8  # start-up: window, fonts, first loads
pid="$(pgrep -n -f -- "--scenarios $work/s" || true)"
if [[ -z "$pid" ]]; then echo "the app did not start"; tail -20 "$work/app.log"; exit 1; fi
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
frames() { grep -c "jigsaw::frames" "$work/app.log" || true; }
t0=$(ticks "$pid"); f0=$(frames)
sleep 20
t1=$(ticks "$pid"); f1=$(frames)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
hz=$(getconf CLK_TCK)
awk -v d=$((t1 - t0)) -v hz="$hz" -v f=$((f1 - f0)) -v rss="$rss" \
    'BEGIN {printf "%d frames drawn, CPU %.1f%% of one core, %.0f MB resident\n", f, 100 * d / hz / 20, rss / 1024}'

echo "== 3. a saved edit reaching the app (3 edits)"
file="$work/s/second-chance-contact.ron"
for i in 1 2 3; do
    before=$(grep -c "loaded .*second-chance-contact" "$work/app.log" || true)
    start=$(date +%s.%N)
    sed -i "s/^    title: \"Second-chance contact[^\"]*\"/    title: \"Second-chance contact $i\"/" "$file"
    while (( $(grep -c "loaded .*second-chance-contact" "$work/app.log" || true) == before )); do
        sleep 0.02
        if (( $(echo "$(date +%s.%N) - $start > 10" | bc) )); then echo "no reload within 10 s"; break; fi
    done
    echo "edit $i: $(echo "$(date +%s.%N) - $start" | bc | awk '{printf "%.2f s", $1}')"
    sleep 2
done
kill "$pid" 2>/dev/null || true
wait "$runner" 2>/dev/null || true

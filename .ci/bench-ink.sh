#!/usr/bin/env bash
# Compares `jigsaw check` (load + walk every path) with bladeink's load of the same story,
# for generated stories of 500, 5,000 and 50,000 scenes (chain and dag families), and
# prints a Markdown table. A measurement, not a test; CI does not run it.
#
#   bash .ci/bench-ink.sh path/to/jigsaw [SIZES...]      (default sizes: 500 5000 50000)
#
# The story: generate-scenario.py writes the RON; generate-ink.py writes the same story as
# ink (see its docstring for the mapping); inkjs's compiler turns the ink into JSON; a tiny
# Rust program reads the JSON and constructs bladeink's `Story`, then exits. All of that
# lives in $INKBENCH (default /tmp/inkbench), set up there on first use (npm, cargo), never
# in this repository. Compiling the 50,000-scene ink takes minutes; the JSON is kept and
# reused while its ink is unchanged.
#
# Each figure is the median of $RUNS (default 3) runs, timed as /usr/bin/time does (the
# child's rusage), at millisecond resolution: CPU is user+sys of the whole process, wall is
# elapsed time, memory is peak RSS. On a shared or busy
# machine CPU time is the fairer comparison. (jigsaw's 50,000-scene RON is 22 MB, within its
# 64 MB file limit.)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jigsaw="$(realpath "${1:?usage: bench-ink.sh path/to/jigsaw [SIZES...]}")"
shift
sizes=("${@:-500 5000 50000}")
read -r -a sizes <<<"${sizes[*]}"
work="${INKBENCH:-/tmp/inkbench}"
runs="${RUNS:-3}"
INKJS_VERSION="2.4.0"
BLADEINK_VERSION="2.1.0"

mkdir -p "$work"
if [[ ! -f "$work/node_modules/inkjs/bin/inkjs-compiler.js" ]]; then
    echo "setting up inkjs $INKJS_VERSION in $work" >&2
    npm install --prefix "$work" --no-audit --no-fund "inkjs@$INKJS_VERSION" >&2
fi
loader="$work/target/release/inkload"
if [[ ! -x "$loader" ]]; then
    echo "building the bladeink $BLADEINK_VERSION loader in $work/loader" >&2
    mkdir -p "$work/loader/src"
    cat >"$work/loader/Cargo.toml" <<EOF
[package]
name = "inkload"
version = "0.1.0"
edition = "2021"

[dependencies]
bladeink = "=$BLADEINK_VERSION"
EOF
    cat >"$work/loader/src/main.rs" <<'EOF'
// bladeink's load of a compiled ink story: read the JSON file, construct the Story, exit.
// The process exits without dropping the Story (freeing it is not part of loading);
// set INKLOAD_DROP=1 to drop it first.
fn main() {
    let path = std::env::args().nth(1).expect("usage: inkload STORY.json");
    let json = std::fs::read_to_string(&path).expect("read");
    // inklecate/inkjs write a UTF-8 byte-order mark that serde_json rejects.
    let json = json.strip_prefix('\u{feff}').unwrap_or(&json);
    let story = bladeink::story::Story::new(json).expect("load");
    std::hint::black_box(&story);
    if std::env::var_os("INKLOAD_DROP").is_some() {
        drop(story);
        return;
    }
    std::process::exit(0);
}
EOF
    (cd "$work/loader" && CARGO_TARGET_DIR="$work/target" cargo build --release --quiet) >&2
fi

# The figures /usr/bin/time -f "%e %U %S %M" gives (the child's rusage from wait4), but in
# milliseconds rather than centiseconds, which matters at 500 scenes.
cat >"$work/rusage.py" <<'EOF'
import os, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.spawnvp(os.P_NOWAIT, cmd[0], cmd)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(out, "w") as f:
    f.write("%.3f %.3f %.3f %d\n" % (wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
EOF

# median of the lines of a file, one number a line
median() { sort -n "$1" | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# measure OUT CMD...: runs CMD $runs times; writes OUT.cpu, OUT.wall, OUT.rss (KB)
measure() {
    local out="$1"; shift
    : >"$out.cpu"; : >"$out.wall"; : >"$out.rss"
    for _ in $(seq "$runs"); do
        python3 "$work/rusage.py" "$out.time" "$@" >"$out.stdout" 2>"$out.stderr" || {
            echo "failed: $*" >&2; tail -5 "$out.stderr" >&2; exit 1; }
        read -r wall user sys rss <"$out.time"
        echo "$wall" >>"$out.wall"
        awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.3f\n", u + s}' >>"$out.cpu"
        echo "$rss" >>"$out.rss"
    done
}

rows=()
for n in "${sizes[@]}"; do
    for family in chain dag; do
        dir="$work/stories/$family-$n"
        mkdir -p "$dir"
        python3 "$here/generate-scenario.py" "$family" "$n" "$dir"
        python3 "$here/generate-ink.py" "$family" "$n" "$dir"
        if [[ ! -f "$dir/$family.json" ]] || ! cmp -s "$dir/$family.ink" "$dir/$family.ink.compiled"; then
            echo "compiling $family-$n.ink with inkjs" >&2
            node --max-old-space-size=8000 "$work/node_modules/inkjs/bin/inkjs-compiler.js" \
                -o "$dir/$family.json" "$dir/$family.ink" >&2
            cp "$dir/$family.ink" "$dir/$family.ink.compiled"
        fi
        echo "measuring $family-$n" >&2
        measure "$dir/ink" "$loader" "$dir/$family.json"
        measure "$dir/jig" "$jigsaw" check --format json "$dir/$family.ron"
        complete=$(grep -o '"complete": *[a-z]*' "$dir/jig.stdout" | awk '{print $NF}')
        ic=$(median "$dir/ink.cpu"); iw=$(median "$dir/ink.wall"); im=$(median "$dir/ink.rss")
        jc=$(median "$dir/jig.cpu"); jw=$(median "$dir/jig.wall"); jm=$(median "$dir/jig.rss")
        rows+=("$(awk -v n="$n" -v f="$family" -v ic="$ic" -v iw="$iw" -v im="$im" \
            -v jc="$jc" -v jw="$jw" -v jm="$jm" -v c="$complete" 'BEGIN {
            r = ic > 0 ? sprintf("%.2f", jc / ic) : "n/a"; rw = iw > 0 ? sprintf("%.2f", jw / iw) : "n/a"
            printf "| %d | %s | %.3f (%.2f) | %.3f (%.2f) | %s (%s) | %.0f | %.0f | %s |", \
                n, f, ic, iw, jc, jw, r, rw, im / 1024, jm / 1024, c }')")
    done
done

echo
echo "| scenes | family | bladeink load CPU s (wall) | jigsaw load+check CPU s (wall) | ratio CPU (wall) | bladeink peak MB | jigsaw peak MB | jigsaw walk complete |"
echo "|---:|---|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Median of $runs runs each; CPU = user+sys of the whole process; ratio = jigsaw / bladeink."

# Shared by the bench-*.sh measurement scripts: the jigsaw binary to measure, a scratch
# folder, and `timed`, which runs one command three times.
#
# Sourced after `cd` to the repository root with the scripts' own arguments: the first,
# if given, is the jigsaw binary; otherwise the release command line is built.
if [[ $# -ge 1 ]]; then
    jigsaw="$(realpath "$1")"
else
    cargo build --release --no-default-features --quiet
    jigsaw="${CARGO_TARGET_DIR:-target}/release/jigsaw"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gen=".ci/generate-scenario.py"

# timed COMMAND...: runs it three times with its output in $work/out; sets `median`
# (seconds, wall), `memory` (peak KB) and `status` (the last non-zero exit, else 0).
timed() {
    local times=() seconds kb
    memory=0
    status=0
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>/dev/null || status=$?
        # On a non-zero exit, time writes "Command exited ..." first: the figures are last.
        read -r seconds kb < <(tail -1 "$work/time")
        times+=("$seconds")
        ((kb > memory)) && memory=$kb
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
}

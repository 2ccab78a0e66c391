#!/usr/bin/env bash
# Proof that the desktop app loses nothing when it is killed: the real app, in a real
# window under Xvfb, plays a shipped scenario with --autoplay and is killed with SIGKILL
# (no chance to tidy up) at several points; restarted with --carry-on, it must resume at
# the same scene with the same state: clock, meters, flags, pieces, the observations made
# on this visit, the path and the scores (compared field by field with --print-session).
#
#   bash .ci/kill-resume.sh path/to/jigsaw
#
# 1. Killed once the autosave holds k steps, for several k (after choices, and mid-scene
#    after an observation).
# 2. Killed after a random delay while steps are being played and saved: whatever is on
#    disk must be a whole save (never a torn one), and the restart must resume at exactly it.
# 3. Played to the ending and the debrief, then killed: the attempt is in the history and
#    its save is gone.
set -euo pipefail
cd "$(dirname "$0")/.."

app="${1:?usage: kill-resume.sh path/to/jigsaw}"
app="$(realpath "$app")"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

export WGPU_BACKEND=vulkan
export RUST_LOG="warn,jigsaw=info"
export XDG_CONFIG_HOME="$out/config"

scenario="second-chance-contact"
seed=7
steps="look:transfer-record,look:gp-record,1,1,look:hallway,look:watch-ellis,1,1,1,1,1,look:hospital-check,1"
IFS=',' read -r -a all <<<"$steps"
data="$out/data"
save="$data/progress/saves/$scenario.json"

cat >"$out/check.py" <<'EOF'
"""Compares a restored session (--print-session) with the save it was restored from."""
import json, sys
saved = json.load(open(sys.argv[1]))["session"]
restored = json.load(open(sys.argv[2]))
if restored is None:
    sys.exit("the app did not carry on: no session in play")
for field in ["scenario_id", "scenario_version", "seed", "inputs", "totals", "transcript"]:
    if saved[field] != restored[field]:
        sys.exit(f"{field} differs:\n saved    {saved[field]}\n restored {restored[field]}")
for field in ["scene", "ending", "meters", "flags", "found", "visited", "observed", "clock"]:
    if saved["state"][field] != restored["state"][field]:
        sys.exit(f"state.{field} differs: saved {saved['state'][field]}, restored {restored['state'][field]}")
state = restored["state"]
print(f"resumed at {state['scene']} after {len(restored['inputs'])} steps, clock {state['clock']}, "
      f"{len(state['found'])} pieces, observed {sorted(state['observed'])}")
EOF

cat >"$out/steps.py" <<'EOF'
"""Prints how many steps a save holds (fails if it is not a whole save)."""
import json, sys
print(len(json.load(open(sys.argv[1]))["session"]["inputs"]))
EOF

# Runs inside one X server: each app is a direct child, so `kill -9 $pid` kills the app.
cat >"$out/run.sh" <<'EOF'
set -euo pipefail
app="$1"; out="$2"; scenario="$3"; seed="$4"; steps="$5"; data="$6"; save="$7"
IFS=',' read -r -a all <<<"$steps"

play() { # play the first $1 steps in the background
    local prefix
    prefix="$(IFS=','; echo "${all[*]:0:$1}")"
    "$app" --scenarios scenarios --data-dir "$data" --open "$scenario" --seed "$seed" \
        --autoplay "$prefix" >>"$out/app.log" 2>&1 &
    pid=$!
}

wait_for_steps() { # wait until the save holds $1 steps
    for _ in $(seq 1 600); do
        if [[ -f "$save" ]] && [[ "$(python3 "$out/steps.py" "$save" 2>/dev/null)" == "$1" ]]; then
            return 0
        fi
        sleep 0.2
    done
    echo "kill-resume: the save never reached $1 steps" >&2
    tail -30 "$out/app.log" >&2
    return 1
}

wait_for_save() { # wait until the session has started and been saved (any number of steps)
    for _ in $(seq 1 600); do
        if [[ -f "$save" ]] || [[ -f "$data/progress/history.json" ]]; then
            return 0
        fi
        sleep 0.05
    done
    echo "kill-resume: the session was never saved" >&2
    return 1
}

resume_and_compare() { # $1: a name for this point
    cp "$save" "$out/saved-$1.json"
    "$app" --scenarios scenarios --data-dir "$data" --open "$scenario" --carry-on \
        --print-session "$out/restored-$1.json" --screenshot "$out/resumed-$1.png" \
        >>"$out/app.log" 2>&1
    grep -q "carried on" "$out/app.log" || { echo "kill-resume: no 'carried on' in the log" >&2; return 1; }
    python3 "$out/check.py" "$out/saved-$1.json" "$out/restored-$1.json"
}

# 1. Killed at chosen points: after 1 and 5 steps (mid-scene, after an observation), 3 and 9.
for k in 1 3 5 9; do
    rm -rf "$data"
    play "$k"
    wait_for_steps "$k"
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    echo -n "killed after $k steps: "
    resume_and_compare "step-$k"
done

# 2. Killed at random moments while every step is being played and saved.
for delay in 0.3 0.9 1.7; do
    rm -rf "$data"
    play "${#all[@]}"
    wait_for_save
    sleep "$delay"
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    if [[ ! -f "$save" ]]; then
        echo "killed at +${delay}s: already finished (the attempt is in the history)"
        python3 -c "import json,sys; h=json.load(open(sys.argv[1])); assert len(h['attempts']) == 1" \
            "$data/progress/history.json"
        continue
    fi
    held="$(python3 "$out/steps.py" "$save")"
    echo -n "killed at +${delay}s with $held steps saved: "
    resume_and_compare "random-$delay"
done

# 3. Played to the debrief, then killed: the attempt is kept and its save removed.
rm -rf "$data"
play "${#all[@]}"
for _ in $(seq 1 600); do
    [[ -f "$data/progress/history.json" ]] && break
    sleep 0.2
done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
python3 - "$data/progress/history.json" "$save" <<'PY'
import json, os, sys
history = json.load(open(sys.argv[1]))
assert len(history["attempts"]) == 1, history
attempt = history["attempts"][0]
assert attempt["scenario_id"] == "second-chance-contact" and attempt["ending"], attempt
assert not os.path.exists(sys.argv[2]), "the finished session's save is still there"
print(f"finished and killed: the attempt is in the history (ending {attempt['ending'][0]!r}), its save removed")
PY
EOF

echo "== kill-resume: SIGKILL the app mid-scenario and carry on"
status=0
timeout 900 xvfb-run -a -s "-screen 0 1280x800x24" \
    bash "$out/run.sh" "$app" "$out" "$scenario" "$seed" "$steps" "$data" "$save" || status=$?
if ((status != 0)) || grep -q "panicked" "$out/app.log"; then
    echo "kill-resume: failed (exit $status)" >&2
    tail -40 "$out/app.log" >&2
    exit 1
fi
if [[ -n "${KILL_RESUME_KEEP:-}" ]]; then
    mkdir -p "$KILL_RESUME_KEEP"
    cp "$out"/resumed-*.png "$KILL_RESUME_KEEP"/
fi
echo "kill-resume: ok"

#!/usr/bin/env bash
# Smoke test of the desktop app in a real window: Xvfb with Mesa's software Vulkan
# (lavapipe), no GPU needed.
#
#   bash .ci/smoke-app.sh path/to/jigsaw
#
# 1. Plays the shipped scenario to the debrief with --autoplay, saves a screenshot with
#    --screenshot and quits. Fails if the app panics or exits non-zero, if it never reached
#    the debrief, or if the screenshot is missing or blank.
# 2. Leaves the app idle on the library and counts the frames it draws: an idle app must
#    draw nothing (it used to redraw about 35 times a second).
#
# SMOKE_STEPS and SMOKE_SEED override the scripted path, if the shipped scenario changes.
set -euo pipefail
cd "$(dirname "$0")/.."

app="${1:?usage: smoke-app.sh path/to/jigsaw}"
if [[ ! -x "$app" ]]; then
    echo "smoke-app: no executable at $app" >&2
    exit 1
fi
app="$(realpath "$app")"

if ! command -v xvfb-run >/dev/null || ! dpkg-query -W mesa-vulkan-drivers >/dev/null 2>&1; then
    echo "== smoke-app: installing Xvfb and Mesa's software Vulkan"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends xvfb xauth mesa-vulkan-drivers libvulkan1 >/dev/null
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export WGPU_BACKEND=vulkan
# Keep the app's own logs quiet apart from what is checked here.
export RUST_LOG="warn,jigsaw=info,jigsaw::frames=trace"
# A config folder of our own, so the smoke test neither reads nor writes the user's.
export XDG_CONFIG_HOME="$out/config"
# Transcripts the app writes at the end of a session go here, not into the user's data folder.
export XDG_DATA_HOME="$out/data"

scenario="second-chance-contact"
seed="${SMOKE_SEED:-7}"
steps="${SMOKE_STEPS:-look:transfer-record,look:gp-record,1,1,look:hallway,look:watch-ellis,1,1,1,1,1,look:hospital-check,1}"
shot="$out/debrief.png"

echo "== smoke-app: play $scenario to the debrief and take a screenshot"
status=0
timeout 300 xvfb-run -a -s "-screen 0 1280x800x24" \
    "$app" --window-size 1280x800 --scenarios scenarios --open "$scenario" --seed "$seed" \
    --autoplay "$steps" --screenshot "$shot" >"$out/play.log" 2>&1 || status=$?
if ((status != 0)) || grep -q "panicked" "$out/play.log"; then
    echo "smoke-app: the app failed (exit $status):" >&2
    tail -40 "$out/play.log" >&2
    exit 1
fi
if ! grep -q "screen: Debrief" "$out/play.log"; then
    echo "smoke-app: the app never showed the debrief:" >&2
    tail -40 "$out/play.log" >&2
    exit 1
fi
if [[ ! -s "$shot" ]]; then
    echo "smoke-app: no screenshot was saved" >&2
    tail -40 "$out/play.log" >&2
    exit 1
fi

# Decode the PNG with nothing but the standard library and check it is not blank: a
# black or single-colour window means nothing was drawn.
python3 - "$shot" <<'PY'
import struct, sys, zlib

path = sys.argv[1]
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"smoke-app: {path} is not a PNG")
pos, idat, header = 8, b"", None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
width, height, depth, colour, _, _, interlace = header
channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
if depth != 8 or interlace != 0:
    sys.exit(f"smoke-app: unexpected PNG format (depth {depth}, interlace {interlace})")
raw = zlib.decompress(idat)
stride = width * channels
rows, previous, pos = [], bytearray(stride), 0
for _ in range(height):
    kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
    pos += 1 + stride
    for i in range(stride):
        left = line[i - channels] if i >= channels else 0
        up = previous[i]
        corner = previous[i - channels] if i >= channels else 0
        if kind == 1:
            line[i] = (line[i] + left) & 255
        elif kind == 2:
            line[i] = (line[i] + up) & 255
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 255
        elif kind == 4:
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
            line[i] = (line[i] + predictor) & 255
    rows.append(bytes(line))
    previous = line
colours = set()
total, total_sq, n = 0.0, 0.0, 0
for row in rows[::4]:
    for x in range(0, stride, channels * 4):
        pixel = row[x:x + channels]
        colours.add(pixel)
        grey = sum(pixel[:3]) / 3
        total += grey
        total_sq += grey * grey
        n += 1
mean = total / n
deviation = (total_sq / n - mean * mean) ** 0.5
print(f"smoke-app: screenshot {width}x{height}, {len(colours)} colours sampled, "
      f"brightness {mean:.0f} ± {deviation:.1f}")
if len(colours) < 16 or deviation < 5:
    sys.exit("smoke-app: the screenshot is blank")
PY

echo "== smoke-app: the app draws nothing while idle"
log="$out/idle.log"
timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" \
    bash -c '"$1" --scenarios scenarios >"$2" 2>&1 & pid=$!; sleep 10; kill $pid; wait $pid || true' \
    _ "$app" "$log"
count() { grep -c "jigsaw::frames" "$log" || true; }
if grep -q "panicked" "$log"; then
    echo "smoke-app: the app panicked while idle:" >&2
    tail -40 "$log" >&2
    exit 1
fi
# Frames logged in the idle app's last seconds: compare timestamps of the frame lines.
python3 - "$log" <<'PY'
import re, sys
from datetime import datetime

stamps = []
for line in open(sys.argv[1], errors="replace"):
    if "jigsaw::frames" in line:
        match = re.search(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)Z", line)
        if match:
            stamps.append(datetime.fromisoformat(match.group(1)[:26]))
if not stamps:
    sys.exit("smoke-app: the idle app drew no frame at all (did it start?)")
first = stamps[0]
late = [s for s in stamps if (s - first).total_seconds() > 5]
print(f"smoke-app: {len(stamps)} frames while starting, {len(late)} after the first 5 seconds")
if len(late) > 2:
    sys.exit("smoke-app: the idle app keeps redrawing")
PY
echo "smoke-app: passed"

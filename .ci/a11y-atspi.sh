#!/usr/bin/env bash
# The screen-reader test: the real app under Xvfb, in a D-Bus session of its own with the
# AT-SPI accessibility bus, driven through its accessibility tree as Orca would
# (.ci/a11y-atspi.py says what it checks). Needs Debian's dbus, at-spi2-core and
# python3-pyatspi, which .ci/run installs.
#
#   bash .ci/a11y-atspi.sh path/to/jigsaw
set -euo pipefail
cd "$(dirname "$0")/.."

app="${1:?usage: a11y-atspi.sh path/to/jigsaw}"
if [[ ! -x "$app" ]]; then
    echo "a11y-atspi: no executable at $app" >&2
    exit 1
fi
app="$(realpath "$app")"

# Debian's Python, where python3-pyatspi lives (not a pyenv or venv one).
python=/usr/bin/python3
for need in dbus-run-session xvfb-run "$python"; do
    if ! command -v "$need" >/dev/null; then
        echo "a11y-atspi: $need is missing (apt-get install dbus xvfb at-spi2-core python3-pyatspi)" >&2
        exit 1
    fi
done
if ! "$python" -c 'import pyatspi' 2>/dev/null; then
    echo "a11y-atspi: python3-pyatspi is missing (apt-get install at-spi2-core python3-pyatspi)" >&2
    exit 1
fi

echo "== a11y-atspi: play through the accessibility tree (AT-SPI, as a screen reader)"
export WGPU_BACKEND=vulkan
timeout 300 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
    "$python" .ci/a11y-atspi.py "$app"

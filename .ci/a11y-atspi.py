#!/usr/bin/python3
"""Plays Jigsaw the way a screen reader user does, through AT-SPI, as Orca would.

    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
        /usr/bin/python3 .ci/a11y-atspi.py path/to/jigsaw

(.ci/a11y-atspi.sh runs it so.) It turns the session's accessibility on (as Orca does when
it starts), starts the app on the bundled scenarios, and then, reading only the app's
accessibility tree and acting only through AT-SPI's Action interface:

1. finds the library's heading, then its "Open Second-chance contact" button by name and activates it;
2. finds the pre-brief's "Start" button and activates it;
3. reads the first scene from the region that has the focus;
4. finds a choice by its text, checks it is a push button that names its key, and takes it;
5. reads the next scene's text, again from the region that has the focus, and checks it
   against the scenario file;
6. pauses with the top bar's Pause button and finds the "Paused" dialog.

It fails (exit 1) if the app exposes no tree, or any step cannot be done or read.
Debian's python3-pyatspi and at-spi2-core provide the AT-SPI side.
"""

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

import pyatspi  # noqa: E402

SCENARIO_FILE = "scenarios/second-chance-contact.ron"
TITLE = "Second-chance contact"
CHOICE_PREFIX = "Reply by text:"
NEXT_SCENE = "doorstep-guarded"
WINDOW_TITLE = "Jigsaw: safeguarding practice simulator"
TIMEOUT = float(os.environ.get("A11Y_TIMEOUT", "60"))


def fail(message):
    print(f"a11y-atspi: FAIL: {message}", file=sys.stderr)
    raise SystemExit(1)


def turn_accessibility_on():
    """What Orca does on start: tell every toolkit a screen reader is listening."""
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    for prop in ("IsEnabled", "ScreenReaderEnabled"):
        bus.call_sync(
            "org.a11y.Bus",
            "/org/a11y/bus",
            "org.freedesktop.DBus.Properties",
            "Set",
            GLib.Variant("(ssv)", ("org.a11y.Status", prop, GLib.Variant("b", True))),
            None,
            Gio.DBusCallFlags.NONE,
            5000,
            None,
        )


def focus_window(title):
    """Gives the app's window the keyboard focus, as a window manager would on a desktop.
    Xvfb has no window manager, and AT-SPI reports a focused widget only in a focused
    window. Plain Xlib through ctypes: XQueryTree, XFetchName, XSetInputFocus."""
    x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XQueryTree.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
        ctypes.POINTER(ctypes.c_uint),
    ]
    x11.XFetchName.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.POINTER(ctypes.c_char_p),
    ]
    x11.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    display = x11.XOpenDisplay(None)
    if not display:
        fail("cannot open the X display")
    root = x11.XDefaultRootWindow(display)
    parent, root_out = ctypes.c_ulong(), ctypes.c_ulong()
    children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
    x11.XQueryTree(
        display, root, ctypes.byref(root_out), ctypes.byref(parent),
        ctypes.byref(children), ctypes.byref(count),
    )
    for i in range(count.value):
        window = children[i]
        window_name = ctypes.c_char_p()
        if x11.XFetchName(display, window, ctypes.byref(window_name)) and window_name.value:
            if window_name.value.decode("utf-8", "replace") == title:
                # RevertToParent (2), CurrentTime (0).
                x11.XSetInputFocus(display, window, 2, 0)
                x11.XFlush(display)
                return True
    return False


def scene_text(scene_id):
    """The text of a scene, read from the scenario file."""
    source = open(SCENARIO_FILE, encoding="utf-8").read()
    at = source.find(f'id: "{scene_id}"')
    if at < 0:
        fail(f"no scene {scene_id} in {SCENARIO_FILE}")
    match = re.compile(r'text: "((?:[^"\\]|\\.)*)"').search(source, at)
    return match.group(1).replace('\\"', '"')


def walk(node, depth=0):
    """Every node under `node`, depth first."""
    if node is None or depth > 60:
        return
    yield node
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


APP = None


def dump(root, limit=120):
    """The tree as a screen reader sees it: role, name, focus; for a failure's report."""
    lines = []
    for node in walk(root):
        if len(lines) >= limit:
            lines.append("…")
            break
        text = name(node)
        if text or role(node) not in ("panel", "unknown", "filler"):
            mark = " [focused]" if focused(node) else ""
            lines.append(f"  {role(node)}: {text[:100]!r}{mark}")
    return "\n".join(lines)


def wait_for(what, find, timeout=TIMEOUT):
    """Polls `find` until it returns something, as the tree updates."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pyatspi.clearCache()
        found = find()
        if found:
            return found
        time.sleep(0.25)
    if APP is not None:
        print("a11y-atspi: the tree now:\n" + dump(APP), file=sys.stderr)
    fail(f"timed out waiting for {what}")


def role(node):
    try:
        return node.getRoleName()
    except Exception:
        return ""


def name(node):
    try:
        return node.name or ""
    except Exception:
        return ""


def focused(node):
    try:
        return node.getState().contains(pyatspi.STATE_FOCUSED)
    except Exception:
        return False


def by_name(app, test, roles=None):
    for node in walk(app):
        if test(name(node)) and (roles is None or role(node) in roles):
            return node
    return None


def activate(node, label):
    try:
        action = node.queryAction()
    except NotImplementedError:
        fail(f"{label} has no Action interface")
    names = [action.getName(i) for i in range(action.nActions)]
    index = names.index("click") if "click" in names else 0
    if not action.doAction(index):
        fail(f"{label}: doAction({names[index]}) was refused")
    print(f"a11y-atspi: activated {label} ({role(node)}, action {names[index]})")


def main():
    app_path = sys.argv[1]
    turn_accessibility_on()
    data = tempfile.mkdtemp()
    env = dict(os.environ)
    env.update(
        {
            "XDG_CONFIG_HOME": os.path.join(data, "config"),
            "XDG_DATA_HOME": os.path.join(data, "data"),
            "WGPU_BACKEND": env.get("WGPU_BACKEND", "vulkan"),
            "RUST_LOG": env.get("RUST_LOG", "warn"),
        }
    )
    log = open(os.path.join(data, "app.log"), "w")
    proc = subprocess.Popen(
        [app_path, "--scenarios", "scenarios", "--seed", "7", "--window-size", "1280x800"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        run(proc)
    except SystemExit:
        log.flush()
        print("a11y-atspi: the app's log:", file=sys.stderr)
        print(open(os.path.join(data, "app.log")).read()[-4000:], file=sys.stderr)
        raise
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(data, ignore_errors=True)
    print("a11y-atspi: passed")


def run(proc):
    global APP
    app = wait_for("the app on the accessibility bus", lambda: find_app(proc.pid))
    APP = app
    wait_for("the app's window", lambda: focus_window(WINDOW_TITLE))
    print(f"a11y-atspi: found the app on the accessibility bus as {name(app)!r}")

    wait_for(
        "the library's title as a heading",
        lambda: by_name(app, lambda n: n == "Scenario library", {"heading"}),
    )
    print("a11y-atspi: the library's title is a heading")
    open_name = f"Open {TITLE}"
    button = wait_for(
        f"a push button named {open_name!r}",
        lambda: by_name(app, lambda n: n == open_name, {"push button"}),
    )
    activate(button, open_name)

    start = wait_for(
        "the pre-brief's Start button",
        lambda: by_name(app, lambda n: n == "Start", {"push button"}),
    )
    activate(start, "Start")

    first = scene_text("the-file")
    region = wait_for(
        "the first scene's text, with the focus",
        lambda: next(
            (n for n in walk(app) if first in name(n) and focused(n)),
            None,
        ),
    )
    print(f"a11y-atspi: the focus is on the scene ({role(region)}): {name(region)[:70]}…")

    choice = wait_for(
        f"a choice starting {CHOICE_PREFIX!r}",
        lambda: by_name(app, lambda n: n.startswith(CHOICE_PREFIX), {"push button"}),
    )
    description = choice.description or ""
    if not re.fullmatch(r"Key [1-9]", description):
        fail(f"the choice does not name its key (description {description!r})")
    print(f"a11y-atspi: choice {name(choice)[:50]!r}… says {description!r}")
    activate(choice, "the choice")

    expected = scene_text(NEXT_SCENE)
    region = wait_for(
        "the next scene's text, with the focus",
        lambda: next(
            (n for n in walk(app) if expected in name(n) and focused(n)),
            None,
        ),
    )
    print(f"a11y-atspi: read the next scene ({role(region)}): {name(region)[:90]}…")

    pause = wait_for(
        "the Pause button",
        lambda: by_name(app, lambda n: n.startswith("Pause"), {"push button"}),
    )
    activate(pause, "Pause")
    dialog = wait_for(
        "the Paused dialog",
        lambda: by_name(app, lambda n: n == "Paused", {"dialog"}),
    )
    carry_on = by_name(dialog, lambda n: n == "Carry on", {"push button"})
    if carry_on is None or not focused(carry_on):
        fail("the Paused dialog's Carry on button does not have the focus")
    print("a11y-atspi: the Paused dialog is open, with the focus on Carry on")

    if proc.poll() is not None:
        fail(f"the app exited with {proc.returncode}")


if __name__ == "__main__":
    main()

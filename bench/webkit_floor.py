#!/usr/bin/python3
"""The memory floor of any WebKitGTK window on this machine, for comparison with the app.

Opens a GTK window holding one WebKitWebView (the engine Tauri uses on Linux) on a page with a
single line of text, waits until it is idle, then prints the RSS and PSS of this process and its
WebKit children in the same format as the app's `NENGBAO_READY_EXIT` output. Needs Debian's
python3-gi and gir1.2-webkit2-4.1 (both come with the app's build dependencies).

    xvfb-run -a python3 bench/webkit_floor.py [seconds idle, default 5]
"""
import os
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

os.environ.setdefault("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
IDLE = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def field(pid, name, key):
    try:
        with open(f"/proc/{pid}/{name}") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def report():
    rss = pss = 0
    stack = [os.getpid()]
    while stack:
        p = stack.pop()
        with open(f"/proc/{p}/comm") as f:
            name = f.read().strip()
        r, s = field(p, "status", "VmRSS:"), field(p, "smaps_rollup", "Pss:")
        print(f"process {name} rss_kib {r} pss_kib {s}")
        rss, pss = rss + r, pss + s
        stack.extend(children(p))
    print(f"idle_rss_kib {rss}\nidle_pss_kib {pss}", flush=True)
    Gtk.main_quit()


win = Gtk.Window(default_width=1280, default_height=800)
view = WebKit2.WebView()
win.add(view)
view.load_html("<!doctype html><meta charset=utf-8><p>能报</p>", None)
view.connect(
    "load-changed",
    lambda _v, ev: ev == WebKit2.LoadEvent.FINISHED and GLib.timeout_add_seconds(IDLE, report),
)
win.show_all()
Gtk.main()

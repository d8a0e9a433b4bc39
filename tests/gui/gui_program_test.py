#!/usr/bin/python3
"""Runs the real `isokin gui` under Xvfb and checks what it drew and what it recorded.

Modes (one ctest each; every mode must itself run inside `xvfb-run -a`):
  review   screenshot of the review of a simulated H:Q session: the torque trace,
           its legend and the repetition peaks in the trial plot; the H:Q bars and the
           cut-off line; the light theme's white plot background.
  live     screenshot of a live session against the simulator (--start): the live
           torque trace is drawn and the recording, ended when the window closes, is a
           complete file (plain HDF5 open, recording flag 0, counts match).
  xdotool  drives the window: clicks Start, waits, clicks Stop, and finds the trial
           recorded completely (buttons are found by their colours in a screen grab);
           then records a second trial with the Space and Esc shortcuts.
  export   right-clicks the torque plot of a review and picks Export CSV and Export
           PNG: the CSV holds exactly the trial's samples (checked against h5py), the
           PNG is the plot (torque trace, no menu in it).
  dialog   opens a session through the program's own file dialog (Open session...,
           click the file in the listing of the working folder, Open): its torque
           trace appears.
  protorun the guided test run (Live tab, --protocol hq-screen on sim://?speed=20):
           Start stays disabled at each side's position prompt until Enter confirms
           it, Space records each trial, Redo trial records the last one again (the
           file keeps one trial of its id), Report writes the PDF beside the session
           (pdftotext finds the subject id, and no name line), and the file holds every
           trial of the protocol with the protocol's name.
  layout   the review views' layout (--layout: where each plot put its texts) and
           pixels: no label covers a bar value, tick or title in any view; the H:Q
           cut-off line and red zone lie under the 60 deg/s bars (which have a cut-off)
           and not under the 180 deg/s ones (which have none); the fatigue view's
           title and axis title apart, its repetition ticks whole numbers; the
           progress view spaces sessions by date and spans at least 0.2 of H:Q.

The pixel checks use the series colours of gui/plot/plot_style.hpp and gui/app/theme.cpp.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np
from PIL import Image

TORQUE_DARK = (66, 165, 245)
LEFT_DARK = (66, 165, 245)    # plot_style().side_left / side_right
BACKGROUND_DARK = (20, 22, 27)
PEAK_RED = (239, 83, 80)
RIGHT_TEAL = (38, 198, 218)
TORQUE_LIGHT = (21, 101, 192)
START_GREEN = (46, 140, 64)   # ImVec4(0.18, 0.55, 0.25) in live_view.cpp
STOP_RED = (166, 51, 46)      # ImVec4(0.65, 0.20, 0.18)
REST_ORANGE = (255, 191, 76)  # ImVec4(1, 0.75, 0.3): the rest countdown in live_view.cpp
CONFIRM_BLUE = (51, 102, 191)  # ImVec4(0.2, 0.4, 0.75): the test run's position prompt
REDO_ORANGE = (179, 115, 26)   # ImVec4(0.7, 0.45, 0.1): Redo trial
REPORT_PURPLE = (128, 77, 179)  # ImVec4(0.5, 0.3, 0.7): Report


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def near(img, color, tol=24):
    diff = np.abs(img[:, :, :3].astype(int) - np.array(color)).sum(axis=2)
    return diff <= tol


def solid_block(mask, size):
    """True when some size x size block of the mask is entirely set (a filled swatch or bar)."""
    m = mask.astype(np.int32)
    s = m.cumsum(0).cumsum(1)
    s = np.pad(s, ((1, 0), (1, 0)))
    area = s[size:, size:] - s[:-size, size:] - s[size:, :-size] + s[:-size, :-size]
    return bool((area == size * size).any())


def run(cmd, **kw):
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, timeout=120, **kw)


def make_session(isokin, protocol, path):
    run([isokin, "acquire", "--device", "sim://?speed=0", "--protocol", protocol, "--out", path,
         "--subject", "test-athlete", "--body-mass", "75", "--quiet"], stdout=subprocess.DEVNULL)


def check_complete_trial(path, min_samples, trials_expected=1):
    with h5py.File(path, "r") as f:  # a plain open: fails on a file left open for SWMR writing
        trials = f["trials"]
        if len(trials) != trials_expected:
            fail(f"{path}: expected {trials_expected} trial(s), found {len(trials)}")
        trial = trials[sorted(trials)[-1]]
        t = trial["time"][...]
        torque = trial["torque"][...]
        if len(t) < min_samples:
            fail(f"{path}: {len(t)} samples, expected at least {min_samples}")
        if int(trial.attrs["recording"]) != 0:
            fail(f"{path}: trial still marked as recording")
        if int(trial.attrs["count_samples"]) != len(t):
            fail(f"{path}: count_samples {int(trial.attrs['count_samples'])} != {len(t)} samples stored")
        if not np.all(np.diff(t) > 0):
            fail(f"{path}: sample times not increasing")
        if not (torque.max() > 50 and torque.min() < -30):
            fail(f"{path}: torque range {torque.min():.1f}..{torque.max():.1f} is not a knee test")
        print(f"{path}: {len(t)} samples, {t[-1] - t[0]:.2f} s, complete")
        return len(t)


def review_mode(args, work):
    session = os.path.join(work, "session.h5")
    make_session(args.isokin, args.protocol, session)
    with h5py.File(session, "r") as f:
        n_trials = len(f["trials"])
        first = f["trials"][sorted(f["trials"])[0]]
        peak = float(np.max(first["torque"][...]))
    if n_trials != 6 or peak < 100:
        fail(f"the simulated session is not the H:Q screen ({n_trials} trials, peak {peak:.0f} N*m)")

    shot = os.path.join(work, "review.png")
    run([args.isokin, "gui", session, "--screenshot", shot, "--frames", "8", "--size", "1280x800", "--view", "trial"])
    img = np.asarray(Image.open(shot).convert("RGB"))
    if img.shape[:2] != (800, 1280):
        fail(f"screenshot is {img.shape[1]}x{img.shape[0]}, asked 1280x800")
    # The torque plot fills the upper part of the panel area (right of the sidebar).
    region = img[90:330, 300:1280]
    blue = near(region, TORQUE_DARK, 60)
    cols = np.where(blue.any(axis=0))[0]
    rows = np.where(blue.any(axis=1))[0]
    if blue.sum() < 800:
        fail(f"torque trace: only {blue.sum()} torque-coloured pixels in the torque plot")
    if cols.size == 0 or (cols.max() - cols.min()) < 0.7 * region.shape[1]:
        fail("torque trace does not span the time axis")
    if (rows.max() - rows.min()) < 0.5 * region.shape[0]:
        fail("torque trace does not show both extension and flexion lobes")
    # The legend sits in the plot's top-right corner, over the trace (which shows
    # through it only blended), so an exact-colour filled square there is the swatch.
    if not solid_block(near(img[90:200, 1030:1280], TORQUE_DARK, 3), 6):
        fail("no legend swatch of the torque colour")
    if near(region, PEAK_RED, 40).sum() < 40:
        fail("no repetition peak markers")
    print("review trial view: torque trace, legend and peaks present")

    shot = os.path.join(work, "hq.png")
    run([args.isokin, "gui", session, "--screenshot", shot, "--frames", "8", "--size", "1280x800", "--view", "hq"])
    img = np.asarray(Image.open(shot).convert("RGB"))
    bars = img[90:420, 300:1280]
    if not solid_block(near(bars, TORQUE_DARK, 3), 20):
        fail("H:Q: no left-side bar")
    if not solid_block(near(bars, RIGHT_TEAL, 3), 20):
        fail("H:Q: no right-side bar")
    red_rows = np.where(near(bars, PEAK_RED, 40).sum(axis=1) > 100)[0]
    if red_rows.size == 0:
        fail("H:Q: no horizontal cut-off line")
    print("review H:Q view: bars for both sides and the cut-off line present")

    shot = os.path.join(work, "light.png")
    run([args.isokin, "gui", session, "--screenshot", shot, "--frames", "8", "--size", "1280x800", "--theme", "light"])
    img = np.asarray(Image.open(shot).convert("RGB"))
    region = img[90:330, 300:1280]
    if near(region, (255, 255, 255), 0).mean() < 0.4:
        fail("light theme: the plot background is not white")
    if near(region, TORQUE_LIGHT, 60).sum() < 800:
        fail("light theme: no torque trace in its colour")
    print("light theme: white plot with the torque trace")


def live_mode(args, work):
    out = os.path.join(work, "live.h5")
    shot = os.path.join(work, "live.png")
    started = time.monotonic()
    run([args.isokin, "gui", "--device", "sim://", "--start", "--out", out, "--screenshot", shot,
         "--frames", "150", "--size", "1280x800"])
    elapsed = time.monotonic() - started
    img = np.asarray(Image.open(shot).convert("RGB"))
    traces = img[60:400, 380:1280]
    blue = near(traces, TORQUE_DARK, 60)
    if blue.sum() < 500:
        fail(f"live torque trace: only {blue.sum()} torque-coloured pixels")
    cols = np.where(blue.any(axis=0))[0]
    if (cols.max() - cols.min()) < 0.5 * traces.shape[1]:
        fail("live torque trace is too short")
    # 150 frames at most 60 per second: at least 2.5 s of simulated samples at 1 kHz.
    n = check_complete_trial(out, 2000)
    if n > (elapsed + 2) * 1000:
        fail(f"{n} samples in {elapsed:.1f} s: more than the real-time simulator can give")
    print("live view: trace drawn, recording complete")


def rest_mode(args, work):
    """A whole set at 20x speed: it ends by itself, the rest countdown shows, and the
    screenshot comes as soon as it is drawn (the recorded set is loaded for review in
    the background whichever tab is shown)."""
    out = os.path.join(work, "set.h5")
    shot = os.path.join(work, "rest.png")
    started = time.monotonic()
    run([args.isokin, "gui", "--device", "sim://?speed=20", "--start", "--out", out, "--screenshot", shot,
         "--frames", "90", "--size", "1280x800"])
    elapsed = time.monotonic() - started
    if elapsed > 30:
        fail(f"the screenshot took {elapsed:.0f} s: the window waited for something after the set ended")
    img = np.asarray(Image.open(shot).convert("RGB"))
    panel = img[:, :380]
    orange = near(panel, REST_ORANGE, 60)
    if orange.sum() < 20:
        fail(f"no rest countdown in the controls ({orange.sum()} countdown-coloured pixels)")
    check_complete_trial(out, 14000)
    print(f"rest countdown shown after the set, in {elapsed:.1f} s")


def screen_grab():
    png = subprocess.run(["import", "-window", "root", "png:-"], check=True, capture_output=True, timeout=30).stdout
    from io import BytesIO
    return np.asarray(Image.open(BytesIO(png)).convert("RGB"))


def find_button(color, timeout_s):
    """Centre of the largest area of exactly this button colour, waiting until it appears."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        mask = near(screen_grab(), color, 4)
        if mask.sum() > 400:
            ys, xs = np.nonzero(mask)
            return int(np.median(xs)), int(np.median(ys))
        time.sleep(0.3)
    fail(f"no button of colour {color} appeared within {timeout_s} s")


def click(x, y):
    run(["xdotool", "mousemove", str(x), str(y)])
    time.sleep(0.2)
    run(["xdotool", "mousedown", "1", "sleep", "0.1", "mouseup", "1"])
    time.sleep(0.2)
    run(["xdotool", "mousemove", "5", "700"])  # off the button, so its colour is not the hover colour


def xdotool_mode(args, work):
    out = os.path.join(work, "clicked.h5")
    app = subprocess.Popen([args.isokin, "gui", "--device", "sim://", "--out", out, "--size", "1280x800"])
    try:
        x, y = find_button(START_GREEN, 30)  # enabled once the simulator said HELLO
        click(x, y)
        time.sleep(3.0)
        x, y = find_button(STOP_RED, 15)  # enabled while recording
        click(x, y)
        deadline = time.monotonic() + 20
        while True:
            try:
                with h5py.File(out, "r") as f:
                    trial = f["trials"][list(f["trials"])[0]]
                    if int(trial.attrs["recording"]) == 0:
                        break
            except (OSError, KeyError, IndexError):
                pass
            if time.monotonic() > deadline:
                fail("the recording did not finish after Stop")
            time.sleep(0.3)
        n = check_complete_trial(out, 1500)
        if n > 15000:
            fail(f"{n} samples: Stop did not stop the recording")
        # The keyboard shortcuts: Space starts a second recording, Esc stops it. A key
        # is held for a few frames (ImGui 1.86 reads key state once per frame).
        run(["xdotool", "keydown", "space", "sleep", "0.2", "keyup", "space"])
        find_button(STOP_RED, 15)  # Stop enabled: recording
        time.sleep(2.0)
        run(["xdotool", "keydown", "Escape", "sleep", "0.2", "keyup", "Escape"])
        deadline = time.monotonic() + 20
        while True:
            try:
                with h5py.File(out, "r") as f:
                    if len(f["trials"]) == 2:
                        break
            except (OSError, KeyError):
                pass
            if time.monotonic() > deadline:
                fail("Space/Esc did not record a second trial")
            time.sleep(0.3)
        n2 = check_complete_trial(out, 1000, trials_expected=2)
        if n2 > 12000:
            fail(f"{n2} samples: Esc did not stop the recording")
        if app.poll() is not None:
            fail("the dashboard exited on its own")
        app.terminate()  # SIGTERM closes the window cleanly (exit status 130, as for Ctrl-C)
        app.wait(timeout=20)
        if app.returncode not in (0, 130):
            fail(f"the dashboard exited with {app.returncode}")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    print("xdotool: Start and Stop clicked, then Space and Esc: two complete recordings")


def has_button(color):
    return near(screen_grab(), color, 4).sum() > 400


def key(name):
    # Held for a few frames: ImGui 1.86 reads the key state once per frame.
    run(["xdotool", "keydown", name, "sleep", "0.2", "keyup", name])


def trial_ids(path):
    """The trials of a finished session file, or None while it is missing or being replaced."""
    try:
        with h5py.File(path, "r") as f:
            trials = f["trials"]
            if any(int(trials[t].attrs["recording"]) != 0 for t in trials):
                return None
            protocol = f.attrs.get("protocol", "")
            return sorted(trials), protocol.decode() if isinstance(protocol, bytes) else str(protocol)
    except (OSError, KeyError):
        return None


def wait_trials(path, count, timeout_s, after_mtime=None):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        got = trial_ids(path)
        fresh = after_mtime is None or (os.path.exists(path) and os.stat(path).st_mtime_ns != after_mtime)
        if got and len(got[0]) == count and fresh:
            return got
        time.sleep(0.2)
    fail(f"{path}: not {count} finished trials within {timeout_s} s (now {trial_ids(path)})")


def protorun_mode(args, work):
    out = os.path.join(work, "run.h5")
    started = time.monotonic()
    app = subprocess.Popen([args.isokin, "gui", "--device", "sim://?speed=20", "--protocol", args.protocol,
                            "--out", out, "--view", "live", "--size", "1280x800"], cwd=work)
    expected = ["01-left-con-con-60", "02-left-con-con-240", "03-left-ecc-ecc-30",
                "04-right-con-con-60", "05-right-con-con-240", "06-right-ecc-ecc-30"]
    try:
        run(["xdotool", "search", "--sync", "--name", "^isokin$"])
        click(900, 500)  # the traces: focus, no widget
        # Enter begins the run once the simulator said HELLO: its first prompt appears.
        deadline = time.monotonic() + 30
        while not has_button(CONFIRM_BLUE):
            if time.monotonic() > deadline:
                fail("Enter did not begin the test run (no position prompt)")
            key("Return")
            time.sleep(1.0)
        for k in range(1, 7):
            if k in (1, 4):
                if not has_button(CONFIRM_BLUE):
                    fail(f"trial {k}: no position prompt before the side's first trial")
                key("space")  # refused: the athlete is not positioned yet
                time.sleep(1.0)
                now = wait_trials(out, k - 1, 10) if k > 1 else None
                if (k == 1 and os.path.exists(out)) or (now and len(now[0]) != k - 1):
                    fail(f"trial {k}: Space recorded before the position prompt was confirmed")
                if has_button(START_GREEN):
                    fail(f"trial {k}: Start enabled during the position prompt")
                key("Return")
            find_button(START_GREEN, 15)
            key("space")
            wait_trials(out, k, 30)
            print(f"trial {k} recorded", flush=True)
        # Redo the last trial: recorded again under its id, replacing it.
        before = os.stat(out).st_mtime_ns
        x, y = find_button(REDO_ORANGE, 10)
        click(x, y)
        find_button(START_GREEN, 10)
        key("space")
        ids, protocol = wait_trials(out, 6, 30, after_mtime=before)
        if ids != expected:
            fail(f"the session holds {ids}, expected the protocol's {expected}")
        if protocol != "hq-screen":
            fail(f"the session's protocol is '{protocol}'")
        check_complete_trial(out, 1000, trials_expected=6)
        x, y = find_button(REPORT_PURPLE, 15)
        click(x, y)
        pdf = os.path.join(work, "run-report.pdf")
        deadline = time.monotonic() + 30
        while not os.path.exists(pdf):
            if time.monotonic() > deadline:
                fail("Report wrote no PDF beside the session")
            time.sleep(0.3)
        text = subprocess.run(["pdftotext", pdf, "-"], check=True, capture_output=True, text=True, timeout=60).stdout
        if "athlete-01" not in text:
            fail("the report does not name the subject id")
        if "Name:" in text:
            fail("the report prints a name although none was asked for")
        app.terminate()
        app.wait(timeout=20)
        if app.returncode not in (0, 130):
            fail(f"the dashboard exited with {app.returncode}")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    print(f"protocol run: prompts, six trials, redo, report, in {time.monotonic() - started:.1f} s")


def export_mode(args, work):
    session = os.path.join(work, "session.h5")
    make_session(args.isokin, args.protocol, session)
    with h5py.File(session, "r") as f:
        first = f["trials"][sorted(f["trials"])[0]]
        t_true = first["time"][...]
        torque_true = first["torque"][...]
    exports = os.path.join(work, "exports")
    os.mkdir(exports)
    app = subprocess.Popen([args.isokin, "gui", session, "--size", "1280x800", "--view", "trial",
                            "--export-dir", exports])
    try:
        find_button(TORQUE_DARK, 30)  # the trace is on screen once the file is loaded
        time.sleep(0.5)
        for item_dy, ext in ((54, "csv"), (35, "png")):  # menu rows: Fit, Export PNG, Export CSV
            run(["xdotool", "mousemove", "700", "200"])
            time.sleep(0.3)
            run(["xdotool", "mousedown", "3", "sleep", "0.1", "mouseup", "3"])
            time.sleep(0.6)
            run(["xdotool", "mousemove", "730", str(200 + item_dy)])
            time.sleep(0.3)
            run(["xdotool", "mousedown", "1", "sleep", "0.1", "mouseup", "1"])
            deadline = time.monotonic() + 10
            path = os.path.join(exports, f"isokin-torque-time-1.{ext}")
            while not os.path.exists(path):
                if time.monotonic() > deadline:
                    fail(f"no {ext} export appeared")
                time.sleep(0.2)
            time.sleep(0.5)
    finally:
        app.terminate()
        app.wait(timeout=20)
    rows = [line.rstrip("\n").split(",") for line in open(os.path.join(exports, "isokin-torque-time-1.csv"))]
    if rows[0] != ["series", "time (s)", "torque (N·m)"]:
        fail(f"CSV header {rows[0]}")
    torque_rows = [r for r in rows[1:] if r[0] == "torque"]
    if len(torque_rows) != len(t_true):
        fail(f"CSV has {len(torque_rows)} torque rows, the trial {len(t_true)} samples")
    t_csv = np.array([float(r[1]) for r in torque_rows])
    y_csv = np.array([float(r[2]) for r in torque_rows])
    if not (np.allclose(t_csv, t_true, rtol=1e-9, atol=1e-9) and np.allclose(y_csv, torque_true, rtol=1e-8, atol=1e-8)):
        fail("CSV samples differ from the file's")
    png = np.asarray(Image.open(os.path.join(exports, "isokin-torque-time-1.png")).convert("RGB"))
    if png.shape[1] < 600 or png.shape[0] < 120:
        fail(f"PNG export is {png.shape[1]}x{png.shape[0]}, not the plot")
    if near(png, TORQUE_DARK, 60).sum() < 500:
        fail("PNG export has no torque trace")
    menu_highlight = near(png, (66, 150, 250), 3)  # ImGui's header colour behind a hovered menu item
    if solid_block(menu_highlight, 12):
        fail("PNG export shows the context menu")
    print(f"exports: CSV of {len(torque_rows)} samples equal to the file, PNG {png.shape[1]}x{png.shape[0]}")


def dialog_mode(args, work):
    folder = os.path.join(work, "sessions")
    os.mkdir(folder)
    make_session(args.isokin, args.protocol, os.path.join(folder, "session.h5"))
    app = subprocess.Popen([args.isokin, "gui", "--size", "1280x800"], cwd=folder)
    try:
        run(["xdotool", "search", "--sync", "--name", "^isokin$"])
        # Click "Open session..." until the dialog's title bar (ImGui's active title
        # colour) shows: the first frames may not be drawn yet on a busy machine.
        deadline = time.monotonic() + 30
        while near(screen_grab()[118:135, 300:900], (41, 74, 122), 6).sum() < 2000:
            if time.monotonic() > deadline:
                fail("the file dialog did not open")
            click(60, 72)
            time.sleep(1.0)
        click(290, 208)  # the listing: "[..]", then the folder's .h5 files, one row each
        time.sleep(0.5)
        click(284, 661)  # "Open"
        deadline = time.monotonic() + 30
        while near(screen_grab()[90:330, 300:1280], TORQUE_DARK, 60).sum() < 800:
            if time.monotonic() > deadline:
                fail("the session chosen in the file dialog did not open")
            time.sleep(0.5)
    finally:
        app.terminate()
        app.wait(timeout=20)
    print("file dialog: session opened and drawn")


def boxes_overlap(a, b):
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def shot_with_layout(args, work, name, files, view):
    shot = os.path.join(work, name + ".png")
    layout = os.path.join(work, name + ".json")
    run([args.isokin, "gui", *files, "--screenshot", shot, "--layout", layout, "--frames", "8", "--size", "1280x800",
         "--view", view])
    with open(layout) as f:
        boxes = json.load(f)
    return np.asarray(Image.open(shot).convert("RGB")), boxes


def check_no_overlap(boxes, view):
    """No two texts of one plot overlap (ticks of one axis may not either)."""
    by_plot = {}
    for b in boxes:
        by_plot.setdefault(b["plot"], []).append(b)
    for plot, items in by_plot.items():
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if boxes_overlap(a, b):
                    fail(f"{view}: in {plot}, {a['role']} {a['text']!r} overlaps {b['role']} {b['text']!r}")
    return by_plot


def layout_mode(args, work):
    samples = os.path.join(os.path.dirname(args.protocol), "..", "sessions")
    week = [os.path.join(samples, f"rehab-P02-week{w}.h5") for w in ("06", "12", "24")]
    fatigue = os.path.join(samples, "fatigue-P01.h5")

    img, boxes = shot_with_layout(args, work, "hq", [week[0]], "hq")
    plots = check_no_overlap(boxes, "H:Q")
    conv = plots.get("hq-conventional", [])
    labels = [b for b in conv if b["role"] == "line label"]
    values = [b for b in conv if b["role"] == "bar value"]
    ticks = sorted([b for b in conv if b["role"] == "x tick"], key=lambda b: b["x0"])
    title = [b for b in conv if b["role"] == "title"][0]
    # The label sits by its line where it covers nothing, else in the title line.
    named = [b["text"] for b in labels] + (["cut-off 0.47"] if "cut-off 0.47" in title["text"] else [])
    if named != ["cut-off 0.47"] or len(values) != 4 or len(ticks) != 4:
        fail(f"H:Q conventional: cut-off labels {named}, {len(values)} values, {len(ticks)} ticks")
    top, bottom = int(title["y1"]) + 4, int(ticks[0]["y0"]) - 6
    slot = (ticks[1]["x0"] + ticks[1]["x1"] - ticks[0]["x0"] - ticks[0]["x1"]) / 2
    for t in ticks:
        cx = (t["x0"] + t["x1"]) / 2
        gap = img[top:bottom, int(cx + 0.36 * slot):int(cx + 0.46 * slot)]  # beside the bar, inside its slot
        line_rows = np.where(near(gap, PEAK_RED, 40).all(axis=1))[0]
        zone = (gap[:, :, 0].astype(int) - gap[:, :, 2].astype(int)) > 12  # the translucent red zone
        has_cutoff = t["text"].endswith(" 60")
        if has_cutoff and (line_rows.size == 0 or zone.mean() < 0.1):
            fail(f"H:Q: no cut-off line or zone beside the bar {t['text']!r}, which has a cut-off")
        if not has_cutoff and (line_rows.size > 0 or zone.mean() > 0.02):
            fail(f"H:Q: a cut-off line or zone beside the bar {t['text']!r}, which has none")
    print("H:Q: cut-off line and zone only under the bars with a cut-off; its label covers no value")

    img, boxes = shot_with_layout(args, work, "fatigue", [fatigue], "fatigue")
    plots = check_no_overlap(boxes, "fatigue")
    peaks = plots.get("fatigue-peaks", [])
    if not any(b["role"] == "title" for b in peaks) or not any(b["role"] == "y title" for b in peaks):
        fail("fatigue: the peak plot has no title or no y title")
    reps = [b["text"] for b in peaks if b["role"] == "x tick"]
    if len(reps) < 3 or not all(re.fullmatch(r"\d+", r) for r in reps):
        fail(f"fatigue: repetition ticks {reps} are not whole numbers")
    print("fatigue: title and axis title apart, whole repetition ticks")

    img, boxes = shot_with_layout(args, work, "progress", week, "progress")
    plots = check_no_overlap(boxes, "progress")
    hq = plots.get("progress-hq", [])
    dates = sorted([b for b in hq if b["role"] == "x tick"], key=lambda b: b["x0"])
    if [b["text"] for b in dates] != ["2026-03-02", "2026-04-13", "2026-07-06"]:
        fail(f"progress: date ticks {[b['text'] for b in dates]}")
    centre = [(b["x0"] + b["x1"]) / 2 for b in dates]
    ratio = (centre[2] - centre[1]) / (centre[1] - centre[0])  # 84 days against 42
    if abs(ratio - 2) > 0.1:
        fail(f"progress: dates 42 and 84 days apart drawn {ratio:.2f}x apart, not by time")
    yvals = [float(b["text"]) for b in hq if b["role"] == "y tick"]
    if max(yvals) - min(yvals) < 0.15:
        fail(f"progress: the H:Q axis spans only {min(yvals)}..{max(yvals)}")
    print(f"progress: dates spaced by time ({ratio:.2f}), H:Q axis {min(yvals)}..{max(yvals)}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--isokin", required=True)
    p.add_argument("--protocol", required=True)
    p.add_argument("--mode", choices=["review", "live", "rest", "xdotool", "export", "dialog", "layout", "protorun"], required=True)
    args = p.parse_args()
    if not os.environ.get("DISPLAY"):
        fail("no DISPLAY: run under xvfb-run -a")
    with tempfile.TemporaryDirectory(prefix="isokin-gui-") as work:
        {"review": review_mode, "live": live_mode, "rest": rest_mode, "xdotool": xdotool_mode, "export": export_mode, "dialog": dialog_mode, "layout": layout_mode, "protorun": protorun_mode}[args.mode](args, work)
    print("PASS")


if __name__ == "__main__":
    main()

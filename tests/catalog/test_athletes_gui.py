#!/usr/bin/python3
"""The dashboard's Athletes tab under Xvfb (run inside `xvfb-run -a`), on a SQLite
catalogue made with `isokin catalog`:
  1. a screenshot with a person chosen: the H:Q curves of both sides (series colours 0
     and 1) and the LSI curves (2 and 3) are drawn in the progress plots, with the
     cut-off band;
  2. xdotool: New person, type an id and a name, Create: the person is in the catalogue
     (read back with `isokin catalog show`); then typing in the search box narrows the
     list as you type (screen grabs before and after differ in the list);
  3. the chosen person recorded in the Live tab on the simulator (Start clicked): the
     file joins their sessions in the catalogue when the set ends.
usage: test_athletes_gui.py ISOKIN MAKE_SYNTHETIC_SESSIONS"""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

isokin, make = sys.argv[1], sys.argv[2]
# left and right (plot_style().side_left / side_right, one colour per side in every view), then the
# quadriceps and hamstrings LSI series (series colours 2 and 3).
SERIES = [(66, 165, 245), (38, 198, 218), (102, 187, 106), (239, 83, 80)]
START_GREEN = (46, 140, 64)  # the Start button, ImVec4(0.18, 0.55, 0.25) in gui/live/live_view.cpp
# Layout at 1280x800, scale 1 (looked at in a screenshot): the search box and the New
# person button head the list on the left; the id and name fields on the
# right, the notes below them, then Create; the tabs along the top.
SEARCH, NEW, ID, NAME, CREATE, LIVE_TAB = (140, 72), (142, 97), (603, 66), (1030, 66), (300, 236), (151, 39)


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def near(img, color, tol=30):
    return np.abs(img[:, :, :3].astype(int) - np.array(color)).sum(axis=2) <= tol


def grab():
    png = subprocess.run(["import", "-window", "root", "png:-"], check=True, capture_output=True, timeout=30).stdout
    from io import BytesIO
    return np.asarray(Image.open(BytesIO(png)).convert("RGB"))


def xdo(*args):
    subprocess.run(["xdotool", *args], check=True, timeout=30)
    time.sleep(0.3)


def click(x, y):
    xdo("mousemove", str(x), str(y))
    xdo("mousedown", "1", "sleep", "0.1", "mouseup", "1")


with tempfile.TemporaryDirectory(prefix="isokin-athletes-") as tmp:
    catalog = "sqlite:" + os.path.join(tmp, "clinic.sqlite")
    subprocess.run([make, os.path.join(tmp, "p7"), "3", "5", "P7"], check=True, capture_output=True)
    for args in (["edit", "P7", "--name", "Anna Example", "--sport", "handball", "--injury", "2025-11-01,left,ACL rupture"],
                 ["edit", "Q2", "--name", "Other Person", "--sport", "rowing"],
                 ["scan", tmp]):
        subprocess.run([isokin, "catalog", *args, "--catalog", catalog], check=True, capture_output=True)

    # 1. The chosen person's progress.
    shot = os.path.join(tmp, "athletes.png")
    subprocess.run([isokin, "gui", "--view", "athletes", "--catalog", catalog, "--person", "P7", "--size", "1280x800",
                    "--frames", "12", "--screenshot", shot], check=True, timeout=120)
    img = np.asarray(Image.open(shot).convert("RGB"))
    lower = img[img.shape[0] // 3:]
    for k, color in enumerate(SERIES):
        if near(lower, color).sum() < 60:
            fail(f"progress curve of series {k} {color} not drawn ({near(lower, color).sum()} pixels)")
    print("screenshot: H:Q and LSI curves drawn")

    # 2. Create a person with the mouse and keyboard.
    app = subprocess.Popen([isokin, "gui", "--view", "athletes", "--catalog", catalog, "--size", "1280x800"])
    try:
        time.sleep(4)
        before = grab()
        click(*NEW)
        time.sleep(0.5)
        click(*ID)
        xdo("type", "--delay", "60", "NEW-9")
        click(*NAME)
        xdo("type", "--delay", "60", "Zoe Created")
        click(*CREATE)
        deadline = time.monotonic() + 15
        while True:
            r = subprocess.run([isokin, "catalog", "show", "NEW-9", "--catalog", catalog], capture_output=True, text=True)
            if r.returncode == 0 and "Zoe Created" in r.stdout:
                break
            if time.monotonic() > deadline:
                                fail(f"the person created in the dashboard is not in the catalogue: {r.stdout} {r.stderr}")
            time.sleep(0.5)
        # Search as you type: "rowing" leaves only Q2 in the list.
        click(*SEARCH)
        xdo("type", "--delay", "60", "rowing")
        time.sleep(1.0)
        after = grab()
        left_before = before[110:300, 10:280]
        left_after = after[110:300, 10:280]
        if (np.abs(left_before.astype(int) - left_after.astype(int)).sum(axis=2) > 60).sum() < 200:
            fail("the list did not change while typing in the search box")
        if app.poll() is not None:
            fail("the dashboard exited on its own")
        app.terminate()
        app.wait(timeout=20)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    print("xdotool: person created, search narrowed the list")

    # 3. The chosen person is the one the Live tab records, and the recording joins
    #    their sessions in the catalogue as soon as it ends (5 repetitions, simulator).
    live = os.path.join(tmp, "live", "p7-live.h5")
    os.makedirs(os.path.dirname(live))
    app = subprocess.Popen([isokin, "gui", "--view", "athletes", "--catalog", catalog, "--person", "P7",
                            "--device", "sim://", "--out", live, "--size", "1280x800"])
    try:
        time.sleep(3)
        click(*LIVE_TAB)
        deadline = time.monotonic() + 30
        while near(grab(), START_GREEN, 4).sum() < 400:
            if time.monotonic() > deadline:
                fail("no Start button in the Live tab")
            time.sleep(0.5)
        ys, xs = np.nonzero(near(grab(), START_GREEN, 4))
        click(int(np.median(xs)), int(np.median(ys)))
        deadline = time.monotonic() + 90
        while True:
            r = subprocess.run([isokin, "catalog", "sessions", "P7", "--catalog", catalog], capture_output=True, text=True)
            if live in r.stdout:
                break
            if time.monotonic() > deadline or app.poll() is not None:
                fail(f"the live recording did not join P7's sessions: {r.stdout} {r.stderr}")
            time.sleep(1)
        app.terminate()
        app.wait(timeout=20)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    print("live: the recording is in the person's history")
print("ok")

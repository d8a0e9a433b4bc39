"""`isokin report` end to end, checked as pictures: the PDF has the pages the
command announces (pdfinfo), and after pdftoppm the plot regions are not empty:
pixel variance, and the left (blue) and right (teal) series are drawn where the
layout puts them. usage: test_report_pdf.py ISOKIN MAKE_SYNTHETIC_SESSIONS"""
import os
import re
import subprocess
import sys
import tempfile

from PIL import Image, ImageStat

isokin, make = sys.argv[1], sys.argv[2]


def coloured(img, box, side):
    """Pixels in box of the side's hue, the dashboard's light-theme colours: left blue
    (21, 101, 192: blue well above green), right teal (0, 131, 143: green and blue
    together above red). Repetitions are drawn translucent (blended with white), which
    scales the channel differences alike, so the tests compare differences."""
    region = img.crop(box).convert("RGB")
    if side == "left":
        return sum(1 for r, g, b in region.getdata() if b - r > 15 and b - g > 0.3 * (b - r))
    return sum(1 for r, g, b in region.getdata()
               if g - r > 15 and b - g < 0.25 * (g - r) and b - r > 0.4 * (g - r))


LEFT, RIGHT = "left", "right"

with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([make, tmp, "1"], check=True)
    session = os.path.join(tmp, "session-000.h5")
    pdf = os.path.join(tmp, "report.pdf")
    out = subprocess.run([isokin, "report", session, "-o", pdf], check=True, capture_output=True, text=True).stdout
    announced = int(re.search(r"\((\d+) pages\)", out).group(1))
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages == announced, (pages, announced)
    # tables (1 page at least) + one page of torque-angle plots (2 rows) + the summary page
    assert pages >= 3, pages
    assert "DejaVuSans" in subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout

    subprocess.run(["pdftoppm", "-r", "60", "-png", pdf, os.path.join(tmp, "page")], check=True)
    names = sorted(f for f in os.listdir(tmp) if f.startswith("page") and f.endswith(".png"))
    assert len(names) == pages, names
    imgs = [Image.open(os.path.join(tmp, n)) for n in names]
    w, h = imgs[0].size

    # Page 1: the key-measures table fills the upper part: text, not a blank page.
    top = imgs[0].crop((0, int(0.1 * h), w, int(0.4 * h))).convert("L")
    assert ImageStat.Stat(top).stddev[0] > 20, "page 1 looks empty"

    # Torque-angle page (second to last): first row, left cell = left knee (blue
    # repetitions), right cell = right knee (teal).
    ta = imgs[-2]
    left_cell = (int(0.14 * w), int(0.13 * h), int(0.48 * w), int(0.36 * h))
    right_cell = (int(0.56 * w), int(0.13 * h), int(0.93 * w), int(0.36 * h))
    for box in (left_cell, right_cell):
        assert ImageStat.Stat(ta.crop(box).convert("L")).stddev[0] > 10, f"empty plot at {box}"
    assert coloured(ta, left_cell, LEFT) > 50, "no left repetitions drawn"
    assert coloured(ta, right_cell, RIGHT) > 50, "no right repetitions drawn"

    # Summary page: H:Q bars (top third) and left/right bars (middle third) carry both colours.
    s = imgs[-1]
    for name, box in (("H:Q", (0, int(0.08 * h), w, int(0.36 * h))), ("left/right", (0, int(0.37 * h), w, int(0.64 * h)))):
        assert coloured(s, box, LEFT) > 200, f"{name}: no left bars"
        assert coloured(s, box, RIGHT) > 200, f"{name}: no right bars"
    # Fatigue panel (bottom third) has curves: variance above the blank frame's.
    assert ImageStat.Stat(s.crop((int(0.15 * w), int(0.68 * h), int(0.9 * w), int(0.85 * h))).convert("L")).stddev[0] > 10
print("ok")

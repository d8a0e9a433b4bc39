"""`isokin progress`: sessions of one subject sorted by date (given out of order), the
values per session equal to `isokin analyze --json` of each file, a plot written;
mixed subjects refused unless --force-subjects.
usage: test_progress.py ISOKIN MAKE_SYNTHETIC_SESSIONS"""
import json
import os
import subprocess
import sys
import tempfile

isokin, make = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as tmp:
    one, other = os.path.join(tmp, "p7"), os.path.join(tmp, "other")
    subprocess.run([make, one, "3", "5", "P7"], check=True)     # dated 2026-01-10, 2026-02-11, 2026-03-12
    subprocess.run([make, other, "1", "5", "Q9"], check=True)
    files = [os.path.join(one, f"session-{i:03d}.h5") for i in (2, 0, 1)]  # out of date order

    plot = os.path.join(tmp, "progress.png")
    r = subprocess.run([isokin, "progress", *files, "-o", plot], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    rows = [l for l in r.stdout.splitlines() if l.startswith("2026")]
    assert [l.split()[0] for l in rows] == ["2026-01-10", "2026-02-11", "2026-03-12"], r.stdout
    assert os.path.getsize(plot) > 5000
    # Left quadriceps concentric peak at 60 deg/s per session equals the analysis'.
    for line in rows:
        f = line.split()[-1]
        a = json.loads(subprocess.run([isokin, "analyze", f, "--json"], check=True, capture_output=True, text=True).stdout)
        peak = [e["peak_torque_nm"] for t in a["trials"] if t["side"] == "left" for e in t["efforts"]
                if e["muscle"] == "quadriceps" and e["contraction"] == "concentric" and abs(e["velocity_deg_s"] - 60) < 0.5]
        assert len(peak) == 1 and line.split()[1] == f"{peak[0]:.0f}", (line, peak)

    mixed = files + [os.path.join(other, "session-000.h5")]
    r = subprocess.run([isokin, "progress", *mixed], capture_output=True, text=True)
    assert r.returncode == 2 and "subjects" in r.stderr, (r.returncode, r.stderr)
    r = subprocess.run([isokin, "progress", *mixed, "--force-subjects"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
print("ok")

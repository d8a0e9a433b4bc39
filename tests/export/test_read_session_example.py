"""samples/read_session.py (the h5py reading example) reads a session file: the
trials, and the raw torque maxima the synthetic generator put there (200 N*m
extension and 110 N*m flexion at 60 deg/s on the left of file 0), plus every
committed sample file. usage: READ_SESSION_PY MAKE_SYNTHETIC_SESSIONS SAMPLES_DIR"""
import glob
import os
import subprocess
import sys
import tempfile

script, make, samples = sys.argv[1], sys.argv[2], sys.argv[3]
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([make, tmp, "1", "3"], check=True)
    out = subprocess.run(["/usr/bin/python3", script, os.path.join(tmp, "session-000.h5")], check=True,
                         capture_output=True, text=True).stdout
    assert "subject C000" in out, out
    rows = [l.split() for l in out.splitlines() if l.startswith(("1-", "2-", "3-", "4-"))]
    assert len(rows) == 4, out
    left60 = next(r for r in rows if r[0] == "1-left-con-con-60")
    assert left60[1:4] == ["left", "con-con", "60"], left60
    assert abs(float(left60[5]) - 200.0) < 0.05 and abs(float(left60[6]) - 110.0) < 0.05, left60

for path in sorted(glob.glob(os.path.join(samples, "sessions", "*.h5"))):
    out = subprocess.run(["/usr/bin/python3", script, path], check=True, capture_output=True, text=True).stdout
    assert "subject " in out and len(out.splitlines()) >= 3, (path, out)
    assert os.path.getsize(path) < 1_000_000, path
print("ok")

"""export -> import round trip: every trial's CSV, imported back with the command
recorded in session.json, gives the same float64 samples (bit for bit) as the
original file; the JSON format's columns too. usage: ISOKIN MAKE_SYNTHETIC_SESSIONS"""
import json
import os
import shlex
import subprocess
import sys
import tempfile

import h5py
import numpy as np

isokin, make = sys.argv[1], sys.argv[2]
CHANNELS = {"time": "time_s", "torque": "torque_nm", "angle": "angle_deg", "velocity": "velocity_deg_s"}

with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([make, tmp, "1", "3"], check=True)
    original = os.path.join(tmp, "session-000.h5")
    # Noise-like values with long mantissas, so shortest round-trip formatting matters.
    with h5py.File(original, "r") as f:
        ids = list(f["trials"].keys())
        truth = {i: {c: f["trials"][i][c][()] for c in CHANNELS} for i in ids}
    assert len(ids) == 4 and all(len(truth[i]["time"]) > 1000 for i in ids)

    out = os.path.join(tmp, "csv")
    subprocess.run([isokin, "export", original, "--format", "csv", "--out", out], check=True, capture_output=True)
    meta = json.load(open(os.path.join(out, "session.json")))
    assert sorted(t["id"] for t in meta["trials"]) == sorted(ids)
    restored = os.path.join(tmp, "restored.h5")
    for t in meta["trials"]:
        cmd = shlex.split(t["import_command"].replace("SESSION.h5", restored))
        assert cmd[0] == "isokin"
        r = subprocess.run([isokin] + cmd[1:], cwd=out, capture_output=True, text=True)
        assert r.returncode == 0, (cmd, r.stderr)
    with h5py.File(restored, "r") as f:
        assert sorted(f["trials"].keys()) == sorted(ids)
        for i in ids:
            for c in CHANNELS:
                got = f["trials"][i][c][()]
                assert got.dtype == np.float64
                assert np.array_equal(got, truth[i][c]), (i, c, np.max(np.abs(got - truth[i][c])))
            assert f["trials"][i].attrs["side"] in ("left", "right")

    # Analysis tables sit beside the samples and read as numbers.
    header = open(os.path.join(out, "efforts.csv")).readline().strip().split(",")
    assert "peak_torque_nm" in header and "subject_id" in header

    # JSON format: the same columns as arrays.
    jout = os.path.join(tmp, "json")
    subprocess.run([isokin, "export", original, "--format", "json", "--out", jout], check=True, capture_output=True)
    for i in ids:
        doc = json.load(open(os.path.join(jout, i + ".json")))
        for c, name in CHANNELS.items():
            assert np.array_equal(np.array(doc[name], dtype=np.float64), truth[i][c]), (i, c)
    # An existing folder's files are not overwritten without --force.
    r = subprocess.run([isokin, "export", original, "--format", "json", "--out", jout], capture_output=True, text=True)
    assert r.returncode == 2 and "--force" in r.stderr, r.stderr
print("ok")

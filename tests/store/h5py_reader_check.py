"""Independent reader check: h5py (Debian's python3-h5py), not isokin's code, reads what
isokin writes.

1. While isokin_store_test_recorder records a trial, an h5py SWMR reader watches it
   grow and checks every sample it sees.
2. The finished file opens with plain h5py (no SWMR): schema attributes, the four
   datasets with their units, chunked + shuffle + gzip, the trial's attributes as str.
3. A recorder killed with SIGKILL, then recovered, opens with plain h5py and h5dump
   with every sample flushed before the kill.

usage: h5py_reader_check.py RECORDER_HELPER WORK_DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np

helper, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def expected(n):
    """The helper's sample i, recomputed here (see store_test_recorder.cpp)."""
    i = np.arange(n)
    t = i / 1000.0
    return {"time": t, "torque": (i % 1000) * 0.25 - 100, "angle": (i % 360) * 0.5,
            "velocity": (i % 720) - 360.0, "host_time": 1.8e9 + t}


def open_swmr(path, deadline):
    # A reader that comes before the writer has started SWMR fails to open: retry.
    while time.time() < deadline:
        try:
            return h5py.File(path, "r", libver="latest", swmr=True)
        except OSError:
            time.sleep(0.01)
    raise RuntimeError("could not open %s with SWMR in time" % path)


# --- 1. live reading while the writer records ------------------------------------------
live = os.path.join(work, "live.h5")
writer = subprocess.Popen([helper, "record", live, "6000", "200", "40", "finish"], stdout=subprocess.PIPE, text=True)
deadline = time.time() + 30
while not os.path.exists(live) and time.time() < deadline:
    time.sleep(0.005)
f = open_swmr(live, deadline)
sizes_seen = set()
mismatches = 0
while time.time() < deadline:
    if "trials/01-live/torque" not in f:
        time.sleep(0.01)
        continue
    ds = {name: f["trials/01-live/" + name] for name in ("time", "torque", "angle", "velocity")}
    for d in ds.values():
        d.refresh()
    n = min(d.shape[0] for d in ds.values())
    if n > 0:
        sizes_seen.add(n)
        want = expected(n)
        for name, d in ds.items():
            if not np.array_equal(d[:n], want[name]):
                mismatches += 1
    if writer.poll() is not None or n >= 6000:
        break
    time.sleep(0.02)
f.close()
writer.wait(timeout=30)
check(writer.returncode == 0, "recorder helper exited with %s" % writer.returncode)
check(len(sizes_seen) >= 3, "SWMR reader saw the trial grow (sizes seen: %s)" % sorted(sizes_seen))
check(mismatches == 0, "%d live reads differed from the samples written" % mismatches)
print("live: sizes seen by the SWMR reader:", len(sizes_seen), "max", max(sizes_seen) if sizes_seen else 0)

# --- 2. the finished file, plain h5py -----------------------------------------------
with h5py.File(live, "r") as f:  # no swmr, no libver: what any user types
    check(f.attrs["schema"] == "isokin-session" and isinstance(f.attrs["schema"], str), "schema attribute is the str 'isokin-session'")
    check(int(f.attrs["schema_version"]) == 1 and np.issubdtype(f.attrs["schema_version"].dtype, np.integer), "schema_version is the integer 1")
    for name in ("subject_id", "date", "notes", "protocol", "created_by"):
        check(isinstance(f.attrs.get(name), str), "root attribute %s is a str" % name)
    check(f.attrs["subject_id"] == "S-live", "subject_id read back")
    check(float(f.attrs["body_mass_kg"]) == 70.0, "body_mass_kg read back")
    check(list(f["trials"].keys()) == ["01-live"], "one trial group under /trials")
    g = f["trials/01-live"]
    units = {"time": "s", "torque": "N*m", "angle": "deg", "velocity": "deg/s", "host_time": "s"}
    want = expected(6000)
    for name, unit in units.items():
        d = g[name]
        check(d.dtype == np.float64 and d.ndim == 1 and d.shape == (6000,), "%s is float64 [6000], got %s %s" % (name, d.dtype, d.shape))
        check(d.attrs.get("units") == unit, "%s units is %r, got %r" % (name, unit, d.attrs.get("units")))
        check(d.chunks is not None and d.compression == "gzip" and d.shuffle, "%s is chunked, shuffled, gzip" % name)
        check(np.array_equal(d[()], want[name]), "%s values equal the samples written" % name)
    check(g.attrs["side"] == "left" and g.attrs["mode"] == "con-con", "side and mode as str")
    check(float(g.attrs["sample_rate_hz"]) == 1000.0 and float(g.attrs["velocity_ext_deg_s"]) == 60.0, "rates and velocities")
    check(int(g.attrs["count_samples"]) == 6000, "count_samples written at finish")
    check(int(g.attrs["recording"]) == 0, "recording is 0 once finished")
    check("gravity_torque_nm" not in g.attrs, "no gravity attributes when no gravity was weighed")
    check(g["gaps"].shape == (0, 3) and g["gaps"].attrs["columns"] == "start_s,end_s,lost_samples", "empty gaps table")

# --- 3. SIGKILL, then recover ------------------------------------------------------------
killed = os.path.join(work, "killed.h5")
writer = subprocess.Popen([helper, "record", killed, "100000000", "1000", "2", "hang"], stdout=subprocess.PIPE, text=True)
flushed = 0
for line in writer.stdout:
    if line.startswith("flushed"):
        flushed = int(line.split()[1])
        if flushed >= 10000:
            break
writer.send_signal(signal.SIGKILL)
writer.wait()
try:
    h5py.File(killed, "r").close()
    check(False, "a killed recording should not open without SWMR before recovery (deps.md)")
except OSError:
    pass
rec = subprocess.run([helper, "recover", killed], capture_output=True, text=True)
check(rec.returncode == 0, "recover exited with %d: %s" % (rec.returncode, rec.stderr))
with h5py.File(killed, "r") as f:
    g = f["trials/01-live"]
    n = g["torque"].shape[0]
    check(int(g.attrs["recording"]) == 1, "a recovered trial stays marked as cut short (recording = 1)")
    check(n >= flushed, "recovered %d samples, at least the %d flushed before the kill" % (n, flushed))
    want = expected(n)
    for name in ("time", "torque", "angle", "velocity", "host_time"):
        check(np.array_equal(g[name][()], want[name]), "recovered %s equals what was written" % name)
dump = subprocess.run(["h5dump", "-H", killed], capture_output=True)
check(dump.returncode == 0, "h5dump opens the recovered file")
print("kill: flushed", flushed, "recovered", n)

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("all h5py checks passed")

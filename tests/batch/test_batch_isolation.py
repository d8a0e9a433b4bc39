"""`isokin batch` reads every file in a worker process with a timeout, at any --jobs
(one job and a batch of one file included): a file that is empty (no trial, or a
trial with no sample), unfinished (its recording never ended), unreadable, or that
hangs its reader, is an error row and a non-zero exit, never a missing row or a
missing table. usage: ISOKIN MAKE_SYNTHETIC_SESSIONS"""
import csv
import os
import subprocess
import sys
import tempfile
import time

import h5py

isokin, make = sys.argv[1], sys.argv[2]


def rows_of(path):
    return list(csv.DictReader(open(path)))


with tempfile.TemporaryDirectory() as tmp:
    cohort = os.path.join(tmp, "cohort")
    subprocess.run([make, cohort, "3", "3"], check=True, capture_output=True)
    good = os.path.join(cohort, "session-000.h5")
    data = open(good, "rb").read()

    def copy(name):
        path = os.path.join(cohort, name)
        open(path, "wb").write(data)
        return path

    with h5py.File(copy("no-trials.h5"), "r+") as f:
        for tid in list(f["trials"]):
            del f["trials"][tid]
    with h5py.File(copy("empty-trial.h5"), "r+") as f:
        g = f["trials"][sorted(f["trials"])[0]]
        for name in ("time", "torque", "angle", "velocity"):
            attrs = dict(g[name].attrs)
            del g[name]
            ds = g.create_dataset(name, shape=(0,), maxshape=(None,), chunks=(1024,), dtype="f8")
            ds.attrs.update(attrs)
    with h5py.File(copy("unfinished.h5"), "r+") as f:
        f["trials"][sorted(f["trials"])[-1]].attrs["recording"] = 1
    open(os.path.join(cohort, "not-hdf5.h5"), "w").write("text\n")
    # A FIFO nobody writes: opening it blocks for ever (a reader that hangs).
    fifo = os.path.join(tmp, "hangs.h5")
    os.mkfifo(fifo)

    expected = {"no-trials.h5": "no trial", "empty-trial.h5": "no sample", "unfinished.h5": "never finished",
                "not-hdf5.h5": ""}
    for jobs in ("1", "2"):
        out = os.path.join(tmp, f"t{jobs}.csv")
        start = time.monotonic()
        r = subprocess.run([isokin, "batch", cohort, fifo, "--out", out, "--jobs", jobs, "--timeout", "3", "-q"],
                           capture_output=True, text=True, timeout=120)
        elapsed = time.monotonic() - start
        assert r.returncode == 1, (jobs, r.returncode, r.stderr[-2000:])
        assert elapsed < 60, elapsed
        rows = rows_of(out)
        errors = {os.path.basename(x["file"]): x["error"] for x in rows if x["error"]}
        assert set(errors) == set(expected) | {"hangs.h5"}, (jobs, errors)
        for name, words in expected.items():
            assert words in errors[name], (name, errors[name])
            assert name in r.stderr, (name, r.stderr[-2000:])
        # Stopped at the timeout, unless the store already refuses a FIFO by itself.
        assert errors["hangs.h5"], errors
        good_files = {os.path.basename(x["file"]) for x in rows if not x["error"]}
        assert good_files == {"session-000.h5", "session-001.h5", "session-002.h5"}, good_files

    # A batch of one file that hangs: the table is still written, with its error row.
    out = os.path.join(tmp, "one.csv")
    r = subprocess.run([isokin, "batch", fifo, "--out", out, "--timeout", "1", "-q"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 1, (r.returncode, r.stderr)
    rows = rows_of(out)
    assert len(rows) == 1 and rows[0]["file"] == fifo and rows[0]["error"], rows
print("ok")

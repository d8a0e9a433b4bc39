"""`isokin batch` over a cohort with two broken files: it finishes, lists both
(stderr and the error column, exit status 1), and every other row equals what
`isokin analyze --json` gives for that file alone; shards 1..3 concatenate to the
whole table. usage: ISOKIN MAKE_SYNTHETIC_SESSIONS"""
import csv
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

isokin, make = sys.argv[1], sys.argv[2]
N = 30
FIELDS = ["peak_torque_nm", "mean_peak_torque_nm", "peak_torque_per_kg", "total_work_j", "cv_percent",
          "work_fatigue_percent", "fatigue_slope_percent_per_rep"]


def same(cell, value):
    if value is None:
        return cell == ""
    if isinstance(value, bool):
        return cell == ("true" if value else "false")
    if isinstance(value, (int, float)):
        return cell != "" and float(cell) == float(value)  # exact: both are round-trip representations
    return cell == str(value)


with tempfile.TemporaryDirectory() as tmp:
    cohort = os.path.join(tmp, "cohort")
    subprocess.run([make, cohort, str(N), "3"], check=True)
    with open(os.path.join(cohort, "broken-text.h5"), "w") as f:
        f.write("this is not an HDF5 file\n")
    good = os.path.join(cohort, "session-000.h5")
    data = open(good, "rb").read()
    with open(os.path.join(cohort, "broken-truncated.h5"), "wb") as f:
        f.write(data[: len(data) // 3])

    table, ratios = os.path.join(tmp, "table.csv"), os.path.join(tmp, "ratios.csv")
    r = subprocess.run([isokin, "batch", cohort, "--out", table, "--ratios", ratios, "--jobs", "2"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, (r.returncode, r.stderr[-2000:])
    for name in ("broken-text.h5", "broken-truncated.h5"):
        assert name in r.stderr, r.stderr[-2000:]
    # Not a terminal here: plain progress lines, one per file.
    assert r.stderr.count("] ok ") == N and r.stderr.count("] FAILED ") == 2, r.stderr[-2000:]

    rows = list(csv.DictReader(open(table)))
    errors = {os.path.basename(row["file"]): row["error"] for row in rows if row["error"]}
    assert sorted(errors) == ["broken-text.h5", "broken-truncated.h5"], errors
    assert all(errors.values())

    # Row by row against `isokin analyze --json` of each file alone.
    by_file = {}
    for row in rows:
        if not row["error"]:
            by_file.setdefault(row["file"], []).append(row)
    assert len(by_file) == N
    for path, file_rows in by_file.items():
        a = json.loads(subprocess.run([isokin, "analyze", path, "--json"], check=True, capture_output=True,
                                      text=True).stdout)
        efforts = [(t, e) for t in a["trials"] for e in t["efforts"]]
        assert len(efforts) == len(file_rows), (path, len(efforts), len(file_rows))
        for (t, e), row in zip(efforts, file_rows):
            assert row["subject_id"] == a["subject"]["id"] and row["trial_id"] == t["id"]
            assert row["muscle"] == e["muscle"] and row["contraction"] == e["contraction"]
            assert int(row["reps"]) == len(e["reps"])
            for field in FIELDS:
                assert same(row[field], e.get(field)), (path, t["id"], field, row[field], e.get(field))
        ratio_rows = [x for x in csv.DictReader(open(ratios)) if x["file"] == path]
        scalar = [x for x in a["ratios"] if x["kind"] in ("conventional", "functional")]
        assert len(ratio_rows) == len(scalar) > 0
        for x, row in zip(scalar, ratio_rows):
            assert same(row["value"], x["value"]) and row["kind"] == x["kind"]

    # Shards: every shard writes its part; 2..N without a header; together = whole.
    parts = []
    for i in (1, 2, 3):
        out = os.path.join(tmp, f"shard{i}.csv")
        args = [isokin, "batch", cohort, "--out", out, "--shard", f"{i}/3", "-q"]
        if i > 1:
            args.append("--no-header")
        subprocess.run(args, capture_output=True, timeout=120)
        parts.append(open(out).read())
    whole = open(table).read().splitlines()
    joined = "".join(parts).splitlines()
    assert joined[0] == whole[0]
    assert sorted(joined[1:]) == sorted(whole[1:])
print("ok")

"""`isokin batch` over a cohort with two broken files: it finishes, lists both
(stderr and the error column, exit status 1), and every other row equals what
`isokin analyze --json` gives for that file alone; shards 1..3 concatenate to the
whole table. usage: ISOKIN MAKE_SYNTHETIC_SESSIONS

Then the cluster path: shards 1..3 (--shard I/3 and --shard auto from Slurm's
variables, %a in the names) joined by --merge equal the whole batch byte for byte,
error rows included; a missing, doubled or foreign part is refused."""
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

    # Shards: every shard writes a part (%a = its number); --merge joins each table's
    # parts into exactly the bytes of the whole batch, error rows included.
    whole = {t: os.path.join(tmp, f"whole-{t}.csv") for t in ("efforts", "ratios", "bilateral")}
    r = subprocess.run([isokin, "batch", cohort, "--out", whole["efforts"], "--ratios", whole["ratios"],
                        "--bilateral", whole["bilateral"], "-q", "--jobs", "2"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 1, (r.returncode, r.stderr[-2000:])
    part = os.path.join(tmp, "part-{}-%a.csv")
    for i in (1, 2, 3):
        r = subprocess.run([isokin, "batch", cohort, "--out", part.format("efforts"), "--ratios",
                            part.format("ratios"), "--bilateral", part.format("bilateral"), "--shard", f"{i}/3",
                            "-q"], capture_output=True, text=True, timeout=120)
        assert r.returncode in (0, 1), r.stderr[-2000:]
        first = open(part.format("efforts").replace("%a", str(i))).readline()
        assert first.startswith(f"# isokin batch part: shard={i}/3 table=efforts cohort_files={N + 2} "), first
    for t in whole:
        parts = [part.format(t).replace("%a", str(i)) for i in (3, 1, 2)]  # any order
        merged = os.path.join(tmp, f"merged-{t}.csv")
        r = subprocess.run([isokin, "batch", "--merge", *parts, "--out", merged], capture_output=True, text=True,
                           timeout=60)
        # The efforts table holds the two error rows: the merge fails like the batch does.
        assert r.returncode == (1 if t == "efforts" else 0), (t, r.returncode, r.stderr[-2000:])
        assert open(merged, "rb").read() == open(whole[t], "rb").read(), t
        if t == "efforts":
            assert "broken-text.h5" in r.stderr and "broken-truncated.h5" in r.stderr, r.stderr

    # A shard missing, or given twice: refused by name, nothing written.
    efforts_parts = [part.format("efforts").replace("%a", str(i)) for i in (1, 2, 3)]
    bad = os.path.join(tmp, "bad.csv")
    r = subprocess.run([isokin, "batch", "--merge", efforts_parts[0], efforts_parts[2], "--out", bad],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "shard 2" in r.stderr and "missing" in r.stderr, (r.returncode, r.stderr)
    assert not os.path.exists(bad)
    r = subprocess.run([isokin, "batch", "--merge", *efforts_parts, efforts_parts[1], "--out", bad],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "shard 2/3 is given twice" in r.stderr, (r.returncode, r.stderr)
    r = subprocess.run([isokin, "batch", "--merge", efforts_parts[0], part.format("ratios").replace("%a", "2"),
                        efforts_parts[2], "--out", bad], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "table" in r.stderr, (r.returncode, r.stderr)
    assert not os.path.exists(bad)

    # --shard auto: the shard from a Slurm job array's variables (ids 4..6 = shards 1..3).
    auto_part = os.path.join(tmp, "auto-%a.csv")
    for task in (4, 5, 6):
        env = dict(os.environ, SLURM_ARRAY_TASK_ID=str(task), SLURM_ARRAY_TASK_MIN="4", SLURM_ARRAY_TASK_COUNT="3")
        r = subprocess.run([isokin, "batch", cohort, "--out", auto_part, "--shard", "auto", "-q"], env=env,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode in (0, 1), r.stderr[-2000:]
        first = open(auto_part.replace("%a", str(task))).readline()
        assert first.startswith(f"# isokin batch part: shard={task - 3}/3 "), first
        assert open(auto_part.replace("%a", str(task))).read().split("\n", 1)[1] == \
            open(efforts_parts[task - 4]).read().split("\n", 1)[1]
    env = dict(os.environ, SLURM_ARRAY_TASK_ID="9", SLURM_ARRAY_TASK_MIN="4", SLURM_ARRAY_TASK_COUNT="3")
    r = subprocess.run([isokin, "batch", cohort, "--out", bad, "--shard", "auto"], env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2 and "SLURM_ARRAY_TASK_ID=9" in r.stderr, (r.returncode, r.stderr)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLURM_")}
    r = subprocess.run([isokin, "batch", cohort, "--out", bad, "--shard", "auto"], env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2 and "SLURM_ARRAY_TASK_ID is not set" in r.stderr, (r.returncode, r.stderr)
print("ok")

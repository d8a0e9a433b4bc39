#!/usr/bin/python3
"""Text from session files is data, never markup (issue 15, item 6; docs/refused-input.md,
"Text"), checked on the real program with files crafted by h5py from a recorded session:
  - a subject id or a trial name holding escape sequences (ESC, BEL, a newline, a
    right-to-left override) is refused in one line by info, analyze and batch, and
    neither the terminal nor the batch table ever receives the raw control bytes: they
    arrive as printable escapes (\\x1b, \\u202e);
  - ids that a spreadsheet would run as a formula (the id character set allows `@`, `+`,
    `-`) arrive in the batch table and in every CSV of `export` with a leading quote,
    and the export's sample file name made from the trial id stays a plain name.
"""
import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py

CONTROL = [b"\x1b", b"\x07", "\u202e".encode()]


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(cmd):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def crafted(src, dst, subject=None, trial=None):
    shutil.copy(src, dst)
    with h5py.File(dst, "r+") as f:
        if subject is not None:
            f.attrs["subject_id"] = subject
        if trial is not None:
            (old,) = list(f["trials"])
            f.move(f"trials/{old}", f"trials/{trial}")
    return dst


def no_control(what, data):
    for c in CONTROL:
        if c in data:
            fail(f"{what}: raw control bytes {c!r} reached the output: {data[:300]!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--isokin", required=True)
    isokin = ap.parse_args().isokin
    with tempfile.TemporaryDirectory(prefix="isokin-text-") as tmp:
        tmp = Path(tmp)
        session = tmp / "small.h5"
        rc, _, err = run([isokin, "acquire", "--device", "sim://?seed=3", "--subject", "S1", "--side", "left",
                          "--mode", "con-con", "--velocity", "180", "--reps", "2", "--out", session])
        if rc != 0:
            fail(f"acquire: exit {rc}: {err!r}")

        # Escape sequences: refused by name, shown escaped.
        escaped = [crafted(session, tmp / "esc-subject.h5", subject="A\x1b[2J\x07B\nC"),
                   crafted(session, tmp / "esc-trial.h5", trial="x\x1b]0;pwn\x07\u202eY")]
        for path in escaped:
            for command in ("info", "analyze"):
                rc, out, err = run([isokin, command, path])
                if rc != 2:
                    fail(f"{command} {path.name}: exit {rc}, expected 2 (refused input)")
                no_control(f"{command} {path.name}", out + err)
                lines = err.decode().strip().splitlines()
                if len(lines) != 1 or "\\x1b" not in lines[0] or "control character" not in lines[0]:
                    fail(f"{command} {path.name}: expected one line naming the escaped id: {err!r}")
        rc, out, err = run([isokin, "batch", "-q", "-j", "1", "--out", tmp / "esc.csv"] + escaped)
        if rc != 1:
            fail(f"batch over the escaped ids: exit {rc}, expected 1")
        no_control("batch stderr", out + err)
        table = (tmp / "esc.csv").read_bytes()
        no_control("batch table", table)
        rows = list(csv.DictReader(table.decode().splitlines()))
        if len(rows) != 2 or not all("\\x1b" in r["error"] for r in rows):
            fail(f"batch: expected two error rows showing \\x1b: {rows}")

        # Formula-looking ids (allowed characters): neutralised in every CSV.
        formula = crafted(session, tmp / "formula.h5", subject="@SUM(1+1)", trial="-1+1")
        rc, out, err = run([isokin, "info", formula])
        if rc != 0 or b"@SUM(1+1)" not in out:
            fail(f"info of an id made of allowed characters: exit {rc}: {err!r}")
        rc, _, err = run([isokin, "batch", "-q", "-j", "1", "--out", tmp / "formula.csv", formula])
        if rc != 0:
            fail(f"batch over the formula ids: exit {rc}: {err!r}")
        rows = list(csv.DictReader((tmp / "formula.csv").read_text().splitlines()))
        if not rows or any(r["subject_id"] != "'@SUM(1+1)" or r["trial_id"] != "'-1+1" for r in rows):
            fail(f"batch table: ids not neutralised: {[(r['subject_id'], r['trial_id']) for r in rows]}")
        export = tmp / "export"
        rc, _, err = run([isokin, "export", formula, "--out", export])
        if rc != 0:
            fail(f"export: exit {rc}: {err!r}")
        checked = 0
        for table in sorted(export.glob("*.csv")):
            rows = list(csv.DictReader(table.read_text().splitlines()))
            for row in rows:
                for column in ("subject_id", "trial_id"):
                    value = row.get(column)
                    if value is not None and value != {"subject_id": "'@SUM(1+1)", "trial_id": "'-1+1"}[column]:
                        fail(f"export {table.name}: {column} is {value!r}, expected the id with a leading quote")
                    checked += value is not None
            for row in rows:
                for value in row.values():
                    if value and value[0] in "=+@" and value != "+":
                        fail(f"export {table.name}: a cell starts a formula: {value!r}")
        if checked == 0:
            fail("export: no CSV table carried an id")
        names = [p.name for p in export.iterdir()]
        if any(n.startswith(("-", ".", "@", "+")) or "/" in n for n in names):
            fail(f"export file names made from ids: {names}")
        print(f"escape sequences refused and shown escaped; formula ids neutralised in batch and "
              f"{len(list(export.glob('*.csv')))} export CSVs ({checked} id cells)")


if __name__ == "__main__":
    main()

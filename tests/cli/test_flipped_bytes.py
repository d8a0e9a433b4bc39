#!/usr/bin/python3
"""A session file with one byte flipped, 300 times over (issue 15): every command answers
with a one-line message and a documented exit code, and a batch rows every file.

Records a small session with the simulator, writes 300 copies of it, each with one byte
flipped (XOR 0xff): 200 at evenly spaced positions among the metadata bytes (superblock,
object headers, B-trees, heaps: everything that is not a chunk of raw data, found with
h5py) and 100 among the raw chunk bytes. Then:
  - `isokin info` (every copy) and `isokin analyze` (every 10th) exit 0, 1 or 2 within a
    timeout; on failure they print exactly one line, never HDF5's error stack nor a C++
    exception's own text;
  - a crash or hang is allowed only where docs/refused-input.md lists one: libhdf5
    1.10.8 reading a damaged global heap collection (signature GCOL, where HDF5 keeps
    variable-length strings); the flipped byte must then lie inside one;
  - `isokin batch -j 1` and `-j 2` over all 300 write the same table: every file in it,
    a file either with its result rows or with exactly one error row; every copy that
    crashed a single-file command has an error row; exit 1 (some files failed).
"""
import argparse
import concurrent.futures
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py

COPIES_META, COPIES_RAW = 200, 100
RAW_TEXT = ("HDF5-DIAG", "#000:", "terminate called", "what():", "std::", "basic_string", "vector::", "Traceback")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def chunk_bytes(path):
    raw = set()
    with h5py.File(path, "r") as f:
        def visit(_name, obj):
            if isinstance(obj, h5py.Dataset) and obj.chunks:
                for i in range(obj.id.get_num_chunks()):
                    c = obj.id.get_chunk_info(i)
                    raw.update(range(c.byte_offset, c.byte_offset + c.size))
        f.visititems(visit)
    return raw


def global_heaps(data):
    """[begin, end) of every global heap collection: 'GCOL', version, 3 reserved bytes,
    then its size (8 bytes, little-endian, size included)."""
    spans, at = [], data.find(b"GCOL")
    while at >= 0:
        size = int.from_bytes(data[at + 8:at + 16], "little")
        spans.append((at, at + size))
        at = data.find(b"GCOL", at + 4)
    return spans


def run(cmd, timeout_s):
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout_s)
        return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def check_single(command, isokin, path, offset, heaps, timeout_s):
    """None if the answer is as documented, else what is wrong. A crash counts only
    when it is the listed libhdf5 one (returned as 'listed')."""
    rc, out, err = run([isokin, command, str(path)], timeout_s)
    crashed = rc == "timeout" or (isinstance(rc, int) and rc < 0) or "AddressSanitizer" in err
    if crashed:
        if any(b <= offset < e for b, e in heaps):
            return "listed"
        return f"{command} {path.name}: {rc} (flipped byte at {offset}, outside every global heap): {err[:400]}"
    if rc not in (0, 1, 2):
        return f"{command} {path.name}: exit {rc}"
    for raw in RAW_TEXT:
        if raw in err or raw in out:
            return f"{command} {path.name}: raw text '{raw}' in the output: {err[:400]}"
    lines = [ln for ln in err.splitlines() if ln.strip()]
    if rc != 0 and len(lines) != 1:
        return f"{command} {path.name}: exit {rc} with {len(lines)} lines on stderr: {err[:400]}"
    return None


def batch_table(isokin, files, jobs, out, timeout_s):
    cmd = [isokin, "batch", "-j", str(jobs), "--timeout", "20", "-q", "--out", str(out)] + [str(f) for f in files]
    rc, _, err = run(cmd, timeout_s)
    if rc != 1:
        fail(f"batch -j {jobs}: exit {rc}, expected 1 (some files failed): {err[-400:]}")
    if not out.exists():
        fail(f"batch -j {jobs}: no table written")
    with open(out, newline="") as f:
        rows = list(csv.DictReader(f))
    by_file = {}
    for row in rows:
        by_file.setdefault(row["file"], []).append(row)
    names = {str(f) for f in files}
    if set(by_file) != names:
        fail(f"batch -j {jobs}: {len(names - set(by_file))} files without a row, {len(set(by_file) - names)} unknown")
    errors = set()
    for name, file_rows in by_file.items():
        errs = [r for r in file_rows if r["error"]]
        if errs and len(file_rows) != 1:
            fail(f"batch -j {jobs}: {name}: an error row among {len(file_rows)} rows")
        if errs:
            errors.add(name)
    return sorted(tuple(sorted(r.items())) for r in rows), errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--isokin", required=True)
    ap.add_argument("--single-stride", type=int, default=1, help="info on every Nth copy (sanitizer builds: slower)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="isokin-flip-") as tmp:
        tmp = Path(tmp)
        session = tmp / "small.h5"
        rc, _, err = run([args.isokin, "acquire", "--device", "sim://?seed=7", "--subject", "S1", "--side", "left",
                          "--mode", "con-con", "--velocity", "180", "--reps", "2", "--out", str(session)], 60)
        if rc != 0:
            fail(f"acquire: exit {rc}: {err}")
        data = session.read_bytes()
        raw = chunk_bytes(session)
        meta = [i for i in range(len(data)) if i not in raw]
        raw = sorted(raw)
        if len(meta) < COPIES_META or len(raw) < COPIES_RAW:
            fail(f"session too small: {len(meta)} metadata bytes, {len(raw)} chunk bytes")
        heaps = global_heaps(data)
        offsets = [meta[k * len(meta) // COPIES_META] for k in range(COPIES_META)]
        offsets += [raw[k * len(raw) // COPIES_RAW] for k in range(COPIES_RAW)]
        copies = []
        for k, offset in enumerate(offsets):
            flipped = bytearray(data)
            flipped[offset] ^= 0xFF
            path = tmp / f"flip{k:03d}-at{offset}.h5"
            path.write_bytes(flipped)
            copies.append((path, offset))

        jobs = [("info", c) for c in copies[::args.single_stride]] + [("analyze", c) for c in copies[::10]]
        problems, listed = [], set()
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            answers = pool.map(lambda j: (j, check_single(j[0], args.isokin, j[1][0], j[1][1], heaps, 30)), jobs)
            for (command, (path, offset)), verdict in answers:
                if verdict == "listed":
                    listed.add(str(path))
                    print(f"listed libhdf5 crash: {command} {path.name} (global heap byte {offset})")
                elif verdict:
                    problems.append(verdict)
        if problems:
            fail(f"{len(problems)} single-file answers not as documented:\n" + "\n".join(problems[:20]))

        files = [c[0] for c in copies]
        table1, errors1 = batch_table(args.isokin, files, 1, tmp / "batch-j1.csv", 300)
        table2, errors2 = batch_table(args.isokin, files, 2, tmp / "batch-j2.csv", 300)
        if table1 != table2:
            fail("batch -j 1 and -j 2 wrote different tables")
        if not listed <= errors1:
            fail(f"files that crashed a single-file command without an error row: {sorted(listed - errors1)}")
        if not errors1 or len(errors1) == len(files):
            fail(f"{len(errors1)} of {len(files)} copies refused: the flips did not reach the reader")
        print(f"{len(files)} flipped copies: {len(errors1)} refused by batch, {len(listed)} crashes inside "
              f"libhdf5's global heap (listed), {len(jobs)} single-file runs answered as documented")


if __name__ == "__main__":
    main()

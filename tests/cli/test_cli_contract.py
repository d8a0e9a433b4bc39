#!/usr/bin/python3
"""The `isokin` command line contract (docs: README "Command line", isokin(1)).

Modes (one ctest each):
  errors      every parse error exits 2 with one line naming the command and the option;
              --help and --version exit 0; an unknown command is named with the known ones
  ranges      one quantity has one range in every command's --help, and that range is
              the one enforced (a value just outside is refused, the limit itself passes)
  outputs     an output name with an unknown extension is refused before anything is
              written (report -o out.docx, progress -o p.txt, batch --out t.xlsx, ...)
  queries     a query that matches nothing says so and exits 1 (progress --velocity 300)
  duplicates  a file given twice, also under another spelling or through a folder and a
              link, is read once (progress, batch)
"""
import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def isokin(args, *cmd, cwd=None):
    r = subprocess.run([args.isokin, *cmd], capture_output=True, text=True, timeout=120, cwd=cwd)
    print(f"+ isokin {' '.join(cmd)}  -> {r.returncode}")
    return r


def expect(r, code, *words):
    if r.returncode != code:
        fail(f"exit {r.returncode}, expected {code}; stderr: {r.stderr!r}")
    for w in words:
        if w not in r.stderr:
            fail(f"the message does not name {w!r}: {r.stderr!r}")


def one_line_error(r, *words):
    expect(r, 2, *words)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    if len(lines) != 1:
        fail(f"{len(lines)} lines on stderr, expected one: {r.stderr!r}")
    if r.stdout.strip():
        fail(f"a parse error also printed on stdout: {r.stdout!r}")


def errors_mode(args, work):
    session = args.sessions[0]
    cases = [
        (["acquire", "--device", "sim://", "--out", "x.h5", "--velocity", "700"], ["isokin acquire", "--velocity", "700"]),
        # A day that does not exist, at acquire's door as at import's.
        (["acquire", "--device", "sim://", "--out", "x.h5", "--date", "2026-02-29"], ["--date", "2026-02-29", "exists"]),
        (["analyze", session, "--bogus"], ["isokin analyze", "--bogus"]),
        (["analyze", session, "--filter-hz", "abc"], ["isokin analyze", "--filter-hz", "abc"]),
        (["report", session], ["isokin report", "--out"]),          # a required option missing
        (["import", "--out", "x.h5"], ["isokin import", "FILE"]),       # a required positional missing
        (["progress", os.path.join(work, "missing.h5")], ["isokin progress", "missing.h5"]),
        (["export", session, "--out", "d", "--format", "xml"], ["isokin export", "--format", "xml"]),
    ]
    for cmd, words in cases:
        one_line_error(isokin(args, *cmd, cwd=work), *words)
    for cmd in (["--help"], ["report", "--help"], ["acquire", "--help"]):
        r = isokin(args, *cmd)
        expect(r, 0)
        if "Usage" not in r.stdout and "Options" not in r.stdout and "OPTIONS" not in r.stdout:
            fail(f"isokin {' '.join(cmd)} printed no help")
    r = isokin(args, "--version")
    expect(r, 0)
    if not re.search(r"isokin \d+\.\d+", r.stdout):
        fail(f"--version printed {r.stdout!r}")
    r = isokin(args, "frobnicate")
    one_line_error(r, "'frobnicate'", "acquire", "analyze", "report", "progress", "batch")
    if "subcommand is required" in r.stderr:
        fail("an unknown command reported as a missing one")
    one_line_error(isokin(args), "command", "acquire", "report")
    print("errors: exit 2 on one line naming command and option; help and version exit 0")


def help_ranges(text):
    """{option: range text} from CLI11's help: '--velocity FLOAT:FLOAT in [1 - 500]'."""
    ranges = {}
    for line in text.splitlines():
        m = re.match(r"\s*(?:-\w,)?(--[\w-]+)\s+\S+\s+in \[([^\]]+)\]", line)
        if m:
            ranges[m.group(1)] = m.group(2).replace(" ", "")
    return ranges


def commands(args):
    r = isokin(args, "--help")
    names = re.findall(r"^\s{2}(\w+)\s", r.stdout.split("Subcommands:")[-1], re.M)
    if len(names) < 8:
        fail(f"found only {names} in the help's list of commands")
    return names


def ranges_mode(args, work):
    seen = {}  # option -> {range: [commands]}
    for name in commands(args):
        for option, rng in help_ranges(isokin(args, name, "--help").stdout).items():
            seen.setdefault(option, {}).setdefault(rng, []).append(name)
    for option, by_range in seen.items():
        if len(by_range) > 1:
            fail(f"{option} has different ranges: {by_range}")
    for option in ("--velocity", "--gravity-angle", "--body-mass", "--filter-hz"):
        if option not in seen:
            fail(f"{option}: no range in any command's --help")
    print("ranges in --help:", {o: list(r)[0] for o, r in seen.items()})
    if list(seen["--velocity"]) != ["1-500"] or list(seen["--gravity-angle"]) != ["-30-150"]:
        fail(f"velocity {seen['--velocity']}, gravity angle {seen['--gravity-angle']}")

    # The help's range is the one enforced: just outside is a parse error naming the option.
    csv_file = os.path.join(work, "in.csv")
    base = ["import", csv_file, "--out", os.path.join(work, "o.h5"), "--side", "left", "--mode", "con-con"]
    for extra, option in ((["--velocity", "0.5"], "--velocity"), (["--velocity", "501"], "--velocity"),
                          (["--velocity", "60", "--gravity-torque", "10", "--gravity-angle", "151"], "--gravity-angle"),
                          (["--velocity", "60", "--gravity-torque", "10", "--gravity-angle", "-31"], "--gravity-angle")):
        one_line_error(isokin(args, *base, *extra), option)
    for extra in (["--velocity", "500", "--gravity-torque", "10", "--gravity-angle", "150"],
                  ["--velocity", "1", "--gravity-torque", "10", "--gravity-angle", "-30"]):
        r = isokin(args, *base, *extra)  # passes the parse; the missing CSV is refused next
        expect(r, 2, "in.csv")
        if "--velocity" in r.stderr or "--gravity-angle" in r.stderr:
            fail(f"a value at the limit refused: {r.stderr!r}")
    for cmd in (["acquire", "--device", "sim://?speed=0", "--out", os.path.join(work, "a.h5"), "--velocity", "0"],
                ["acquire", "--device", "sim://?speed=0", "--out", os.path.join(work, "a.h5"), "--gravity-torque", "5",
                 "--gravity-angle", "170"],
                ["progress", args.sessions[0], "--velocity", "1000"]):
        one_line_error(isokin(args, *cmd), cmd[-2])
    print("ranges enforced as printed")


def outputs_mode(args, work):
    session = args.sessions[0]
    cases = [
        (["report", session, "-o", "out.docx"], [".docx", "--out"]),
        (["report", session, "-o", "out.PDFX"], [".pdfx"]),
        (["progress", *args.sessions, "-o", "p.txt"], [".txt", "--out"]),
        (["batch", session, "--out", "t.xlsx"], [".xlsx", "--out"]),
        (["batch", session, "--out", "t.csv", "--ratios", "r.json"], [".json", "--ratios"]),
        (["acquire", "--device", "sim://?speed=0", "--out", "s.txt"], [".txt", "--out"]),
        (["import", "x.csv", "--out", "s.csv", "--side", "left", "--mode", "con-con", "--velocity", "60"], [".csv", "--out"]),
    ]
    if "gui" in commands(args):  # not in the sanitizer build
        cases.append((["gui", "--screenshot", "shot.jpg"], [".jpg", "--screenshot"]))
    for cmd, words in cases:
        one_line_error(isokin(args, *cmd, cwd=work), *words)
    left = os.listdir(work)
    if left:
        fail(f"a refused command wrote {left}")
    r = isokin(args, "report", session, "-o", "Report.PDF", cwd=work)  # any case of a known extension
    expect(r, 0)
    if not os.path.exists(os.path.join(work, "Report.PDF")):
        fail("report -o Report.PDF wrote nothing")
    print("unknown output extensions refused, nothing written")


def queries_mode(args, work):
    r = isokin(args, "progress", *args.sessions)
    expect(r, 0)
    r = isokin(args, "progress", *args.sessions, "--velocity", "300")
    expect(r, 1, "300", "no session")
    if re.search(r"\d", r.stdout):
        fail(f"a query that matched nothing printed a table: {r.stdout!r}")
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    if len(lines) != 1 or "60" not in lines[0]:
        fail(f"the message should say which speeds there are, on one line: {r.stderr!r}")
    print("progress at a speed never tested: exit 1, says so and lists the speeds")


def table_rows(text):
    return [l for l in text.splitlines() if re.match(r"\d{4}-\d\d-\d\d ", l)]


def duplicates_mode(args, work):
    a, b = args.sessions[0], args.sessions[1]
    once = table_rows(isokin(args, "progress", a, b).stdout)
    if len(once) != 2:
        fail(f"progress of two sessions printed {len(once)} rows")
    folder = os.path.join(work, "cohort")
    os.mkdir(folder)
    copy = os.path.join(folder, os.path.basename(a))
    shutil.copy(a, copy)
    link = os.path.join(work, "link.h5")
    os.symlink(copy, link)
    odd = os.path.join(folder, "..", "cohort", ".", os.path.basename(a))  # another spelling
    r = isokin(args, "progress", copy, b, odd, link, "./cohort/" + os.path.basename(a), cwd=work)
    expect(r, 0, "read once")
    rows = table_rows(r.stdout)
    if len(rows) != 2:
        fail(f"progress with one file given four ways printed {len(rows)} rows:\n{r.stdout}")

    single = os.path.join(work, "single.csv")
    expect(isokin(args, "batch", copy, "--out", single, "--quiet"), 0)
    twice = os.path.join(work, "twice.csv")
    r = isokin(args, "batch", folder, odd, link, "--out", twice, "--quiet")
    expect(r, 0, "read once")
    n_single = len(list(csv.reader(open(single))))
    n_twice = len(list(csv.reader(open(twice))))
    if n_single != n_twice or n_single < 3:
        fail(f"batch: {n_twice} lines with the file given three ways, {n_single} with it once")
    print("duplicates read once (progress, batch)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--isokin", required=True)
    p.add_argument("--sessions", nargs=2, required=True, help="two sessions of one subject (samples/sessions)")
    p.add_argument("--mode", choices=["errors", "ranges", "outputs", "queries", "duplicates"], required=True)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="isokin-cli-") as work:
        {"errors": errors_mode, "ranges": ranges_mode, "outputs": outputs_mode, "queries": queries_mode,
         "duplicates": duplicates_mode}[args.mode](args, work)
    print("PASS")


if __name__ == "__main__":
    main()

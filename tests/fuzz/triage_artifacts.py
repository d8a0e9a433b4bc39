#!/usr/bin/python3
"""Replays each artifact a fuzzer left (crash-*, timeout-*, oom-*, leak-*) in that fuzzer,
symbolizes the stack and says whose bug it is.

    triage_artifacts.py FUZZER ARTIFACT_DIR [--report FILE] [--allow-hdf5]

The first frame that is neither libFuzzer, a sanitizer runtime nor a system library
(libc, libstdc++, zlib, ...) decides: isokin's code (src/, device/, analysis/, the fuzz
target itself) or libhdf5. With --allow-hdf5 (the session reader, whose input goes
through libhdf5 1.10.8, a library isokin cannot fix) a crash or hang inside libhdf5 is
listed, not failed; everything else fails the run (exit 1): a crash in isokin, a crash
nobody can be blamed for, and every libhdf5 crash without --allow-hdf5. The list
(artifact, what happened, top frames) goes to stdout and to --report, for
docs/refused-input.md.
"""
import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ISOKIN_DIRS = tuple(str(REPO / d) for d in ("src", "device", "analysis", "tests/fuzz"))
# Compiled in build-fuzz through relative paths (build-fuzz/tests/fuzz/../../../src/...).
FRAME = re.compile(r"^\s*#(\d+) 0x[0-9a-f]+ +(?:in (?P<func>.*?) )?(?P<loc>\S+|\([^()]*\))$")
ERROR = re.compile(r"==\d+==\s*ERROR: (?P<what>.*)$")
UBSAN = re.compile(r"^(?P<loc>\S+:\d+:\d+): runtime error: (?P<what>.*)$")
RUNTIME_PREFIXES = ("__interceptor_", "__asan", "__lsan", "__ubsan", "__sanitizer", "fuzzer::", "__libc_",
                    "__restore_rt", "_start", "main")
SYSTEM_MODULES = re.compile(r"/lib(c|m|stdc\+\+|gcc_s|z|sz|aec|deflate|pthread|dl|crypto|curl)[.-]")


def frame_location(raw):
    """(function, file or module) of one stack line, or None if it is not a frame."""
    line = re.sub(r" \(BuildId: [0-9a-f]+\)$", "", raw.rstrip())
    m = FRAME.match(line)
    if not m:
        return None
    loc = m.group("loc")
    func = m.group("func") or ""
    module = re.match(r"^\((.*)\+0x[0-9a-f]+\)$", loc)
    return func, (module.group(1) if module else loc), bool(module)


def owner(func, where, is_module):
    """isokin, hdf5, or None for a frame that decides nothing."""
    if func.startswith(RUNTIME_PREFIXES) or "compiler-rt" in where or "libFuzzer" in where:
        return None
    if "libhdf5" in where or re.match(r"^H5[A-Z]", func):
        return "hdf5"
    path = os.path.normpath(where.split(":")[0]) if not is_module else ""
    if path.startswith(ISOKIN_DIRS):
        return "isokin"
    return None  # libc, libstdc++ (also its inlined headers), zlib, the fuzzer's own runtime


def first_stack(lines, start):
    """The frames of the first stack printed after line `start`."""
    frames, seen = [], False
    for raw in lines[start:]:
        f = frame_location(raw)
        if f:
            frames.append(f)
            seen = True
        elif seen:
            break
    return frames


def triage(fuzzer, artifact, timeout_s):
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = "detect_leaks=1:symbolize=1:" + env.get("ASAN_OPTIONS", "")
    env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
    for sym in ("/usr/bin/llvm-symbolizer-14", "/usr/lib/llvm-14/bin/llvm-symbolizer"):
        if os.path.exists(sym):
            env["ASAN_SYMBOLIZER_PATH"] = sym
            break
    cmd = [fuzzer, "-timeout=10", "-rss_limit_mb=2048", str(artifact)]
    try:
        run = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout_s)
        out, rc = run.stdout.decode("utf-8", "replace"), run.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b"").decode("utf-8", "replace"), None
    lines = out.splitlines()
    what, start = None, 0
    for i, line in enumerate(lines):
        m = ERROR.search(line) or UBSAN.match(line)
        if m:
            what, start = m.group("what"), i
            if UBSAN.match(line):
                loc = UBSAN.match(line).group("loc")
                frames = [("", loc, False)] + first_stack(lines, i + 1)
                break
            frames = first_stack(lines, i + 1)
            break
    else:
        frames = []
    if rc == 0:
        return {"artifact": artifact.name, "what": "did not reproduce (exit 0)", "owner": "none", "frames": []}
    if rc is None:
        what = what or f"no answer in {timeout_s} s (hang outside libFuzzer's own timeout)"
    owners = [owner(*f) for f in frames]
    decided = next((o for o in owners if o), "unknown")
    top = [f for f, o in zip(frames, owners) if o][:6]
    return {"artifact": artifact.name, "what": what or f"exit {rc}", "owner": decided, "frames": top}


def describe(f):
    func, where, is_module = f
    if is_module:
        return f"{func or '??'} ({os.path.basename(where)})"
    return f"{func} {os.path.relpath(os.path.normpath(where.split(':')[0]), REPO)}:{':'.join(where.split(':')[1:2])}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fuzzer")
    ap.add_argument("artifacts")
    ap.add_argument("--report")
    ap.add_argument("--allow-hdf5", action="store_true")
    ap.add_argument("--timeout", type=int, default=60)
    args = ap.parse_args()
    files = sorted(p for p in Path(args.artifacts).iterdir()
                   if p.is_file() and re.match(r"^(crash|timeout|oom|leak)-", p.name))
    results = [triage(args.fuzzer, p, args.timeout) for p in files]
    failed = [r for r in results if r["owner"] in ("isokin", "unknown") or (r["owner"] == "hdf5" and not args.allow_hdf5)]
    report = []
    for r in results:
        verdict = "FAIL" if r in failed else "listed"
        report.append(f"- {r['artifact']}: {r['what']} [{r['owner']}, {verdict}]")
        report += [f"    {describe(f)}" for f in r["frames"]]
    text = "\n".join(report)
    name = os.path.basename(args.fuzzer)
    summary = (f"{name}: {len(files)} artifacts, {sum(r['owner'] == 'hdf5' for r in results)} inside libhdf5, "
               f"{sum(r['owner'] == 'none' for r in results)} not reproduced, {len(failed)} failing")
    print(text + ("\n" if text else "") + summary)
    if args.report:
        Path(args.report).write_text(text + "\n" + summary + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

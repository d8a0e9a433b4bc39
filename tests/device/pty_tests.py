#!/usr/bin/python3
"""End-to-end device tests over real pseudo-terminals.

    pty_tests.py BIN_DIR CASE

Each case starts a device (isokin-devsim, or the independent python_device.py), runs
`isokin acquire` against it, and checks the HDF5 file with h5py against the device's
own record of what it sent (--log-truth / --truth): every sample, bit for bit (float32
on the wire), and the link counts.
"""
import csv
import glob
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = sys.argv[1]
ISOKIN = os.path.join(BIN, "isokin")
DEVSIM = os.path.join(BIN, "isokin-devsim")
WORK = tempfile.mkdtemp(prefix="isokin-device-")


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def start_device(args):
    """Starts a device process; returns (process, path the host opens)."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    path = proc.stdout.readline().strip()
    check(path, f"device printed no path: {proc.stderr.read() if proc.poll() is not None else ''}")
    return proc, path


def devsim(*extra, truth="truth.csv"):
    return start_device([DEVSIM, "--log-truth", os.path.join(WORK, truth), *extra])


def python_device(*extra, truth="truth.csv"):
    return start_device(["/usr/bin/python3", os.path.join(HERE, "python_device.py"), "--truth",
                         os.path.join(WORK, truth), *extra])


def acquire(uri, *extra, out="rec.h5", timeout=60, expect_ok=True):
    path = os.path.join(WORK, out)
    r = subprocess.run([ISOKIN, "acquire", "--device", uri, "--out", path, "--force", *extra],
                       capture_output=True, text=True, timeout=timeout)
    if expect_ok:
        check(r.returncode == 0, f"acquire exit {r.returncode}: {r.stdout}\n{r.stderr}")
    return r, path


def read_truth(name="truth.csv", fates=("sent",)):
    rows = list(csv.DictReader(open(os.path.join(WORK, name))))
    if rows and "fate" in rows[0]:
        kept = [r for r in rows if r["fate"] in fates]
    else:
        kept = rows
    return rows, kept


def only_trial(path):
    f = h5py.File(path, "r")  # plain open: no SWMR, no options
    trials = list(f["trials"])
    check(len(trials) == 1, f"expected one trial, found {trials}")
    return f, f["trials"][trials[0]]


def compare(trial, truth_rows, first_t_us=None):
    """Every recorded sample equals the truth row of the same device time, in order."""
    t_us = np.array([int(r["t_us"]) for r in truth_rows], dtype=np.int64)
    base = t_us[0] if first_t_us is None else first_t_us
    expect = {
        "time": (t_us - base) / 1e6,
        "torque": np.array([np.float32(r["torque_nm"]) for r in truth_rows], dtype=np.float64),
        "angle": np.array([np.float32(r["angle_deg"]) for r in truth_rows], dtype=np.float64),
        "velocity": np.array([np.float32(r["velocity_deg_s"]) for r in truth_rows], dtype=np.float64),
    }
    for name, values in expect.items():
        got = trial[name][:]
        check(len(got) == len(values), f"{name}: {len(got)} samples recorded, {len(values)} sent")
        if name == "time":
            bad = np.flatnonzero(np.abs(got - values) > 1e-9)
        else:
            bad = np.flatnonzero(got != values)
        check(bad.size == 0, f"{name}: {bad.size} samples differ, first at {bad[:1]}: {got[bad[:1]]} vs {values[bad[:1]]}")


def attr(trial, name):
    return int(trial.attrs[name])


def finish(proc):
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --- cases -----------------------------------------------------------------------

def Devsim_FrameMode_RecordsExactlyTheSamplesSent():
    proc, path = devsim("--sim", "rate=1000&speed=4&seed=3", "--count", "3000")
    acquire(f"serial://{path}?format=frame")
    finish(proc)
    _, sent = read_truth()
    check(len(sent) == 3000, f"devsim sent {len(sent)}")
    f, trial = only_trial(os.path.join(WORK, "rec.h5"))
    compare(trial, sent)
    for key in ("count_corrupt_frames", "count_lost_frames", "count_lost_samples", "count_reconnects"):
        check(attr(trial, key) == 0, f"{key} = {attr(trial, key)}")
    check(attr(trial, "count_samples") == 3000, "count_samples")
    check(trial.attrs["device_model"] == "isokin-devsim", "device_model from HELLO")


def Devsim_LineMode_RecordsExactlyTheSamplesSent():
    proc, path = devsim("--format", "line", "--sim", "rate=1000&speed=4&seed=4", "--count", "2100")
    acquire(f"serial://{path}?format=auto", "--duration", "2.0")
    proc.kill()
    finish(proc)
    _, sent = read_truth()
    f, trial = only_trial(os.path.join(WORK, "rec.h5"))
    compare(trial, sent[:2000])
    check(trial.attrs["device_model"] == "isokin-devsim", "metadata comment became the model")


def PythonDevice_FrameMode_RecordsExactlyTheSamplesSent():
    proc, path = python_device("--format", "frame", "--rate", "500", "--count", "1500", "--per-frame", "7")
    r, out = acquire(f"serial://{path}")
    finish(proc)
    check("model python-device, serial PY-1, firmware 0.9, 500 Hz" in r.stdout, f"HELLO not shown: {r.stdout}")
    _, sent = read_truth()
    check(len(sent) == 1500, f"python device sent {len(sent)}")
    f, trial = only_trial(out)
    compare(trial, sent)
    check(attr(trial, "count_corrupt_frames") == 0 and attr(trial, "count_lost_frames") == 0, "clean link")


def PythonDevice_SamplesBeforeStart_NotInTheTrial():
    # A device still streaming an earlier run when the host opens it: those frames, sent
    # right after HELLO, are no part of the trial; everything after START is.
    proc, path = python_device("--format", "frame", "--rate", "500", "--count", "600", "--stale-frames", "20")
    r, out = acquire(f"serial://{path}")
    finish(proc)
    _, sent = read_truth()
    f, trial = only_trial(out)
    check(not np.any(trial["torque"][:] == 999.0), "samples sent before START were recorded")
    compare(trial, sent)


def PythonDevice_LineMode_RecordsExactlyTheSamplesSent():
    proc, path = python_device("--format", "line", "--rate", "500", "--count", "1100")
    r, out = acquire(f"serial://{path}?format=line", "--duration", "2.0")
    proc.kill()
    finish(proc)
    _, sent = read_truth()
    f, trial = only_trial(out)
    compare(trial, sent[:1000])
    check(trial.attrs["device_model"] == "python-device", "metadata from # model=")


def PythonDevice_WireCorruptionAndDrops_KeepsEveryGoodSampleAndCountsEachFault():
    # The independent device: every 37th SAMPLES frame gets a flipped bit on the wire,
    # every 53rd is never written (its seq is spent). Frames of 7 samples at 1 kHz.
    proc, path = python_device("--format", "frame", "--rate", "1000", "--count", "7000", "--per-frame", "7",
                               "--corrupt-every", "37", "--drop-every", "53")
    r, out = acquire(f"serial://{path}")
    finish(proc)
    rows, sent = read_truth()
    corrupt = sum(1 for r in rows if r["fate"] == "corrupt")
    dropped = sum(1 for r in rows if r["fate"] == "dropped")
    check(corrupt > 0 and dropped > 0, f"faults not injected: {corrupt} corrupt, {dropped} dropped samples")
    f, trial = only_trial(out)
    compare(trial, sent, first_t_us=int(rows[0]["t_us"]))
    check(attr(trial, "count_corrupt_frames") == corrupt // 7,
          f"corrupt frames {attr(trial, 'count_corrupt_frames')} != {corrupt // 7}")
    check(attr(trial, "count_lost_frames") == dropped // 7,
          f"lost frames {attr(trial, 'count_lost_frames')} != {dropped // 7} (corrupt ones are counted as corrupt)")
    check(attr(trial, "count_lost_samples") == corrupt + dropped,
          f"lost samples {attr(trial, 'count_lost_samples')} != {corrupt + dropped}")
    check(f"corrupt frames {corrupt // 7}" in r.stdout, f"the summary does not show the corrupt count: {r.stdout}")


def Devsim_OnePercentCorruption_LosesOnlyCorruptFramesAndCountsThem():
    proc, path = devsim("--sim", "rate=5000&speed=4&seed=5", "--count", "30000", "--samples-per-frame", "10",
                        "--corrupt-rate", "0.01", "--fault-seed", "42")
    acquire(f"serial://{path}?format=frame")
    finish(proc)
    rows, sent = read_truth()
    corrupt_samples = sum(1 for r in rows if r["fate"] == "corrupt")
    check(corrupt_samples > 0, "no frame was corrupted: the test would prove nothing")
    f, trial = only_trial(os.path.join(WORK, "rec.h5"))
    compare(trial, sent, first_t_us=int(rows[0]["t_us"]))
    check(attr(trial, "count_corrupt_frames") == corrupt_samples // 10,
          f"corrupt frames {attr(trial, 'count_corrupt_frames')} != {corrupt_samples // 10}")
    check(attr(trial, "count_lost_frames") == 0, f"lost frames {attr(trial, 'count_lost_frames')}")
    check(attr(trial, "count_lost_samples") == corrupt_samples, "lost samples = samples in corrupt frames")


def Devsim_DroppedFrames_CountedAsLostFramesAndSamples():
    proc, path = devsim("--sim", "rate=5000&speed=4&seed=6", "--count", "20000", "--samples-per-frame", "10",
                        "--drop-rate", "0.01", "--fault-seed", "7")
    acquire(f"serial://{path}?format=frame")
    finish(proc)
    rows, sent = read_truth()
    dropped = sum(1 for r in rows if r["fate"] == "dropped")
    check(dropped > 0, "nothing dropped")
    f, trial = only_trial(os.path.join(WORK, "rec.h5"))
    compare(trial, sent, first_t_us=int(rows[0]["t_us"]))
    check(attr(trial, "count_lost_frames") == dropped // 10, f"lost frames {attr(trial, 'count_lost_frames')} != {dropped // 10}")
    check(attr(trial, "count_lost_samples") == dropped, "lost samples")
    # One gap per run of consecutive dropped frames, its lost samples those of the run.
    fates = [r["fate"] for r in rows]
    runs = sum(1 for i, fate in enumerate(fates) if fate == "dropped" and (i == 0 or fates[i - 1] != "dropped"))
    gaps = trial["gaps"][:]
    check(len(gaps) == runs, f"{len(gaps)} gaps marked, {runs} runs of dropped frames")
    check(int(round(gaps[:, 2].sum())) == dropped, "gaps' lost samples add up to the dropped samples")


def Devsim_DisconnectAndReturn_KeepsEverySampleBeforeAndAfter():
    link = os.path.join(WORK, "dyno")
    proc, path = devsim("--link", link, "--sim", "rate=1000&speed=1&seed=8", "--count", "4000",
                        "--disconnect-at", "1.5", "--return-after", "1.0")
    check(path == link, "devsim prints the link")
    acquire(f"serial://{link}?format=frame", timeout=60)
    finish(proc)
    rows, sent = read_truth()
    offline = sum(1 for r in rows if r["fate"] == "offline")
    check(offline > 500, f"only {offline} samples offline: the disconnect did not happen")
    f, trial = only_trial(os.path.join(WORK, "rec.h5"))
    compare(trial, sent, first_t_us=int(rows[0]["t_us"]))
    check(attr(trial, "count_reconnects") == 1, f"reconnects {attr(trial, 'count_reconnects')}")
    check(attr(trial, "count_lost_samples") == offline, f"lost samples {attr(trial, 'count_lost_samples')} != {offline}")


def Devsim_Stall_LosesNothing():
    proc, path = devsim("--sim", "rate=2000&speed=2&seed=9", "--count", "6000", "--stall-ms-at", "0.5",
                        "--stall-ms", "400")
    acquire(f"serial://{path}?format=frame")
    finish(proc)
    _, sent = read_truth()
    check(len(sent) == 6000, "devsim sent everything")
    f, trial = only_trial(os.path.join(WORK, "rec.h5"))
    compare(trial, sent)
    check(attr(trial, "count_lost_samples") == 0, "a stall loses nothing")


def Devsim_ImpossibleStart_ShowsDeviceMessageAndFails():
    proc, path = python_device("--format", "frame", "--rate", "500", "--count", "100", "--max-velocity", "300")
    r, out = acquire(f"serial://{path}", "--velocity", "450", expect_ok=False)
    proc.kill()
    finish(proc)
    check(r.returncode != 0, "acquire succeeded against a refusing device")
    check("velocity 450 deg/s exceeds this dynamometer's 300 deg/s" in r.stderr,
          f"device message not shown word for word: {r.stderr!r}")


def PythonDevice_ErrorMidTrial_FileWholeMessageShown():
    proc, path = python_device("--format", "frame", "--rate", "500", "--count", "5000", "--per-frame", "10",
                               "--fail-after", "600")
    r, out = acquire(f"serial://{path}", expect_ok=False)
    proc.kill()
    finish(proc)
    check(r.returncode == 1, f"exit {r.returncode} after a device fault")
    check("load cell overload: torque above 500 N*m, test stopped" in r.stderr, f"message not word for word: {r.stderr!r}")
    _, sent = read_truth()
    f, trial = only_trial(out)  # finished: a plain open works
    compare(trial, sent)
    check(attr(trial, "count_samples") == len(sent), "counts stored")


def _record_then_signal(sig):
    proc, path = devsim("--sim", "rate=1000&speed=1&seed=10")
    out = os.path.join(WORK, "killed.h5")
    rec = subprocess.Popen([ISOKIN, "acquire", "--device", f"serial://{path}", "--out", out, "--force"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3.0)
    rec.send_signal(sig)
    stdout, stderr = rec.communicate(timeout=30)
    proc.kill()
    finish(proc)
    return rec.returncode, stdout, stderr, out


def dead_pid():
    """A pid that certainly is gone: a child that has exited and been reaped."""
    child = subprocess.Popen(["/bin/true"])
    child.wait()
    return child.pid


def wait_for(pattern, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = glob.glob(pattern)
        if found:
            return found
        time.sleep(0.1)
    fail(f"nothing matched {pattern} within {timeout} s")


def Acquire_Sigkill_RecoverKeepsEveryFlushedSample():
    code, _, _, out = _record_then_signal(signal.SIGKILL)
    check(code == -signal.SIGKILL, f"acquire was not killed ({code})")
    # The recording went to a working file beside the target, renamed only when whole:
    # a killed one leaves that file, which `isokin recover TARGET` finds and makes whole.
    check(not os.path.exists(out), "a killed recording must not stand in for the target")
    left = glob.glob(os.path.join(WORK, ".killed.h5.tmp-*"))
    check(len(left) == 1, f"expected the working file beside the target, found {left}")
    working = left[0]

    # Another writer in the folder cleans up stale temporaries: this one holds samples, so
    # it is kept, and the writer says how to recover it.
    r = run("acquire", "--device", "sim://?speed=0&seed=4&rate=200", "--reps", "1", "--out",
            os.path.join(WORK, "other.h5"), "--force")
    check(r.returncode == 0, f"second acquire: {r.stdout}{r.stderr}")
    check(os.path.exists(working), "the stale-file cleanup deleted a killed recording's working file")
    check(f"isokin recover {out}" in r.stderr, f"the kept working file is not reported: {r.stderr!r}")

    # A live recording in the same folder: recover's cleanup must leave its working file alone.
    live_out = os.path.join(WORK, "live.h5")
    live = subprocess.Popen([ISOKIN, "acquire", "--device", "sim://?speed=1&seed=5&rate=200", "--out", live_out,
                             "--duration", "60", "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        live_working = wait_for(os.path.join(WORK, ".live.h5.tmp-*"))

        # Two candidates (a second working file of a dead process): recover lists them, exit 2.
        twin = os.path.join(WORK, f".killed.h5.tmp-{dead_pid()}-7")
        with open(working, "rb") as src, open(twin, "wb") as dst:
            dst.write(src.read())
        r = run("recover", out)
        check(r.returncode == 2, f"two candidates: exit {r.returncode}: {r.stdout}{r.stderr}")
        check(os.path.basename(working) in r.stderr and os.path.basename(twin) in r.stderr and "--from" in r.stderr,
              f"candidates not listed: {r.stderr!r}")
        check(not os.path.exists(out), "recover wrote the target without knowing which file to use")
        os.remove(twin)

        r = run("recover", out)
        check(r.returncode == 0, f"recover failed: {r.stdout}{r.stderr}")
        check(os.path.basename(working) in r.stdout, f"recover does not say which file it used: {r.stdout!r}")
        check(not os.path.exists(working), "the working file is still there after recovery")
        check(all(os.path.exists(p) for p in live_working), "recover's cleanup removed a live recording's working file")
        check(live.poll() is None, "the live recording ended early")
    finally:
        live.send_signal(signal.SIGINT)
        live.communicate(timeout=60)
    check(live.returncode == 130, f"live acquire exit {live.returncode}")
    check(os.path.exists(live_out), "the live recording was not finished")

    _, sent = read_truth()
    f, trial = only_trial(out)  # plain h5py open after recover
    n = len(trial["time"])
    # 3 s of recording at 1 kHz, flushed at least once a second: at least ~1.5 s kept.
    check(n >= 1000, f"only {n} samples survived the kill")
    compare(trial, sent[:n])


def Acquire_Sigint_StopsCleanlyWithWholeFile():
    code, stdout, stderr, out = _record_then_signal(signal.SIGINT)
    check(code == 130, f"exit {code} after Ctrl-C: {stderr}")
    check("samples" in stdout, "counts printed")
    _, sent = read_truth()
    f, trial = only_trial(out)
    n = len(trial["time"])
    check(n >= 2000, f"only {n} samples recorded before Ctrl-C")
    check(attr(trial, "count_samples") == n, "counts stored as attributes")
    compare(trial, sent[:n])


def Acquire_SimProtocol_RecordsEveryTrial():
    protocol = os.path.join(HERE, "..", "..", "samples", "protocols", "hq-screen.toml")
    r, out = acquire("sim://?speed=0&seed=2", "--protocol", protocol, "--subject", "T1", timeout=60)
    f = h5py.File(out, "r")
    trials = list(f["trials"])
    check(len(trials) == 6, f"6 trials expected (3 per side), got {trials}")
    for name in trials:
        t = f["trials"][name]
        check(int(t.attrs["reps_requested"]) == 5, f"{name}: reps")
        check(len(t["time"]) > 1000, f"{name}: samples")
        check(np.all(np.diff(t["time"][:]) > 0), f"{name}: time not increasing")


def Acquire_Replay_ReproducesTheRecordedTrial():
    r, first = acquire("sim://?speed=0&seed=12&rate=500", "--reps", "2", "--velocity", "120", out="first.h5")
    r, second = acquire(f"replay://{first}?speed=0", "--reps", "2", out="second.h5")
    a = h5py.File(first, "r")["trials"]
    b = h5py.File(second, "r")["trials"]
    ta, tb = a[list(a)[0]], b[list(b)[0]]
    for name in ("torque", "angle", "velocity"):
        x, y = ta[name][:], tb[name][:]
        check(len(y) >= len(x) - 1 and len(y) > 500, f"{name}: replay gave {len(y)} of {len(x)} samples")
        check(np.array_equal(np.float32(x[:len(y)]), y[:len(x)]), f"{name}: replayed values differ")
    check(np.allclose(ta["time"][:len(tb["time"])], tb["time"][:len(ta["time"])], atol=1e-6), "replayed times differ")


def sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def listing():
    return sorted(os.listdir(WORK))


def run(*args, timeout=60):
    return subprocess.run([ISOKIN, *args], capture_output=True, text=True, timeout=timeout)


def good_session(name="good.h5"):
    """A finished two-trial session to protect."""
    protocol = os.path.join(HERE, "..", "..", "samples", "protocols", "hq-screen.toml")
    r, out = acquire("sim://?speed=0&seed=21&rate=200", "--protocol", protocol, out=name)
    return out


def Acquire_ForceWithRefusedSettingOrMissingPort_OldFileIdentical():
    good = good_session()
    before, files = sha256(good), listing()
    # An impossible velocity is refused by the command line (exit 2), a missing port by the device layer (exit 1).
    for uri, extra, why, code in [("sim://?speed=0", ["--velocity", "700"], "an impossible velocity", 2),
                                  ("serial:///dev/isokin-no-such-port", [], "a missing serial port", 1)]:
        r = run("acquire", "--device", uri, "--out", good, "--force", *extra)
        check(r.returncode == code, f"{why}: exit {r.returncode}: {r.stdout}{r.stderr}")
        check(sha256(good) == before, f"{why}: --force changed the good file")
        check(listing() == files, f"{why}: stray files: {set(listing()) ^ set(files)}")
    # Without --force, into a new name: no junk file either.
    new = os.path.join(WORK, "new.h5")
    r = run("acquire", "--device", "sim://?speed=0", "--out", new, "--velocity", "700")
    check(r.returncode == 2 and "700" in r.stderr, f"exit {r.returncode}: {r.stderr}")
    check(not os.path.exists(new) and listing() == files, f"junk left: {set(listing()) ^ set(files)}")
    # A device that accepts START, then leaves before any sample: still nothing replaced.
    proc, path = python_device("--format", "frame", "--rate", "500", "--count", "100", "--leave-after", "1")
    r = run("acquire", "--device", f"serial://{path}", "--out", good, "--force", "--reconnect-timeout", "1")
    finish(proc)
    check(r.returncode == 1, f"exit {r.returncode}: {r.stdout}{r.stderr}")
    check(sha256(good) == before, "a device that left before its first sample replaced the good file")


def PythonDevice_SendsThenLeaves_TrialEndsWithinReconnectTimeout():
    # 1500 samples at 500 Hz (3 s), 0.8 s of silence, then the device is gone for good.
    # --duration 8 would wait for device time that never comes (the wall-clock bound only
    # at 9 s): the reconnect timeout (2 s) ends it at about 6 s.
    proc, path = python_device("--format", "frame", "--rate", "500", "--count", "5000", "--leave-after", "1500")
    t0 = time.monotonic()
    r, out = acquire(f"serial://{path}", "--duration", "8", "--reconnect-timeout", "2", expect_ok=False, timeout=30)
    took = time.monotonic() - t0
    finish(proc)
    check(r.returncode == 1, f"exit {r.returncode}: {r.stdout}{r.stderr}")
    check(took < 8.5, f"took {took:.1f} s: the reconnect timeout did not end the trial")
    lines = [l for l in (r.stdout + r.stderr).splitlines() if "device left at" in l]
    check(lines, f"no line says when the device left: {r.stdout}{r.stderr}")
    _, sent = read_truth()
    check(len(sent) == 1500, f"device sent {len(sent)}")
    f, trial = only_trial(out)  # finished: plain h5py open
    compare(trial, sent)
    check(attr(trial, "count_samples") == 1500, "counts stored")


def PythonDevice_StopUnanswered_TrialFinishedWithCounts():
    proc, path = python_device("--format", "frame", "--rate", "500", "--count", "3000", "--stop-reply", "none")
    r, out = acquire(f"serial://{path}", "--duration", "1.0", expect_ok=False)
    proc.kill()
    finish(proc)
    check(r.returncode == 1, f"a STOP without answer must fail the command: exit {r.returncode}")
    check("no STATUS within 2 s of STOP" in r.stderr, f"STOP failure not shown: {r.stderr!r}")
    _, sent = read_truth()
    f, trial = only_trial(out)
    n = len(trial["time"])
    check(n == 500, f"{n} samples for 1.0 s at 500 Hz")
    compare(trial, sent[:n])
    check(attr(trial, "count_samples") == n, "counts stored although STOP failed")
    check("gaps" in trial, "gaps written")


def PythonDevice_StopRefused_TrialFinishedWithCounts():
    proc, path = python_device("--format", "frame", "--rate", "500", "--count", "3000", "--stop-reply", "error")
    r, out = acquire(f"serial://{path}", "--duration", "1.0", expect_ok=False)
    proc.kill()
    finish(proc)
    check(r.returncode == 1, f"exit {r.returncode}")
    check("STOP refused: brake fault" in r.stderr, f"device's STOP error not word for word: {r.stderr!r}")
    f, trial = only_trial(out)
    check(attr(trial, "count_samples") == len(trial["time"]) == 500, "counts stored")


def Acquire_AppendAndRedo_ReplaceAtomically():
    first = os.path.join(WORK, "session.h5")
    acquire("sim://?speed=0&seed=31&rate=200", "--reps", "2", "--subject", "S1", out="session.h5")
    r = run("acquire", "--device", "sim://?speed=0&seed=32&rate=200", "--out", first, "--append", "--reps", "2",
            "--side", "right")
    check(r.returncode == 0, f"--append: {r.stdout}{r.stderr}")
    f = h5py.File(first, "r")
    check(list(f["trials"]) == ["01-left-con-con-60", "02-right-con-con-60"], f"trials {list(f['trials'])}")
    check(f.attrs["subject_id"] == "S1", "the file's subject kept")
    right = f["trials/02-right-con-con-60/torque"][:]
    left = f["trials/01-left-con-con-60/torque"][:]
    f.close()
    r = run("acquire", "--device", "sim://?speed=0&seed=33&rate=200", "--out", first, "--redo", "01-left-con-con-60")
    check(r.returncode == 0, f"--redo: {r.stdout}{r.stderr}")
    f = h5py.File(first, "r")
    check(sorted(f["trials"]) == ["01-left-con-con-60", "02-right-con-con-60"], f"trials after redo {list(f['trials'])}")
    redone = f["trials/01-left-con-con-60"]
    check(not np.array_equal(redone["torque"][:len(left)], left[:len(redone['torque'])]), "trial 01 was not recorded again")
    check(int(redone.attrs["reps_requested"]) == 2, "redo takes the trial's own settings (2 repetitions)")
    check(np.array_equal(f["trials/02-right-con-con-60/torque"][:], right), "the other trial changed")
    f.close()
    before, files = sha256(first), listing()
    for args in (["--redo", "01-left-con-con-60", "--velocity", "700"], ["--redo", "99-nope"],
                 ["--append", "--velocity", "700"]):
        r = run("acquire", "--device", "sim://?speed=0", "--out", first, *args)
        check(r.returncode != 0, f"{args}: succeeded")
        check(sha256(first) == before and listing() == files, f"{args}: the file or folder changed")
    r = run("acquire", "--device", "sim://?speed=0", "--out", os.path.join(WORK, "none.h5"), "--append")
    check(r.returncode == 2 and "no such session file" in r.stderr, f"append to nothing: {r.returncode} {r.stderr}")


def Acquire_Replay_TakesTheRecordedTrialsSettings():
    r, first = acquire("sim://?speed=0&seed=41&rate=200", "--side", "right", "--mode", "ecc-ecc", "--velocity", "30",
                       "--reps", "2", out="rec-right.h5")
    r, second = acquire(f"replay://{first}?speed=0", out="replayed.h5")
    f, trial = only_trial(second)
    check(trial.name.endswith("01-right-ecc-ecc-30"), f"replayed as {trial.name}")
    check(trial.attrs["side"] == "right" and trial.attrs["mode"] == "ecc-ecc", "side and mode from the recording")
    check(float(trial.attrs["velocity_ext_deg_s"]) == 30 and int(trial.attrs["reps_requested"]) == 2, "speeds, reps")
    src = h5py.File(first, "r")["trials/01-right-ecc-ecc-30"]
    check(np.isclose(float(trial.attrs["gravity_torque_nm"]), float(src.attrs["gravity_torque_nm"])), "limb weight")
    r, third = acquire(f"replay://{first}?speed=0", "--side", "left", out="overridden.h5")
    f, trial = only_trial(third)
    check(trial.attrs["side"] == "left" and trial.attrs["mode"] == "ecc-ecc", "an option overrides, the rest stays")


def Acquire_ReplayOfNanTime_RefusedNamingFileTrialSample():
    r, first = acquire("sim://?speed=0&seed=42&rate=200", "--reps", "1", out="nan-src.h5")
    with h5py.File(first, "r+") as f:
        f["trials/01-left-con-con-60/time"][7] = float("nan")
    r, out = acquire(f"replay://{first}?speed=0", out="nan-out.h5", expect_ok=False)
    # The store refuses the damaged source at its read door: bad input, exit 2.
    check(r.returncode == 2, f"exit {r.returncode}: {r.stdout}{r.stderr}")
    for part in (first, "01-left-con-con-60", "sample 7"):
        check(part in r.stderr, f"'{part}' not named: {r.stderr!r}")
    check(not os.path.exists(out), "a file was written")


if __name__ == "__main__":
    case = sys.argv[2]
    globals()[case]()
    print("ok", case)

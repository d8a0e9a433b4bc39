#!/usr/bin/python3
"""End-to-end tests of the bridge firmware: its own .elf in simavr, recorded by isokin.

    bridge_tests.py BIN_DIR BRIDGE_SIM ELF CASE

bridge_sim runs the ELF with its UART on a pty and drives the three ADC inputs from
a waveform: a session recorded from the simulator (sim://), mapped to volts through
the front end of docs/hardware.md. `isokin calibrate` and `isokin acquire
serial://PTY` talk to it as to a real board. Checks rely on the device clock and the
harness's own log of what it applied to each sampling burst (truth.csv), never on
wall time: simavr runs slower than the chip on a loaded machine.
"""
import atexit
import csv
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time

import h5py
import numpy as np

BIN, BRIDGE_SIM, ELF, CASE = sys.argv[1:5]
ISOKIN = os.path.join(BIN, "isokin")
BRIDGE_BENCH = os.path.join(os.path.dirname(BRIDGE_SIM), "bridge_bench")
WORK = tempfile.mkdtemp(prefix="isokin-bridge-")

# The dynamometer's analog outputs (chosen for the test, typical of a ±10 V
# interface) and the ±10 V front end of docs/hardware.md: V_pin = 2.5 + V_out / 4.
DYNO_PER_VOLT = {"torque": 50.0, "angle": 20.0, "velocity": 50.0}  # N·m/V, deg/V, deg/s/V
# physical = gain * V_pin + offset undoes both.
GAIN = {k: 4.0 * v for k, v in DYNO_PER_VOLT.items()}
OFFSET = {k: -10.0 * v for k, v in DYNO_PER_VOLT.items()}
CHANNELS = ("torque", "angle", "velocity")
RATE_HZ = 1000
OVERSAMPLE = 4           # the firmware's plan at 1000 Hz (sampler.c): 4 conversions per channel
LSB_V = 5.0 / 1024       # one ADC step at the pin


# Every process this test starts, stopped by its pid when the test ends, passed or not.
STARTED = []


def started(proc):
    STARTED.append(proc)
    return proc


def stop_started():
    for proc in STARTED:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


atexit.register(stop_started)


def fail(message):
    print("FAIL:", message)
    print("(the case's files are kept in", WORK + ")")
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def start_bridge(*extra):
    # --max-sim-s: a bound on the simulation should the test never stop it (each case
    # runs a few seconds of simulated time).
    args = [BRIDGE_SIM, "--elf", ELF, "--max-sim-s", "120", *extra]
    proc = started(subprocess.Popen(args, stdout=subprocess.PIPE, stderr=open(os.path.join(WORK, "bridge.err"), "a"),
                                    text=True))
    path = proc.stdout.readline().strip()
    check(path.startswith("/dev/"), f"bridge_sim printed no pty: {path!r}")
    return proc, f"serial://{path}?baud=1000000&format=frame"


def stop_bridge(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        fail("bridge_sim did not stop on SIGTERM")
    # Non-zero: the simulated MCU crashed, or the EEPROM could not be saved.
    check(proc.returncode == 0, f"bridge_sim exit {proc.returncode}: {open(os.path.join(WORK, 'bridge.err')).read()}")


def reset_bridge(proc):
    """A reset of the simulated MCU (SIGUSR1), waited for until bridge_sim reports it."""
    log = os.path.join(WORK, "bridge.err")
    before = open(log).read().count("reset at cycle")
    proc.send_signal(signal.SIGUSR1)
    deadline = time.time() + 20
    while open(log).read().count("reset at cycle") == before:
        check(time.time() < deadline, "bridge_sim did not report the reset within 20 s")
        time.sleep(0.02)


def isokin(*args, timeout=60, expect_ok=True, stdin=None):
    r = subprocess.run([ISOKIN, *args], capture_output=True, text=True, timeout=timeout, input=stdin)
    if expect_ok:
        check(r.returncode == 0, f"isokin {' '.join(args)}: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


def acquire(uri, out, duration, *extra):
    """Records from the bridge. The host ends a --duration (device time) also by the wall
    clock, 1 s later (kWallClockSlackS): a simulation running slower than the chip gives
    fewer samples then, never lost ones, so the cases ask for a minimum well below the
    duration; duration None records until --reps in extra, in device time only."""
    path = os.path.join(WORK, out)
    limit = ["--duration", str(duration)] if duration is not None else []
    isokin("acquire", "--device", uri, "--out", path, "--force", *limit, "--mode", "con-con", "--velocity", "180", *extra)
    return path


def only_trial(path):
    f = h5py.File(path, "r")
    trials = list(f["trials"])
    check(len(trials) == 1, f"{path}: expected one trial, found {trials}")
    return f, f["trials"][trials[0]]


def set_calibration(uri, serial="SIM-BRIDGE-1"):
    args = ["calibrate", "--device", uri, "--serial", serial]
    for ch in CHANNELS:
        args += ["--set", f"{ch}={GAIN[ch]:g},{OFFSET[ch]:g}"]
    r = isokin(*args)
    check("written to the device and read back" in r.stdout, f"calibrate did not confirm:\n{r.stdout}")
    return r


def session_waveform(duration_s=2.4):
    """A con-con session from the simulator, and its samples as millivolts at the pins."""
    orig = os.path.join(WORK, "orig.h5")
    isokin("acquire", "--device", "sim://?rate=1000&speed=0&seed=11&rom_min=20&rom_max=80&pause=0.05", "--out",
           orig, "--force", "--duration", str(duration_s), "--mode", "con-con", "--velocity", "180")
    f, trial = only_trial(orig)
    values = {ch: trial[ch][:] for ch in CHANNELS}
    f.close()
    mv = {}
    for ch in CHANNELS:
        v_out = values[ch] / DYNO_PER_VOLT[ch]
        mv[ch] = np.clip(np.rint(2500.0 + 250.0 * v_out), 0, 5000).astype(np.int64)
    path = os.path.join(WORK, "waveform.txt")
    with open(path, "w") as out:
        for i in range(len(mv["torque"])):
            out.write(f"{mv['torque'][i]} {mv['angle'][i]} {mv['velocity'][i]}\n")
    return orig, values, mv, path


def read_truth(path):
    rows = list(csv.reader(open(path)))
    burst = np.array([int(r[0]) for r in rows], dtype=np.int64)
    cycle = np.array([int(r[1]) for r in rows], dtype=np.int64)
    mv = np.array([[int(r[2]), int(r[3]), int(r[4])] for r in rows], dtype=np.int64)
    return burst, cycle, mv


def firmware_values(mv, gain, offset):
    """What the firmware sends for millivolts held through a burst: simavr's ADC gives
    floor(mV * 1023 / 5000) per conversion; the firmware sums OVERSAMPLE of them and
    computes gain * (5 / (1024 N)) * sum + offset in float32 (streamer.c)."""
    counts = (mv * 1023) // 5000
    sums = (counts * OVERSAMPLE).astype(np.float32)
    scale = np.float32(gain) * (np.float32(5.0) / (np.float32(1024.0) * np.float32(OVERSAMPLE)))
    return scale * sums + np.float32(offset)


def check_every_sample(trial, n_min, where):
    t = trial["time"][:]
    check(len(t) >= n_min, f"{where}: {len(t)} samples, expected at least {n_min}")
    steps_us = np.rint(np.diff(t) * 1e6).astype(np.int64)
    check(np.all(steps_us == 1000), f"{where}: device-clock steps other than 1000 us: {np.unique(steps_us)}")
    check(abs(t[-1] - (len(t) - 1) / RATE_HZ) < 1e-9, f"{where}: time drifts from k / 1000 s")
    for key in ("count_corrupt_frames", "count_lost_frames", "count_lost_samples"):
        check(int(trial.attrs[key]) == 0, f"{where}: {key} = {int(trial.attrs[key])}")
    check(abs(float(trial.attrs["measured_rate_hz"]) - RATE_HZ) < 1e-6,
          f"{where}: measured rate {float(trial.attrs['measured_rate_hz'])}")
    return len(t)


def match_truth(trial, truth_mv, first_burst, calibrated=True):
    """Recorded sample k is burst first_burst + k; its values are the firmware's exact
    float32 arithmetic on what the harness applied."""
    n = len(trial["time"])
    check(first_burst + n <= len(truth_mv), f"{n} samples but only {len(truth_mv) - first_burst} bursts logged")
    for c, ch in enumerate(CHANNELS):
        gain, offset = (GAIN[ch], OFFSET[ch]) if calibrated else (1.0, 0.0)
        expect = firmware_values(truth_mv[first_burst:first_burst + n, c], gain, offset).astype(np.float64)
        got = trial[ch][:]
        bad = np.flatnonzero(got != expect)
        check(bad.size == 0, f"{ch}: {bad.size} of {n} samples differ from the applied input through the "
              f"calibration, first at {bad[:1]}: {got[bad[:1]]} vs {expect[bad[:1]]}")


# How late the timer interrupt may start a burst (sampler.c): it waits for an interrupt
# in progress (the UART's UDRE handler, about 70 cycles with entry and exit) and then for
# the main loop's check before sleeping, which runs with interrupts off (about 45
# cycles). simavr measures up to 115; 160 cycles (10 us, 1 % of the period) bounds it.
# Only the burst's start moves: the sample's time is the period count.
TIMER_LATENCY_CYCLES = 160
PERIOD_CYCLES = 16000


def check_timer_paced(cycle, where):
    """Bursts on the timer's grid: burst k starts k periods after the first, late by at
    most the interrupt latency, never drifting (a loop-timed sampler would)."""
    phase = cycle - cycle[0] - PERIOD_CYCLES * np.arange(len(cycle))
    phase -= phase.min()
    check(phase.max() <= TIMER_LATENCY_CYCLES,
          f"{where}: bursts off the timer's grid by up to {phase.max()} cycles (at burst {phase.argmax()})")


def analysis(path):
    r = isokin("analyze", path, "--json", "--no-gravity")
    return json.loads(r.stdout)


def numbers(node, prefix=""):
    """Every number of an analysis JSON, by path."""
    out = {}
    if isinstance(node, dict):
        for k, v in node.items():
            out.update(numbers(v, f"{prefix}/{k}"))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.update(numbers(v, f"{prefix}[{i}]"))
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        out[prefix] = float(node)
    return out


# --- cases -----------------------------------------------------------------------

def Bridge_RecordsTheSessionWaveformThroughTheCalibration():
    orig, values, mv, waveform = session_waveform()
    truth = os.path.join(WORK, "truth.csv")
    proc, uri = start_bridge("--waveform", waveform, "--truth", truth, "--eeprom", os.path.join(WORK, "ee.bin"))
    set_calibration(uri)
    # Two repetitions, counted from the recorded angle: the same samples however fast
    # the simulation runs (a duration would be cut by the wall clock on a slow machine).
    rec = acquire(uri, "rec.h5", None, "--reps", "2")
    stop_bridge(proc)

    f, trial = only_trial(rec)
    n = check_every_sample(trial, 1000, "bridge recording")
    check(trial.attrs["device_model"] == "isokin-bridge", f"device_model {trial.attrs['device_model']}")
    check(trial.attrs["device_serial"] == "SIM-BRIDGE-1", f"device_serial {trial.attrs['device_serial']}")
    cal = json.loads(trial.attrs["device_calibration"])
    for ch, name in zip(CHANNELS, ("torque_nm", "angle_deg", "velocity_deg_s")):
        check(cal[name] == [GAIN[ch], OFFSET[ch]], f"device_calibration {name} = {cal[name]}")
    check(cal["stored"] is True, "device_calibration: not from EEPROM")

    burst, cycle, truth_mv = read_truth(truth)
    check_timer_paced(cycle[:n], "bridge recording")
    match_truth(trial, truth_mv, 0)
    # And within the quantisation of the session's own values (2 ADC steps: floor, and
    # simavr's 1023-per-5-V scale against the firmware's 1024).
    for ch in CHANNELS:
        tol = 2 * LSB_V * GAIN[ch] + GAIN[ch] * 0.0005  # + the 0.5 mV rounding of the waveform
        err = np.abs(trial[ch][:] - values[ch][:n])
        check(err.max() <= tol, f"{ch}: recorded differs from the session by {err.max():.3f} > {tol:.3f}")
    f.close()

    # The analysis of what the bridge recorded equals the original's within the quantisation.
    cut = os.path.join(WORK, "orig-cut.h5")
    isokin("acquire", "--device", f"replay://{orig}?speed=0", "--out", cut, "--force", "--duration",
           str((n - 1) / RATE_HZ), "--mode", "con-con", "--velocity", "180")
    a, b = numbers(analysis(cut)), numbers(analysis(rec))
    # Tolerances from the quantisation: 2 ADC steps through each channel's gain (above),
    # plus 0.2 N·m for the analysis's filter acting on the steps.
    torque_tol = 2 * LSB_V * GAIN["torque"] + 0.2
    angle_tol_rad = np.radians(2 * LSB_V * GAIN["angle"] + GAIN["angle"] * 0.0005)
    compared = {"torque": 0, "work": 0, "ratio": 0}
    for key, va in a.items():
        if key not in b:
            continue
        parent = key.rsplit("/", 1)[0]
        if key.endswith("reps_found"):
            check(va == b[key], f"analysis {key}: original {va}, bridge {b[key]}")
        elif key.endswith("_nm") and "gravity" not in key:
            compared["torque"] += 1
            check(abs(va - b[key]) <= torque_tol, f"analysis {key}: original {va}, bridge {b[key]} (tolerance {torque_tol:.2f})")
        elif key.endswith("/work_j") and parent + "/rom_deg" in a:
            # Work is torque integrated over the angle: the torque's error over the range,
            # and the peak torque over the angle's error.
            tol = torque_tol * np.radians(a[parent + "/rom_deg"]) + abs(a[parent + "/peak_torque_nm"]) * angle_tol_rad
            compared["work"] += 1
            check(abs(va - b[key]) <= tol, f"analysis {key}: original {va}, bridge {b[key]} (tolerance {tol:.2f})")
        elif re.search(r"/ratios\[\d+\]/value$", key):
            h, q = a[parent + "/hamstrings_nm"], a[parent + "/quadriceps_nm"]
            tol = abs(va) * (torque_tol / abs(h) + torque_tol / abs(q))
            compared["ratio"] += 1
            check(abs(va - b[key]) <= tol, f"analysis {key}: original {va}, bridge {b[key]} (tolerance {tol:.4f})")
    check(compared["torque"] > 0 and compared["work"] > 0, f"nothing to compare in the analysis: {sorted(a)[:20]}")
    print(f"ok: {n} samples; analysis: {compared} values within the quantisation (torque {torque_tol:.2f} N·m)")


def Bridge_CalibrateMeasuresTwoPointsAndSurvivesReset():
    hold = os.path.join(WORK, "hold.txt")
    eeprom = os.path.join(WORK, "ee.bin")
    open(hold, "w").write("2500,2500,2500")
    proc, uri = start_bridge("--hold-file", hold, "--eeprom", eeprom)
    r0 = isokin("calibrate", "--device", uri, "--read")
    check("serial unset" in r0.stdout and "gain 1 " in r0.stdout, f"factory default expected:\n{r0.stdout}")
    # The person at the machine: a known torque, then two goniometer angles.
    points = {("torque", 1): ("2500,2500,2500", "0"), ("torque", 2): ("3750,2500,2500", "250"),
              ("angle", 1): ("3750,2000,2500", "-40"), ("angle", 2): ("3750,3250,2500", "60")}
    cal = started(subprocess.Popen([ISOKIN, "calibrate", "--device", uri, "--measure", "torque", "--measure", "angle",
                            "--seconds", "0.1", "--serial", "CAL-1"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    # No wait is endless: a calibrate that stops answering is killed, and the test fails.
    watchdog = threading.Timer(60, cal.kill)
    watchdog.start()
    transcript = []
    for line in cal.stdout:
        transcript.append(line)
        m = re.match(r"(torque|angle) point (\d):", line)
        if m:
            held, value = points[(m.group(1), int(m.group(2)))]
            open(hold + ".tmp", "w").write(held)
            os.replace(hold + ".tmp", hold)  # in force from the next burst (sim_board.c)
            cal.stdin.write(value + "\n")
            cal.stdin.flush()
    cal.wait(timeout=60)
    watchdog.cancel()
    out = "".join(transcript)
    check(cal.returncode == 0, f"calibrate exit {cal.returncode}:\n{out}\n{cal.stderr.read()}")

    def volts(mv):
        return (mv * 1023 // 5000) * 5.0 / 1024

    expect = {}
    g = 250.0 / (volts(3750) - volts(2500))
    expect["torque_nm"] = (g, 0 - g * volts(2500))
    g = 100.0 / (volts(3250) - volts(2000))
    expect["angle_deg"] = (g, -40 - g * volts(2000))
    expect["velocity_deg_s"] = (1.0, 0.0)

    def parse(text):
        got = {}
        for name, gain, offset in re.findall(r"(\w+_\w+)\s+gain (\S+)\s+offset (\S+)", text):
            got[name] = (float(gain), float(offset))
        return got

    written = parse(out.split("written to the device and read back")[-1])
    expect_written = dict(written)
    for name, (gain, offset) in expect.items():
        check(name in written, f"{name} not printed:\n{out}")
        check(abs(written[name][0] - gain) <= 1e-5 * abs(gain) and abs(written[name][1] - offset) <= 1e-4 * max(1, abs(offset)),
              f"{name}: written {written[name]}, expected {(gain, offset)}")

    # A reset of the MCU: the EEPROM keeps the calibration and the serial.
    reset_bridge(proc)
    r1 = isokin("calibrate", "--device", uri, "--read")
    check("serial CAL-1" in r1.stdout, f"serial after reset:\n{r1.stdout}")
    check(parse(r1.stdout) == written, f"after reset {parse(r1.stdout)} != written {written}")
    stop_bridge(proc)
    # And a power cycle: a new simulation from the EEPROM the harness saved.
    proc, uri = start_bridge("--eeprom", eeprom)
    r2 = isokin("calibrate", "--device", uri, "--read")
    check(parse(r2.stdout) == written, f"after power cycle {parse(r2.stdout)} != written {written}")
    # Two points already read at the ADC input (--points) change the velocity only.
    r4 = isokin("calibrate", "--device", uri, "--points", "velocity=2:-60,3:60")
    written = parse(r4.stdout.split("written to the device and read back")[-1])
    check(written["velocity_deg_s"] == (120.0, -300.0) and written["torque_nm"] == expect_written["torque_nm"],
          f"--points velocity: {written}")

    # What isokin records from the bridge carries the calibration in force, and the
    # values are the held inputs (2.5 V on every pin) through it.
    rec = acquire(uri, "calibrated.h5", 0.3)
    f, trial = only_trial(rec)
    check(trial.attrs["device_serial"] == "CAL-1", f"device_serial {trial.attrs['device_serial']}")
    stored = json.loads(trial.attrs["device_calibration"])
    check(stored.get("stored") is True, f"device_calibration not from EEPROM: {stored}")
    for name in ("torque_nm", "angle_deg", "velocity_deg_s"):
        gain, offset = written[name]
        got = stored.get(name)
        # HELLO carries 7 significant digits (docs/protocol.md).
        check(got is not None and abs(got[0] - gain) <= 1e-6 * abs(gain) and
              abs(got[1] - offset) <= 1e-6 * max(1.0, abs(offset)),
              f"device_calibration {name} = {got}, written {written[name]}")
    for c, (ch, name) in enumerate(zip(CHANNELS, ("torque_nm", "angle_deg", "velocity_deg_s"))):
        expect_v = firmware_values(np.array([2500]), *written[name])[0]
        got = trial[ch][:]
        check(len(got) >= 100 and np.all(got == expect_v), f"{ch}: recorded {np.unique(got)[:4]}, expected {expect_v}")
    f.close()

    # A zero gain is refused by isokin before it is sent (the encoder checks it); the
    # calibration in force stays.
    r3 = isokin("calibrate", "--device", uri, "--set", "torque=0,1", expect_ok=False)
    check(r3.returncode != 0 and "torque gain 0" in r3.stderr, f"zero gain accepted:\n{r3.stdout}{r3.stderr}")
    r5 = isokin("calibrate", "--device", uri, "--read")
    check(parse(r5.stdout) == written, f"after the refused write {parse(r5.stdout)} != {written}")
    # --factory: back to volts.
    r6 = isokin("calibrate", "--device", uri, "--factory")
    identity = {name: (1.0, 0.0) for name in ("torque_nm", "angle_deg", "velocity_deg_s")}
    check(parse(r6.stdout.split("written to the device and read back")[-1]) == identity, f"--factory:\n{r6.stdout}")
    stop_bridge(proc)
    print("ok:", written)


def Bridge_HostLeavesAndReturns_DeviceClockGoesOn():
    _, _, _, waveform = session_waveform()
    truth = os.path.join(WORK, "truth.csv")
    proc, uri = start_bridge("--waveform", waveform, "--truth", truth)
    first = os.path.join(WORK, "first.h5")
    host = started(subprocess.Popen([ISOKIN, "acquire", "--device", uri, "--out", first, "--force", "--duration", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
    # The host goes away without STOP once the stream is on (the device keeps sampling).
    # A host that never says so is killed after 60 s (readline would wait for ever).
    watchdog = threading.Timer(60, host.kill)
    watchdog.start()
    started_line = ""
    while not started_line.startswith("trial "):
        started_line = host.stdout.readline()
        if not started_line:
            break
    watchdog.cancel()
    check(started_line.startswith("trial ") and host.poll() is None, "the first host never started recording")
    time.sleep(1.0)
    host.kill()
    host.wait()
    time.sleep(0.5)
    second = acquire(uri, "second.h5", 0.5)
    stop_bridge(proc)
    f, trial = only_trial(second)
    n = check_every_sample(trial, 100, "after the host returned")
    burst, cycle, truth_mv = read_truth(truth)
    # The run never restarted: one START, bursts every period from the first to the last.
    check_timer_paced(cycle, "across the host's absence")
    # Where the second recording starts in the run: its first values, found in the log.
    expect = np.stack([firmware_values(truth_mv[:, c], 1.0, 0.0) for c in range(3)], axis=1)
    first_values = np.array([trial[ch][0] for ch in CHANNELS], dtype=np.float32)
    candidates = [k for k in range(len(expect) - n + 1) if np.array_equal(expect[k], first_values)]
    ok = [k for k in candidates
          if all(np.array_equal(trial[ch][:].astype(np.float32), expect[k:k + n, c]) for c, ch in enumerate(CHANNELS))]
    check(ok, "the second recording's samples are not a contiguous run of what the device sampled")
    check(ok[0] > 0, "the second recording starts at the run's first sample: the device restarted")
    f.close()
    print(f"ok: the host returned at sample {ok[0]} of the run; {n} samples, none lost")


def Bridge_CorruptBytesOnTheLine_OneFrameLostAndCounted():
    _, _, _, waveform = session_waveform()
    truth = os.path.join(WORK, "truth.csv")
    # Byte 2 from the host (in the first HELLO_REQUEST) and byte 3000 to the host (in a SAMPLES frame).
    proc, uri = start_bridge("--waveform", waveform, "--truth", truth, "--corrupt-in-at", "2",
                             "--corrupt-out-at", "3000")
    rec = acquire(uri, "rec.h5", 1.0)
    stop_bridge(proc)
    f, trial = only_trial(rec)
    check(int(trial.attrs["count_corrupt_frames"]) == 1, f"corrupt frames {int(trial.attrs['count_corrupt_frames'])}")
    check(int(trial.attrs["count_lost_frames"]) == 0, "a corrupt frame also counted lost")
    lost = int(trial.attrs["count_lost_samples"])
    check(lost == 10, f"lost samples {lost}: one frame holds 10 at 1000 Hz")
    t = trial["time"][:]
    idx = np.rint(t * RATE_HZ).astype(np.int64)
    steps = np.diff(idx)
    check(np.count_nonzero(steps != 1) == 1 and steps.max() == 11, f"one gap of 10 expected, steps {np.unique(steps)}")
    _, _, truth_mv = read_truth(truth)
    for c, ch in enumerate(CHANNELS):
        expect = firmware_values(truth_mv[idx, c], 1.0, 0.0).astype(np.float64)
        check(np.array_equal(trial[ch][:], expect), f"{ch}: a sample around the corrupt frame is wrong")
    f.close()
    print(f"ok: {len(t)} samples kept, 1 corrupt frame, {lost} samples lost")


def read_wire_log(path):
    """bridge_sim --wire-log: one row per frame the firmware sent (log_frame in bridge_sim.c)."""
    rows = []
    for r in csv.reader(open(path)):
        rows.append({"cycle": int(r[0]), "seq": int(r[1]), "type": int(r[2]), "t0_us": int(r[3]), "count": int(r[4]),
                     "state": r[5], "acked": int(r[6]), "last": np.array([float(v) for v in r[7:10]], dtype=np.float32)})
    return rows


def Bridge_StopDuringABurst_EverySampleBeforeTheAnswer():
    _, _, _, waveform = session_waveform()
    truth = os.path.join(WORK, "truth.csv")
    wire = os.path.join(WORK, "wire.csv")
    # The harness holds each STOP until a burst has just begun: it arrives while the
    # ADC converts, and the firmware must finish that burst, send it, then answer.
    proc, uri = start_bridge("--waveform", waveform, "--truth", truth, "--wire-log", wire, "--stop-mid-burst", "1")
    a = acquire(uri, "a.h5", 0.5)
    b = acquire(uri, "b.h5", 0.3)
    stop_bridge(proc)
    fa, ta = only_trial(a)
    fb, tb = only_trial(b)
    na = check_every_sample(ta, 100, "first run")
    nb = check_every_sample(tb, 100, "second run")
    burst, cycle, truth_mv = read_truth(truth)

    stops = [tuple(int(g) for g in m.groups()) for m in
             re.finditer(r"STOP fed from cycle (\d+), (\d+) cycles into burst (\d+)[^\n]*\n[^\n]*STOP complete at cycle (\d+)",
                         open(os.path.join(WORK, "bridge.err")).read())]
    check(len(stops) == 2, f"expected both STOPs held for a burst, got {stops}")
    frames = read_wire_log(wire)
    runs = [f["cycle"] for f in frames if f["type"] == 3 and f["state"] == "running" and f["acked"] >= 0]
    check(len(runs) == 2, f"expected two STARTs answered running, got {len(runs)}")
    # A burst at 1000 Hz: 3 channels x 4 conversions x 13 ADC clocks of 64 cycles.
    burst_cycles = 3 * OVERSAMPLE * 13 * 64
    first_burst = 0
    for run, (fed, into, k, complete) in enumerate(stops):
        # STOP's last byte (8 bytes at 160 cycles, more if the core slept) reached the UART mid-burst.
        check(into <= 600 and cycle[k] == fed - into and complete - cycle[k] < burst_cycles - 1000,
              f"run {run}: STOP fed {into} cycles into burst {k}, whole {complete - cycle[k]} cycles into it")
        answer = next((f for f in frames if f["cycle"] > fed and f["type"] == 3 and f["acked"] >= 0), None)
        check(answer is not None and answer["state"] == "idle", f"run {run}: STOP answered {answer}")
        check(answer["cycle"] - cycle[k] > burst_cycles, f"run {run}: answered before the burst in progress ended")
        end = runs[run + 1] if run + 1 < len(runs) else 1 << 62
        sent = [f for f in frames if runs[run] < f["cycle"] < answer["cycle"] and f["type"] == 2]
        after = [f for f in frames if answer["cycle"] < f["cycle"] < end and f["type"] == 2]
        check(not after, f"run {run}: {len(after)} SAMPLES frames after STOP's answer")
        # Every sample from the run's start to the burst STOP interrupted, in order, none twice.
        t = 0
        for f in sent:
            check(f["t0_us"] == t, f"run {run}: SAMPLES t0 {f['t0_us']} us, expected {t}")
            t += f["count"] * 1000
        last_index = t // 1000 - 1
        check(last_index == k - first_burst,
              f"run {run}: the last sample before the answer is {last_index}, the burst STOP interrupted is "
              f"{k - first_burst}")
        expect = np.array([firmware_values(truth_mv[k, c], 1.0, 0.0) for c in range(3)], dtype=np.float32)
        check(np.array_equal(sent[-1]["last"], expect), f"run {run}: the interrupted burst sent {sent[-1]['last']}, "
              f"its inputs give {expect}")
        # No burst began after STOP: the next one is the next run's first, after its START.
        if k + 1 < len(cycle):
            check(cycle[k + 1] > end, f"run {run}: burst {k + 1} at cycle {cycle[k + 1]}, after STOP and before START")
        first_burst = k + 1
    check(len(cycle) == stops[1][2] + 1, f"{len(cycle) - stops[1][2] - 1} bursts after the last STOP")
    check(stops[0][2] + 1 >= na, f"the first run was cut at burst {stops[0][2] + 1} < {na} samples recorded")
    match_truth(ta, truth_mv, 0, calibrated=False)
    match_truth(tb, truth_mv, stops[0][2] + 1, calibrated=False)
    fa.close()
    fb.close()
    print(f"ok: STOPs {into} cycles into bursts {[st[2] for st in stops]}, each sent whole before the answer")


# --- a host written from docs/protocol.md, for what isokin itself never sends ---------

def crc16(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def cobs_encode(data):
    out, block = bytearray(), bytearray()
    for b in data:
        if b == 0:
            out += bytes([len(block) + 1]) + block
            block = bytearray()
        else:
            block.append(b)
            if len(block) == 254:
                out += b"\xff" + block
                block = bytearray()
    return bytes(out + bytes([len(block) + 1]) + block)


def cobs_decode(data):
    out, i = bytearray(), 0
    while i < len(data):
        code = data[i]
        if code == 0 or i + code > len(data):
            return None
        out += data[i + 1:i + code]
        i += code
        if code != 0xFF and i < len(data):
            out.append(0)
    return bytes(out)


class RawHost:
    """Frames to and from the bridge's pty, with the protocol's own COBS and CRC."""

    def __init__(self, pty_path):
        import termios
        import tty
        self.fd = os.open(pty_path, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)
        termios.tcflush(self.fd, termios.TCIFLUSH)
        self.seq = 0
        self.pending = b""
        # As isokin does: HELLO_REQUEST every 500 ms until a HELLO (the board may still
        # be starting, its UART not yet listening).
        deadline = time.time() + 10
        while self.answer(self.send(0x80), frame_type=0x01, timeout_s=0.5, must=False) is None:
            check(time.time() < deadline, "no HELLO within 10 s")

    def close(self):
        os.close(self.fd)

    def send(self, frame_type, body=b""):
        frame = bytes([1, frame_type]) + struct.pack("<H", self.seq) + body
        frame += struct.pack("<H", crc16(frame))
        os.write(self.fd, cobs_encode(frame) + b"\0")
        self.seq += 1
        return self.seq - 1

    def answer(self, seq, frame_type=0x03, timeout_s=10, must=True):
        """STATUS: the one acking seq. Another type: the next frame of that type."""
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            while b"\0" in self.pending:
                run, self.pending = self.pending.split(b"\0", 1)
                frame = cobs_decode(run)
                if not frame or len(frame) < 6 or crc16(frame[:-2]) != struct.unpack("<H", frame[-2:])[0]:
                    continue
                body = frame[4:-2]
                if frame_type == 0x03 and frame[1] == 0x03:
                    status = json.loads(body)
                    if status.get("acked_seq") == seq:
                        return status
                elif frame[1] == frame_type:
                    return body
            readable, _, _ = select.select([self.fd], [], [], 0.05)
            if readable:
                self.pending += os.read(self.fd, 4096)
        check(not must, f"no answer to seq {seq} within {timeout_s} s")
        return None


def calibration_body(gains_offsets, serial=b""):
    body = bytes([3])
    for gain, offset in gains_offsets:
        body += struct.pack("<ff", gain, offset)
    return body + bytes([len(serial)]) + serial


def Bridge_RefusesBadCalibrationWrites_EEPROMKept():
    eeprom = os.path.join(WORK, "ee.bin")
    proc, uri = start_bridge("--eeprom", eeprom)
    host = RawHost(uri[len("serial://"):].split("?")[0])
    good = [(200.0, -500.0), (80.0, -200.0), (1.0, 0.0)]
    st = host.answer(host.send(0x84, calibration_body(good, b"KEPT-1")))
    check(st["state"] == "idle", f"a good CALIBRATION_WRITE: {st}")
    # Each refused by the firmware itself (isokin would not send them), word for word.
    bad = {
        "zero gain": (calibration_body([(0.0, 1.0)] + good[1:]), "a gain is zero or not finite"),
        "NaN offset": (calibration_body([good[0], (1.0, float("nan")), good[2]]), "an offset not finite"),
        "infinite gain": (calibration_body(good[:2] + [(float("inf"), 0.0)]), "a gain is zero or not finite"),
        "serial with a space": (calibration_body(good, b"A B"), "printable ASCII without spaces"),
        "serial of 17 bytes": (calibration_body(good, b"X" * 17), "longer than 16 bytes or the body has the wrong size"),
        "body one byte short": (calibration_body(good)[:-1], "must hold 3 channels"),
        "4 channels": (bytes([4]) + calibration_body(good)[1:], "must hold 3 channels"),
    }
    for what, (body, words) in bad.items():
        st = host.answer(host.send(0x84, body))
        check(st["state"] == "error" and words in st.get("message", ""), f"{what}: {st}")
    # Not while recording.
    st = host.answer(host.send(0x81, b'{"mode":"isometric","velocity_deg_s":0}'))
    check(st["state"] == "running", f"START: {st}")
    st = host.answer(host.send(0x84, calibration_body([(1.0, 0.0)] * 3)))
    check(st["state"] == "error" and "STOP first" in st.get("message", ""), f"a write while recording: {st}")
    st = host.answer(host.send(0x82))
    check(st["state"] == "idle", f"STOP: {st}")
    body = host.answer(host.send(0x83), frame_type=0x04)
    expect = calibration_body(good, b"KEPT-1")
    check(body == expect, f"CALIBRATION after the refused writes: {body.hex()} != {expect.hex()}")
    host.close()
    stop_bridge(proc)
    # And in the EEPROM, across a power cycle.
    proc, uri = start_bridge("--eeprom", eeprom)
    r = isokin("calibrate", "--device", uri, "--read")
    check("serial KEPT-1" in r.stdout and "gain 200 " in r.stdout and "offset -500 " in r.stdout,
          f"after the power cycle:\n{r.stdout}")
    stop_bridge(proc)
    print(f"ok: {len(bad)} malformed writes and one while recording refused; the stored calibration kept")


def Bridge_RefusesRatesItCannotSample():
    r = subprocess.run([BRIDGE_BENCH, ELF, "300000", "20"], capture_output=True, text=True, timeout=120)
    check(r.returncode == 2 and "rate_hz is not offered" in r.stderr, f"rate 300000: {r.returncode} {r.stderr}")
    r = subprocess.run([BRIDGE_BENCH, ELF, "3000", "20"], capture_output=True, text=True, timeout=120)
    check(r.returncode == 2 and "rate_hz is not offered" in r.stderr, f"rate 3000 (333.3 us): {r.returncode} {r.stderr}")
    r = subprocess.run([BRIDGE_BENCH, ELF, "2000", "100"], capture_output=True, text=True, timeout=120)
    check(r.returncode == 0 and "lost=0" in r.stdout, f"rate 2000: {r.returncode} {r.stdout} {r.stderr}")
    print("ok:", r.stdout.strip())


if CASE not in globals():
    fail(f"unknown case {CASE}")
globals()[CASE]()
stop_started()
shutil.rmtree(WORK)

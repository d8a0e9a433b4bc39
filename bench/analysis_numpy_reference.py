#!/usr/bin/python3
"""The analysis a researcher would write with numpy/scipy over h5py, for timing side by
side with `isokin analyze` (docs/benchmarks.md, ## Analysis).

Per trial: read the four datasets, gravity-correct the torque, zero-phase Butterworth
(scipy.signal.butter(4, 20 Hz) + filtfilt), segment efforts where |velocity| exceeds half
the preset speed (extended to onset/stop at 5 %), and per effort the peak torque, its
angle and the work (trapezoid of torque over angle in radians).

    /usr/bin/python3 bench/analysis_numpy_reference.py FILE.h5 [--read-only]

--read-only times the bare read of the datasets (the floor of any analysis).
"""
import sys
import time

import h5py
import numpy as np
from scipy.signal import butter, filtfilt


def efforts(velocity, preset):
    """(begin, end) index pairs of one-signed runs of velocity, as isokin segments them."""
    out = []
    for sign in (-1.0, 1.0):
        v = sign * velocity
        moving = v > max(2.0, 0.05 * preset)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], moving.astype(np.int8), [0]))))
        for b, e in zip(edges[::2], edges[1::2]):
            if np.max(v[b:e]) > 0.5 * preset:
                out.append((b, e, sign))
    return sorted(out)


def analyze(path, read_only):
    results = []
    with h5py.File(path, "r") as f:
        for tid, g in f["trials"].items():
            t = g["time"][:]
            tq = g["torque"][:]
            ang = g["angle"][:]
            vel = g["velocity"][:]
            if read_only:
                results.append((tid, t.size))
                continue
            fs = (t.size - 1) / (t[-1] - t[0])
            preset = float(g.attrs["velocity_ext_deg_s"])
            if "gravity_torque_nm" in g.attrs:
                gh = float(g.attrs["gravity_torque_nm"]) / np.cos(np.radians(float(g.attrs["gravity_angle_deg"])))
                tq = tq + gh * np.cos(np.radians(ang))
            b, a = butter(4, 20.0, fs=fs)
            tq = filtfilt(b, a, tq)
            for begin, end, sign in efforts(vel, preset):
                seg = tq[begin:end]
                muscle = 1.0 if sign < 0 else -1.0  # extension: quadriceps (con-con)
                k = np.argmax(muscle * seg)
                work = abs(np.trapz(muscle * seg, np.radians(ang[begin:end])))
                results.append((tid, muscle * seg[k], ang[begin + k], work))
    return results


if __name__ == "__main__":
    start = time.perf_counter()
    res = analyze(sys.argv[1], "--read-only" in sys.argv)
    elapsed = time.perf_counter() - start
    print(f"{len(res)} results in {elapsed:.3f} s")

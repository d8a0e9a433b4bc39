#!/usr/bin/python3
"""Writes the seed corpus of fuzz_session_reader: small isokin session files, made from
docs/hdf5-schema.md with h5py (HDF5 1.10 format, as isokin writes), one finished and one
cut short (recording = 1, samples_flushed below the extent).

    /usr/bin/python3 tests/fuzz/make_session_seeds.py tests/fuzz/seeds/fuzz_session_reader
"""
import math
import sys
from pathlib import Path

import h5py
import numpy as np


def write(path, n, recording, compress):
    with h5py.File(path, "w", libver=("v110", "v110"), track_order=True) as f:
        f.attrs["schema"] = "isokin-session"
        f.attrs["schema_version"] = np.int64(1)
        f.attrs["subject_id"] = "S01"
        f.attrs["body_mass_kg"] = 72.5
        f.attrs["date"] = "2026-11-26"
        f.attrs["notes"] = "seed"
        f.attrs["protocol"] = "hq-screen"
        trials = f.create_group("trials", track_order=True)
        g = trials.create_group("01-left-con-con-60", track_order=True)
        for key, value in [("joint", "knee"), ("side", "left"), ("mode", "con-con"), ("source", "seed")]:
            g.attrs[key] = value
        g.attrs["velocity_ext_deg_s"] = 60.0
        g.attrs["velocity_flex_deg_s"] = 60.0
        g.attrs["sample_rate_hz"] = 100.0
        g.attrs["gravity_torque_nm"] = 20.0
        g.attrs["gravity_angle_deg"] = 30.0
        g.attrs["recording"] = np.int64(1 if recording else 0)
        g.attrs["samples_flushed"] = np.uint64(n - 20 if recording else n)
        t = np.arange(n) / 100.0
        angle = 45 + 45 * np.cos(2 * math.pi * t / 3)
        velocity = np.gradient(angle, t)
        torque = 150 * np.sin(2 * math.pi * t / 3)
        opts = dict(chunks=(64,), maxshape=(None,))
        if compress:
            opts.update(shuffle=True, compression="gzip", compression_opts=4)
        for name, data, units in [("time", t, "s"), ("torque", torque, "N*m"), ("angle", angle, "deg"),
                                  ("velocity", velocity, "deg/s")]:
            d = g.create_dataset(name, data=data, dtype="<f8", **opts)
            d.attrs["units"] = units
        gaps = g.create_dataset("gaps", shape=(1, 3), maxshape=(None, 3), chunks=(16, 3), dtype="<f8")
        gaps[0] = [0.5, 0.6, 10]
        gaps.attrs["columns"] = "start_s,end_s,lost_samples"


out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
write(out / "finished.h5", 200, False, True)
write(out / "cut-short.h5", 150, True, False)

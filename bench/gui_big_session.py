# Makes a large session for `isokin gui --bench-frames` (docs/benchmarks.md, "## Dashboard")
# from a store-written file: its first trial keeps its attributes, its channels become a
# 60 deg/s con-con knee test at 1 kHz of N samples; the other trials are dropped.
# With "none-found", the trial's preset speed says 300 deg/s, so the analysis finds no
# effort in the 60 deg/s movement (the dashboard must stay as fast and small).
#   bench/gui_big_session.py SESSION.h5 OUT.h5 N [none-found]
import shutil, sys
import h5py, numpy as np
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
none_found = len(sys.argv) > 4 and sys.argv[4] == "none-found"
shutil.copy(src, dst)
t = np.arange(n) / 1000.0
half = 80 / 60
phase = np.fmod(t, 2 * half) / half
ext = phase < 1
p = np.where(ext, phase, phase - 1)
rng = np.random.default_rng(1)
angle = np.where(ext, 90 - 80 * p, 10 + 80 * p) + rng.normal(0, 0.05, n)
vel = np.where(ext, -60.0, 60.0) + rng.normal(0, 0.5, n)
torque = np.where(ext, 200 * np.sin(np.pi * p), -120 * np.sin(np.pi * p)) + rng.normal(0, 0.5, n)
with h5py.File(dst, "r+") as f:
    trials = f["trials"]
    for name in list(trials)[1:]:
        del trials[name]
    g = trials[list(trials)[0]]
    for name, data in (("time", t), ("torque", torque), ("angle", angle), ("velocity", vel)):
        units = g[name].attrs["units"]
        del g[name]
        if "host_time" in g: del g["host_time"]
        d = g.create_dataset(name, data=data, chunks=(16384,), maxshape=(None,), shuffle=True, compression="gzip", compression_opts=4)
        d.attrs["units"] = units
    g.attrs["count_samples"] = np.uint64(n)
    g.attrs["reps_requested"] = np.int64(int(n / 1000 / (2 * half)))
    if none_found:
        g.attrs["velocity_ext_deg_s"] = 300.0
        g.attrs["velocity_flex_deg_s"] = 300.0

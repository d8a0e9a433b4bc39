#!/usr/bin/python3
"""isokin's Butterworth design and filtfilt against scipy.signal.butter + filtfilt.

For several orders, cut-offs and inputs (a noisy torque-like signal, a step, a
short signal), runs the C++ tool given as argv[1] on the same input and requires
every coefficient and output sample to agree to 1e-9 relative (of the signal's
peak magnitude). Exits non-zero on the first disagreement.
"""
import subprocess
import sys

import numpy as np
from scipy.signal import butter, filtfilt

tool = sys.argv[1]
rng = np.random.default_rng(12345)
t = np.arange(0, 3.0, 0.001)
torque = 150 * np.clip(np.sin(2 * np.pi * 0.5 * t), 0, None) ** 1.5 + rng.normal(0, 3, t.size)
step = np.where(t > 1.0, 100.0, -20.0)
cases = [
    (4, 20.0, 1000.0, torque),
    (2, 20.0, 1000.0, torque),
    (4, 10.0, 1000.0, step),
    (1, 5.0, 100.0, torque[::10]),
    (6, 50.0, 500.0, torque[::2]),
    (3, 15.0, 1000.0, torque[:100]),
]
failed = False
for order, fc, fs, x in cases:
    b, a = butter(order, fc, fs=fs)
    expected = filtfilt(b, a, x)
    text = f"{order} {fc!r} {fs!r} {x.size}\n" + "\n".join(repr(float(v)) for v in x) + "\n"
    out = subprocess.run([tool], input=text, capture_output=True, text=True, check=True).stdout.split()
    got = np.array([float(v) for v in out])
    nb = order + 1
    got_b, got_a, got_y = got[:nb], got[nb:2 * nb], got[2 * nb:]
    scale = np.max(np.abs(x))
    err_b = np.max(np.abs(got_b - b) / np.max(np.abs(b)))
    err_a = np.max(np.abs(got_a - a) / np.max(np.abs(a)))
    err_y = np.max(np.abs(got_y - expected)) / scale
    ok = err_b < 1e-9 and err_a < 1e-9 and err_y < 1e-9 and got_y.size == x.size
    print(f"order {order} fc {fc} fs {fs} n {x.size}: b {err_b:.2e} a {err_a:.2e} y {err_y:.2e} {'ok' if ok else 'FAIL'}")
    failed |= not ok
sys.exit(1 if failed else 0)

#!/usr/bin/python3
"""`isokin acquire --device usb://1d50:6018` under umockdev-run: the whole command,
unmodified, records from the emulated USB device of make_usb_capture.py, and the
file holds exactly the samples the device sent intact, with the link counts.

Usage: check_usb_acquire.py ISOKIN_BINARY IN_BYTES IN_FLIGHT
"""

import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SYSPATH = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1"
DURATION_S = 5.3


def main():
    isokin, in_bytes, in_flight = sys.argv[1], sys.argv[2], sys.argv[3]
    with tempfile.TemporaryDirectory(prefix="isokin-usb-acquire-") as tmp:
        subprocess.run([sys.executable, os.path.join(HERE, "make_usb_capture.py"), tmp, "--in-bytes", in_bytes,
                        "--in-flight", in_flight, "--scenario", "session"], check=True)
        out = os.path.join(tmp, "usb.h5")
        run = subprocess.run(["umockdev-run", "--device", os.path.join(tmp, "dyno.umockdev"),
                              "--pcap", f"{SYSPATH}={os.path.join(tmp, 'session.pcap')}", "--",
                              isokin, "acquire", "--device", "usb://1d50:6018", "--out", out,
                              "--duration", str(DURATION_S)],
                             capture_output=True, text=True, timeout=120)
        print(run.stdout, run.stderr)
        assert run.returncode == 0, f"isokin acquire exited {run.returncode}"

        truth = np.loadtxt(os.path.join(tmp, "truth.csv"), delimiter=",", ndmin=2)
        with open(os.path.join(tmp, "expected.json")) as f:
            expected = json.load(f)
        with h5py.File(out, "r") as f:
            trials = list(f["trials"])
            assert len(trials) == 1, trials
            g = f["trials"][trials[0]]
            time_s = g["time"][:]
            torque, angle, velocity = g["torque"][:], g["angle"][:], g["velocity"][:]
            attrs = dict(g.attrs)

        t0_us = truth[0, 0]
        truth_rel_s = (truth[:, 0] - t0_us) / 1e6
        n = len(time_s)
        # The duration ends the run by device time; where exactly is acquire's rule, so
        # check: every sample before 5 s is there, none past the duration, and every
        # recorded one is the truth's sample at that place, value for value.
        assert np.count_nonzero(truth_rel_s < 5.0) <= n <= np.count_nonzero(truth_rel_s <= DURATION_S), n
        np.testing.assert_allclose(time_s, truth_rel_s[:n], rtol=0, atol=1e-9)
        for name, got, col in (("torque", torque, 1), ("angle", angle, 2), ("velocity", velocity, 3)):
            want = truth[:n, col].astype(np.float32).astype(np.float64)
            bad = np.flatnonzero(got != want)
            assert bad.size == 0, f"{name}: {bad.size} samples differ, first at {bad[:5]}"
        assert attrs["count_samples"] == n, attrs
        assert attrs["count_corrupt_frames"] == expected["corrupt_frames"] == 1, attrs
        assert attrs["count_lost_samples"] == expected["lost_samples"], attrs
        assert attrs["count_reconnects"] == 0, attrs
        assert attrs["source"] == "usb://1d50:6018", attrs
        assert attrs["device_serial"] == expected["hello_serial"], attrs
        print(f"ok: {n} samples recorded over USB match the device's truth")


if __name__ == "__main__":
    main()

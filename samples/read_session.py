#!/usr/bin/python3
"""Read an isokin session file with h5py alone (no isokin needed).

    /usr/bin/python3 read_session.py samples/sessions/hq-screen-P01.h5

Prints the subject and, per trial, its settings and a few numbers computed here with
numpy: the largest extension (quadriceps) and flexion (hamstrings) torque. These are
raw maxima of the recorded torque, not isokin's analysis (which filters, segments
repetitions and corrects for gravity: `isokin analyze FILE --json` gives that).

The layout is docs/hdf5-schema.md: root attributes for the session, one group per
trial under /trials/<id> with float64 datasets time, torque, angle, velocity.
"""
import sys

import h5py
import numpy as np


def read_session(path):
    """The session as plain Python: a dict of attributes and a list of trials, each
    trial a dict of attributes plus numpy arrays time_s, torque_nm, angle_deg, velocity_deg_s."""
    with h5py.File(path, "r") as f:
        if f.attrs.get("schema") != "isokin-session":
            raise ValueError(f"{path}: not an isokin session file")
        session = {key: f.attrs[key] for key in f.attrs}
        trials = []
        # /trials keeps the recording order (link creation order).
        for trial_id in f["trials"]:
            g = f["trials"][trial_id]
            trial = {key: g.attrs[key] for key in g.attrs}
            trial["id"] = trial_id
            trial["time_s"] = g["time"][()]
            trial["torque_nm"] = g["torque"][()]
            trial["angle_deg"] = g["angle"][()]
            trial["velocity_deg_s"] = g["velocity"][()]
            trials.append(trial)
    return session, trials


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: read_session.py FILE.h5")
    session, trials = read_session(sys.argv[1])
    print(f"subject {session['subject_id']}  date {session['date']}  body mass {session['body_mass_kg']:g} kg  "
          f"protocol {session.get('protocol', '')}")
    print(f"{'trial':<28} {'side':<6} {'mode':<9} {'deg/s':>6} {'samples':>8} {'max ext N*m':>12} {'max flex N*m':>13}")
    for t in trials:
        torque = t["torque_nm"]
        print(f"{t['id']:<28} {t['side']:<6} {t['mode']:<9} {t['velocity_ext_deg_s']:>6g} {len(torque):>8} "
              f"{np.nanmax(torque):>12.1f} {-np.nanmin(torque):>13.1f}")


if __name__ == "__main__":
    main()

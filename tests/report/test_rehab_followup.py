"""Issue 17, end to end: four sessions of a right ACL knee whose strength crosses the
left's (LSI 65 -> 78 -> 92 -> 104), through `progress`, `report` (PDF text read with
pdftotext, values checked in their columns) and `analyze --json`; the same series with no
involved side keeps one reference side; `analyze --write --involved` is read back by
`report`; cut-off files merge, replace, and are checked for plausibility.
usage: test_rehab_followup.py ISOKIN MAKE_SYNTHETIC_SESSIONS"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

isokin, make = sys.argv[1], sys.argv[2]
TIMEOUT = 120


def run(*args, code=0):
    r = subprocess.run([isokin, *args], capture_output=True, text=True, timeout=TIMEOUT)
    assert r.returncode == code, (args, r.returncode, r.stdout, r.stderr)
    return r


def analyze(path, *extra):
    return json.loads(run("analyze", path, "--json", *extra).stdout)


def quad60(a):
    rows = [b for b in a["bilateral"] if b["muscle"] == "quadriceps" and abs(b["velocity_deg_s"] - 60) < 0.5]
    assert len(rows) == 1, a["bilateral"]
    return rows[0]


def pdf_text(pdf):
    return subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True,
                          timeout=TIMEOUT).stdout


def progress_rows(stdout):
    return [l.split() for l in stdout.splitlines() if re.match(r"^2026-\d\d-\d\d ", l)]


def tokens_in_order(line, tokens):
    """True when `tokens` appear in `line` as whole words, in this order."""
    words = line.split()
    at = 0
    for t in tokens:
        try:
            at = words.index(t, at) + 1
        except ValueError:
            return False
    return True


with tempfile.TemporaryDirectory() as tmp:
    right, unknown = os.path.join(tmp, "right"), os.path.join(tmp, "unknown")
    subprocess.run([make, right, "rehab", "right"], check=True, timeout=TIMEOUT)
    subprocess.run([make, unknown, "rehab", "unknown"], check=True, timeout=TIMEOUT)
    order = [4, 2, 1, 3]  # given out of date order
    files_r = [os.path.join(right, f"rehab-{i}.h5") for i in order]
    files_u = [os.path.join(unknown, f"rehab-{i}.h5") for i in order]

    # --- the analysis of each file: involved right, LSI involved / uninvolved -------------
    expected_lsi = {1: 65, 2: 78, 3: 92, 4: 104}
    for i, lsi in expected_lsi.items():
        a = analyze(os.path.join(right, f"rehab-{i}.h5"))
        assert a["involved"]["side"] == "right" and "caveat" not in a["involved"], a["involved"]
        q = quad60(a)
        assert q["involved_side"] == "right" and q["involved_assumed"] is False, q
        assert abs(q["lsi_percent"] - lsi) < 0.5, (i, q)
        assert abs(q["deficit_percent"] - (100 - q["lsi_percent"])) < 1e-9, q
        assert (q["lsi_cutoff"] is not None) and q["lsi_flag"] == (q["lsi_percent"] < 90), q
    last = analyze(os.path.join(right, "rehab-4.h5"))
    assert quad60(last)["deficit_percent"] < 0 and quad60(last)["deficit_flag"] is False

    # --- progress: date order, LSI -> 104 at the end, involved right throughout ---------
    r = run("progress", *files_r, "-o", os.path.join(tmp, "progress.pdf"))
    rows = progress_rows(r.stdout)
    assert [row[0] for row in rows] == ["2026-01-05", "2026-02-02", "2026-04-01", "2026-06-30"], r.stdout
    assert [row[7] for row in rows] == ["65", "78", "92", "104"], r.stdout  # LSI Q %
    assert [row[8] for row in rows] == ["65", "78", "92", "104"], r.stdout  # LSI H %
    assert "involved side: right" in r.stdout and "not given" not in r.stdout, r.stdout
    ptext = pdf_text(os.path.join(tmp, "progress.pdf"))
    assert "involved side: right" in ptext, ptext
    lsi_col = [l for l in ptext.splitlines()
               if re.match(r"^\s*2026-\d\d-\d\d\s+\d", l) and len(l.split()) >= 9]
    assert len(lsi_col) == 4 and lsi_col[-1].split()[-2:] == ["104", "104"], lsi_col
    assert lsi_col[0].split()[-2:] == ["65", "!"] or "65 !" in lsi_col[0], lsi_col  # flagged below 90

    # --- the same series, involved side not given: one reference side kept -------------
    r = run("progress", *files_u)
    rows = progress_rows(r.stdout)
    assert [row[7] for row in rows] == ["65", "78", "92", "104"], r.stdout  # never switched to 96
    assert "involved side not given" in r.stdout and "LSI = right / left" in r.stdout, r.stdout
    single = analyze(os.path.join(unknown, "rehab-1.h5"))
    assert single["involved"]["side"] == "unknown" and single["involved"]["caveat"] == "involved side not given"
    assert quad60(single)["involved_side"] is None and quad60(single)["lsi_numerator_side"] == "right"
    text = run("analyze", os.path.join(unknown, "rehab-1.h5")).stdout
    assert "involved side not given" in text, text

    # --- report: header, left/right table and fatigue table read back from the PDF ------
    pdf = os.path.join(tmp, "last.pdf")
    run("report", os.path.join(right, "rehab-4.h5"), "-o", pdf)
    text = pdf_text(pdf)
    assert "Involved side: Right" in text, text
    q = quad60(last)
    # The left/right table's row (the key-measures rows start with the side instead).
    lr = [l for l in text.splitlines() if l.strip().startswith("Quadriceps concentric") and "60°/s" in l]
    assert len(lr) == 1, lr
    assert tokens_in_order(lr[0], ["60°/s", f"{q['left_nm']:.0f}", f"{q['right_nm']:.0f}",
                                   f"{q['deficit_percent']:.1f}", f"{q['lsi_percent']:.0f}", "Right"]), lr[0]
    assert "(weaker)" not in text
    # Fatigue table on the fatigue page, its numbers equal to the analysis'.
    eff = [e for t in last["trials"] if t["id"] == "3-right-con-con-180" for e in t["efforts"]
           if e["muscle"] == "quadriceps"][0]
    frow = [l for l in text.splitlines() if l.strip().startswith("Right Quadriceps concentric 180°/s")]
    want = ["12", f"{eff['torque_fatigue']['linear']['slope_percent_per_rep']:.2f}",
            f"{eff['fatigue_r_squared']:.2f}", f"{eff['work_fatigue_percent']:.1f}",
            f"{eff['thorstensson_fatigue_index_percent']:.1f}", f"{eff['endurance_ratio_percent']:.1f}"]
    assert any(tokens_in_order(l, want) for l in frow), (frow, want)
    assert abs(eff["torque_fatigue"]["linear"]["slope_percent_per_rep"] + 2.0) < 0.1, eff  # 2 % lost per repetition
    assert abs(eff["thorstensson_fatigue_index_percent"] - 100 * (1 - 0.80 / 0.98)) < 1.0, eff
    assert "Fatigue (the sets plotted above)" in text

    # --- analyze --write --involved is stored and read by report ------------------------
    copy = os.path.join(tmp, "copy.h5")
    shutil.copy(os.path.join(unknown, "rehab-4.h5"), copy)
    run("analyze", copy, "--write", "--involved", "right")
    assert analyze(copy)["involved"]["side"] == "right"
    run("report", copy, "-o", os.path.join(tmp, "copy.pdf"))
    assert "Involved side: Right" in pdf_text(os.path.join(tmp, "copy.pdf"))

    # --- an old file without the attribute reads as unknown ------------------------------
    old = os.path.join(tmp, "old.h5")
    shutil.copy(os.path.join(right, "rehab-1.h5"), old)
    subprocess.run(["/usr/bin/python3", "-c",
                    "import h5py,sys; f=h5py.File(sys.argv[1],'r+'); del f.attrs['involved_side']; f.close()", old],
                   check=True, timeout=TIMEOUT)
    assert analyze(old)["involved"]["side"] == "unknown"

    # --- cut-off files: merge row by row, replace, plausibility ---------------------------
    one_row = os.path.join(tmp, "lsi85.toml")
    with open(one_row, "w") as f:
        f.write('[[cutoff]]\nid = "lsi-return-to-sport-90"\nkind = "lsi"\nvalue = 85\ncomparison = "below"\n'
                'basis = "any"\npopulation = "our clinic"\nsource = "clinic protocol"\n')
    s1 = os.path.join(right, "rehab-1.h5")
    merged = quad60(analyze(s1, "--cutoffs", one_row))
    assert merged["lsi_cutoff"]["value"] == 85 and merged["lsi_flag"]
    assert merged["deficit_cutoff"]["id"] == "bilateral-deficit-15" and merged["deficit_flag"]  # still applied
    text = run("analyze", s1, "--cutoffs", one_row).stdout
    assert "Cut-offs applied" in text and "bilateral-deficit-15" in text and "hq-conventional-60" in text, text
    only = analyze(s1, "--cutoffs-only", one_row)
    assert quad60(only)["deficit_cutoff"] is None and not quad60(only)["deficit_flag"]
    text = run("analyze", s1, "--cutoffs-only", one_row).stdout
    hq_rows = [l for l in text.splitlines() if l.startswith(("left ", "right ")) and "conventional" in l]
    assert hq_rows and all(l.rstrip().endswith(" -") and " ok" not in l for l in hq_rows), hq_rows
    bad = os.path.join(tmp, "hq47.toml")
    with open(bad, "w") as f:
        f.write('[[cutoff]]\nid = "hq-conventional-60"\nkind = "conventional"\nvalue = 47\ncomparison = "below"\n'
                'basis = "uncorrected"\nvelocity_deg_s = 60\npopulation = "p"\nsource = "s"\n')
    r = run("analyze", s1, "--cutoffs", bad, code=2)
    assert "hq47.toml: cutoff 1 (id \"hq-conventional-60\"): 'value' 47 is outside the plausible range 0.2 to 1.5" \
        in r.stderr, r.stderr
print("ok")

#!/usr/bin/python3
"""`cmake --install` into a temporary prefix: the tree holds the programs, the man page
where man(1) looks for it, the udev rule, the samples and the documentation; and
`man isokin`, with the prefix's bin on PATH, finds the page."""
import argparse
import gzip
import os
import subprocess
import sys
import tempfile


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", required=True)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="isokin-install-") as prefix:
        r = subprocess.run(["cmake", "--install", args.build, "--prefix", prefix, "--strip"], capture_output=True,
                           text=True, timeout=300)
        if r.returncode != 0:
            fail(f"cmake --install failed:\n{r.stdout}\n{r.stderr}")
        expected = ["bin/isokin", "bin/isokin-devsim", "share/man/man1/isokin.1.gz", "lib/udev/rules.d/99-isokin.rules",
                    "share/isokin/samples/protocols/hq-screen.toml", "share/isokin/samples/read_session.py",
                    "share/isokin/samples/sessions/hq-screen-P01.h5", "share/isokin/cutoffs.toml", "share/doc/isokin/README.md",
                    "share/doc/isokin/metrics.md", "share/doc/isokin/hdf5-schema.md"]
        for rel in expected:
            if not os.path.isfile(os.path.join(prefix, rel)):
                fail(f"{rel} is not installed")
        for rel in ("bin/isokin", "bin/isokin-devsim"):
            if not os.access(os.path.join(prefix, rel), os.X_OK):
                fail(f"{rel} is not executable")
        if os.path.exists(os.path.join(prefix, "share/isokin/samples/demo.sh")):
            fail("the build-tree demo script was installed")
        page = gzip.decompress(open(os.path.join(prefix, "share/man/man1/isokin.1.gz"), "rb").read()).decode()
        if not page.startswith(".TH ISOKIN 1") or "EXIT STATUS" not in page:
            fail("the installed man page is not isokin(1)")
        r = subprocess.run([os.path.join(prefix, "bin/isokin"), "--version"], capture_output=True, text=True, timeout=30)
        if r.returncode != 0 or "isokin" not in r.stdout:
            fail(f"the installed isokin does not run: {r.stderr}")
        # man(1) derives its search path from PATH (bin -> ../share/man), as for /usr/local.
        env = {k: v for k, v in os.environ.items() if k not in ("MANPATH", "MANOPT")}
        env["PATH"] = os.path.join(prefix, "bin") + ":/usr/bin:/bin"
        r = subprocess.run(["man", "-w", "isokin"], capture_output=True, text=True, timeout=30, env=env)
        found = r.stdout.strip()
        if r.returncode != 0 or not found.startswith(prefix):
            fail(f"man -w isokin found {found!r} ({r.stderr.strip()}), expected the page under {prefix}")
        env["MANWIDTH"] = "80"
        r = subprocess.run(["man", "isokin"], capture_output=True, text=True, timeout=30, env=env)
        if r.returncode != 0 or "EXIT STATUS" not in r.stdout:
            fail(f"man isokin did not show the page: {r.stderr}")
        print(f"installed tree complete; man finds {found}")
    print("PASS")


if __name__ == "__main__":
    main()

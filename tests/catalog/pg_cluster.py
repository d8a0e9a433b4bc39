"""A throw-away PostgreSQL 15 cluster for the catalogue tests: initdb and pg_ctl run as
an unprivileged user (the server refuses root), password authentication
(scram-sha-256) on a Unix socket in a temporary folder with a free port number,
stopped by its pid at the end. Unavailable() says why a cluster cannot be started
here (the test then skips with that reason); any other failure is an error."""
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time

BIN = "/usr/lib/postgresql/15/bin"
USER = "isokin-pgtest"  # the unprivileged account the tests create and run the server as
SUPERUSER, SUPERPASS = "isokin", "owner-secret"


def unavailable():
    if not os.path.exists(os.path.join(BIN, "initdb")):
        return f"{BIN}/initdb not found (Debian package postgresql-15)"
    if os.geteuid() != 0:
        return "not root: cannot create the unprivileged user the server must run as"
    for tool in ("runuser", "useradd"):
        if shutil.which(tool) is None:
            return f"{tool} not found"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, folder):
        self.folder, self.port, self.pid = folder, free_port(), None
        try:
            pwd.getpwnam(USER)
        except KeyError:
            r = subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
                               capture_output=True, text=True)
            if r.returncode not in (0, 9):  # 9: created meanwhile by a test running in parallel
                raise RuntimeError(f"useradd {USER}: {r.stderr.strip()}")
        os.chmod(folder, 0o755)
        shutil.chown(folder, USER)
        self.data = os.path.join(folder, "data")
        pwfile = os.path.join(folder, "pw")
        with open(pwfile, "w") as f:
            f.write(SUPERPASS + "\n")
        shutil.chown(pwfile, USER)
        self.as_user([f"{BIN}/initdb", "-D", self.data, "-U", SUPERUSER, "--pwfile", pwfile,
                      "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"])
        self.as_user([f"{BIN}/pg_ctl", "-D", self.data, "-w", "-t", "30", "-l", os.path.join(folder, "log"),
                      "-o", f"-k {folder} -p {self.port} -c listen_addresses='' -c fsync=off", "start"])
        with open(os.path.join(self.data, "postmaster.pid")) as f:
            self.pid = int(f.readline())

    def as_user(self, argv):
        r = subprocess.run(["runuser", "-u", USER, "--", *argv], capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(argv[:1])}: {r.stderr.strip() or r.stdout.strip()}")
        return r.stdout

    def uri(self, user=SUPERUSER, password=SUPERPASS, db="postgres", port=None):
        return f"postgresql://{user}:{password}@/{db}?host={self.folder}&port={port or self.port}"

    def psql(self, sql, db="postgres", user=SUPERUSER, password=SUPERPASS, check=True):
        env = dict(os.environ, PGPASSWORD=password)
        r = subprocess.run([f"{BIN}/psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", self.folder, "-p",
                            str(self.port), "-U", user, "-d", db, "-c", sql],
                           capture_output=True, text=True, env=env, timeout=30)
        if check and r.returncode != 0:
            raise RuntimeError(f"psql: {sql}: {r.stderr.strip()}")
        return r

    def stop(self):
        if self.pid is None:
            return
        os.kill(self.pid, signal.SIGINT)  # the postmaster's "fast shutdown"
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            os.kill(self.pid, signal.SIGKILL)
        self.pid = None

"""`isokin catalog` on a real database: the same cases on SQLite (a file in a temporary
folder) and on PostgreSQL 15 (a cluster this test starts and stops, pg_cluster.py).
usage: test_catalog_backends.py sqlite|postgresql ISOKIN MAKE_SYNTHETIC_SESSIONS
Exit 77 (ctest: skipped) only when the PostgreSQL server cannot be started here."""
import os
import shutil
import stat
import subprocess
import sys
import tempfile

backend, isokin, make = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_cluster  # noqa: E402

NAME = "Anna Muster-Beispiel"  # a name that must never leave the catalogue


def run(*args, expect=0, env=None):
    r = subprocess.run([isokin, *args], capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == expect, f"isokin {' '.join(args)}: exit {r.returncode} (expected {expect})\n{r.stdout}\n{r.stderr}"
    return r


def sessions_table(catalog, person):
    """Rows of `catalog sessions`; the protocol may hold spaces, so columns after it are
    counted from the right: [-1] file, [-8] left quadriceps peak, [-10] involved side."""
    lines = run("catalog", "sessions", person, "--catalog", catalog).stdout.splitlines()[1:]
    return [l.split() for l in lines]


def sql_client(tmp, cluster, catalog_file):
    """Runs SQL on the catalogue as its owner, outside isokin (to make old or foreign catalogues)."""
    if backend == "sqlite":
        return lambda sql: subprocess.run(["sqlite3", catalog_file, sql], check=True, capture_output=True, text=True)
    return lambda sql, db="catalog": cluster.psql(sql, db=db)


def main(tmp, cluster):
    data = os.path.join(tmp, "sessions")
    subprocess.run([make, os.path.join(data, "p7"), "3", "5", "P7"], check=True, capture_output=True)
    subprocess.run([make, os.path.join(data, "q9"), "1", "5", "Q9"], check=True, capture_output=True)
    if backend == "sqlite":
        catalog_file = os.path.join(tmp, "clinic.sqlite")
        catalog = "sqlite:" + catalog_file
    else:
        catalog_file = None
        cluster.psql("CREATE DATABASE catalog")
        catalog = cluster.uri(db="catalog")
    sql = sql_client(tmp, cluster, catalog_file)

    # --- init: created on first use (SQLite: mode 0600), a second init changes nothing
    r = run("catalog", "init", "--catalog", catalog)
    assert "created, schema version 2" in r.stdout, r.stdout
    assert "owner-secret" not in r.stdout + r.stderr
    if catalog_file:
        assert stat.S_IMODE(os.stat(catalog_file).st_mode) == 0o600, oct(os.stat(catalog_file).st_mode)
    assert "up to date" in run("catalog", "init", "--catalog", catalog).stdout

    # --- a person with a name, an injury (involved side) and body mass
    run("catalog", "edit", "P7", "--catalog", catalog, "--name", NAME, "--birth-date", "2001-04-02", "--sex",
        "female", "--sport", "handball", "--position", "back", "--dominant-leg", "right", "--notes",
        "private note", "--injury", "2025-11-01,left,ACL rupture,2025-11-20,hamstring tendon",
        "--body-mass", "2025-12-01=64.5")
    r = run("catalog", "edit", "P7", "--catalog", catalog, "--birth-date", "2001-13-40", expect=2)
    assert "birth date" in r.stderr and "2001-13-40" in r.stderr, r.stderr

    # --- scan: every file indexed, the summary equal to `isokin progress` of the files
    r = run("catalog", "scan", data, "--catalog", catalog)
    assert "4 added, 0 moved, 0 changed, 0 unchanged, 0 missing, 0 not readable" in r.stdout, r.stdout
    rows = sessions_table(catalog, "P7")
    assert [row[0] for row in rows] == ["2026-01-10", "2026-02-11", "2026-03-12"], rows
    assert all(row[-10] == "left" for row in rows), rows  # involved side from the injury record
    progress = run("progress", "--person", "P7", "--catalog", catalog).stdout
    by_date = {l.split()[0]: l.split() for l in progress.splitlines() if l.startswith("2026")}
    for row in rows:
        assert row[-8] == by_date[row[0]][1], (row, by_date[row[0]])  # left quadriceps peak, N·m
    files = [os.path.join(data, "p7", f"session-00{i}.h5") for i in range(3)]
    plain = run("progress", *files, "--force-subjects").stdout
    assert [l.split()[1] for l in plain.splitlines() if l.startswith("2026")] == \
           [l.split()[1] for l in progress.splitlines() if l.startswith("2026")]
    show = run("catalog", "show", "P7", "--catalog", catalog).stdout
    assert NAME in show and "ACL rupture" in show and "64.5 kg" in show and "60.0 kg" in show, show
    assert "P7" in run("catalog", "find", "HANDBALL", "--catalog", catalog).stdout
    assert "Q9" not in run("catalog", "find", "muster", "--catalog", catalog).stdout
    assert "unchanged" in run("catalog", "scan", data, "--catalog", catalog).stdout

    # --- the catalogue named by the configuration file, then by ISOKIN_CATALOG (docs/catalog.md)
    config = os.path.join(tmp, "config")
    os.makedirs(os.path.join(config, "isokin"))
    with open(os.path.join(config, "isokin", "config.toml"), "w") as f:
        f.write(f'catalog = "{catalog}"\n')
    env = {k: v for k, v in os.environ.items() if k != "ISOKIN_CATALOG"}
    env["XDG_CONFIG_HOME"] = config
    assert NAME in run("catalog", "people", env=env).stdout
    env["ISOKIN_CATALOG"] = "sqlite:" + os.path.join(tmp, "elsewhere.sqlite")
    assert NAME not in run("catalog", "people", env=env).stdout
    with open(os.path.join(config, "isokin", "config.toml"), "w") as f:
        f.write("catalog = 42\n")
    del env["ISOKIN_CATALOG"]
    r = run("catalog", "people", env=env, expect=2)
    assert "config.toml" in r.stderr and "catalog" in r.stderr, r.stderr

    # --- report --person: the latest session's PDF, without the name
    pdf = os.path.join(tmp, "p7.pdf")
    run("report", "--person", "P7", "--catalog", catalog, "-o", pdf)
    text = subprocess.run(["pdftotext", pdf, "-"], check=True, capture_output=True, text=True).stdout
    assert "P7" in text and "Muster" not in text, text[:400]
    assert "session-002.h5" in text, text[-400:]
    # export and batch read files only: no name whatever the catalogue holds
    out = os.path.join(tmp, "export")
    run("export", files[0], "--out", out)
    table = os.path.join(tmp, "cohort.csv")
    run("batch", data, "--out", table, "-q")
    for root, _, names in os.walk(tmp):
        for n in names:
            if n.endswith((".csv", ".json")):
                with open(os.path.join(root, n), errors="replace") as f:
                    assert "Muster" not in f.read(), n

    # --- re-scan after moving, editing and removing files
    moved = os.path.join(data, "archive", "2026", "first.h5")
    os.makedirs(os.path.dirname(moved))
    shutil.move(files[0], moved)
    other = os.path.join(tmp, "other")
    subprocess.run([make, other, "2", "4", "P7"], check=True, capture_output=True)
    shutil.copy(os.path.join(other, "session-001.h5"), files[1])  # same path, other content
    os.remove(os.path.join(data, "q9", "session-000.h5"))
    r = run("catalog", "scan", data, "--catalog", catalog)
    assert f"moved    {files[0]} -> {moved}" in r.stdout, r.stdout
    assert f"changed  {files[1]}" in r.stdout, r.stdout
    assert "missing" in r.stdout and "q9/session-000.h5" in r.stdout, r.stdout
    assert "0 added, 1 moved, 1 changed, 1 unchanged, 1 missing" in r.stdout, r.stdout
    rows = sessions_table(catalog, "P7")
    assert [row[-1] for row in rows] == [moved, files[1], files[2]], rows

    # --- broken files: one line each, the good ones indexed, nothing half written
    bad = os.path.join(data, "bad")
    os.makedirs(bad)
    with open(os.path.join(bad, "garbage.h5"), "wb") as f:
        f.write(b"not an hdf5 file\n" * 50)
    with open(files[2], "rb") as f:
        head = f.read(3000)
    with open(os.path.join(bad, "truncated.h5"), "wb") as f:
        f.write(head)
    subprocess.run([make, os.path.join(data, "new"), "1", "5", "N1"], check=True, capture_output=True)
    r = run("catalog", "scan", data, "--catalog", catalog, expect=2)
    lines = [l for l in r.stderr.splitlines() if l.startswith("isokin: not indexed:")]
    assert len(lines) == 2 and "garbage.h5" in lines[0] and "truncated.h5" in lines[1], r.stderr
    assert "1 added" in r.stdout and "2 not readable" in r.stdout, r.stdout
    assert len(sessions_table(catalog, "N1")) == 1
    shutil.rmtree(bad)

    # --- rename: the old id stays an alias, so a re-scan does not split the person
    run("catalog", "rename", "N1", "N1-renamed", "--catalog", catalog)
    run("catalog", "scan", data, "--catalog", catalog)
    assert len(sessions_table(catalog, "N1-renamed")) == 1
    run("catalog", "show", "N1", "--catalog", catalog, expect=2)

    # --- two stations adding sessions of one person at once: nothing lost
    many = os.path.join(tmp, "stations")
    subprocess.run([make, many, "12", "3", "P8"], check=True, capture_output=True)
    names = sorted(os.listdir(many))
    procs = []
    for half in (names[0::2], names[1::2]):
        script = "".join(f'"{isokin}" catalog add "{os.path.join(many, n)}" --catalog "$1" || exit 1\n' for n in half)
        procs.append(subprocess.Popen(["bash", "-c", script, "station", catalog], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
    assert sorted(os.path.basename(r[-1]) for r in sessions_table(catalog, "P8")) == names

    # --- a newer schema version is refused by name, and nothing is changed
    sql("UPDATE catalog_meta SET value = '99' WHERE key = 'schema_version'")
    r = run("catalog", "people", "--catalog", catalog, expect=2)
    assert "schema version 99 is newer" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    sql("UPDATE catalog_meta SET value = '2' WHERE key = 'schema_version'")

    # --- migration from schema version 1, data kept
    if backend == "sqlite":
        old_file = os.path.join(tmp, "old.sqlite")
        old = "sqlite:" + old_file
        old_sql = lambda s: subprocess.run(["sqlite3", old_file, s], check=True)  # noqa: E731
    else:
        cluster.psql("CREATE DATABASE old")
        old = cluster.uri(db="old")
        old_sql = lambda s: cluster.psql(s, db="old")  # noqa: E731
    assert "created, schema version 1" in run("catalog", "init", "--schema-version", "1", "--catalog", old).stdout
    old_sql("INSERT INTO people (id, name, sport) VALUES ('V1', 'Old Record', 'rowing')")
    old_sql(f"INSERT INTO sessions (path, sha256, person_id, date, protocol, trials) "
            f"VALUES ('{files[2]}', 'x', 'V1', '2025-01-01', 'hq-screen', 4)")
    assert "migrated from schema version 1 to 2" in run("catalog", "init", "--catalog", old).stdout
    assert "Old Record" in run("catalog", "show", "V1", "--catalog", old).stdout
    assert sessions_table(old, "V1")[0][:3] == ["2025-01-01", "hq-screen", "4"]
    run("catalog", "edit", "V1", "--catalog", old, "--injury", "2024-06-01,right,meniscus")

    # --- something that is not a catalogue
    if backend == "sqlite":
        notes = os.path.join(tmp, "notes.txt")
        with open(notes, "w") as f:
            f.write("this is a text file, not a database\n" * 100)
        r = run("catalog", "people", "--catalog", "sqlite:" + notes, expect=2)
        assert "not an isokin catalogue" in r.stderr and "notes.txt" in r.stderr, r.stderr
        with open(notes) as f:
            assert f.read().startswith("this is a text file")
        foreign = os.path.join(tmp, "foreign.sqlite")
        subprocess.run(["sqlite3", foreign, "CREATE TABLE invoices (id INTEGER)"], check=True)
        r = run("catalog", "people", "--catalog", "sqlite:" + foreign, expect=2)
        assert "not an isokin catalogue" in r.stderr, r.stderr
        missing = os.path.join(tmp, "missing.sqlite")
        r = run("progress", "--person", "P7", "--catalog", "sqlite:" + missing, expect=2)
        assert "no catalogue here yet" in r.stderr and not os.path.exists(missing), r.stderr
        r = run("catalog", "people", "--catalog", "sqlite:" + os.path.join(tmp, "no", "such", "dir.sqlite"), expect=1)
        assert "cannot create" in r.stderr, r.stderr
    else:
        cluster.psql("CREATE DATABASE foreign_db")
        cluster.psql("CREATE TABLE invoices (id INTEGER)", db="foreign_db")
        r = run("catalog", "people", "--catalog", cluster.uri(db="foreign_db"), expect=2)
        assert "not an isokin catalogue" in r.stderr, r.stderr
        r = run("catalog", "people", "--catalog", cluster.uri(password="wrong", db="catalog"), expect=1)
        assert "password authentication failed" in r.stderr and "wrong" not in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        r = run("catalog", "people", "--catalog", cluster.uri(db="catalog", port=pg_cluster.free_port()), expect=1)
        assert "refused the connection" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr

        # --- roles: the server itself refuses a researcher the names
        cluster.psql("CREATE ROLE doc LOGIN PASSWORD 'doc-pw' IN ROLE isokin_clinician")
        cluster.psql("CREATE ROLE res LOGIN PASSWORD 'res-pw' IN ROLE isokin_researcher")
        doc = cluster.uri(user="doc", password="doc-pw", db="catalog")
        res = cluster.uri(user="res", password="res-pw", db="catalog")
        assert NAME in run("catalog", "show", "P7", "--catalog", doc).stdout
        run("catalog", "edit", "P9", "--catalog", doc, "--name", "Clinician Wrote This")
        r = run("catalog", "people", "--catalog", res, expect=1)
        assert "permission denied for table people" in r.stderr, r.stderr
        r = cluster.psql("SELECT name FROM people", db="catalog", user="res", password="res-pw", check=False)
        assert r.returncode != 0 and "permission denied for table people" in r.stderr, r.stderr
        r = cluster.psql("SELECT notes FROM cohort_people", db="catalog", user="res", password="res-pw", check=False)
        assert r.returncode != 0 and "notes" in r.stderr, r.stderr
        cohort = cluster.psql("SELECT count(*) FROM cohort_sessions WHERE person_id = 'P7'", db="catalog",
                              user="res", password="res-pw").stdout.strip()
        assert cohort == "3", cohort
        r = cluster.psql("INSERT INTO cohort_people (id) VALUES ('X')", db="catalog", user="res",
                         password="res-pw", check=False)
        assert r.returncode != 0 and "permission denied" in r.stderr, r.stderr


with tempfile.TemporaryDirectory(prefix="isokin-catalog-") as tmp:
    cluster = None
    if backend == "postgresql":
        why = pg_cluster.unavailable()
        if why:
            print(f"SKIP: PostgreSQL cannot be started here: {why}")
            sys.exit(77)
        cluster = pg_cluster.Cluster(tmp)
    try:
        main(tmp, cluster)
    finally:
        if cluster:
            cluster.stop()
print("ok")

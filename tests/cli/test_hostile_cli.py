"""Issue 17, the command line: one writer per store, exit codes for crafted input, private report
folders, an honest Ctrl-C during import-mail, long mail bodies, time imported twice, and restore
over a file that is not a store. Every file is crafted here; every command is the real
``kpo-desk`` in a subprocess."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kpo_desk.core.demo import generate_demo
from kpo_desk.core.mail.importer import CUT_MARKER, MAX_BODY
from kpo_desk.core.store import Store
from tests.commands import kpo as run

KPO = [sys.executable, "-m", "kpo_desk"]


def one_line(result: subprocess.CompletedProcess) -> str:
    """The refusal: exit 2, exactly one line on stderr, no traceback, not an 'unexpected error'."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    return lines[0]


def fingerprint(db: Path) -> tuple:
    """The store file's bytes and its sidecars: what 'unchanged' means."""
    if not db.exists():
        return ("missing",)
    wal = db.with_name(db.name + "-wal")  # a reader may leave an empty one; a write never does
    return (hashlib.sha256(db.read_bytes()).hexdigest(), wal.read_bytes() if wal.exists() else b"",
            sorted(p.name for p in db.parent.iterdir() if p.name.endswith(".pdf")))


def rows(db: Path, table: str) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "desk.sqlite3"
    with Store.open(path) as s:
        generate_demo(s, engagements=3, communications=5, seed=5)
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite3"
    shutil.copy2(template, path)
    shutil.copytree(template.with_name("desk-attachments"), tmp_path / "desk-attachments")
    return path


def first(db: Path, sql: str) -> str:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def code_of(db: Path) -> str:
    return first(db, "SELECT code FROM engagement ORDER BY id LIMIT 1")


def active_code(db: Path) -> str:
    return first(db, "SELECT code FROM engagement WHERE status = 'active' ORDER BY id LIMIT 1")


def staff_email(db: Path) -> str:
    return first(db, "SELECT email FROM staff WHERE active = 1 ORDER BY id LIMIT 1")


def eml(path: Path, *, subject: str = "Hello", message_id: str = "<m1@client.example>", body: str = "Hi.") -> Path:
    path.write_text(f"From: Ann <ann@client.example>\nTo: us@meridian-kp.example\nSubject: {subject}\n"
                    f"Message-ID: {message_id}\nDate: Mon, 2 Mar 2026 09:00:00 +0000\n"
                    f"Content-Type: text/plain; charset=utf-8\n\n{body}\n", encoding="utf-8")
    return path


def time_csv(path: Path, db: Path, lines: int = 3) -> Path:
    code, who = code_of(db), staff_email(db)
    body = "".join(f"{code},{who},2026-03-0{i + 2},1.5,Prior-art search {i}\n" for i in range(lines))
    path.write_text("engagement,staff,date,hours,note\n" + body, encoding="utf-8")
    return path


# -- 1. one writer means one writer ------------------------------------------------------------
HOLDER = """
import sys, time
from kpo_desk.core.lock import acquire_store_lock
lock = acquire_store_lock(sys.argv[1])  # as the GUI takes it when a window opens the store
print("held", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
print("released", flush=True)
time.sleep(30)
"""


def hold_lock(db: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(seconds)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def writer_args(kind: str, db: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    """(the store the command writes, its arguments) for each command that writes."""
    side = tmp_path / "side.sqlite3"
    if kind in ("import json", "restore"):
        shutil.copy2(db, side)
        shutil.copytree(tmp_path / "desk-attachments", tmp_path / "side-attachments")
        if kind == "import json":
            assert run("--db", str(side), "export", "json", "-o", str(tmp_path / "e.zip")).returncode == 0
            return tmp_path / "new.sqlite3", ["import", "json", str(tmp_path / "e.zip")]
        assert run("--db", str(side), "backup", "-o", str(tmp_path / "b.zip")).returncode == 0
        return db, ["restore", str(tmp_path / "b.zip")]
    return db, {
        "demo": ["demo", "--engagements", "2", "--communications", "2"],
        "import-time": ["import-time", str(time_csv(tmp_path / "t.csv", db))],
        "import-mail": ["import-mail", str(eml(tmp_path / "m.eml")), "--engagement", code_of(db)],
        "report": ["report", code_of(db), "-o", str(tmp_path / "r.pdf")],
    }[kind]


WRITERS = ["demo", "import-time", "import-mail", "import json", "restore", "report"]


@pytest.mark.parametrize("kind", WRITERS)
def test_a_writer_refuses_while_the_gui_holds_the_lock(kind: str, db: Path, tmp_path: Path) -> None:
    target, args = writer_args(kind, db, tmp_path)
    if kind == "demo":
        target = tmp_path / "fresh.sqlite3"
    before = fingerprint(target)
    holder = hold_lock(target, 60)
    try:
        result = run("--db", str(target), *args)
    finally:
        holder.kill()
        holder.wait()
    line = one_line(result)
    assert f"pid {holder.pid}" in line and "nothing was" in line, line
    assert fingerprint(target) == before
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("kind", ["import-time", "restore"])
def test_wait_seconds_lets_a_writer_in_once_the_holder_lets_go(kind: str, db: Path, tmp_path: Path) -> None:
    target, args = writer_args(kind, db, tmp_path)
    holder = hold_lock(target, 1.0)
    try:
        started = time.monotonic()
        result = run("--db", str(target), "--wait", "30", *args)
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 0, result.stderr
    assert waited >= 0.5  # it did wait for the holder, rather than never looking
    if kind == "import-time":
        assert "Imported 3 time entries" in result.stdout


def test_wait_that_runs_out_names_the_holder(db: Path, tmp_path: Path) -> None:
    target, args = writer_args("import-time", db, tmp_path)
    before = fingerprint(target)
    holder = hold_lock(target, 60)
    try:
        result = run("--db", str(target), "--wait", "0.5", *args)
    finally:
        holder.kill()
        holder.wait()
    line = one_line(result)
    assert f"pid {holder.pid}" in line and "after waiting 0.5 s" in line
    assert fingerprint(target) == before


def test_two_demo_runs_on_one_store(tmp_path: Path) -> None:
    target = tmp_path / "twice.sqlite3"
    argv = [*KPO, "--db", str(target), "demo", "--engagements", "30"]
    env = {k: v for k, v in os.environ.items() if k != "KPO_DESK_DB"}
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(2)]
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in runs]
    for p in runs:
        p.stdout.close()
        p.stderr.close()
    assert sorted(code for code, _ in outcomes) == [0, 2], outcomes
    refused = next(err for code, err in outcomes if code == 2)
    lines = [line for line in refused.splitlines() if line.strip() and not line.startswith("  ")]
    assert len(lines) == 1 and "IntegrityError" not in refused and "SQL" not in refused, refused
    assert "nothing was written" in lines[0] or "already holds data" in lines[0]
    # and one after the other: the second is told the store holds data, in one line
    again = run("--db", str(target), "--wait", "5", "demo", "--engagements", "3")
    assert "already holds data" in one_line(again)
    assert rows(target, "engagement") == 30


# -- 2. every bad input is exit 2 with one sentence --------------------------------------------
DEEP = "[" * 100_000 + "]" * 100_000


def rezip(source: Path, target: Path, *, replace: dict[str, str | bytes] | None = None,
          extra: Callable[[zipfile.ZipFile], list[tuple[str, bytes]]] | None = None) -> Path:
    import warnings

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": the point of some cases
        for info in src.infolist():
            data = (replace or {}).get(info.filename, src.read(info.filename))
            out.writestr(info.filename, data)
        for name, data in (extra(src) if extra else []):
            out.writestr(name, data)
    return target


def _export(db: Path, tmp: Path) -> Path:
    out = tmp / "export.zip"
    if not out.exists():
        assert run("--db", str(db), "export", "json", "-o", str(out)).returncode == 0
    return out


def _backup(db: Path, tmp: Path) -> Path:
    out = tmp / "backup.zip"
    if not out.exists():
        assert run("--db", str(db), "backup", "-o", str(out)).returncode == 0
    return out


def _manifest_with(source: Path, **changes: object) -> str:
    with zipfile.ZipFile(source) as z:
        return json.dumps(json.loads(z.read("manifest.json")) | changes)


def _first_attachment(z: zipfile.ZipFile) -> list[tuple[str, bytes]]:
    name = next(n for n in z.namelist() if n.startswith("attachments/"))
    return [(name, z.read(name))]


def _import(build: Callable[[Path, Path], Path]) -> Callable[[Path, Path], list[str]]:
    def argv(db: Path, tmp: Path) -> list[str]:
        return ["--db", str(tmp / "empty.sqlite3"), "import", "json", str(build(db, tmp))]
    return argv


def _restore(build: Callable[[Path, Path], Path]) -> Callable[[Path, Path], list[str]]:
    def argv(db: Path, tmp: Path) -> list[str]:
        return ["--db", str(db), "restore", str(build(db, tmp))]
    return argv


def _mail(name: str, data: bytes, code: str | None = None) -> Callable[[Path, Path], list[str]]:
    def argv(db: Path, tmp: Path) -> list[str]:
        (tmp / name).write_bytes(data)
        return ["--db", str(db), "import-mail", str(tmp / name), "--engagement", code or code_of(db)]
    return argv


def _csv(text: str | bytes) -> Callable[[Path, Path], list[str]]:
    def argv(db: Path, tmp: Path) -> list[str]:
        data = text if isinstance(text, bytes) else text.format(code=code_of(db), who=staff_email(db)).encode()
        (tmp / "t.csv").write_bytes(data)
        return ["--db", str(db), "import-time", str(tmp / "t.csv")]
    return argv


def _args(*args: str) -> Callable[[Path, Path], list[str]]:
    return lambda db, tmp: ["--db", str(db), *[a.format(code=code_of(db)) for a in args]]


MALFORMED = [
    pytest.param(_import(lambda db, t: rezip(_export(db, t), t / "x.zip", replace={"manifest.json": DEEP})),
                 id="export-manifest-nested-deeply"),
    pytest.param(_import(lambda db, t: rezip(_export(db, t), t / "x.zip",
                                             replace={"tables/client.jsonl": DEEP + "\n"})), id="export-table-nested-deeply"),
    pytest.param(_import(lambda db, t: rezip(_export(db, t), t / "x.zip", replace={
        "manifest.json": _manifest_with(_export(db, t), format_version="one")})), id="export-manifest-version-text"),
    pytest.param(_import(lambda db, t: rezip(_export(db, t), t / "x.zip", replace={
        "manifest.json": _manifest_with(_export(db, t), format_version=[1])})), id="export-manifest-version-list"),
    pytest.param(_import(lambda db, t: rezip(_export(db, t), t / "x.zip", replace={
        "manifest.json": _manifest_with(_export(db, t), format_version=1e308 * 10)})), id="export-manifest-version-inf"),
    pytest.param(_import(lambda db, t: rezip(_export(db, t), t / "x.zip", extra=_first_attachment)),
                 id="export-duplicate-attachment"),
    pytest.param(_import(lambda db, t: rezip(_export(db, t), t / "x.zip", extra=lambda z: [
        ("tables/client.jsonl", z.read("tables/client.jsonl"))])), id="export-duplicate-table"),
    pytest.param(_import(lambda db, t: (t / "x.zip").write_bytes(b"PK\x03\x04" + os.urandom(300)) or t / "x.zip"),
                 id="export-cut-zip"),
    pytest.param(_restore(lambda db, t: rezip(_backup(db, t), t / "x.zip", replace={"manifest.json": DEEP})),
                 id="backup-manifest-nested-deeply"),
    pytest.param(_restore(lambda db, t: rezip(_backup(db, t), t / "x.zip", replace={
        "manifest.json": _manifest_with(_backup(db, t), format_version="one")})), id="backup-manifest-version-text"),
    pytest.param(_restore(lambda db, t: rezip(_backup(db, t), t / "x.zip", extra=_first_attachment)),
                 id="backup-duplicate-attachment"),
    pytest.param(_restore(lambda db, t: rezip(_backup(db, t), t / "x.zip", extra=lambda z: [
        ("store.sqlite3", z.read("store.sqlite3"))])), id="backup-duplicate-store"),
    pytest.param(_restore(lambda db, t: (t / "x.zip").write_text("a letter, not a backup") or t / "x.zip"),
                 id="backup-letter"),
    pytest.param(_mail("notes.txt", b"Meeting notes"), id="mail-not-a-mail-file"),
    pytest.param(_mail("x.msg", os.urandom(2048)), id="mail-random-msg"),
    pytest.param(_mail("x.mbox", b"Subject: no From line first\n\nhi\n"), id="mail-mbox-without-from"),
    pytest.param(_mail("x.eml", b""), id="mail-empty"),
    pytest.param(_mail("x.eml", b"Subject: hi\n\nhi\n", code="NOPE-1999-001"), id="mail-unknown-engagement"),
    pytest.param(_csv(b"\x00\x01\x02binary"), id="csv-binary"),
    pytest.param(_csv("who,when\nx,y\n"), id="csv-no-columns"),
    pytest.param(_csv("engagement,staff,date,hours\n{code},{who},2026-02-30,2\n"), id="csv-impossible-date"),
    pytest.param(_csv("engagement,staff,date,hours\nNOPE-1999-001,{who},2026-03-02,2\n"), id="csv-unknown-engagement"),
    pytest.param(_csv(b"engagement,staff,date,hours\n\xff\xfe\n"), id="csv-not-utf8"),
    pytest.param(_args("report", "{code}", "--from", "2026-02-30"), id="report-impossible-date"),
    pytest.param(_args("report", "{code}", "--from", "2026-03-09", "--to", "2026-03-01"), id="report-dates-reversed"),
    pytest.param(_args("report", "NOPE-1999-001"), id="report-unknown-engagement"),
    pytest.param(_args("--wait", "soon", "import-time", "x.csv"), id="wait-not-a-number"),
    pytest.param(_args("--wait", "nan", "import-time", "x.csv"), id="wait-nan"),
]


@pytest.mark.parametrize("argv", MALFORMED)
def test_malformed_input_is_exit_2_with_one_sentence(argv: Callable[[Path, Path], list[str]], db: Path,
                                                     tmp_path: Path) -> None:
    args = argv(db, tmp_path)
    before = fingerprint(db)
    one_line(run(*args))
    assert fingerprint(db) == before
    assert not (tmp_path / "empty.sqlite3").exists()  # a refused import leaves no store behind


# -- 3. report folders are private -------------------------------------------------------------
def test_all_active_reports_are_owner_only(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "weekly" / "reports"
    old = os.umask(0o022)  # the usual umask, which would make the folder 0755
    try:
        result = run("--db", str(db), "report", "--all-active", "-o", str(folder))
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    pdfs = list(folder.glob("*.pdf"))
    assert pdfs and active_code(db) in " ".join(p.name for p in pdfs)
    assert {stat.S_IMODE(p.stat().st_mode) for p in pdfs} == {0o600}


# -- 4. Ctrl-C during import-mail tells the truth ----------------------------------------------
def write_mbox(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(f"From ann@client.example Mon Mar  2 09:00:00 2026\nFrom: Ann <ann@client.example>\n"
                      f"To: us@meridian-kp.example\nSubject: Status {i}\nMessage-ID: <status-{i}@client.example>\n"
                      f"Date: Mon, 2 Mar 2026 09:00:00 +0000\n\nUpdate number {i}.\n\n")
    return path


@pytest.mark.timeout(1200)  # 5,000 messages, one durable transaction each, on a shared machine
def test_ctrl_c_during_import_mail_reports_what_was_saved_and_a_rerun_skips_it(db: Path, tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "inbox.mbox", 5000)
    base = rows(db, "communication")
    env = {k: v for k, v in os.environ.items() if k != "KPO_DESK_DB"}
    proc = subprocess.Popen([*KPO, "--db", str(db), "import-mail", str(box), "--engagement", code_of(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 240
    while rows(db, "communication") < base + 40:  # some messages are in, one transaction each
        assert proc.poll() is None and time.monotonic() < deadline, "the import ended or stalled"
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "nothing was written" not in err and "Traceback" not in err
    said = re.fullmatch(r"kpo-desk: Interrupted after ([\d,]+) of 5,000 messages; those ([\d,]+) are saved, "
                        r"and a re-run skips them\.", err.strip())
    assert said, err
    saved = int(said[2].replace(",", ""))
    assert saved == int(said[1].replace(",", "")) == rows(db, "communication") - base
    assert 40 <= saved < 5000
    assert out.count("imported\t") == saved  # the listing on stdout names each saved message

    again = run("--db", str(db), "import-mail", str(box), "--engagement", code_of(db), timeout=900)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == (f"{5000 - saved:,} messages imported, {saved:,} already "
                                             "imported, so skipped.")
    assert rows(db, "communication") == base + 5000
    assert "1,000 of 5,000 messages" in again.stderr  # progress on stderr, stdout stays the listing
    assert "of 5,000 messages" not in again.stdout


# -- 5. a mail body over the limit is cut, inside the limit ------------------------------------
def test_a_3_mb_mail_body_is_imported_cut_with_its_marker_inside_the_limit(db: Path, tmp_path: Path) -> None:
    text = ("Claim 1. A method of sorting prior art, comprising: " * 60_000)[:3_000_000]
    mail = eml(tmp_path / "long.eml", subject="Long claims", message_id="<long@client.example>", body=text)
    result = run("--db", str(db), "import-mail", str(mail), "--engagement", code_of(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1 message imported."
    body = first(db, "SELECT body FROM communication WHERE subject = 'Long claims'")
    assert len(body) <= MAX_BODY and body.endswith(CUT_MARKER)
    assert body.startswith(text[:100_000]) and len(body) > MAX_BODY - 1000


# -- 6. time imported twice is imported once ---------------------------------------------------
def test_importing_the_same_time_csv_twice_adds_nothing_the_second_time(db: Path, tmp_path: Path) -> None:
    sheet = time_csv(tmp_path / "week.csv", db, lines=3)
    with sheet.open("a", encoding="utf-8") as out:  # the same work twice in one file is two entries
        out.write(sheet.read_text(encoding="utf-8").splitlines()[1] + "\n")
    base = rows(db, "timeentry")
    once = run("--db", str(db), "import-time", str(sheet))
    assert once.returncode == 0, once.stderr
    assert "Imported 4 time entries" in once.stdout and "already imported" not in once.stdout
    twice = run("--db", str(db), "import-time", str(sheet))
    assert twice.returncode == 0, twice.stderr
    assert twice.stdout.splitlines() == [
        f"Imported 0 time entries from {sheet}.",
        "Skipped 4 rows that were already imported (same staff, date, engagement, hours and note)."]
    assert rows(db, "timeentry") == base + 4
    # a row that differs in its note is new work, and goes in
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Prior-art search 2", "Claims chart"),
                     encoding="utf-8")
    third = run("--db", str(db), "import-time", str(sheet))
    assert "Imported 1 time entry" in third.stdout and "Skipped 3 rows" in third.stdout
    assert rows(db, "timeentry") == base + 5


# -- 7. restore over a file that is not a store; a read-only disk ------------------------------
def test_restore_over_a_file_that_is_not_a_store_asks_for_force(db: Path, tmp_path: Path) -> None:
    backup = _backup(db, tmp_path)
    thesis = tmp_path / "thesis.docx"
    thesis.write_bytes(b"PK\x03\x04 my thesis, three years of work")
    before = thesis.read_bytes()
    line = one_line(run("--db", str(thesis), "restore", str(backup)))
    assert "is not a KPO Desk store" in line and "--force" in line
    assert thesis.read_bytes() == before and sorted(p.name for p in tmp_path.glob("thesis*")) == ["thesis.docx"]
    forced = run("--db", str(thesis), "restore", "--force", str(backup))
    assert forced.returncode == 0, forced.stderr
    kept = [p for p in tmp_path.glob("thesis-before-restore-*")]
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert run("--db", str(thesis), "check").stdout == "ok\n"


def _read_only_run(db: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run kpo-desk on a copy of ``db`` on a read-only file system (a private mount namespace,
    so nothing outlives the test)."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1) for a private read-only mount")
    mount = tmp_path / "ro"
    mount.mkdir()
    script = (f'mount -t tmpfs tmpfs "{mount}" && cp "{db}" "{mount}/desk.sqlite3" && '
              f'mount -o remount,ro "{mount}" && exec "$@"')
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", *KPO, "--db",
                             str(mount / "desk.sqlite3"), *args], capture_output=True, text=True, timeout=120,
                            env={k: v for k, v in os.environ.items() if k != "KPO_DESK_DB"})
    if "mount" in result.stderr and "kpo-desk" not in result.stderr:
        pytest.skip(f"no private mounts here: {result.stderr.strip()}")
    return result


def test_a_writer_on_a_read_only_disk_says_read_only(db: Path, tmp_path: Path) -> None:
    line = one_line(_read_only_run(db, tmp_path, "import-time", str(time_csv(tmp_path / "t.csv", db))))
    assert "Read-only file system" in line and "damaged" not in line, line


def test_check_on_a_read_only_disk_says_read_only(db: Path, tmp_path: Path) -> None:
    line = one_line(_read_only_run(db, tmp_path, "check"))
    assert "read-only" in line.lower() and "damaged" not in line, line

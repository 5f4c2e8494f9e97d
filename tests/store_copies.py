"""Shared by the encryption tests: whole-store copies, the demo's secrets, and leak searches."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from kpo_desk.core.attachments import attachments_folder
from kpo_desk.core.crypto import keys


def copy_store(source: Path, target: Path) -> Path:
    """The store file, its key file (if encrypted) and its attachments folder, copied to
    ``target`` (the source was closed cleanly, so a file copy is safe)."""
    shutil.copy2(source, target)
    if keys.key_file_path(source).exists():
        shutil.copy2(keys.key_file_path(source), keys.key_file_path(target))
    if attachments_folder(source).exists():
        shutil.copytree(attachments_folder(source), attachments_folder(target))
    return target


def demo_secrets(demo_template: Path) -> dict[str, str]:
    """A client name, a mail subject and an evidence file's text of the plain demo, proved to be
    readable in its plain files (so that their absence from an encrypted copy means something)."""
    with sqlite3.connect(demo_template) as con:
        client = con.execute("SELECT name FROM client ORDER BY id LIMIT 1").fetchone()[0]
        subject = con.execute("SELECT subject FROM communication WHERE subject <> '' "
                              "ORDER BY length(subject) DESC LIMIT 1").fetchone()[0]
        sha = con.execute("SELECT sha256 FROM attachment WHERE checklist_item_id IS NOT NULL "
                          "ORDER BY id LIMIT 1").fetchone()[0]
    evidence = (attachments_folder(demo_template) / sha).read_text(encoding="utf-8").splitlines()[1]
    raw = demo_template.read_bytes()
    assert client.encode() in raw and subject.encode() in raw and evidence.startswith("Control: ")
    return {"client": client, "evidence": evidence, "subject": subject}


def leaked(raw: bytes, strings: dict[str, str]) -> list[str]:
    """Which of ``strings`` (by name) ``raw`` holds, in UTF-8 or UTF-16 either way round."""
    return [what for what, s in strings.items()
            for form in (s.encode("utf-8"), s.encode("utf-16-le"), s.encode("utf-16-be")) if form in raw]


def leaks(folder: Path, strings: dict[str, str]) -> list[str]:
    """Every file under ``folder`` that holds one of ``strings``: "<file>: the <name>"."""
    return [f"{path.relative_to(folder)}: the {what}"
            for path in sorted(folder.rglob("*")) if path.is_file()
            for what in leaked(path.read_bytes(), strings)]

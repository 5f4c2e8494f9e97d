"""A store path is a path: no URL syntax, links followed to the real file, everything owner-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kpo_desk.core.errors import StoreError
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store, resolve_store_path


@pytest.mark.parametrize("name", ["a?mode=ro.sqlite3", "c%20d.sqlite3", "e#f.sqlite3", "g h.sqlite3",
                                  "file:x.sqlite3"])
def test_characters_of_a_path_are_never_url_syntax(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with Store.open(path) as store:
        parties.create_client(store, name="Acme", timezone="UTC")
        assert store.path == path
    # Exactly the file asked for holds the data, owner-only, and nothing else appeared.
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    others = {p.name for p in tmp_path.iterdir() if not p.name.startswith(path.name)}
    assert others <= {path.stem + "-attachments"}
    with Store.open(path, read_only=True) as again:
        assert [c.name for c in parties.list_clients(again)] == ["Acme"]


def test_an_explicit_sqlite_url_is_a_url(tmp_path: Path) -> None:
    assert resolve_store_path(f"sqlite:///{tmp_path}/x%3Fy.sqlite3") == tmp_path / "x?y.sqlite3"
    with pytest.raises(StoreError, match="not a store location"):
        resolve_store_path("sqlite://")


def test_a_dangling_link_creates_an_owner_only_store_at_its_target(tmp_path: Path) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    link = tmp_path / "link.sqlite3"
    link.symlink_to(real_dir / "data.sqlite3")
    with Store.open(link) as store:
        parties.create_client(store, name="Acme", timezone="UTC")
        assert store.path == real_dir / "data.sqlite3"
        assert store.attachments_dir == real_dir / "data-attachments"
    target = real_dir / "data.sqlite3"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE((real_dir / "data-attachments").stat().st_mode) == 0o700
    assert not (tmp_path / "link-attachments").exists()


def test_a_linked_attachments_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = tmp_path / "s.sqlite3"
    (tmp_path / "s-attachments").symlink_to(elsewhere)
    with Store.open(path) as store, pytest.raises(StoreError, match="is a link"):
        _ = store.attachments_dir
    assert list(elsewhere.iterdir()) == []


def test_the_store_folder_is_created_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new" / "s.sqlite3"
    Store.open(path).close()
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700

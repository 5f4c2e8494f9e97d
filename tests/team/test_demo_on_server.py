"""Sample data on a team server: the same demo firm as on a file, through the GUI's button and the
command, copied in by move-to (verified row by row); a second load is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from kpo_desk.core.demo import generate_demo
from kpo_desk.core.store import Store
from tests.commands import kpo
from tests.ui.helpers import open_window

TODAY = date(2026, 11, 23)


def test_the_demo_on_a_server_equals_the_demo_in_a_file(pg_server, pg_database: str, tmp_path: Path) -> None:
    with Store.open(tmp_path / "file.sqlite3") as file_store:
        generate_demo(file_store, seed=5, today=TODAY)
        expected = file_store.table_counts()
    with Store.open(pg_server.url(pg_database)) as server_store:
        summary = generate_demo(server_store, seed=5, today=TODAY)
        assert summary.counts == expected and expected["engagement"] > 0
    again = kpo("--db", pg_server.url(pg_database), "demo")
    assert again.returncode == 2 and "already holds data" in again.stderr, again.stderr
    assert "Traceback" not in again.stderr


def test_load_sample_data_in_a_window_on_the_server(qtbot, pg_server, pg_database: str) -> None:
    store = Store.open(pg_server.url(pg_database))
    try:
        window = open_window(qtbot, store)
        button = window.empty_state.sample_button  # what a first start offers on an empty store
        qtbot.waitUntil(button.isVisible)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Sample firm loaded" in window.statusBar().currentMessage(), timeout=120_000)
        assert store.table_counts()["engagement"] > 0
        window.close()
    finally:
        store.close()

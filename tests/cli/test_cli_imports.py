"""Start-up cost of the command line: ``--version`` and every ``--help`` run without importing
the data layer, the PDF library or Qt. Each case runs in a fresh interpreter, since an import
made by an earlier test would hide one made by the command. (How long they take is measured
by benchmarks/bench_cli.py, not asserted here.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kpo_desk import __version__
from kpo_desk.cli import asks_for_version
from kpo_desk.cli.export import FORMATS

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "reportlab", "PySide6", "kpo_desk.core.store",
         "kpo_desk.core.models", "kpo_desk.ui")

#: Runs the real entry point (the one the ``kpo-desk`` script calls) and reports, as its last
#: line, the heavy modules that were imported by then and the exit code.
PROBE = f"""
import json, sys
from kpo_desk.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in sys.modules if m.startswith({HEAVY!r}))
sys.stdout.flush()
print(json.dumps({{"code": code, "heavy": heavy}}))
"""


def probe(*args: str) -> tuple[dict, str]:
    env = {k: v for k, v in os.environ.items() if k != "KPO_DESK_DB"}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                          timeout=120)
    *output, last = done.stdout.splitlines()
    return json.loads(last), "\n".join(output)


@pytest.mark.parametrize("args, expected", [
    (("--version",), f"kpo-desk {__version__}"),
    (("--db", "x.sqlite3", "--version"), f"kpo-desk {__version__}"),
    (("--help",), "export"),
    (("report", "--help"), "--all-active"),
    (("export", "--help"), "one of: csv, ics, json"),
    (("search", "--help"), "--kind"),
    (("demo", "--help"), "--communications"),
])
def test_version_and_help_import_nothing_heavy(args: tuple[str, ...], expected: str) -> None:
    result, output = probe(*args)
    assert result["code"] in (0, None), output
    assert expected in output
    assert result["heavy"] == []


def test_the_probe_sees_a_command_that_opens_the_store(tmp_path: Path) -> None:
    """The same probe on a command that does open the store names the data layer: the empty
    lists above are the commands' doing, not a probe that cannot see."""
    result, _ = probe("--db", str(tmp_path / "absent.sqlite3"), "check")
    assert result["code"] == 2
    assert "sqlalchemy" in result["heavy"] and "kpo_desk.core.store" in result["heavy"]


def test_python_minus_x_importtime_of_version_lists_no_heavy_module() -> None:
    """The same through ``python -X importtime -m kpo_desk --version``, the way a person checks."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kpo_desk", "--version"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == f"kpo-desk {__version__}"
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "kpo_desk" in imported  # the listing is real
    assert not {m for m in imported if m.startswith(HEAVY)}


def test_export_formats_named_in_the_cli_are_the_registered_ones() -> None:
    from kpo_desk.core.exporters import load_formats

    assert tuple(sorted(load_formats())) == FORMATS


@pytest.mark.parametrize("argv, answer", [
    (["--version"], True),
    (["--db", "a.sqlite3", "--version"], True),
    (["--db=a.sqlite3", "--debug", "--version"], True),
    (["--db", "--version"], False),  # --version is the value of --db: argparse refuses it
    (["search", "--version"], False),
    (["--help", "--version"], False),
    ([], False),
])
def test_version_is_answered_early_only_where_argparse_would(argv: list[str], answer: bool) -> None:
    assert asks_for_version(argv) is answer


@pytest.mark.parametrize("command", ["--version", "about"])
def test_a_reader_that_goes_away_is_not_an_error(command: str) -> None:
    """``kpo-desk about | head -1``: the pipe closes early; no traceback, no 'unexpected error',
    and the exit code a tool killed by SIGPIPE gives."""
    proc = subprocess.Popen([sys.executable, "-m", "kpo_desk", command], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # before the child has written anything
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert stderr == ""

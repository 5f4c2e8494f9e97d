"""Install KPO Desk the way a user does, and use it from there.

The wheel is built from this tree, installed into a fresh virtual environment outside it, and
run from a folder outside it, so nothing can be picked up from the source tree by accident: the
demo loads (resources/demo), a new engagement gets its checklist (resources/checklists), a report
embeds the bundled fonts (resources/fonts), and the window paints with its icons (resources/icons).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], *, cwd: Path, env: dict[str, str], timeout: float = 300) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args[:3]} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], Path]:
    """(the venv's bin folder, an environment, a working folder), with the wheel installed."""
    work = tmp_path_factory.mktemp("installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KPO_DESK_", "PYTHON"))}
    env.update(XDG_CONFIG_HOME=str(work / "config"), XDG_DATA_HOME=str(work / "data"),
               XDG_CACHE_HOME=str(work / "cache"), QT_QPA_PLATFORM="offscreen")
    wheels = work / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
         cwd=work, env=env)
    (wheel,) = wheels.glob("kpo_desk-*.whl")
    _run([sys.executable, "-m", "venv", str(work / "venv")], cwd=work, env=env)
    bin_dir = work / "venv" / "bin"
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          str(wheel)], cwd=work, env=env, timeout=500)
    return bin_dir, env, work


@pytest.mark.timeout(900)
def test_the_installed_wheel_carries_its_resources_and_works(installed) -> None:
    bin_dir, env, work = installed
    python = str(bin_dir / "python")
    where = _run([python, "-c", textwrap.dedent("""
        import kpo_desk
        from kpo_desk.core.resources import resources_dir
        print(kpo_desk.__file__)
        print(resources_dir())
    """)], cwd=work, env=env).split("\n")
    assert where[0].startswith(str(work / "venv")), "the app was imported from outside the fresh venv"
    assert where[1].startswith(str(work / "venv")), f"resources found outside the install: {where[1]}"
    assert not where[1].startswith(str(ROOT))

    db = work / "desk.sqlite3"
    _run([str(bin_dir / "kpo-desk"), "--db", str(db), "demo", "--engagements", "6",
          "--communications", "120"], cwd=work, env=env)

    # A new engagement on a new client, through core, as the New engagement form does.
    created = _run([python, "-c", textwrap.dedent(f"""
        from kpo_desk.core.store import Store
        from kpo_desk.core.services.parties import create_client
        from kpo_desk.core.services.engagements import create_engagement
        from kpo_desk.core.models import ChecklistItem
        from sqlmodel import select
        with Store.open({str(db)!r}) as store:
            client = create_client(store, name="Zürich Instruments AG", timezone="Europe/Zurich")
            e = create_engagement(store, client_id=client.id, title="Prior-art search",
                                  service_type="ip_patent")
            with store.read() as s:
                items = s.exec(select(ChecklistItem).where(ChecklistItem.engagement_id == e.id)).all()
            print(e.code, len(items))
    """)], cwd=work, env=env).split()
    code, items = created[0], int(created[1])
    assert items >= 10, f"the new engagement got {items} checklist items"

    pdf = work / "report.pdf"
    _run([str(bin_dir / "kpo-desk"), "--db", str(db), "report", code, "-o", str(pdf)], cwd=work, env=env)
    reader = PdfReader(pdf)
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVuSans" in name for name in fonts), f"report fonts: {fonts}"
    assert "Zürich Instruments AG" in "".join(p.extract_text() for p in reader.pages)

    # The window opens and paints from the installed copy (icons and all).
    shown = _run([str(bin_dir / "kpo-desk"), "--db", str(db)], cwd=work,
                 env={**env, "KPO_DESK_SMOKE_TEST": "1"}, timeout=180)
    assert "window ok" in shown

"""A firm adapts checklist templates in its own folder (the per-user data folder's
``checklists``): a file there takes the place of the bundled one of the same name, file by
file; the bundled files are never written."""

from __future__ import annotations

import os
from pathlib import Path

from kpo_desk.core.checklists import items_for_service, list_items, list_templates
from kpo_desk.core.checklists.templates import (
    bundled_templates_dir,
    copy_bundled_templates,
    user_templates_dir,
)
from kpo_desk.core.enums import ServiceType
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store

OWN_PATENT = '''name = "Our patent controls"

[[item]]
key = "inventor-interviews-recorded"
category = "People"
text = "Inventor interviews recorded only on the firm's encrypted laptops"
'''


def test_the_user_folder_is_the_per_user_data_folder_not_the_install_folder() -> None:
    folder = user_templates_dir()
    assert folder.name == "checklists" and folder.parent.name == "kpo-desk"
    assert str(folder).startswith(os.environ["XDG_DATA_HOME"]), "each test has its own data folder"
    assert bundled_templates_dir() not in (folder, *folder.parents)


def test_a_file_in_the_user_folder_overrides_the_bundled_one_file_by_file(store: Store) -> None:
    bundled = {p.name: p.read_bytes() for p in bundled_templates_dir().glob("*.toml")}
    shipped = [i.key for i in items_for_service(ServiceType.IP_PATENT)]
    folder = user_templates_dir()
    folder.mkdir(parents=True)
    (folder / "ip_patent.toml").write_text(OWN_PATENT, encoding="utf-8")

    items = items_for_service(ServiceType.IP_PATENT)
    keys = [i.key for i in items]
    assert keys[-1] == "inventor-interviews-recorded" and keys != shipped
    common = [i.key for i in items_for_service(ServiceType.LEGAL_PROCESS)][:3]
    assert keys[:3] == common, "common.toml is still the bundled one"
    rows = {r.file: r for r in list_templates()}
    assert rows["ip_patent.toml"].customised and rows["ip_patent.toml"].path == folder / "ip_patent.toml"
    assert rows["ip_patent.toml"].name == "Our patent controls" and rows["ip_patent.toml"].items == 1
    assert not rows["common.toml"].customised and rows["common.toml"].path.parent == bundled_templates_dir()

    # A new engagement gets the firm's own controls.
    client = parties.create_client(store, name="Helvetia Pharma AG", timezone="Europe/Zurich")
    engagement = eng.create_engagement(store, client_id=client.id, title="Prior art", service_type="ip_patent")
    texts = [i.text for i in list_items(store, engagement.id)]
    assert "Inventor interviews recorded only on the firm's encrypted laptops" in texts
    assert {p.name: p.read_bytes() for p in bundled_templates_dir().glob("*.toml")} == bundled


def test_copying_the_bundled_templates_never_overwrites_the_firms_own(tmp_path: Path) -> None:
    folder = user_templates_dir()
    folder.mkdir(parents=True)
    (folder / "ip_patent.toml").write_text(OWN_PATENT, encoding="utf-8")
    copied = copy_bundled_templates()
    names = sorted(p.name for p in bundled_templates_dir().glob("*.toml"))
    assert copied == [n for n in names if n != "ip_patent.toml"]
    assert (folder / "ip_patent.toml").read_text(encoding="utf-8") == OWN_PATENT
    assert (folder / "common.toml").read_bytes() == (bundled_templates_dir() / "common.toml").read_bytes()
    assert copy_bundled_templates() == [], "a second copy has nothing left to do"
    assert all(r.customised for r in list_templates()), "every file now comes from the firm's folder"

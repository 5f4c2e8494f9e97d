"""Checklist templates as data: the shipped files are valid and substantial, and every kind of
broken file is named, with its line, without stopping the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpo_desk.core.checklists import (
    items_for_service,
    list_templates,
    load_template,
    template_problems,
)
from kpo_desk.core.enums import Gate, Recurrence, ServiceType
from kpo_desk.core.errors import ValidationError
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties
from kpo_desk.core.store import Store
from tests.core.checklists_support import copy_resources


def test_shipped_templates_are_all_valid() -> None:
    rows = list_templates()
    assert [r.file for r in rows][:1] == ["common.toml"]
    assert {r.service_type for r in rows if r.service_type} == set(ServiceType)
    assert [(r.file, r.error) for r in rows if not r.valid] == []
    assert template_problems() == []


def test_common_set_has_the_controls_the_firm_needs() -> None:
    common = {i.key: i for i in items_for_service(ServiceType.OTHER) if i.file == "common.toml"}
    for key in ("nda-signed", "ip-assignment", "staff-undertakings", "access-named-staff", "access-review",
                "encrypted-storage", "secure-transfer", "no-personal-devices", "breach-contact",
                "key-role-backup", "data-returned", "access-revoked"):
        assert key in common, key
    assert common["nda-signed"].gate == Gate.ACTIVATION and common["nda-signed"].evidence
    assert common["data-returned"].gate == Gate.CLOSURE
    assert common["access-review"].recurrence == Recurrence.QUARTERLY
    assert any(i.client_side for i in common.values())


@pytest.mark.parametrize("service, phrase", [
    (ServiceType.IP_PATENT, "search engines"), (ServiceType.EQUITY_FINANCIAL, "restricted list"),
    (ServiceType.MEDICAL_CLINICAL, "de-identified"), (ServiceType.MEDICAL_CLINICAL, "Data-processing"),
    (ServiceType.LEGAL_PROCESS, "Conflict check"), (ServiceType.MARKET_RESEARCH, "consent"),
    (ServiceType.RND_ENGINEERING, "Export-control"), (ServiceType.RND_ENGINEERING, "Repository access"),
    (ServiceType.DATA_ANALYTICS, "pseudonymised"), (ServiceType.DESIGN_ANIMATION, "font licences"),
])
def test_each_service_carries_its_own_controls(service: ServiceType, phrase: str) -> None:
    own = [i for i in items_for_service(service) if i.file == f"{service.value}.toml"]
    assert any(phrase.lower() in i.text.lower() for i in own), [i.text for i in own]


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = '''name = "Test"

[[item]]
key = "first"
category = "Contract"
text = "First control"

[[item]]
key = "second"
category = "Access"
text = "Second control"
gate = "closure"
'''


@pytest.mark.parametrize("replace, add, line, phrase", [
    (('gate = "closure"', 'gate = "activated"'), "", 8,
     "'gate' is 'activated'; use one of none, activation, closure"),
    (None, 'required = "yes"\n', 8, "'required' must be true or false"),
    (None, 'recurrence = "weekly"\n', 8, "use one of none, monthly, quarterly, yearly"),
    (None, 'requird = true\n', 8, "unknown field 'requird'"),
    (None, 'gate = "none"\n', 13, "cannot overwrite a value"),
    (('key = "second"', 'key = "first"'), "", 8, "key 'first' is already used by item 1"),
    (('key = "second"', 'key = "Second Item"'), "", 8, "lower-case letters, digits and dashes"),
    (('text = "Second control"', 'text = ""'), "", 8, "needs a 'text'"),
    (None, 'owner_role = "Client"\n', 8, 'needs category = "Client"'),
    (('gate = "closure"', 'gate = closure'), "", 12, "invalid value at column 8"),
])
def test_a_broken_file_is_named_with_its_line(tmp_path: Path, replace, add: str, line: int, phrase: str) -> None:
    text = GOOD.replace(*replace) if replace else GOOD
    path = _write(tmp_path, "broken.toml", text + add)
    with pytest.raises(ValidationError) as err:
        load_template(path)
    assert f"broken.toml, line {line}" in err.value.message
    assert phrase in err.value.message
    assert err.value.field == "template"


def test_the_good_file_loads(tmp_path: Path) -> None:
    items = load_template(_write(tmp_path, "good.toml", GOOD))
    assert [(i.key, i.required, i.gate, i.file) for i in items] == [
        ("first", True, Gate.NONE, "good.toml"), ("second", True, Gate.CLOSURE, "good.toml")]


@pytest.mark.parametrize("content, phrase", [
    (b"\xff\xfe not text", "not UTF-8"),
    (b'name = "x"\nitems = []\n', "unknown setting 'items'"),
    (b'item = "nda"\n', "written as [[item]] tables"),
])
def test_files_that_are_not_templates(tmp_path: Path, content: bytes, phrase: str) -> None:
    path = tmp_path / "odd.toml"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match="odd.toml") as err:
        load_template(path)
    assert phrase in err.value.message


def test_list_templates_reports_each_broken_file_and_keeps_the_rest(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_resources(tmp_path, monkeypatch)
    (folder / "legal_process.toml").write_text((folder / "legal_process.toml").read_text()
                                               .replace('gate = "activation"', 'gate = activation', 1))
    (folder / "design_animation.toml").unlink()
    clash = (folder / "market_research.toml").read_text().replace('"respondent-consent"', '"nda-signed"')
    (folder / "market_research.toml").write_text(clash)
    _write(folder, "firm_extra.toml", GOOD)
    rows = {r.file: r for r in list_templates()}
    assert not rows["legal_process.toml"].valid and "legal_process.toml, line" in rows["legal_process.toml"].error
    assert not rows["design_animation.toml"].valid and "missing" in rows["design_animation.toml"].error
    assert not rows["market_research.toml"].valid
    assert "already used in common.toml" in rows["market_research.toml"].error
    assert rows["common.toml"].valid and rows["ip_patent.toml"].valid and rows["ip_patent.toml"].items >= 5
    assert rows["firm_extra.toml"].valid and rows["firm_extra.toml"].items == 2
    assert rows["ip_patent.toml"].name == "IP and patent research"
    assert len(template_problems()) == 3


def test_a_broken_common_file_refuses_new_engagements_and_writes_nothing(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client = parties.create_client(store, name="Nordlys Energi ASA", timezone="Europe/Oslo")
    folder = copy_resources(tmp_path, monkeypatch)
    common = folder / "common.toml"
    lines = common.read_text().splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("text ="))
    lines[at] = 'text = "NDA signed'  # an unterminated string
    common.write_text("\n".join(lines) + "\n")
    before = store.table_counts()
    with pytest.raises(ValidationError) as err:
        eng.create_engagement(store, client_id=client.id, title="Grid study", service_type="rnd_engineering")
    assert f"common.toml, line {at + 1}" in err.value.message
    assert store.table_counts() == before
    rows = {r.file: r for r in list_templates()}
    assert not rows["common.toml"].valid and rows["rnd_engineering.toml"].valid

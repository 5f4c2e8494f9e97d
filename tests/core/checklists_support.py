"""Builders shared by the checklist tests: a small firm with the roles the templates name."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import select

from kpo_desk.core.models import ChecklistItem, Engagement, Staff
from kpo_desk.core.resources import resources_dir
from kpo_desk.core.services import engagements as eng
from kpo_desk.core.services import parties, work
from kpo_desk.core.store import Store


@dataclass
class Firm:
    manager: Staff
    analyst: Staff
    qa: Staff
    it: Staff
    compliance: Staff


def make_firm(store: Store) -> Firm:
    return Firm(
        manager=parties.create_staff(store, name="Priya Nair", role="Engagement manager"),
        analyst=parties.create_staff(store, name="Arjun Mehta", role="Senior patent analyst"),
        qa=parties.create_staff(store, name="Hannah Becker", role="QA lead"),
        it=parties.create_staff(store, name="Marcus Lee", role="IT administrator"),
        compliance=parties.create_staff(store, name="Fatima Benali", role="Compliance officer"),
    )


def make_engagement(store: Store, firm: Firm | None = None, service: str = "ip_patent",
                    name: str = "Helvetia Pharma AG") -> Engagement:
    client = parties.create_client(store, name=name, timezone="Europe/Zurich")
    e = eng.create_engagement(store, client_id=client.id, title="Prior-art search", service_type=service)
    if firm is not None:
        work.assign_staff(store, engagement_id=e.id, staff_id=firm.analyst.id, role="Lead analyst",
                          is_key_role=True)
    return e


def items_by_key(store: Store, engagement_id: int) -> dict[str, ChecklistItem]:
    with store.read() as s:
        rows = s.exec(select(ChecklistItem).where(ChecklistItem.engagement_id == engagement_id))
        return {i.template_key or f"custom-{i.id}": i for i in rows}


def copy_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of resources/ that the test may break; returns its checklists folder."""
    target = tmp_path / "resources"
    shutil.copytree(resources_dir() / "checklists", target / "checklists")
    monkeypatch.setenv("KPO_DESK_RESOURCES", str(target))
    return target / "checklists"

"""The small firm the team-mode tests share: Mina (a manager) leads two engagements; Asha works on
the first (Acme's patent landscape), Ben on the second (Globex's market study)."""

from __future__ import annotations

from dataclasses import dataclass

from kpo_desk.core.services.engagements import create_engagement
from kpo_desk.core.services.parties import create_client, create_staff
from kpo_desk.core.services.work import assign_staff
from kpo_desk.core.store import Store

NAMES = {"asha": "Asha Rao", "ben": "Ben Okafor", "mina": "Mina Das"}


@dataclass(frozen=True)
class SmallFirm:
    staff: dict[str, int]  # "asha", "ben", "mina" -> staff id
    e1: int  # Acme's, Asha's
    e2: int  # Globex's, Ben's


def small_firm(admin: Store) -> SmallFirm:
    staff = {p: create_staff(admin, name=n).id for p, n in NAMES.items()}
    acme = create_client(admin, name="Acme Ltd").id
    globex = create_client(admin, name="Globex plc").id
    e1 = create_engagement(admin, client_id=acme, title="Patent landscape", service_type="ip_patent",
                           lead_id=staff["mina"]).id
    e2 = create_engagement(admin, client_id=globex, title="Market study", service_type="market_research",
                           lead_id=staff["mina"]).id
    assign_staff(admin, engagement_id=e1, staff_id=staff["asha"], role="Analyst")
    assign_staff(admin, engagement_id=e2, staff_id=staff["ben"], role="Analyst")
    return SmallFirm(staff, e1, e2)

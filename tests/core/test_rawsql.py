"""The literals spliced into the few hand-written queries are only ever plain words."""

from __future__ import annotations

import pytest

from kpo_desk.core.enums import EngagementStatus
from kpo_desk.core.rawsql import literals


def test_enum_values_become_quoted_literals() -> None:
    assert literals([EngagementStatus.ACTIVE, "on_hold"]) == "'active', 'on_hold'"


@pytest.mark.parametrize("bad", [["x'); DROP TABLE client; --"], ["Active"], [""], [], [3]])
def test_anything_but_a_plain_word_is_refused(bad: list) -> None:
    with pytest.raises(ValueError):
        literals(bad)

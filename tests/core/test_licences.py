"""Which licence texts travel with each library."""

from __future__ import annotations

import pytest

from kpo_desk.core.licences import library_licence, standard_texts
from kpo_desk.core.resources import resource


@pytest.mark.parametrize(("expression", "names"), [
    ("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only", ["LGPL-3.0.txt", "GPL-3.0.txt", "GPL-2.0.txt"]),
    ("GPL-3.0-or-later", ["GPL-3.0.txt"]),
    ("LGPL-3.0+", ["LGPL-3.0.txt", "GPL-3.0.txt"]),
    ("MIT", []),
    ("", []),
])
def test_standard_texts_for_an_spdx_expression(expression: str, names: list[str]) -> None:
    assert [p.name for p in standard_texts(expression)] == names
    assert all(p.parent == resource("licences") for p in standard_texts(expression))


def test_a_library_with_its_own_licence_file_is_shown_with_it() -> None:
    olefile = library_licence("olefile")
    assert [p.name for p in olefile.licence_files] == ["LICENSE.txt"]
    assert all(".dist-info" in str(p) for p in olefile.licence_files)  # not the copy inside the package
    assert [p.name for p in library_licence("PySide6_Essentials").licence_files][0] == "LGPL-3.0.txt"

"""The Qt binding the app installs must not corrupt the interpreter.

PySide6 6.12.0 drops a reference to ``None`` on most Qt calls that return nothing; on Python
3.11 (where ``None`` is reference-counted) the app then aborts with "none_dealloc" after some
thousands of calls, a few minutes into a session. pyproject.toml keeps 3.11 on 6.11; this test
fails on a binding with that bug."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_leave_the_reference_count_of_none_alone(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.resize(10, 10)
        label.setToolTip("y")
    drift = sys.getrefcount(None) - before
    assert abs(drift) < 100, f"None lost {-drift} references over 6,000 void Qt calls"

"""Guard against the PySide6 6.12.0 binding bug that decrements None on every void call and aborts Python."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_void_calls_do_not_consume_references_to_none(qapp: object) -> None:
    document = QTextDocument()
    document.setPlainText("x" * 50)
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for _ in range(2000):
        cursor.setPosition(3)
        cursor.clearSelection()
    # A healthy binding leaves None's count alone (give or take a few cached objects); the broken one
    # drops it by 4000 here.
    assert sys.getrefcount(None) - before > -100

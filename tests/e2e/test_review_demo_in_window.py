"""Help > Open the Review Demo: the demo articles labelled by three sample annotators, reviewed by keys."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from annotator.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setattr("annotator.store.default.data_dir", lambda: data)
    return data


def test_the_review_demo_opens_and_is_reviewed_by_keyboard(
    main_window: MainWindow, qtbot: QtBot, data_dir: Path
) -> None:
    window = main_window
    window.findChild(QAction, "help.review_demo").trigger()
    path = data_dir / "review-demo.annotator"
    assert window.project.path == path
    assert "Ctrl+R" in window.statusBar().currentMessage()
    assert window.project.document_count() == 5
    with qtbot.waitActive(window):
        window.activateWindow()
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Qt.Key.Key_R, CTRL)
    assert window.review.active
    assert [layer.name for layer in window.review.overlay.layers] == ["lena", "maria", "omar"]
    assert window.review.model.rowCount() > 0
    unit = window.review.current_unit()
    assert unit is not None
    assert not unit.agreed
    qtbot.keyClick(window.text_view, Qt.Key.Key_2)  # accept maria's version of the first disagreement
    with sqlite3.connect(path) as conn:
        decided = conn.execute("SELECT unit, action, annotator, reviewer FROM decisions").fetchall()
    assert decided == [(unit.key, "accept", "maria", "tester")]

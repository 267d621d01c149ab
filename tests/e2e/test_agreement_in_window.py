"""Review > Agreement in the window: the dialog opens beside it and a chosen document opens in it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.ui.agreement_dialog import AgreementDialog
from annotator.ui.main_window import MainWindow
from tests.ui.agreement_samples import TEXTS, THREE_ANNOTATORS, add_layers, document_id


@pytest.fixture
def labelled(main_window: MainWindow) -> MainWindow:
    add_layers(main_window.project, THREE_ANNOTATORS)
    return main_window


def open_agreement(window: MainWindow) -> AgreementDialog:
    window.findChild(QAction, "review.agreement").trigger()
    dialogs = window.findChildren(AgreementDialog)
    assert len(dialogs) == 1
    return dialogs[0]


def test_agreement_is_in_one_review_menu(main_window: MainWindow) -> None:
    menus = [m for m in main_window.menuBar().findChildren(QMenu) if m.title() == "&Review"]
    assert len(menus) == 1
    assert menus[0] is main_window.review_menu()
    assert menus[0].objectName() == "menu.review"
    assert main_window.findChild(QAction, "review.agreement") in menus[0].actions()
    titles = [a.text() for a in main_window.menuBar().actions()]
    assert titles.index("&Review") < titles.index("&Help")


def test_opening_a_document_from_the_dialog(labelled: MainWindow) -> None:
    dialog = open_agreement(labelled)
    assert dialog.isVisible()
    assert dialog.heatmap.names() == ["lena", "maria", "omar"]
    wanted = document_id(labelled.project, "Talks in Geneva")
    dialog.document_chosen.emit(wanted)
    assert labelled.layer is not None
    assert labelled.layer.document.id == wanted
    assert labelled.text_view.text == TEXTS["Talks in Geneva"]


def test_a_review_mode_gets_the_document_when_the_window_has_one(
    labelled: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reviewed: list[int] = []
    monkeypatch.setattr(labelled, "enter_review", reviewed.append, raising=False)
    dialog = open_agreement(labelled)
    wanted = document_id(labelled.project, "Strike at the port")
    dialog.document_chosen.emit(wanted)
    assert reviewed == [wanted]


def test_reopening_recomputes_in_the_same_dialog(labelled: MainWindow) -> None:
    first = open_agreement(labelled)
    add_layers(labelled.project, {"kim": {"Flood in Raqqa": [("Raqqa", "GPE")]}})
    again = open_agreement(labelled)
    assert again is first
    assert "kim" in again.heatmap.names()


def test_a_project_with_one_annotator_explains(main_window: MainWindow) -> None:
    dialog = open_agreement(main_window)
    assert dialog.stack.currentWidget() is dialog.message
    assert "at least two annotators" in dialog.message.text()

"""The document list's review column and review filter."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.model.document import DocumentSummary
from annotator.ui.panels.document_panel import DocumentPanel
from annotator.ui.qtmodels.document_table import ENTITIES, REVIEW, STATUS, DocumentTableModel

ROWS = [
    DocumentSummary(1, "Baghouz", "in_progress", 4),
    DocumentSummary(2, "Raqqa", "done", 2, "adjudicated"),
    DocumentSummary(3, "Hasakah", "new", 0),
]


def titles(model: DocumentTableModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_model_shows_and_filters_review_states(qtmodeltester: ModelTester, qtbot: QtBot) -> None:
    model = DocumentTableModel()
    model.set_documents(ROWS)
    qtmodeltester.check(model)
    assert model.index(1, REVIEW).data() == "Adjudicated"
    assert model.index(0, REVIEW).data() == "Unreviewed"
    assert model.reviewed
    model.set_review_filter("unreviewed")
    assert titles(model) == ["Baghouz", "Hasakah"]
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.update(1, review="in_review")
    assert [changed.args[0].column(), changed.args[1].column()] == [STATUS, ENTITIES]
    assert model.index(0, REVIEW).data() == "In review"
    assert model.summary(1) == DocumentSummary(1, "Baghouz", "in_progress", 4, "in_review")
    assert titles(model) == ["Baghouz", "Hasakah"]  # a row stays until the filter changes
    model.set_review_filter("in_review")
    assert titles(model) == ["Baghouz"]
    model.set_filter("zzz")
    assert titles(model) == []
    model.set_filter("")
    model.set_review_filter(None)
    assert titles(model) == ["Baghouz", "Raqqa", "Hasakah"]
    qtmodeltester.check(model)


def test_panel_shows_the_review_column_once_someone_reviews(qtbot: QtBot) -> None:
    panel = DocumentPanel()
    qtbot.addWidget(panel)
    unreviewed = [r for r in ROWS if r.review == "unreviewed"]
    panel.model.set_documents(unreviewed)
    assert panel.view.isColumnHidden(REVIEW)
    assert panel.review_filter.isHidden()
    panel.show_review_column(True)
    assert not panel.view.isColumnHidden(REVIEW)
    panel.show_review_column(False)
    assert panel.view.isColumnHidden(REVIEW)
    panel.model.update(1, review="in_review")  # the first decision somewhere
    assert not panel.view.isColumnHidden(REVIEW)
    panel.review_filter.setCurrentIndex(panel.review_filter.findData("in_review"))
    assert titles(panel.model) == ["Baghouz"]
    panel.model.set_documents(ROWS)
    assert not panel.view.isColumnHidden(REVIEW)

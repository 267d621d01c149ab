"""The entity panel's model follows the span list row by row and relabels through a callback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.model.schema import default_schema
from annotator.model.spans import Span, SpanList
from annotator.ui.panels.entity_panel import EntityPanel
from annotator.ui.qtmodels.span_table import LABEL, TEXT, SpanRole, SpanTableModel

TEXT_ = "Mustafa Bali met SDF officials in Baghouz."


def make_model() -> tuple[SpanTableModel, SpanList, list[tuple[Span, str]]]:
    calls: list[tuple[Span, str]] = []
    model = SpanTableModel(lambda span, label: calls.append((span, label)))
    spans = SpanList([Span(1, 0, 12, "PER", "a"), Span(2, 34, 41, "GPE", "a")])
    model.set_content(TEXT_, spans, default_schema())
    return model, spans, calls


def test_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model, spans, _calls = make_model()
    qtmodeltester.check(model)
    spans.insert(Span(3, 17, 20, "ORG", "a"))
    spans.remove(1)
    qtmodeltester.check(model)


def test_rows_follow_inserts_and_removals(qtbot: QtBot) -> None:
    model, spans, _calls = make_model()
    with qtbot.waitSignal(model.rowsInserted) as blocker:
        spans.insert(Span(3, 17, 20, "ORG", "a"))
    assert blocker.args[1:] == [1, 1]  # between Bali (0) and Baghouz (34)
    assert model.index(1, TEXT).data() == "SDF"
    with qtbot.waitSignal(model.rowsRemoved):
        spans.remove(1)
    assert model.rowCount() == 2
    assert model.index(0, TEXT).data(SpanRole).id == 3


def test_set_data_on_label_asks_for_a_relabel_and_refuses_unknown_labels() -> None:
    model, _spans, calls = make_model()
    assert model.setData(model.index(0, LABEL), "ORG", Qt.ItemDataRole.EditRole)
    assert [(s.id, label) for s, label in calls] == [(1, "ORG")]
    assert not model.setData(model.index(0, LABEL), "NOPE", Qt.ItemDataRole.EditRole)
    assert not model.setData(model.index(0, TEXT), "x", Qt.ItemDataRole.EditRole)


def test_panel_filters_by_text_label_and_exact_label(qtbot: QtBot) -> None:
    model, spans, _calls = make_model()
    spans.insert(Span(3, 17, 20, "ORG", "a"))
    panel = EntityPanel(model)
    qtbot.addWidget(panel)
    panel.filter.setText("bagh")
    assert panel.proxy.rowCount() == 1
    panel.filter.setText("org:")
    assert panel.proxy.rowCount() == 1
    assert panel.count_label.text() == "1 of 3 spans"
    panel.filter.clear()
    assert panel.count_label.text() == "3 spans"


def test_panel_sorts_by_label(qtbot: QtBot) -> None:
    model, spans, _calls = make_model()
    spans.insert(Span(3, 17, 20, "ORG", "a"))
    panel = EntityPanel(model)
    qtbot.addWidget(panel)
    panel.view.sortByColumn(LABEL, Qt.SortOrder.AscendingOrder)
    labels = [panel.proxy.index(r, LABEL).data() for r in range(panel.proxy.rowCount())]
    assert labels == ["GPE", "ORG", "PER"]

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
    assert panel.model.rowCount() == 1
    panel.filter.setText("org:")
    assert panel.model.rowCount() == 1
    assert panel.count_label.text() == "1 of 3 spans"
    panel.filter.clear()
    assert panel.count_label.text() == "3 spans"


def test_panel_sorts_by_label(qtbot: QtBot) -> None:
    model, spans, _calls = make_model()
    spans.insert(Span(3, 17, 20, "ORG", "a"))
    panel = EntityPanel(model)
    qtbot.addWidget(panel)
    panel.view.sortByColumn(LABEL, Qt.SortOrder.AscendingOrder)
    labels = [panel.model.index(r, LABEL).data() for r in range(panel.model.rowCount())]
    assert labels == ["GPE", "ORG", "PER"]


def test_order_stays_right_through_edits_in_every_sort_and_filter(qtmodeltester: ModelTester) -> None:
    import random

    from annotator.ui.qtmodels.span_table import ANNOTATOR, END, START

    text = "abcdefghij" * 20
    rng = random.Random(3)
    keys = {
        TEXT: lambda s: (text[s.start : s.end], s.start, -s.end, s.id),
        LABEL: lambda s: (s.label, s.start, -s.end, s.id),
        START: lambda s: (s.start, -s.end, s.id),
        END: lambda s: (s.end, s.start, s.id),
        ANNOTATOR: lambda s: (s.annotator, s.start, -s.end, s.id),
    }
    for column, order, needle in [
        (c, o, n)
        for c in keys
        for o in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder)
        for n in ("", "per:", "c")
    ]:
        model, _spans, _calls = make_model()
        model.set_content(text, SpanList(), default_schema())
        model.sort(column, order)
        model.set_filter(needle)
        next_id = 1
        for _ in range(60):
            action = rng.random()
            if action < 0.5 or not len(model._spans):
                start = rng.randrange(0, 190)
                label = rng.choice(["PER", "ORG", "GPE"])
                model._spans.insert(
                    Span(next_id, start, start + rng.randrange(1, 9), label, rng.choice("ab"))
                )
                next_id += 1
            elif action < 0.75:
                victim = rng.choice(list(model._spans))
                model._spans.replace(victim.relabelled(rng.choice(["PER", "ORG", "GPE"])))
            else:
                model._spans.remove(rng.choice(list(model._spans)).id)
            shown = [model.span_at(r) for r in range(model.rowCount())]
            expected = sorted(
                (s for s in model._spans if model._accepts(s)),
                key=keys[column],
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
            assert shown == expected, (column, order, needle)
        qtmodeltester.check(model)

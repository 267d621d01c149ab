"""Loading a document layer fast: spans in reading order from index-ordered rows, the collector paused."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from annotator.model.spans import Span, SpanList, collector_paused, in_reading_order
from annotator.store.layer import DocumentLayer
from annotator.store.project import NewSpan, Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.open(tmp_path / "p.annotator", create=True)


def test_spans_sharing_a_start_come_outer_first_whatever_order_they_were_added(project: Project) -> None:
    doc_id = project.add_document("Aleppo University Hospital was hit. Aleppo too.")
    # The innermost first: the rows then come by start and, within a start, by id, i.e. inner first.
    project.add_spans(doc_id, "ann", [NewSpan(0, 6, "GPE"), NewSpan(0, 17, "ORG"), NewSpan(36, 42, "GPE")])
    project.add_spans(doc_id, "ann", [NewSpan(0, 26, "FAC")])
    project.add_spans(doc_id, "other", [NewSpan(0, 17, "ORG")])
    layer = project.spans(doc_id, "ann")
    assert [(s.start, s.end, s.label) for s in layer] == [
        (0, 26, "FAC"),
        (0, 17, "ORG"),
        (0, 6, "GPE"),
        (36, 42, "GPE"),
    ]
    assert all(type(s) is Span and s.annotator == "ann" for s in layer)
    both = project.spans(doc_id)
    assert [(s.end, s.annotator) for s in both] == [
        (26, "ann"),
        (17, "ann"),
        (17, "other"),
        (6, "ann"),
        (42, "ann"),
    ]
    assert [s.sort_key for s in both] == sorted(s.sort_key for s in both)
    assert project.spans(doc_id, "nobody") == []


def test_a_loaded_layer_equals_the_rows_it_was_made_from(project: Project) -> None:
    doc_id = project.add_document("Alice met Bob in Paris on Tuesday.")
    project.add_spans(doc_id, "ann", [NewSpan(17, 22, "GPE"), NewSpan(0, 5, "PER"), NewSpan(10, 13, "PER")])
    layer = DocumentLayer(project, project.document(doc_id), "ann")
    assert [(s.text_in(layer.text), s.label) for s in layer.spans] == [
        ("Alice", "PER"),
        ("Bob", "PER"),
        ("Paris", "GPE"),
    ]
    span = layer.spans[1]
    assert layer.spans.get(span.id) == span
    assert layer.spans.row_of(span.id) == 1
    assert [s.id for s in layer.spans.at(11)] == [span.id]
    assert span.created
    assert span.updated == span.created


def test_in_reading_order_keeps_an_ordered_list_and_sorts_any_other() -> None:
    ordered = [Span(3, 0, 9, "A"), Span(1, 0, 5, "B"), Span(2, 0, 5, "C"), Span(4, 6, 7, "D")]
    assert in_reading_order(ordered) is ordered
    shuffled = [ordered[2], ordered[3], ordered[0], ordered[1]]
    assert in_reading_order(shuffled) == ordered
    assert shuffled[0].id == 2  # not sorted in place
    assert in_reading_order([]) == []


def test_a_list_built_from_unordered_spans_is_in_reading_order() -> None:
    spans = SpanList([Span(2, 10, 12, "A"), Span(1, 0, 5, "B"), Span(3, 0, 8, "C")])
    assert [s.id for s in spans] == [3, 1, 2]
    assert spans.sort_keys() == [(0, -8, 3), (0, -5, 1), (10, -12, 2)]
    assert [s.id for s in spans.overlapping(4, 11)] == [3, 1, 2]


def test_the_collector_is_paused_inside_and_restored_after_even_on_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: the outer one restores
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_someone_else_disabled_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()

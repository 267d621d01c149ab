"""A layer opened with its first screen only: what it answers before the rest loads, and how it ends."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotator.model.events import Event, EventList
from annotator.model.spans import Span, SpanList
from annotator.store.layer import DocumentLayer
from annotator.store.project import NewEvent, NewSpan, Project

WORDS = ("Aleppo", "officials", "said", "Bob", "Smith", "met", "rebels", "near", "Raqqa", "on", "Monday")


def long_text(words: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    sentences, sentence = [], []
    for _ in range(words):
        sentence.append(rng.choice(WORDS))
        if len(sentence) >= rng.randint(6, 14):
            sentences.append(" ".join(sentence) + ".")
            sentence = []
    sentences.append(" ".join(sentence or ["End"]) + ".")
    return "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


def word_spans(text: str, seed: int = 5) -> list[NewSpan]:
    """Spans on most words, some nested (two words, then one of them), some long, ties at starts."""
    rng = random.Random(seed)
    starts = [i for i, c in enumerate(text) if c.isalpha() and (i == 0 or not text[i - 1].isalpha())]
    spans = []
    for i, start in enumerate(starts):
        end = start
        while end < len(text) and text[end].isalpha():
            end += 1
        if rng.random() < 0.6:
            spans.append(NewSpan(start, end, rng.choice(("PER", "GPE", "ORG"))))
        if rng.random() < 0.2 and i + 1 < len(starts):
            spans.append(NewSpan(start, starts[i + 1] + 3, "ORG"))  # crosses the next word
        if rng.random() < 0.01:
            spans.append(NewSpan(start, min(len(text), start + 900), "FAC"))  # long: crosses any boundary
    return spans


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.open(tmp_path / "p.annotator", create=True)


@pytest.fixture
def doc_id(project: Project) -> int:
    text = long_text(4000)
    ident = project.add_document(text, title="Long")
    project.add_spans(ident, "ann", word_spans(text))
    project.add_spans(ident, "other", word_spans(text, seed=9)[:50])
    spans = project.spans(ident, "ann")
    events = [
        NewEvent("Conflict:Attack", spans[i].start, spans[i].end, (("Attacker", spans[i + 1].id),))
        for i in range(0, len(spans) - 1, 40)
    ]
    project.add_events(ident, "ann", events)
    return ident


def state(layer: DocumentLayer) -> tuple[list[Span], list[Event]]:
    return list(layer.spans), list(layer.events)


def test_project_reads_spans_and_events_by_start(project: Project, doc_id: int) -> None:
    spans = project.spans(doc_id, "ann")
    cut = spans[len(spans) // 2].start
    before = project.spans(doc_id, "ann", starts=(None, cut))
    after = project.spans(doc_id, "ann", starts=(cut, None))
    assert before + after == spans
    assert all(s.start < cut for s in before)
    assert all(s.start >= cut for s in after)
    assert project.spans(doc_id, "ann", starts=(cut, cut + 100)) == [s for s in after if s.start < cut + 100]
    assert project.spans(doc_id, starts=(None, None)) == project.spans(doc_id)
    events = project.events(doc_id, "ann")
    early = project.events(doc_id, "ann", starts=(None, cut))
    assert early + project.events(doc_id, "ann", starts=(cut, None)) == events
    assert any(e.arguments for e in early)


def test_a_layer_opened_partially_then_fully_equals_one_loaded_at_once(project: Project, doc_id: int) -> None:
    document = project.document(doc_id)
    full = DocumentLayer(project, document, "ann")
    partial = DocumentLayer(project, document, "ann", first=2_000)
    assert not partial.loaded
    assert not partial.spans.loaded
    assert not partial.events.loaded
    steps = 0
    while not partial.load_more(3_000):
        steps += 1
        assert not partial.loaded
    assert steps > 3
    assert partial.loaded
    assert state(partial) == state(full)
    assert partial.spans.sort_keys() == full.spans.sort_keys()
    for offset in range(0, len(document.text), 997):
        assert partial.spans.at(offset) == full.spans.at(offset)
        window = (offset, offset + 1500)
        assert partial.spans.overlapping(*window) == full.spans.overlapping(*window)
    at_once = DocumentLayer(project, document, "ann", first=2_000)
    at_once.ensure_loaded()
    assert state(at_once) == state(full)
    stuck = DocumentLayer(project, document, "ann", first=2_000)
    assert not stuck.load_more(0)  # a step of nothing still moves on: the window's loop always ends
    assert stuck.spans.held_until == 2_001


def test_before_loading_only_painting_is_answered_from_the_first_part(project: Project, doc_id: int) -> None:
    document = project.document(doc_id)
    full = DocumentLayer(project, document, "ann")
    layer = DocumentLayer(project, document, "ann", first=5_000)
    # Every range ending by the first offset: exact without reading more, long spans crossing it included.
    for start in range(0, 5_000, 250):
        for end in (start, start + 40, 5_000):
            assert layer.spans.overlapping(start, end) == full.spans.overlapping(start, end)
            assert layer.events.overlapping(start, end) == full.events.overlapping(start, end)
    assert not layer.spans.loaded
    assert not layer.events.loaded
    assert any(s.end > 5_000 for s in layer.spans.overlapping(4_000, 5_000))
    # Anything else reads the rest first.
    assert layer.spans.overlapping(4_990, 5_010) == full.spans.overlapping(4_990, 5_010)
    assert layer.spans.loaded
    assert not layer.events.loaded
    assert len(layer.events) == len(full.events)
    assert layer.loaded


@pytest.mark.parametrize(
    "query",
    [
        lambda items: len(items),
        lambda items: list(items),
        lambda items: items[0],
        lambda items: items.get(1),
        lambda items: 1 in items,
        lambda items: items.at(10),
        lambda items: items.exact(0, 5),
        lambda items: items.sort_keys(),
    ],
)
def test_every_query_but_overlapping_loads_a_partial_list_first(query: object) -> None:
    spans = [Span(i, i * 10, i * 10 + 5, "PER") for i in range(1, 100)]
    read: list[tuple[int, int | None]] = []

    def reader(lo: int, hi: int | None) -> list[Span]:
        read.append((lo, hi))
        return [s for s in spans if lo <= s.start < (hi if hi is not None else 1 << 62)]

    items = SpanList.partial(300, reader)
    assert read == [(0, 300)]
    assert len(items._spans) == 29
    query(items)  # type: ignore[operator]
    assert read == [(0, 300), (300, None)]
    assert items.loaded
    assert list(items) == spans


def test_a_partial_list_applies_a_change_after_loading_the_rest() -> None:
    spans = [Span(i, i * 10, i * 10 + 5, "PER") for i in range(1, 50)]
    items = SpanList.partial(100, lambda lo, hi: [s for s in spans if lo <= s.start < (hi or 1 << 62)])
    told: list[tuple[str, int]] = []
    items.subscribe(lambda kind, row, _span: told.append((kind, row)))
    items.insert(Span(100, 1, 3, "GPE"))
    assert items.loaded
    assert len(items) == 50
    assert told == [("inserting", 0), ("inserted", 0)]  # the load itself tells no one
    removed = items.remove(49)
    assert removed == spans[-1]
    assert 49 not in items


def test_a_reader_giving_items_outside_the_range_asked_is_refused() -> None:
    def sloppy(lo: int, hi: int | None) -> list[Span]:
        return [Span(1, 0, 5, "PER"), Span(2, 400, 405, "PER")]

    with pytest.raises(ValueError, match="outside"):
        SpanList.partial(100, sloppy)


def test_reset_makes_a_partial_list_whole() -> None:
    events = EventList.partial(10, lambda lo, hi: [])
    events.reset([Event(1, "Conflict:Attack", 50, 55)])
    assert events.loaded
    assert len(events) == 1


def test_a_short_document_is_read_whole_at_once(project: Project) -> None:
    ident = project.add_document("Bob met Alice.")
    project.add_spans(ident, "ann", [NewSpan(0, 3, "PER"), NewSpan(8, 13, "PER")])
    layer = DocumentLayer(project, project.document(ident), "ann", first=10_000)
    assert layer.loaded
    assert len(layer.spans) == 2


def test_every_edit_before_the_rest_loads_reads_it_first_and_ends_as_the_file_says(
    project: Project, doc_id: int
) -> None:
    document = project.document(doc_id)
    text = document.text
    far = text.index("Raqqa", len(text) - 3_000)

    layer = DocumentLayer(project, document, "ann", first=2_000)
    span = layer.add(far, far + 5, "GPE")  # beyond the first part: a new span the rest must not repeat
    assert layer.loaded
    assert layer.spans.get(span.id) == span

    layer = DocumentLayer(project, document, "ann", first=2_000)
    old = layer.change(span.id, label="LOC")
    assert old == span
    assert layer.spans.get(span.id).label == "LOC"

    layer = DocumentLayer(project, document, "ann", first=2_000)
    removed = layer.remove(span.id)
    assert removed.id == span.id
    assert span.id not in layer.spans
    layer = DocumentLayer(project, document, "ann", first=2_000)
    layer.restore(removed)
    assert layer.spans.get(span.id) == removed

    layer = DocumentLayer(project, document, "ann", first=2_000)
    event = layer.add_event("Conflict:Attack", far, far + 5)
    layer = DocumentLayer(project, document, "ann", first=2_000)
    layer.add_argument(event.id, "Target", span.id)
    assert [a.span_id for a in layer.events.get(event.id).arguments] == [span.id]  # type: ignore[union-attr]

    layer = DocumentLayer(project, document, "ann", first=2_000)
    gone, arguments = layer.remove_span_with_arguments(span.id)
    assert gone.id == span.id
    assert [event_id for event_id, _ in arguments] == [event.id]
    layer = DocumentLayer(project, document, "ann", first=2_000)
    layer.restore_span_with_arguments(gone, arguments)

    # Each of those layers ended equal to a layer read whole from the file afterwards.
    assert state(layer) == state(DocumentLayer(project, document, "ann"))


def test_the_rest_is_read_from_the_file_as_it_is_when_it_loads(project: Project, doc_id: int) -> None:
    document = project.document(doc_id)
    layer = DocumentLayer(project, document, "ann", first=2_000)
    late = len(document.text) - 10
    written = project.add_span(doc_id, "ann", late, late + 3, "PER")  # by another program meanwhile
    layer.ensure_loaded()
    assert layer.spans.get(written.id) == written
    assert state(layer) == state(DocumentLayer(project, document, "ann"))

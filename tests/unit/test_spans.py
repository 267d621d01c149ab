"""SpanList: reading order, inverse-pair edits with notifications, and position lookups."""

from __future__ import annotations

import random

import pytest

from annotator.model.errors import SpanError
from annotator.model.spans import Span, SpanList


def test_insert_keeps_reading_order_outer_first_and_notifies_pairs() -> None:
    events: list[tuple[str, int]] = []
    spans = SpanList()
    spans.subscribe(lambda event, row, span: events.append((event, row)))
    spans.insert(Span(1, 10, 15, "PER"))
    spans.insert(Span(2, 0, 5, "ORG"))
    spans.insert(Span(3, 0, 9, "ORG"))
    assert [s.id for s in spans] == [3, 2, 1]
    assert events == [
        ("inserting", 0),
        ("inserted", 0),
        ("inserting", 0),
        ("inserted", 0),
        ("inserting", 0),
        ("inserted", 0),
    ]
    with pytest.raises(SpanError):
        spans.insert(Span(1, 0, 1, "PER"))


def test_remove_is_the_inverse_of_insert() -> None:
    spans = SpanList([Span(1, 0, 5, "A"), Span(2, 6, 9, "B")])
    removed = spans.remove(1)
    assert [s.id for s in spans] == [2]
    spans.insert(removed)
    assert [s.id for s in spans] == [1, 2]


def test_replace_in_place_or_moving() -> None:
    events: list[str] = []
    spans = SpanList([Span(1, 0, 5, "A"), Span(2, 6, 9, "B")])
    spans.subscribe(lambda event, row, span: events.append(event))
    spans.replace(Span(1, 0, 5, "C"))
    assert events == ["changed"]
    spans.replace(Span(1, 20, 25, "C"))
    assert [s.id for s in spans] == [2, 1]


def test_overlapping_matches_brute_force() -> None:
    rng = random.Random(7)
    items = []
    for i in range(400):
        start = rng.randrange(0, 1000)
        items.append(Span(i, start, start + rng.randrange(1, 40), "X"))
    spans = SpanList(items)
    for _ in range(300):
        a = rng.randrange(0, 1000)
        b = a + rng.randrange(0, 30)
        expected = sorted(
            (s for s in items if s.start < max(b, a + 1) and s.end > a), key=lambda s: s.sort_key
        )
        assert spans.overlapping(a, b) == expected


def test_at_and_exact() -> None:
    spans = SpanList([Span(1, 0, 10, "A"), Span(2, 2, 5, "B"), Span(3, 2, 5, "C")])
    assert [s.id for s in spans.at(3)] == [1, 2, 3]
    assert [s.id for s in spans.exact(2, 5)] == [2, 3]
    assert spans.at(10) == []

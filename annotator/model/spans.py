"""Entity spans, and the ordered, observable list that holds one document layer's spans or events."""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from operator import attrgetter, gt, neg, sub
from typing import Any, Generic, NamedTuple, Protocol, Self, TypeVar

from annotator.model.errors import SpanError


class Span(NamedTuple):
    """A labelled stretch of a document: ``text[start:end]`` in code points, end exclusive.

    Immutable, and a tuple rather than a frozen dataclass because a document can hold tens of thousands:
    building one costs a fifth of a frozen dataclass's ``__setattr__`` path.
    """

    id: int
    start: int
    end: int
    label: str
    annotator: str = ""
    created: str = ""
    updated: str = ""

    def text_in(self, text: str) -> str:
        """The covered text."""
        return text[self.start : self.end]

    def relabelled(self, label: str, updated: str = "") -> Span:
        """A copy with another label."""
        return self._replace(label=label, updated=updated or self.updated)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Reading order: by start, longer (outer) spans first, then by id."""
        return (self.start, -self.end, self.id)


def check_offsets(text: str, start: int, end: int) -> None:
    """Raise SpanError unless ``0 <= start < end <= len(text)``."""
    if not (0 <= start < end <= len(text)):
        raise SpanError(f"offsets {start}-{end} are outside the text (length {len(text)}) or empty")


class Interval(Protocol):
    """What an IntervalList holds: an id, code-point offsets and a reading-order key."""

    @property
    def id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def sort_key(self) -> tuple[int, int, int]: ...


T = TypeVar("T", bound=Interval)

_ID: Callable[[Any], int] = attrgetter("id")
_START: Callable[[Any], int] = attrgetter("start")
_END: Callable[[Any], int] = attrgetter("end")


def reading_keys(items: Sequence[Interval]) -> list[tuple[int, int, int]]:
    """Each item's ``sort_key``, in order; built in C, since it runs for every span of a layer on opening."""
    return list(zip(map(_START, items), map(neg, map(_END, items)), map(_ID, items), strict=True))


def in_reading_order(items: list[T]) -> list[T]:
    """The items sorted by ``sort_key``: the same list when it already is (rows from SQL usually are)."""
    keys = reading_keys(items)
    if not any(map(gt, keys, islice(keys, 1, None))):
        return items
    return [item for _, item in sorted(zip(keys, items, strict=True))]  # ids are unique: items never compared


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document layer's rows become objects.

    A 20,000-span layer makes about 50,000 objects that all live on. Counted as they are made, they set
    off about 70 young-generation collections and, every second opening or so, a full collection of
    40-60 ms that frees nothing. Paused, they cost one young collection afterwards.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# A partial list's reader: reader(lo, hi) gives the items with lo <= start < hi (hi None: no bound).
Reader = Callable[[int, int | None], Iterable[T]]

# A listener is called as listener(event, row, item) with event one of "inserting", "inserted",
# "removing", "removed", "changed", "resetting", "reset".
Listener = Callable[[str, int, T | None], None]


class IntervalList(Generic[T]):
    """One document layer's spans (or events) in reading order, telling listeners about every change.

    Changes come in inverse pairs (insert/remove, replace/replace) so that undo commands stay trivial.
    Lookups by position use binary search over the starts plus the longest item's length, so finding
    the items that touch a visible block costs O(log n + k).

    A list made by ``partial`` holds at first only the items that start before an offset (the first
    screen of a long article), and reads more with ``load_until``. It answers ``overlapping`` for a
    range ending by that offset from what it holds, which is exact: any item touching such a range starts
    before the range ends. Every other query and every change calls ``ensure_loaded`` first, which reads
    all the others, so nothing but painting ever sees a list with items missing, and nothing changes one.
    """

    def __init__(self, spans: Iterable[T] = ()) -> None:
        self._listeners: list[Listener[T]] = []
        self._reader: Reader[T] | None = None  # set while the list is partial
        self._until = 0  # while partial: every item starting before this offset is held
        self._load(spans)

    @classmethod
    def partial(cls, until: int, reader: Reader[T]) -> Self:
        """A list reading at once the items that start before ``until``, and the rest later.

        ``reader(lo, hi)`` returns the items with ``lo <= start < hi`` (``hi`` None: no upper bound).
        """
        items = cls()
        items._reader = reader
        items.load_until(until)
        return items

    @property
    def loaded(self) -> bool:
        """Whether the list holds every item (always, unless made by ``partial`` and not loaded yet)."""
        return self._reader is None

    @property
    def held_until(self) -> int | None:
        """The offset before which a partial list holds every item that starts; None once it holds all."""
        return None if self._reader is None else self._until

    def ensure_loaded(self) -> None:
        """Read every item a partial list does not hold yet; nothing to do once it holds them all."""
        if self._reader is not None:
            self.load_until(None)

    def load_until(self, until: int | None) -> None:
        """Read the items that start before ``until`` (None: all of them) that a partial list lacks.

        Listeners are not told: no item they were shown changes, and they can only have been shown the
        items of ranges that end before the first item not held yet.
        """
        reader = self._reader
        if reader is None or (until is not None and until <= self._until):
            return
        with collector_paused():
            more = list(reader(self._until, until))
            starts = list(map(_START, more))
            if starts and (min(starts) < self._until or (until is not None and max(starts) >= until)):
                raise ValueError(f"the reader returned items starting outside {self._until}-{until}")
            self._append(more)
        if until is None:
            self._reader = None
        else:
            self._until = until

    def _load(self, spans: Iterable[T]) -> None:
        self._keys: list[tuple[int, int, int]] = []
        self._spans: list[T] = []
        self._by_id: dict[int, T] = {}
        self._max_len = 0
        self._append(spans)

    def _append(self, spans: Iterable[T]) -> None:
        """Add items that all start at or after every item held (a new list, or more of a partial one)."""
        with collector_paused():
            items = list(spans)
            keys = reading_keys(items)
            if any(map(gt, keys, islice(keys, 1, None))):
                # Ids are unique, so sorting the pairs never compares the items themselves.
                pairs = sorted(zip(keys, items, strict=True))
                keys, items = [k for k, _ in pairs], [item for _, item in pairs]
            self._keys += keys
            self._spans += items
            self._by_id.update(zip(map(_ID, items), items, strict=True))
            self._max_len = max(self._max_len, max(map(sub, map(_END, items), map(_START, items)), default=0))

    def sort_keys(self) -> list[tuple[int, int, int]]:
        """The reading-order keys of the items, in order (a copy)."""
        if self._reader is not None:
            self.ensure_loaded()
        return list(self._keys)

    def subscribe(self, listener: Listener[T]) -> None:
        """Call ``listener(event, row, span)`` on every change."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener[T]) -> None:
        """Stop calling ``listener``."""
        self._listeners.remove(listener)

    def _notify(self, event: str, row: int, span: T | None) -> None:
        for listener in list(self._listeners):
            listener(event, row, span)

    def __len__(self) -> int:
        if self._reader is not None:
            self.ensure_loaded()
        return len(self._spans)

    def __iter__(self) -> Iterator[T]:
        if self._reader is not None:
            self.ensure_loaded()
        return iter(self._spans)

    def __getitem__(self, row: int) -> T:
        if self._reader is not None:
            self.ensure_loaded()
        return self._spans[row]

    def __contains__(self, span_id: object) -> bool:
        if self._reader is not None:
            self.ensure_loaded()
        return span_id in self._by_id

    def get(self, span_id: int) -> T | None:
        """The span with this id, if present."""
        if self._reader is not None:
            self.ensure_loaded()
        return self._by_id.get(span_id)

    def row_of(self, span_id: int) -> int:
        """The row of the span with this id; KeyError if absent."""
        if self._reader is not None:
            self.ensure_loaded()
        span = self._by_id[span_id]
        return bisect_left(self._keys, span.sort_key)

    def insert(self, span: T) -> int:
        """Add a span at its place in reading order and return its row."""
        if self._reader is not None:
            self.ensure_loaded()
        if span.id in self._by_id:
            raise SpanError(f"span {span.id} is already in the list")
        row = bisect_left(self._keys, span.sort_key)
        self._notify("inserting", row, span)
        self._spans.insert(row, span)
        self._keys.insert(row, span.sort_key)
        self._by_id[span.id] = span
        self._max_len = max(self._max_len, span.end - span.start)
        self._notify("inserted", row, span)
        return row

    def remove(self, span_id: int) -> T:
        """Remove the span with this id and return it (the inverse of insert)."""
        row = self.row_of(span_id)  # loads a partial list first
        span = self._spans[row]
        self._notify("removing", row, span)
        del self._spans[row]
        del self._keys[row]
        del self._by_id[span_id]
        self._notify("removed", row, span)
        return span

    def replace(self, span: T) -> T:
        """Put a changed version of a span (same id) in place of the old one and return the old one."""
        if self._reader is not None:
            self.ensure_loaded()
        old = self._by_id[span.id]
        if old.sort_key != span.sort_key:
            self.remove(old.id)
            self.insert(span)
            return old
        row = self.row_of(span.id)
        self._spans[row] = span
        self._by_id[span.id] = span
        self._notify("changed", row, span)
        return old

    def reset(self, spans: Iterable[T]) -> None:
        """Replace every span at once (loading another document)."""
        self._notify("resetting", 0, None)
        self._reader = None
        self._load(spans)
        self._notify("reset", 0, None)

    def overlapping(self, start: int, end: int) -> list[T]:
        """Spans that share at least one code point with ``[start, end)``, in reading order.

        An empty range ``[p, p)`` returns the spans that contain offset ``p``. This is the one query a
        partial list answers without loading, when the range ends by the offset it holds items up to.
        """
        if end <= start:
            end = start + 1
        if self._reader is not None and end > self._until:
            self.ensure_loaded()
        lo = bisect_left(self._keys, (start - self._max_len, -(1 << 62), -(1 << 62)))
        hi = bisect_left(self._keys, (end, -(1 << 62), -(1 << 62)))
        return [s for s in self._spans[lo:hi] if s.end > start]

    def at(self, offset: int) -> list[T]:
        """Spans containing this offset, outermost first."""
        # What a click or a key points at may then be edited: only painting may see a partial list.
        if self._reader is not None:
            self.ensure_loaded()
        return self.overlapping(offset, offset + 1)

    def exact(self, start: int, end: int) -> list[T]:
        """Spans with exactly these offsets."""
        if self._reader is not None:
            self.ensure_loaded()
        lo = bisect_left(self._keys, (start, -end, -(1 << 62)))
        hi = bisect_right(self._keys, (start, -end, 1 << 62))
        return self._spans[lo:hi]


class SpanList(IntervalList[Span]):
    """The entity spans of one document layer."""

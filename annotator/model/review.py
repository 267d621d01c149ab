"""Review units: where annotators' layers of one document agree or differ, and the reviewer's decisions.

Pure Python over plain values. Spans are clustered across annotators by overlap (the connected
components of "shares a code point"), events by the overlap of their triggers; each cluster is one
unit, which the reviewer accepts in one annotator's version, rejects, or edits by hand into the gold
layer (the annotator named ``GOLD``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from annotator.model.agreement import EntitySpan, EventUnit, Layer
from annotator.model.document import REVIEW_STATES, REVIEW_TITLES

GOLD = "gold"
"""The reserved annotator name of the adjudicated layer."""

__all__ = [
    "ACTIONS",
    "DIFFERENCES",
    "GOLD",
    "REVIEW_STATES",
    "REVIEW_TITLES",
    "Decision",
    "EventVersion",
    "Layer",
    "ReviewUnit",
    "SpanVersion",
    "UnitCounts",
    "count_units",
    "review_units",
    "unit_key",
]

ACTIONS = ("accept", "reject", "edit")

DIFFERENCES = ("boundaries", "label", "missing", "type", "trigger", "argument")
"""What can differ between the versions of a unit, in the order ``differences`` lists them."""

SpanVersion = tuple[EntitySpan, ...]
"""One annotator's spans in a span unit, in reading order (empty: nothing there)."""

EventVersion = tuple[EventUnit, ...]
"""One annotator's events in an event unit, in reading order, arguments sorted (empty: nothing there)."""

Kind = Literal["span", "event"]

Version = tuple[Any, ...]
"""A SpanVersion or an EventVersion."""

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Decision:
    """What the reviewer decided for one unit: ``annotator`` is whose version was accepted (or None)."""

    unit: str
    action: str  # one of ACTIONS
    annotator: str | None
    reviewer: str
    created: str


@dataclass(frozen=True)
class ReviewUnit:
    """One place in a document where the compared annotators labelled something.

    ``versions`` has every compared annotator, in the compared order; an annotator with nothing there
    has an empty tuple. A span version is a tuple of (start, end, label), an event version a tuple of
    (type, trigger start, trigger end, ((role, filler start, filler end, filler label), ...)).
    ``start``/``end`` is the region: the union of the clustered spans (or triggers), in code points.
    ``gold`` is what the gold layer has in the region now, in the same shape.
    """

    key: str
    kind: Kind
    start: int
    end: int
    versions: Mapping[str, Version]
    agreed: bool
    differences: tuple[str, ...]
    decision: Decision | None = None
    gold: Version = ()

    @property
    def settled(self) -> bool:
        """Whether the reviewer has decided this unit."""
        return self.decision is not None

    def version(self, annotator: str) -> Version:
        """One annotator's version (KeyError for an annotator not compared)."""
        return self.versions[annotator]

    def describe(self, text: str) -> str:
        """One line for a person: ``PER 'Alice' vs ORG 'Alice' (label)``; agreed units say so."""
        distinct = list(dict.fromkeys(self.versions.values()))
        shown = " vs ".join(_describe_version(self.kind, version, text) for version in distinct)
        if self.agreed:
            return f"{shown} (agreed)"
        return f"{shown} ({', '.join(self.differences)})"


def unit_key(kind: Kind, start: int, end: int) -> str:
    """The stable key of a unit: its kind and region."""
    return f"{kind}:{start}-{end}"


def review_units(
    layers: Mapping[str, Layer],
    decisions: Mapping[str, Decision] | None = None,
    gold: Layer | None = None,
) -> list[ReviewUnit]:
    """The units of one document in reading order (start, then longer first, spans before events).

    ``layers`` are the compared annotators' layers in their order (leave gold out); ``decisions`` by
    unit key; ``gold`` is the gold layer, to fill each unit's ``gold``.
    """
    decisions = decisions or {}
    names = list(layers)
    units: list[ReviewUnit] = []
    span_items = [(s[0], s[1], name, s) for name in names for s in layers[name].entities]
    span_clusters = _clusters(span_items)
    gold_spans = _by_cluster(span_clusters, [(s[0], s[1], s) for s in gold.entities] if gold else [])
    for (start, end, members), in_gold in zip(span_clusters, gold_spans, strict=True):
        versions: dict[str, Version] = {
            name: tuple(sorted((item for owner, item in members if owner == name), key=_span_order))
            for name in names
        }
        key = unit_key("span", start, end)
        gold_part = tuple(sorted(in_gold, key=_span_order))
        units.append(_unit(key, "span", start, end, versions, decisions.get(key), gold_part))
    event_items = [(e[1], e[2], name, _normal(e)) for name in names for e in layers[name].events]
    event_clusters = _clusters(event_items)
    gold_events = _by_cluster(event_clusters, [(e[1], e[2], _normal(e)) for e in gold.events] if gold else [])
    for (start, end, members), in_gold in zip(event_clusters, gold_events, strict=True):
        versions = {
            name: tuple(sorted((item for owner, item in members if owner == name), key=_event_order))
            for name in names
        }
        key = unit_key("event", start, end)
        gold_part = tuple(sorted(in_gold, key=_event_order))
        units.append(_unit(key, "event", start, end, versions, decisions.get(key), gold_part))
    units.sort(key=lambda u: (u.start, -u.end, u.kind != "span"))
    return units


def _by_cluster(
    clusters: Sequence[tuple[int, int, object]], items: Iterable[tuple[int, int, Any]]
) -> list[list[Any]]:
    """For each cluster, the items that overlap its region (an item may overlap several).

    The regions are disjoint and in order, so their ends are in order too: a binary search finds the
    first region an item can overlap.
    """
    out: list[list[Any]] = [[] for _ in clusters]
    ends = [end for _, end, _ in clusters]
    for start, end, item in items:
        index = bisect_right(ends, start)
        while index < len(clusters) and clusters[index][0] < end:
            out[index].append(item)
            index += 1
    return out


def _span_order(span: EntitySpan) -> tuple[int, int, str]:
    return (span[0], -span[1], span[2])


def _event_order(event: EventUnit) -> tuple[int, int, str, tuple[Any, ...]]:
    return (event[1], -event[2], event[0], event[3])


def _normal(event: EventUnit) -> EventUnit:
    """An event with its arguments sorted, so that equal events compare equal."""
    kind, start, end, arguments = event
    return (kind, start, end, tuple(sorted(arguments)))


def _clusters(
    items: Iterable[tuple[int, int, str, Any]],
) -> list[tuple[int, int, list[tuple[str, Any]]]]:
    """Connected components of overlapping intervals: (start, end, [(owner, item), ...]) by start.

    Sorted by start, an interval joins the current component when it starts before the component's
    end; so a component is a maximal stretch of chained overlaps.
    """
    out: list[tuple[int, int, list[tuple[str, Any]]]] = []
    for start, end, owner, item in sorted(items, key=lambda i: (i[0], i[1])):
        if out and start < out[-1][1]:
            first, last, members = out[-1]
            members.append((owner, item))
            out[-1] = (first, max(last, end), members)
        else:
            out.append((start, end, [(owner, item)]))
    return out


def _unit(
    key: str,
    kind: Kind,
    start: int,
    end: int,
    versions: dict[str, Version],
    decision: Decision | None,
    gold: Version,
) -> ReviewUnit:
    values = list(versions.values())
    agreed = all(values) and len(set(values)) == 1
    found: set[str] = set()
    if not agreed:
        for i, a in enumerate(values):
            for b in values[i + 1 :]:
                if a != b:
                    found |= _span_differences(a, b) if kind == "span" else _event_differences(a, b)
    differences = tuple(d for d in DIFFERENCES if d in found)
    return ReviewUnit(key, kind, start, end, versions, agreed, differences, decision, gold)


def _leftovers(a: Sequence[_T], b: Sequence[_T]) -> tuple[list[_T], list[_T]]:
    """What each side has that the other lacks, counting repeats."""
    left, right = Counter(a), Counter(b)
    return list((left - right).elements()), list((right - left).elements())


def _span_differences(a: SpanVersion, b: SpanVersion) -> set[str]:
    """How two versions of a span unit differ: a leftover span on one side is matched with the other
    side's leftover at the same offsets (label), else the one it overlaps most (boundaries), else none
    (missing)."""
    found: set[str] = set()
    left, right = _leftovers(a, b)
    for mine, theirs in ((left, right), (right, left)):
        for start, end, label in mine:
            same = [s for s in theirs if (s[0], s[1]) == (start, end)]
            if same:
                found.add("label")
                continue
            near = [s for s in theirs if s[0] < end and s[1] > start]
            if not near:
                found.add("missing")
                continue
            found.add("boundaries")
            best = max(near, key=lambda s: (min(end, s[1]) - max(start, s[0]), -abs(s[0] - start)))
            if best[2] != label:
                found.add("label")
    return found


def _event_differences(a: EventVersion, b: EventVersion) -> set[str]:
    """How two versions of an event unit differ: type, trigger, argument, or a missing event."""
    found: set[str] = set()
    left, right = _leftovers(a, b)
    for mine, theirs in ((left, right), (right, left)):
        for kind, start, end, arguments in mine:
            same = [e for e in theirs if (e[1], e[2]) == (start, end)]
            if not same:
                same = [e for e in theirs if e[1] < end and e[2] > start]
                if not same:
                    found.add("missing")
                    continue
                found.add("trigger")
            if all(e[0] != kind for e in same):
                found.add("type")
            if all(e[3] != arguments for e in same):
                found.add("argument")
    return found


def _describe_version(kind: Kind, version: Version, text: str) -> str:
    if not version:
        return "nothing"
    if kind == "span":
        return " + ".join(f"{s[2]} {_quote(text, s[0], s[1])}" for s in version)
    parts = []
    for event in version:
        event_kind, start, end, arguments = event
        shown = f"{event_kind} {_quote(text, start, end)}"
        if arguments:
            fillers = ", ".join(f"{role} {_quote(text, s, e)}" for role, s, e, _ in arguments)
            shown += f" [{fillers}]"
        parts.append(shown)
    return " + ".join(parts)


_LINE_BREAKS = str.maketrans({"\r": " ", "\n": " ", "\u2028": " ", "\u2029": " ", "\t": " "})


def _quote(text: str, start: int, end: int, limit: int = 40) -> str:
    """``'covered text'`` on one line, shortened in the middle when long."""
    covered = text[start:end].translate(_LINE_BREAKS)
    if len(covered) > limit:
        covered = covered[: limit // 2 - 1] + "…" + covered[-(limit // 2 - 1) :]
    return f"'{covered}'"


@dataclass(frozen=True)
class UnitCounts:
    """How many units a document has, how many are agreed, and how many are decided."""

    units: int = 0
    agreed: int = 0
    decided: int = 0
    differences: Counter[str] = field(default_factory=Counter)


def count_units(units: Iterable[ReviewUnit]) -> UnitCounts:
    """Counts of a document's units."""
    listed = list(units)
    differences: Counter[str] = Counter()
    for unit in listed:
        differences.update(unit.differences)
    return UnitCounts(
        units=len(listed),
        agreed=sum(u.agreed for u in listed),
        decided=sum(u.settled for u in listed),
        differences=differences,
    )

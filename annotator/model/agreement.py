"""Inter-annotator agreement: span and event F1, Cohen's and Fleiss' kappa, Krippendorff's alpha.

Pure Python over plain values, one document at a time. The definitions, including the undefined cases:

- A document counts for a pair of annotators when both have a layer in it (at least one span or event).
  The project cannot tell "looked and found nothing" from "never opened", so a document one of them did
  not label is left out of that pair rather than scored as a miss.
- **Span F1**: F1 = 2 * matches / (spans of a + spans of b), so it is symmetric, whoever is the
  reference. *Exact*: same start, end and label. *Overlap*: same label and at least one shared code
  point; each span is matched once, exact pairs first, then greedily by the largest shared stretch
  (ties: closest boundaries, then the pair that comes first in reading order, so that swapping a and b
  changes nothing). Spans repeated in one layer count as many times. Empty spans cover nothing.
- **Event F1**: a trigger matches on type, start and end; an argument on its event's type and trigger,
  its role and its filler's start and end (the filler's label is judged by span F1, not again here).
- **Token labels**: each token of ``tokenize(text)`` takes the label of the span that covers it (shares
  at least one code point with it); of nested or overlapping spans, the longest in code points, then the
  one that starts first, then the first label in alphabetical order. A token no span covers is ``O``.
- **Cohen's kappa** per pair over the token labels of the documents both labelled, pooled.
  **Krippendorff's alpha** (nominal) over the token labels of every document and every annotator, an
  annotator without a layer in a document being a missing value. **Fleiss' kappa** over the tokens of
  the documents that 3 or more annotators labelled; when those documents have different numbers of
  annotators, each token's agreement uses its own number (Fleiss 1971 when the number is the same).
- **Undefined is None** (JSON null), never NaN: an F1 when neither side has a unit to compare; a kappa or
  alpha with no tokens, or whose expected agreement is 1 (every label the same, so chance explains
  everything: ``token_agreement`` still gives the observed share). Averages leave None out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

from annotator.model.agreement_stats import (
    OUTSIDE,
    AlphaCounts,
    FleissCounts,
    cohen_from_counts,
    f1,
    pairwise_counts,
)

EntitySpan = tuple[int, int, str]
"""An entity span: (start, end, label) in code points, end exclusive."""

EventArgument = tuple[str, int, int, str]
"""An argument of an event: (role, filler start, filler end, filler label)."""

EventUnit = tuple[str, int, int, tuple[EventArgument, ...]]
"""An event: (type, trigger start, trigger end, arguments)."""


@dataclass(frozen=True, slots=True)
class Layer:
    """One annotator's labels in one document."""

    entities: Sequence[EntitySpan]
    events: Sequence[EventUnit] = ()


@dataclass(frozen=True, slots=True)
class DocumentLayers:
    """A document's tokens and its layers by annotator name: the input of ``compute_agreement``."""

    doc_id: int
    tokens: Sequence[tuple[int, int]]
    layers: Mapping[str, Layer]
    title: str = ""


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """The figures of two annotators over the documents both labelled (one document, or all)."""

    a: str
    b: str
    documents: int = 0
    tokens: int = 0
    span_f1_exact: float | None = None
    span_f1_overlap: float | None = None
    cohen_kappa: float | None = None
    token_agreement: float | None = None  # the observed share of tokens with the same label
    event_trigger_f1: float | None = None
    event_argument_f1: float | None = None
    spans_a: int = 0
    spans_b: int = 0
    exact_matches: int = 0
    overlap_matches: int = 0
    events_a: int = 0
    events_b: int = 0
    trigger_matches: int = 0
    arguments_a: int = 0
    arguments_b: int = 0
    argument_matches: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``annotator agreement --json``."""
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class LabelAgreement:
    """Span F1 of one label, pooled over every pair and document."""

    label: str
    spans: int  # spans with this label in the compared layers, each layer counted once
    compared: int  # the sum over pairs of both sides' spans: the F1 denominator
    exact_matches: int
    overlap_matches: int
    span_f1_exact: float | None
    span_f1_overlap: float | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object (without the label, which is its key)."""
        return {name: getattr(self, name) for name in self.__slots__ if name != "label"}


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    """The figures of one document that two or more of the annotators labelled."""

    doc_id: int
    title: str
    annotators: tuple[str, ...]
    tokens: int
    krippendorff_alpha: float | None
    fleiss_kappa: float | None  # None unless 3 or more annotators labelled it
    disagreements: int  # distinct spans, triggers and arguments that not every annotator has
    disagreeing_tokens: int  # tokens whose labels are not all the same
    pairs: tuple[PairAgreement, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON object (without the id, which is its key)."""
        return {
            "title": self.title,
            "annotators": list(self.annotators),
            "tokens": self.tokens,
            "krippendorff_alpha": self.krippendorff_alpha,
            "fleiss_kappa": self.fleiss_kappa,
            "disagreements": self.disagreements,
            "disagreeing_tokens": self.disagreeing_tokens,
            "pairs": [_pair_summary(pair) for pair in self.pairs],
        }


@dataclass(frozen=True, slots=True)
class Agreement:
    """Every figure, per pair, overall, per label and per document."""

    annotators: tuple[str, ...]
    documents: int  # documents that two or more of the annotators labelled
    pairs: tuple[PairAgreement, ...]
    overall: PairAgreement  # a = b = "*": the counts of every pair pooled; kappa is the mean of pairs'
    krippendorff_alpha: float | None
    fleiss_kappa: float | None
    fleiss_documents: int
    per_label: dict[str, LabelAgreement] = field(default_factory=dict)
    per_document: dict[int, DocumentAgreement] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The object ``annotator agreement --json`` prints."""
        overall = self.overall.to_dict()
        del overall["a"], overall["b"]
        return {
            "annotators": list(self.annotators),
            "documents": self.documents,
            "pairs": [pair.to_dict() for pair in self.pairs],
            "overall": overall,
            "krippendorff_alpha": self.krippendorff_alpha,
            "fleiss_kappa": self.fleiss_kappa,
            "fleiss_documents": self.fleiss_documents,
            "per_label": {label: figures.to_dict() for label, figures in self.per_label.items()},
            "per_document": {str(doc): figures.to_dict() for doc, figures in self.per_document.items()},
        }


def _pair_summary(pair: PairAgreement) -> dict[str, Any]:
    return {
        "a": pair.a,
        "b": pair.b,
        "span_f1_exact": pair.span_f1_exact,
        "span_f1_overlap": pair.span_f1_overlap,
        "cohen_kappa": pair.cohen_kappa,
        "event_trigger_f1": pair.event_trigger_f1,
        "event_argument_f1": pair.event_argument_f1,
    }


# -- units of one document ----------------------------------------------------------------------------


def token_labels(tokens: Sequence[tuple[int, int]], entities: Iterable[EntitySpan]) -> list[str]:
    """The label of each token (``O`` if none): of the spans covering it, longest, then first, then by name.

    ``tokens`` are in order and do not overlap, as ``tokenize`` gives them.
    """
    labels = [OUTSIDE] * len(tokens)
    # Painted from the weakest claim to the strongest, so that the strongest is what stays.
    for start, end, label in sorted(entities, key=lambda s: (s[0] - s[1], s[0], s[2]), reverse=True):
        if start >= end:
            continue
        first = bisect_right(tokens, (start, _BIG)) - 1  # the last token starting at or before start
        if first < 0 or tokens[first][1] <= start:
            first += 1
        stop = bisect_left(tokens, (end, -1))  # the first token starting at or after end
        if stop > first:
            labels[first:stop] = [label] * (stop - first)
    return labels


_BIG = 1 << 62


def span_matches(a: Sequence[EntitySpan], b: Sequence[EntitySpan]) -> tuple[Counter[str], Counter[str]]:
    """Exact and overlap matches between two layers' spans, each counted by label."""
    counts_a, counts_b = Counter(a), Counter(b)
    exact_units = counts_a & counts_b
    exact: Counter[str] = Counter()
    for (_, _, label), count in exact_units.items():
        exact[label] += count
    overlap = exact.copy()
    matched = exact.total()
    if matched < len(a) and matched < len(b):  # both sides have spans left over
        rest_b = _by_label(counts_b - exact_units)
        for label, left in _by_label(counts_a - exact_units).items():
            right = rest_b.get(label)
            if right:
                overlap[label] += _greedy_overlaps(left, right)
    return exact, overlap


def _by_label(spans: Counter[EntitySpan]) -> dict[str, list[tuple[int, int]]]:
    """The (start, end) of each span by label, repeats repeated, non-empty only."""
    out: dict[str, list[tuple[int, int]]] = {}
    for (start, end, label), count in spans.items():
        if start < end:
            out.setdefault(label, []).extend([(start, end)] * count)
    return out


def _greedy_overlaps(left: list[tuple[int, int]], right: list[tuple[int, int]]) -> int:
    """How many one-to-one pairs of overlapping intervals a greedy pass makes, largest overlap first.

    Ties go to the closer boundaries, then to the pair that comes first in reading order (start, longer
    first) taken as an unordered pair, so that the count does not depend on which side is ``left``.
    """
    # A sweep by start: each interval meets the other side's intervals still open where it starts, so
    # every overlapping pair is found once, without comparing every interval with every other.
    sweep = sorted(
        [(start, end, 0, i) for i, (start, end) in enumerate(left)]
        + [(start, end, 1, j) for j, (start, end) in enumerate(right)]
    )
    open_sides: tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]] = ([], [])
    # (-shared, boundary distance, first of the pair in reading order, second, left index, right index)
    candidates: list[tuple[int, int, tuple[int, int], tuple[int, int], int, int]] = []
    for start, end, side, index in sweep:
        others = [item for item in open_sides[1 - side] if item[1] > start]
        open_sides = (others, open_sides[1]) if side else (open_sides[0], others)
        for other_start, other_end, other in others:
            shared = min(end, other_end) - start  # other_start <= start: the sweep is by start
            distance = abs(start - other_start) + abs(end - other_end)
            first, second = sorted([(start, -end), (other_start, -other_end)])
            i, j = (other, index) if side else (index, other)
            candidates.append((-shared, distance, first, second, i, j))
        open_sides[side].append((start, end, index))
    candidates.sort()
    used_left: set[int] = set()
    used_right: set[int] = set()
    for *_, i, j in candidates:
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
    return len(used_left)


def _event_units(
    events: Sequence[EventUnit],
) -> tuple[Counter[tuple[str, int, int]], Counter[tuple[str, int, int, str, int, int]]]:
    triggers: Counter[tuple[str, int, int]] = Counter()
    arguments: Counter[tuple[str, int, int, str, int, int]] = Counter()
    for kind, start, end, fillers in events:
        triggers[(kind, start, end)] += 1
        for role, filler_start, filler_end, _label in fillers:
            arguments[(kind, start, end, role, filler_start, filler_end)] += 1
    return triggers, arguments


# -- pooling ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _PairTotals:
    """Running counts of one pair."""

    documents: int = 0
    tokens: Counter[tuple[str, str]] = field(default_factory=Counter)
    counts: list[int] = field(default_factory=lambda: [0] * 10)

    def figures(self, a: str, b: str) -> PairAgreement:
        spans_a, spans_b, exact, overlap, events_a, events_b, triggers, args_a, args_b, args = self.counts
        total = sum(self.tokens.values())
        agreeing = sum(count for (x, y), count in self.tokens.items() if x == y)
        return PairAgreement(
            a,
            b,
            documents=self.documents,
            tokens=total,
            span_f1_exact=f1(exact, spans_a + spans_b),
            span_f1_overlap=f1(overlap, spans_a + spans_b),
            cohen_kappa=cohen_from_counts(self.tokens),
            token_agreement=agreeing / total if total else None,
            event_trigger_f1=f1(triggers, events_a + events_b),
            event_argument_f1=f1(args, args_a + args_b),
            spans_a=spans_a,
            spans_b=spans_b,
            exact_matches=exact,
            overlap_matches=overlap,
            events_a=events_a,
            events_b=events_b,
            trigger_matches=triggers,
            arguments_a=args_a,
            arguments_b=args_b,
            argument_matches=args,
        )


class _Labels:
    """Running span counts per label."""

    def __init__(self) -> None:
        self.spans: Counter[str] = Counter()
        self.compared: Counter[str] = Counter()
        self.exact: Counter[str] = Counter()
        self.overlap: Counter[str] = Counter()

    def figures(self) -> dict[str, LabelAgreement]:
        return {
            label: LabelAgreement(
                label,
                self.spans[label],
                self.compared[label],
                self.exact[label],
                self.overlap[label],
                f1(self.exact[label], self.compared[label]),
                f1(self.overlap[label], self.compared[label]),
            )
            for label in sorted(self.spans)
        }


def compute_agreement(documents: Iterable[DocumentLayers], annotators: Sequence[str]) -> Agreement:
    """Every agreement figure between ``annotators`` (in this order), reading each document once.

    Layers of other annotators are left out; documents fewer than two of them labelled count only
    towards nothing (alpha has no pair of values in them).
    """
    names = tuple(dict.fromkeys(annotators))
    pair_index = list(combinations(range(len(names)), 2))
    totals = {pair: _PairTotals() for pair in pair_index}
    labels = _Labels()
    rows_all: Counter[tuple[str, ...]] = Counter()
    rows_fleiss: Counter[tuple[str, ...]] = Counter()
    fleiss_documents = 0
    per_document: dict[int, DocumentAgreement] = {}
    for document in documents:
        present = [i for i, name in enumerate(names) if name in document.layers]
        if len(present) < 2:
            continue
        layers = [document.layers[names[i]] for i in present]
        tokens = document.tokens
        columns = [token_labels(tokens, layer.entities) for layer in layers]
        rows = Counter(zip(*columns, strict=True))
        rows_all.update(rows)
        k = len(present)
        if k >= 3:
            rows_fleiss.update(rows)
            fleiss_documents += 1
        events = [_event_units(layer.events) for layer in layers]
        for layer in layers:
            labels.spans.update(label for _, _, label in layer.entities)
        doc_pairs = []
        for x, y in combinations(range(k), 2):
            pair_totals = totals[(present[x], present[y])]
            doc_totals = _PairTotals(documents=1, tokens=pairwise_counts(rows, x, y))
            _count_pair(doc_totals, layers[x], layers[y], events[x], events[y], labels)
            pair_totals.documents += 1
            pair_totals.tokens.update(doc_totals.tokens)
            pair_totals.counts = [p + d for p, d in zip(pair_totals.counts, doc_totals.counts, strict=True)]
            doc_pairs.append(doc_totals.figures(names[present[x]], names[present[y]]))
        per_document[document.doc_id] = DocumentAgreement(
            doc_id=document.doc_id,
            title=document.title,
            annotators=tuple(names[i] for i in present),
            tokens=len(tokens),
            krippendorff_alpha=AlphaCounts.of(rows).alpha(),
            fleiss_kappa=FleissCounts.of(rows).kappa() if k >= 3 else None,
            disagreements=_disagreements(layers, events),
            disagreeing_tokens=sum(count for row, count in rows.items() if len(set(row)) > 1),
            pairs=tuple(doc_pairs),
        )
    pairs = tuple(totals[(i, j)].figures(names[i], names[j]) for i, j in pair_index)
    pooled = _PairTotals(documents=len(per_document))
    for pair_totals in totals.values():
        pooled.tokens.update(pair_totals.tokens)
        pooled.counts = [p + d for p, d in zip(pooled.counts, pair_totals.counts, strict=True)]
    kappas = [pair.cohen_kappa for pair in pairs if pair.cohen_kappa is not None]
    return Agreement(
        annotators=names,
        documents=len(per_document),
        pairs=pairs,
        overall=replace(pooled.figures("*", "*"), cohen_kappa=sum(kappas) / len(kappas) if kappas else None),
        krippendorff_alpha=AlphaCounts.of(rows_all).alpha(),
        fleiss_kappa=FleissCounts.of(rows_fleiss).kappa() if fleiss_documents else None,
        fleiss_documents=fleiss_documents,
        per_label=labels.figures(),
        per_document=per_document,
    )


def _count_pair(
    totals: _PairTotals,
    a: Layer,
    b: Layer,
    events_a: tuple[Counter[Any], Counter[Any]],
    events_b: tuple[Counter[Any], Counter[Any]],
    labels: _Labels,
) -> None:
    """Add the span and event counts of two layers of one document."""
    exact, overlap = span_matches(a.entities, b.entities)
    labels.exact.update(exact)
    labels.overlap.update(overlap)
    labels.compared.update(label for _, _, label in a.entities)
    labels.compared.update(label for _, _, label in b.entities)
    triggers = events_a[0] & events_b[0]
    arguments = events_a[1] & events_b[1]
    totals.counts = [
        len(a.entities),
        len(b.entities),
        sum(exact.values()),
        sum(overlap.values()),
        sum(events_a[0].values()),
        sum(events_b[0].values()),
        sum(triggers.values()),
        sum(events_a[1].values()),
        sum(events_b[1].values()),
        sum(arguments.values()),
    ]


def _disagreements(layers: Sequence[Layer], events: Sequence[tuple[Counter[Any], Counter[Any]]]) -> int:
    """How many distinct spans, triggers and arguments some of the layers lack."""
    k = len(layers)
    spans: Counter[EntitySpan] = Counter()
    for layer in layers:
        spans.update(set(layer.entities))
    triggers: Counter[Any] = Counter()
    arguments: Counter[Any] = Counter()
    for layer_triggers, layer_arguments in events:
        triggers.update(layer_triggers.keys())
        arguments.update(layer_arguments.keys())
    return sum(1 for units in (spans, triggers, arguments) for count in units.values() if count < k)

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
- **Per label**: span F1 over the spans with that label; the three coefficients over the same tokens
  with the label against every other (a token is L or is not), Cohen's kappa as the mean of the pairs'.
- **Undefined is None** (JSON null), never NaN: an F1 when neither side has a unit to compare; a kappa or
  alpha with no tokens, or whose expected agreement is 1 (every label the same, so chance explains
  everything: ``token_agreement`` still gives the observed share). Averages leave None out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

from annotator.model.agreement_stats import (
    OUTSIDE,
    RowStats,
    cohen_from_counts,
    f1,
    greedy_overlaps,
    pairwise_counts,
    token_rows,
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
    """The figures of one label, pooled over every pair and document: span F1, and the token figures
    with the label against the rest."""

    label: str
    spans: int  # spans with this label in the compared layers, each layer counted once
    compared: int  # the sum over pairs of both sides' spans: the F1 denominator
    exact_matches: int
    overlap_matches: int
    span_f1_exact: float | None
    span_f1_overlap: float | None
    cohen_kappa: float | None = None  # the mean of the pairs'
    krippendorff_alpha: float | None = None
    fleiss_kappa: float | None = None

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
    # What ``pairs`` is worked out from, when asked for: the counted rows of token labels (one label per
    # annotator, in order) and, for each pair of annotators, their indexes in those rows and their counts.
    token_rows: Mapping[tuple[str, ...], int] = field(repr=False)
    pair_counts: tuple[tuple[int, int, tuple[int, ...]], ...] = field(repr=False)

    @property
    def pairs(self) -> tuple[PairAgreement, ...]:
        """The figures of each pair of its annotators in this document (worked out on each call)."""
        names = self.annotators
        return tuple(
            _figures(names[x], names[y], 1, pairwise_counts(self.token_rows, x, y), counts)
            for x, y, counts in self.pair_counts
        )

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


def span_matches(a: Sequence[EntitySpan], b: Sequence[EntitySpan]) -> tuple[Counter[str], Counter[str]]:
    """Exact and overlap matches between two layers' spans, each counted by label."""
    exact, overlap = _span_matches(_Units.of(Layer(a)), _Units.of(Layer(b)))
    return Counter(exact), Counter(overlap)


def _span_matches(a: _Units, b: _Units) -> tuple[Mapping[str, int], Mapping[str, int]]:
    if a.distinct == b.distinct and not (a.repeats or b.repeats):
        return a.labels, a.labels  # the usual case, with nothing left over to match by overlap
    if a.repeats or b.repeats:  # a span twice in one layer: counted as many times
        counts_a, counts_b = Counter(a.entities), Counter(b.entities)
        exact_units = counts_a & counts_b
        rest_a, rest_b = list((counts_a - exact_units).elements()), list((counts_b - exact_units).elements())
        exact = _tally(exact_units.elements())
    else:
        shared = a.distinct & b.distinct
        exact = _tally(shared)
        rest_a, rest_b = list(a.distinct - shared), list(b.distinct - shared)
    if not (rest_a and rest_b):
        return exact, exact
    overlap = dict(exact)
    right_by = _by_label(rest_b)
    for label, left in _by_label(rest_a).items():
        right = right_by.get(label)
        if right:
            overlap[label] = overlap.get(label, 0) + greedy_overlaps(left, right)
    return exact, overlap


def _tally(spans: Iterable[EntitySpan]) -> dict[str, int]:
    """Spans by label."""
    out: dict[str, int] = {}
    for _, _, label in spans:
        out[label] = out.get(label, 0) + 1
    return out


def _by_label(spans: Iterable[EntitySpan]) -> dict[str, list[tuple[int, int]]]:
    """The (start, end) of each span by label, non-empty only."""
    out: dict[str, list[tuple[int, int]]] = {}
    for start, end, label in spans:
        if start < end:
            out.setdefault(label, []).append((start, end))
    return out


@dataclass(slots=True)
class _Units:
    """What one layer of one document brings to every comparison, counted once."""

    entities: Sequence[EntitySpan]
    distinct: frozenset[EntitySpan]
    repeats: bool  # some span is in the layer twice
    labels: dict[str, int]  # spans by label
    span_count: int
    triggers: dict[tuple[str, int, int], int]
    arguments: dict[tuple[str, int, int, str, int, int], int]
    trigger_count: int
    argument_count: int

    @classmethod
    def of(cls, layer: Layer) -> _Units:
        entities = layer.entities
        distinct = frozenset(entities)
        triggers: dict[tuple[str, int, int], int] = {}
        arguments: dict[tuple[str, int, int, str, int, int], int] = {}
        argument_count = 0
        for kind, start, end, fillers in layer.events:
            trigger = (kind, start, end)
            triggers[trigger] = triggers.get(trigger, 0) + 1
            for role, filler_start, filler_end, _label in fillers:
                argument = (kind, start, end, role, filler_start, filler_end)
                arguments[argument] = arguments.get(argument, 0) + 1
                argument_count += 1
        return cls(
            entities,
            distinct,
            len(distinct) < len(entities),
            _tally(entities),
            len(entities),
            triggers,
            arguments,
            len(layer.events),
            argument_count,
        )


def _matches(a: dict[Any, int], b: dict[Any, int], count: int) -> int:
    """How many units two layers share, repeats as many times as both have them (``count``: ``a``'s)."""
    if a == b:
        return count
    return sum(min(n, b[unit]) for unit, n in a.items() if unit in b)


# -- pooling ----------------------------------------------------------------------------------------


def _figures(
    a: str, b: str, documents: int, tokens: Mapping[tuple[str, str], int], counts: Sequence[int]
) -> PairAgreement:
    """A pair's figures from its token label pairs and its counts."""
    spans_a, spans_b, exact, overlap, events_a, events_b, triggers, args_a, args_b, args = counts
    total = agreeing = 0
    for (x, y), count in tokens.items():
        total += count
        if x == y:
            agreeing += count
    return PairAgreement(
        a,
        b,
        documents=documents,
        tokens=total,
        span_f1_exact=f1(exact, spans_a + spans_b),
        span_f1_overlap=f1(overlap, spans_a + spans_b),
        cohen_kappa=cohen_from_counts(tokens),
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
        self.spans: dict[str, int] = {}
        self.compared: dict[str, int] = {}
        self.exact: dict[str, int] = {}
        self.overlap: dict[str, int] = {}

    def figures(
        self, rows_by_present: Mapping[tuple[int, ...], Mapping[tuple[str, ...], int]]
    ) -> dict[str, LabelAgreement]:
        """Each label's figures; the token figures from the rows pooled by who labelled them."""
        out = {}
        for label in sorted(self.spans):
            compared, exact, overlap = (
                self.compared.get(label, 0),
                self.exact.get(label, 0),
                self.overlap.get(label, 0),
            )
            kappa, alpha, fleiss = _label_coefficients(label, rows_by_present)
            out[label] = LabelAgreement(
                label,
                self.spans[label],
                compared,
                exact,
                overlap,
                f1(exact, compared),
                f1(overlap, compared),
                kappa,
                alpha,
                fleiss,
            )
        return out


def _label_coefficients(
    label: str, rows_by_present: Mapping[tuple[int, ...], Mapping[tuple[str, ...], int]]
) -> tuple[float | None, float | None, float | None]:
    """Cohen's kappa (mean of pairs), alpha and Fleiss' kappa with ``label`` against every other label."""
    stats_all, stats_fleiss = RowStats(), RowStats()
    tables: dict[tuple[int, int], dict[tuple[str, str], int]] = {}
    fleiss_rows = False
    for who, rows in rows_by_present.items():
        binary: dict[tuple[str, ...], int] = {}
        for row, count in rows.items():
            key = tuple(label if value == label else OUTSIDE for value in row)
            binary[key] = binary.get(key, 0) + count
        stats = RowStats.of(binary)
        stats_all.add(stats)
        if len(who) >= 3:
            stats_fleiss.add(stats)
            fleiss_rows = True
        for x, y in combinations(range(len(who)), 2):
            _add(tables.setdefault((who[x], who[y]), {}), pairwise_counts(binary, x, y))
    kappas = [kappa for kappa in map(cohen_from_counts, tables.values()) if kappa is not None]
    return (
        sum(kappas) / len(kappas) if kappas else None,
        stats_all.alpha(),
        stats_fleiss.fleiss() if fleiss_rows else None,
    )


def _add(totals: dict[Any, int], counts: Mapping[Any, int], times: int = 1) -> None:
    for key, count in counts.items():
        totals[key] = totals.get(key, 0) + count * times


def compute_agreement(documents: Iterable[DocumentLayers], annotators: Sequence[str]) -> Agreement:
    """Every agreement figure between ``annotators`` (in this order), reading each document once.

    Layers of other annotators are left out; documents fewer than two of them labelled count only
    towards nothing (alpha has no pair of values in them).
    """
    names = tuple(dict.fromkeys(annotators))
    pair_index = list(combinations(range(len(names)), 2))
    pair_documents = dict.fromkeys(pair_index, 0)
    pair_counts = {pair: [0] * 10 for pair in pair_index}
    # The token rows of the documents labelled by the same annotators, pooled: they make the pairs' tables.
    rows_by_present: dict[tuple[int, ...], dict[tuple[str, ...], int]] = {}
    labels = _Labels()
    stats_all = RowStats()  # every document's tokens: alpha
    stats_fleiss = RowStats()  # the tokens of documents 3 or more labelled: Fleiss' kappa
    fleiss_documents = 0
    per_document: dict[int, DocumentAgreement] = {}
    for document in documents:
        present = [i for i, name in enumerate(names) if name in document.layers]
        k = len(present)
        if k < 2:
            continue
        layers = [document.layers[names[i]] for i in present]
        units = [_Units.of(layer) for layer in layers]
        rows = token_rows(document.tokens, [layer.entities for layer in layers])
        stats = RowStats.of(rows)
        stats_all.add(stats)
        if k >= 3:
            stats_fleiss.add(stats)
            fleiss_documents += 1
        for unit in units:
            _add(labels.spans, unit.labels)
            _add(labels.compared, unit.labels, k - 1)  # each layer is one side of k - 1 pairs
        _add(rows_by_present.setdefault(tuple(present), {}), rows)
        doc_pairs = []
        for x, y in combinations(range(k), 2):
            a, b = units[x], units[y]
            exact, overlap = _span_matches(a, b)
            _add(labels.exact, exact)
            _add(labels.overlap, overlap)
            counts = (
                a.span_count,
                b.span_count,
                sum(exact.values()),
                sum(overlap.values()),
                a.trigger_count,
                b.trigger_count,
                _matches(a.triggers, b.triggers, a.trigger_count),
                a.argument_count,
                b.argument_count,
                _matches(a.arguments, b.arguments, a.argument_count),
            )
            pair = (present[x], present[y])
            pair_documents[pair] += 1
            totals = pair_counts[pair]
            for index, count in enumerate(counts):
                totals[index] += count
            doc_pairs.append((x, y, counts))
        per_document[document.doc_id] = DocumentAgreement(
            doc_id=document.doc_id,
            title=document.title,
            annotators=tuple(names[i] for i in present),
            tokens=len(document.tokens),
            krippendorff_alpha=stats.alpha(),
            fleiss_kappa=stats.fleiss() if k >= 3 else None,
            disagreements=_disagreements(units),
            disagreeing_tokens=sum(count for row, count in rows.items() if len(set(row)) > 1),
            token_rows=rows,
            pair_counts=tuple(doc_pairs),
        )
    # The token label pairs of each pair of annotators, from the rows of the documents both labelled.
    pair_tokens: dict[tuple[int, int], dict[tuple[str, str], int]] = {pair: {} for pair in pair_index}
    for who, pooled_rows in rows_by_present.items():
        for x, y in combinations(range(len(who)), 2):
            _add(pair_tokens[(who[x], who[y])], pairwise_counts(pooled_rows, x, y))
    pairs = tuple(
        _figures(names[i], names[j], pair_documents[(i, j)], pair_tokens[(i, j)], pair_counts[(i, j)])
        for i, j in pair_index
    )
    pooled_tokens: dict[tuple[str, str], int] = {}
    pooled_counts = [0] * 10
    for pair in pair_index:
        _add(pooled_tokens, pair_tokens[pair])
        pooled_counts = [p + c for p, c in zip(pooled_counts, pair_counts[pair], strict=True)]
    overall = _figures("*", "*", len(per_document), pooled_tokens, pooled_counts)
    kappas = [pair.cohen_kappa for pair in pairs if pair.cohen_kappa is not None]
    return Agreement(
        annotators=names,
        documents=len(per_document),
        pairs=pairs,
        overall=replace(overall, cohen_kappa=sum(kappas) / len(kappas) if kappas else None),
        krippendorff_alpha=stats_all.alpha(),
        fleiss_kappa=stats_fleiss.fleiss() if fleiss_documents else None,
        fleiss_documents=fleiss_documents,
        per_label=labels.figures(rows_by_present),
        per_document=per_document,
    )


def _disagreements(units: Sequence[_Units]) -> int:
    """How many distinct spans, triggers and arguments some of the layers lack."""
    count = 0
    for kinds in (
        [u.distinct for u in units],
        [u.triggers.keys() for u in units],
        [u.arguments.keys() for u in units],
    ):
        count += len(set().union(*kinds)) - len(set(kinds[0]).intersection(*kinds[1:]))
    return count

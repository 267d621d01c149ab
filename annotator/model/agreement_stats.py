"""The counting behind ``agreement``: token labels, overlap matching and the chance-corrected coefficients.

The coefficients (Cohen's kappa, Krippendorff's alpha, Fleiss' kappa) work from counted rows: a row is the
labels the raters gave one item (a token), in rater order, None where a rater gave none; a document's
tokens repeat a handful of distinct rows, so counting them first leaves little for Python to do.
Undefined values are None. The definitions are in ``annotator.model.agreement``.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat

OUTSIDE = "O"
"""The token label of a token that no span covers."""

Span = tuple[int, int, str]
"""A span: (start, end, label) in code points, end exclusive (``agreement.EntitySpan``)."""

Row = tuple[str | None, ...]
Rows = Mapping[Row, int] | Mapping[tuple[str, ...], int]
"""Counted rows: how many items (tokens) have each row of labels."""


# -- token labels ----------------------------------------------------------------------------------


def _strength(span: Span) -> tuple[int, int, str]:
    """Sorts the strongest claim on a token first: the longest span, then the first, then by label."""
    start, end, label = span
    return start - end, start, label


def covered_tokens(
    tokens: Sequence[tuple[int, int]],
    entities: Iterable[Span],
    ranges: dict[tuple[int, int], range] | None = None,
) -> dict[int, str]:
    """The label of each token some span covers, by token index (the others are ``O``).

    ``tokens`` are in order and do not overlap, as ``tokenize`` gives them. ``ranges`` keeps the tokens
    of each (start, end) found, for the next layer of the same document.
    """
    ranges = {} if ranges is None else ranges
    labels: dict[int, str] = {}
    # Painted from the weakest claim to the strongest, so that the strongest is what stays.
    for start, end, label in sorted(entities, key=_strength, reverse=True):
        covered = ranges.get((start, end))
        if covered is None:
            covered = ranges[(start, end)] = _token_range(tokens, start, end)
        for index in covered:
            labels[index] = label
    return labels


def _token_range(tokens: Sequence[tuple[int, int]], start: int, end: int) -> range:
    """The indexes of the tokens that share a code point with start-end (none if it is empty)."""
    if start >= end:
        return range(0)
    first = bisect_right(tokens, (start, _BIG)) - 1  # the last token starting at or before start
    if first < 0 or tokens[first][1] <= start:
        first += 1
    return range(first, bisect_left(tokens, (end, -1), first))  # up to the first starting at or after end


_BIG = 1 << 62


def token_labels(tokens: Sequence[tuple[int, int]], entities: Iterable[Span]) -> list[str]:
    """The label of each token (``O`` if none): of the spans over it, longest, then first, then by name."""
    labels = [OUTSIDE] * len(tokens)
    for index, label in covered_tokens(tokens, entities).items():
        labels[index] = label
    return labels


def token_rows(
    tokens: Sequence[tuple[int, int]], layers: Sequence[Iterable[Span]]
) -> Counter[tuple[str, ...]]:
    """How many tokens have each row of labels (one label per layer's spans, in order).

    Only the tokens some span covers are looked at one by one; the rest are one row of ``O``.
    """
    ranges: dict[tuple[int, int], range] = {}
    maps = [covered_tokens(tokens, spans, ranges) for spans in layers]
    union = list(set().union(*maps))
    rows = Counter(zip(*[map(labels.get, union, repeat(OUTSIDE)) for labels in maps], strict=True))
    if len(tokens) > len(union):
        rows[(OUTSIDE,) * len(layers)] += len(tokens) - len(union)
    return rows


# -- matching overlapping spans --------------------------------------------------------------------


_Candidate = tuple[int, int, tuple[int, int], tuple[int, int], int, int]
"""(-shared, boundary distance, first of the pair in reading order, second, left index, right index)."""


def greedy_overlaps(left: list[tuple[int, int]], right: list[tuple[int, int]]) -> int:
    """How many one-to-one pairs of overlapping intervals a greedy pass makes, largest overlap first.

    Ties go to the closer boundaries, then to the pair that comes first in reading order (start, longer
    first) taken as an unordered pair, so that the count does not depend on which side is ``left``.
    """
    small = len(left) * len(right) <= 16  # a layer pair's leftovers are usually a span or two each
    candidates = _every_pair(left, right) if small else _sweep(left, right)
    if len(candidates) < 2:
        return len(candidates)
    candidates.sort()
    used_left: set[int] = set()
    used_right: set[int] = set()
    for *_, i, j in candidates:
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
    return len(used_left)


def _candidate(start: int, end: int, other_start: int, other_end: int, i: int, j: int) -> _Candidate:
    shared = min(end, other_end) - max(start, other_start)
    distance = abs(start - other_start) + abs(end - other_end)
    first, second = sorted([(start, -end), (other_start, -other_end)])
    return (-shared, distance, first, second, i, j)


def _every_pair(left: list[tuple[int, int]], right: list[tuple[int, int]]) -> list[_Candidate]:
    """The overlapping pairs, each interval compared with every other."""
    return [
        _candidate(start, end, other_start, other_end, i, j)
        for i, (start, end) in enumerate(left)
        for j, (other_start, other_end) in enumerate(right)
        if start < other_end and other_start < end
    ]


def _sweep(left: list[tuple[int, int]], right: list[tuple[int, int]]) -> list[_Candidate]:
    """The overlapping pairs, found by a sweep: each interval meets the other side's still open ones."""
    sweep = sorted(
        [(start, end, 0, i) for i, (start, end) in enumerate(left)]
        + [(start, end, 1, j) for j, (start, end) in enumerate(right)]
    )
    open_sides: tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]] = ([], [])
    candidates: list[_Candidate] = []
    for start, end, side, index in sweep:
        others = [item for item in open_sides[1 - side] if item[1] > start]
        open_sides = (others, open_sides[1]) if side else (open_sides[0], others)
        for other_start, other_end, other in others:
            if side:
                candidates.append(_candidate(other_start, other_end, start, end, other, index))
            else:
                candidates.append(_candidate(start, end, other_start, other_end, index, other))
        open_sides[side].append((start, end, index))
    return candidates


# -- coefficients -----------------------------------------------------------------------------------


def f1(matches: int, units: int) -> float | None:
    """2 * matches / (units of both sides); None when neither side has a unit."""
    return 2 * matches / units if units else None


def cohen_from_counts(counts: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa from the number of items given each (label of a, label of b)."""
    total = agreeing = 0
    left: dict[str, int] = {}
    right: dict[str, int] = {}
    for (x, y), count in counts.items():
        total += count
        left[x] = left.get(x, 0) + count
        right[y] = right.get(y, 0) + count
        if x == y:
            agreeing += count
    chance = sum(count * right.get(label, 0) for label, count in left.items())
    # (Po - Pe) / (1 - Pe), both scaled by total**2 so that it stays in integers until the division.
    denominator = total * total - chance
    return (agreeing * total - chance) / denominator if denominator else None


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two raters who labelled the same items in the same order."""
    if len(a) != len(b):
        raise ValueError(f"the raters labelled {len(a)} and {len(b)} items")
    return cohen_from_counts(Counter(zip(a, b, strict=True)))


def pairwise_counts(rows: Mapping[tuple[str, ...], int], x: int, y: int) -> dict[tuple[str, str], int]:
    """The (label of rater x, label of rater y) counts of counted rows."""
    out: dict[tuple[str, str], int] = {}
    for row, count in rows.items():
        pair = (row[x], row[y])
        out[pair] = out.get(pair, 0) + count
    return out


@functools.lru_cache(maxsize=1 << 16)
def _row_stats(row: Row) -> tuple[int, int, tuple[tuple[str, int], ...]]:
    """(number of values, sum of squared value counts, value counts) of one row, Nones left out."""
    values = Counter(value for value in row if value is not None)
    return sum(values.values()), sum(n * n for n in values.values()), tuple(values.items())


@dataclass(slots=True)
class RowStats:
    """What nominal Krippendorff's alpha and Fleiss' kappa need from counted rows; stats add up.

    A row with fewer than two values is not pairable and adds nothing. Alpha is
    1 - (n - 1) * D / (n^2 - sum n_c^2), D being the sum over rows of the ordered pairs of values that
    differ, each weighing 1 / (m - 1); Fleiss' kappa is (P - P_e) / (1 - P_e), each row's agreement
    P_i using its own number of values m, P_e the sum of the squared shares of all values.
    """

    disagreeing: float = 0.0  # D: the sum of o_ck over c != k
    agreement: float = 0.0  # the sum of P_i
    items: int = 0  # rows with two or more values
    values: dict[str, int] = field(default_factory=dict)  # n_c

    @classmethod
    def of(cls, rows: Rows) -> RowStats:
        """The stats of counted rows."""
        disagreeing = agreement = 0.0
        items = 0
        values: dict[str, int] = {}
        for row, count in rows.items():
            m, squares, tally = _row_stats(row)
            if m < 2:
                continue
            disagreeing += count * (m * m - squares) / (m - 1)
            agreement += count * (squares - m) / (m * (m - 1))
            items += count
            for value, n in tally:
                values[value] = values.get(value, 0) + count * n
        return cls(disagreeing, agreement, items, values)

    def add(self, other: RowStats) -> None:
        """Pool another set of rows' stats into these."""
        self.disagreeing += other.disagreeing
        self.agreement += other.agreement
        self.items += other.items
        values = self.values
        for value, n in other.values.items():
            values[value] = values.get(value, 0) + n

    def _totals(self) -> tuple[int, int]:
        """n, the number of pairable values, and the sum of n_c squared."""
        return sum(self.values.values()), sum(n * n for n in self.values.values())

    def alpha(self) -> float | None:
        """Krippendorff's alpha; None without values or when every value is the same."""
        total, squared = self._totals()
        if total * total == squared:
            return None
        return 1 - (total - 1) * self.disagreeing / (total * total - squared)

    def fleiss(self) -> float | None:
        """Fleiss' kappa; None without values or when every value is the same."""
        total, squared = self._totals()
        if total * total == squared:
            return None
        expected = squared / (total * total)
        return (self.agreement / self.items - expected) / (1 - expected)


def krippendorff_alpha(items: Iterable[Sequence[str | None]]) -> float | None:
    """Nominal Krippendorff's alpha; each item lists every rater's label, None where one gave none."""
    return RowStats.of(Counter(tuple(item) for item in items)).alpha()


def fleiss_kappa(items: Iterable[Sequence[str | None]]) -> float | None:
    """Fleiss' kappa; each item lists its ratings (None: none). Items may have different numbers of raters:
    each item's agreement then uses its own number, and the category shares pool every rating."""
    return RowStats.of(Counter(tuple(item) for item in items)).fleiss()

"""The chance-corrected coefficients behind ``agreement``: Cohen's kappa, Krippendorff's alpha, Fleiss' kappa.

Each works from counted rows: a row is the labels the raters gave one item (a token), in rater order, None
where a rater gave none; a document's tokens repeat a handful of distinct rows, so counting them first
leaves little for Python to do. Undefined values are None (see ``annotator.model.agreement``).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

OUTSIDE = "O"
"""The token label of a token that no span covers."""

Row = tuple[str | None, ...]


def f1(matches: int, units: int) -> float | None:
    """2 * matches / (units of both sides); None when neither side has a unit."""
    return 2 * matches / units if units else None


def cohen_from_counts(counts: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa from the number of items given each (label of a, label of b)."""
    total = agreeing = 0
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for (x, y), count in counts.items():
        total += count
        left[x] += count
        right[y] += count
        if x == y:
            agreeing += count
    chance = sum(count * right[label] for label, count in left.items())
    # (Po - Pe) / (1 - Pe), both scaled by total**2 so that it stays in integers until the division.
    denominator = total * total - chance
    return (agreeing * total - chance) / denominator if denominator else None


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two raters who labelled the same items in the same order."""
    if len(a) != len(b):
        raise ValueError(f"the raters labelled {len(a)} and {len(b)} items")
    return cohen_from_counts(Counter(zip(a, b, strict=True)))


def pairwise_counts(rows: Mapping[tuple[str, ...], int], x: int, y: int) -> Counter[tuple[str, str]]:
    """The (label of rater x, label of rater y) counts of counted rows."""
    out: Counter[tuple[str, str]] = Counter()
    for row, count in rows.items():
        out[(row[x], row[y])] += count
    return out


@functools.lru_cache(maxsize=1 << 16)
def _row_stats(row: Row) -> tuple[int, int, tuple[tuple[str, int], ...]]:
    """(number of values, sum of squared value counts, value counts) of one row, Nones left out."""
    values = Counter(value for value in row if value is not None)
    return sum(values.values()), sum(n * n for n in values.values()), tuple(values.items())


@dataclass(slots=True)
class AlphaCounts:
    """What nominal Krippendorff's alpha needs: the coincidences that disagree and the value totals."""

    disagreeing: float = 0.0  # the sum of o_ck over c != k
    values: Counter[str] = field(default_factory=Counter)  # n_c over pairable items

    @classmethod
    def of(cls, rows: Mapping[Row, int] | Mapping[tuple[str, ...], int]) -> AlphaCounts:
        """The counts of counted rows; rows with fewer than two values are not pairable and add nothing."""
        counts = cls()
        values = counts.values
        for row, count in rows.items():
            m, squares, tally = _row_stats(row)
            if m < 2:
                continue
            # Ordered pairs of values within the row that differ, each weighing 1 / (m - 1).
            counts.disagreeing += count * (m * m - squares) / (m - 1)
            for value, n in tally:
                values[value] += count * n
        return counts

    def alpha(self) -> float | None:
        """1 - D_o / D_e; None without pairable values or when every value is the same."""
        n = sum(self.values.values())
        expected = n * n - sum(v * v for v in self.values.values())
        if not expected:
            return None
        return 1 - (n - 1) * self.disagreeing / expected


def krippendorff_alpha(items: Iterable[Sequence[str | None]]) -> float | None:
    """Nominal Krippendorff's alpha; each item lists every rater's label, None where one gave none."""
    return AlphaCounts.of(Counter(tuple(item) for item in items)).alpha()


@dataclass(slots=True)
class FleissCounts:
    """What Fleiss' kappa needs: the items, the sum of their agreement P_i and the category totals."""

    items: int = 0
    agreement: float = 0.0
    values: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, rows: Mapping[Row, int] | Mapping[tuple[str, ...], int]) -> FleissCounts:
        """The counts of counted rows; an item with fewer than two ratings is left out."""
        counts = cls()
        values = counts.values
        for row, count in rows.items():
            m, squares, tally = _row_stats(row)
            if m < 2:
                continue
            counts.items += count
            counts.agreement += count * (squares - m) / (m * (m - 1))
            for value, n in tally:
                values[value] += count * n
        return counts

    def kappa(self) -> float | None:
        """(P - P_e) / (1 - P_e); None without items or when every rating is the same."""
        ratings = sum(self.values.values())
        if not self.items or not ratings:
            return None
        squares = sum(v * v for v in self.values.values())
        if squares == ratings * ratings:
            return None
        expected = squares / (ratings * ratings)
        return (self.agreement / self.items - expected) / (1 - expected)


def fleiss_kappa(items: Iterable[Sequence[str | None]]) -> float | None:
    """Fleiss' kappa; each item lists its ratings (None: none). Items may have different numbers of raters:
    each item's agreement then uses its own number, and the category shares pool every rating."""
    return FleissCounts.of(Counter(tuple(item) for item in items)).kappa()

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
Rows = Mapping[Row, int] | Mapping[tuple[str, ...], int]
"""Counted rows: how many items (tokens) have each row of labels."""


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

"""Cohen's kappa, Krippendorff's alpha and Fleiss' kappa against nltk, krippendorff and statsmodels."""

from __future__ import annotations

import math
import random

import krippendorff
import numpy as np
import pytest
from nltk.metrics.agreement import AnnotationTask
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from annotator.model.agreement_stats import cohen_kappa, f1, fleiss_kappa, krippendorff_alpha

# The worked example of the references: three coders, five items.
CODERS = [[1, 1, 2, 1, 3], [1, 2, 2, 1, 3], [1, 1, 2, 2, 3]]
TOLERANCE = 1e-9


def as_items(coders: list[list[int | None]]) -> list[tuple[str | None, ...]]:
    """Our input: one tuple per item, the coders' labels as strings, None where one gave none."""
    return [tuple(None if v is None else f"L{v}" for v in item) for item in zip(*coders, strict=True)]


def nltk_task(coders: list[list[int | None]]) -> AnnotationTask:
    """nltk's input: (coder, item, label), a missing label left out."""
    return AnnotationTask(
        [(f"c{c}", i, v) for c, row in enumerate(coders) for i, v in enumerate(row) if v is not None]
    )


def reliability(coders: list[list[int | None]]) -> np.ndarray:
    """The krippendorff package's input: coders by items, NaN where a coder gave none."""
    return np.array([[np.nan if v is None else v for v in row] for row in coders], dtype=float)


def statsmodels_fleiss_of(coders: list[list[int]]) -> float:
    table, _ = aggregate_raters(np.array(coders).T)
    return float(statsmodels_fleiss(table, method="fleiss"))


def statsmodels_cohen_of(a: list[int], b: list[int]) -> float:
    values = sorted(set(a) | set(b))
    table = np.zeros((len(values), len(values)))
    for x, y in zip(a, b, strict=True):
        table[values.index(x), values.index(y)] += 1
    return float(cohens_kappa(table, return_results=False))


# -- the worked example -------------------------------------------------------------------------------


def test_worked_example_gives_the_published_figures() -> None:
    items = as_items(CODERS)
    assert round(krippendorff_alpha(items) or 0, 5) == 0.60563
    assert round(fleiss_kappa(items) or 0, 5) == 0.57746
    assert cohen_kappa([i[0] for i in items], [i[1] for i in items]) == pytest.approx(0.6875, abs=1e-12)


def test_worked_example_matches_every_reference() -> None:
    items = as_items(CODERS)
    alpha = krippendorff_alpha(items)
    assert alpha == pytest.approx(
        krippendorff.alpha(reliability_data=reliability(CODERS), level_of_measurement="nominal"),
        abs=TOLERANCE,
    )
    assert alpha == pytest.approx(nltk_task(CODERS).alpha(), abs=TOLERANCE)
    fleiss = fleiss_kappa(items)
    assert fleiss == pytest.approx(statsmodels_fleiss_of(CODERS), abs=TOLERANCE)
    assert fleiss == pytest.approx(nltk_task(CODERS).pi(), abs=TOLERANCE)  # multi-pi is Fleiss' kappa
    cohen = cohen_kappa([i[0] for i in items], [i[1] for i in items])
    assert cohen == pytest.approx(nltk_task(CODERS[:2]).kappa(), abs=TOLERANCE)
    assert cohen == pytest.approx(statsmodels_cohen_of(CODERS[0], CODERS[1]), abs=TOLERANCE)


# -- random data --------------------------------------------------------------------------------------


def random_coders(seed: int, coders: int, *, missing: float = 0.0) -> list[list[int | None]]:
    """Coders who mostly follow a hidden truth over 2-5 labels, some values missing."""
    rng = random.Random(seed)
    labels = rng.randint(2, 5)
    items = rng.randint(5, 60)
    truth = [rng.randrange(labels) for _ in range(items)]
    skill = [rng.uniform(0.3, 0.95) for _ in range(coders)]
    rows: list[list[int | None]] = [
        [t if rng.random() < skill[c] else rng.randrange(labels) for t in truth] for c in range(coders)
    ]
    for row in rows:
        for i in range(items):
            if rng.random() < missing:
                row[i] = None
    return rows


@pytest.mark.parametrize("seed", range(25))
def test_cohen_matches_nltk_and_statsmodels(seed: int) -> None:
    a, b = random_coders(seed, 2)
    ours = cohen_kappa([f"L{v}" for v in a], [f"L{v}" for v in b])
    if len(set(a) | set(b)) == 1:
        assert ours is None
        return
    assert ours == pytest.approx(nltk_task([a, b]).kappa(), abs=TOLERANCE)
    assert ours == pytest.approx(statsmodels_cohen_of(a, b), abs=TOLERANCE)


@pytest.mark.parametrize("seed", range(25))
def test_alpha_with_missing_values_matches_krippendorff_and_nltk(seed: int) -> None:
    coders = random_coders(seed, random.Random(seed).randint(2, 6), missing=0.3)
    ours = krippendorff_alpha(as_items(coders))
    assert ours is not None
    assert ours == pytest.approx(
        krippendorff.alpha(reliability_data=reliability(coders), level_of_measurement="nominal"),
        abs=TOLERANCE,
    )
    assert ours == pytest.approx(nltk_task(coders).alpha(), abs=TOLERANCE)


@pytest.mark.parametrize("seed", range(25))
def test_fleiss_matches_statsmodels_and_nltk_pi(seed: int) -> None:
    coders = random_coders(seed, random.Random(seed).randint(3, 6))
    ours = fleiss_kappa(as_items(coders))
    assert ours is not None
    assert ours == pytest.approx(statsmodels_fleiss_of(coders), abs=TOLERANCE)
    assert ours == pytest.approx(nltk_task(coders).pi(), abs=TOLERANCE)


def test_alpha_of_two_complete_coders_is_not_cohen() -> None:
    """A guard against mixing the two up: alpha corrects for sample size, Cohen's kappa does not."""
    a, b = random_coders(3, 2)
    items = as_items([a, b])
    alpha = krippendorff_alpha(items)
    kappa = cohen_kappa([i[0] or "" for i in items], [i[1] or "" for i in items])
    assert alpha is not None
    assert kappa is not None
    assert not math.isclose(alpha, kappa, abs_tol=1e-6)


# -- items with fewer or more ratings ------------------------------------------------------------------


def test_fleiss_with_different_numbers_of_ratings_uses_each_items_own() -> None:
    # P_i: 1, 0, 1/3, so P = 4/9; shares of a and b: 6/9 and 3/9, so P_e = 5/9; kappa = -1/4.
    items = [("a", "a", "a", None), ("a", "b", None, None), ("a", "a", "b", "b")]
    assert fleiss_kappa(items) == pytest.approx(-0.25, abs=1e-12)


def test_items_with_one_rating_count_for_nothing() -> None:
    items = as_items(CODERS)
    padded = [*items, ("L1", None, None), (None, None, "L3"), (None, None, None)]
    assert krippendorff_alpha(padded) == krippendorff_alpha(items)
    assert fleiss_kappa(padded) == fleiss_kappa(items)


# -- undefined is None ---------------------------------------------------------------------------------


def test_undefined_figures_are_none() -> None:
    assert cohen_kappa([], []) is None
    assert cohen_kappa(["O", "O"], ["O", "O"]) is None  # expected agreement 1
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([("PER", None), (None, "PER")]) is None  # nothing pairable
    assert krippendorff_alpha([("PER", "PER"), ("PER", "PER")]) is None  # one value only
    assert fleiss_kappa([]) is None
    assert fleiss_kappa([("O", "O", "O")]) is None
    assert fleiss_kappa([("O", None, None)]) is None


def test_perfect_agreement_over_two_labels_is_one() -> None:
    items = [("PER", "PER", "PER"), ("O", "O", "O")]
    assert krippendorff_alpha(items) == 1.0
    assert fleiss_kappa(items) == 1.0
    assert cohen_kappa(["PER", "O"], ["PER", "O"]) == 1.0


def test_cohen_refuses_raters_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="the raters labelled 2 and 1 items"):
        cohen_kappa(["O", "O"], ["O"])


def test_f1() -> None:
    assert f1(0, 0) is None
    assert f1(0, 3) == 0.0
    assert f1(2, 4) == 1.0
    assert f1(1, 3) == pytest.approx(2 / 3)

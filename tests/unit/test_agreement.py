"""Agreement over documents: token labels, span and event F1, and the coefficients against the references."""

from __future__ import annotations

import json
import random
from collections import Counter
from itertools import combinations

import krippendorff
import numpy as np
import pytest
from nltk.metrics.agreement import AnnotationTask
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from annotator.model.agreement import (
    DocumentLayers,
    EntitySpan,
    EventUnit,
    Layer,
    compute_agreement,
    span_matches,
)
from annotator.model.agreement_stats import fleiss_kappa, token_labels, token_rows
from annotator.model.tokens import tokenize

TOLERANCE = 1e-9
TEXT = "Alice Smith met Bob at New York City Hall."


def at(piece: str, label: str, text: str = TEXT) -> EntitySpan:
    start = text.index(piece)
    return (start, start + len(piece), label)


def tokens_of(count: int) -> list[tuple[int, int]]:
    """``count`` one-character tokens with a space between them."""
    return [(2 * i, 2 * i + 1) for i in range(count)]


def by_token(labels: list[str]) -> Layer:
    """A layer with a one-token span for each token whose label is not O (over ``tokens_of``)."""
    return Layer([(2 * i, 2 * i + 1, label) for i, label in enumerate(labels) if label != "O"])


# -- token labels -------------------------------------------------------------------------------------


def test_a_token_takes_the_label_of_a_span_that_shares_a_code_point() -> None:
    tokens = tokenize(TEXT)
    labels = token_labels(tokens, [(1, 3, "PER"), at("Bob", "PER"), (11, 12, "ORG")])
    # "lic" inside Alice covers Alice; the space after Smith (11-12) covers no token.
    assert labels == ["PER", "O", "O", "PER", "O", "O", "O", "O", "O", "O"]


def test_the_longest_span_wins_then_the_first_then_the_first_label_by_name() -> None:
    tokens = tokenize(TEXT)
    nested = [at("New York", "GPE"), at("New York City Hall", "FAC"), at("York City", "LOC")]
    assert token_labels(tokens, nested)[5:9] == ["FAC"] * 4
    same_length = [at("Alice Smith", "PER"), at("Smith met", "ORG")]
    assert token_labels(tokens, same_length)[:3] == ["PER", "PER", "ORG"]
    same_span = [at("Bob", "PER"), at("Bob", "GPE"), at("Bob", "ORG")]
    assert token_labels(tokens, same_span)[3] == "GPE"
    # The order the spans come in makes no difference.
    assert token_labels(tokens, list(reversed(nested))) == token_labels(tokens, nested)


def test_no_span_means_o_and_an_empty_span_covers_nothing() -> None:
    tokens = tokenize(TEXT)
    assert token_labels(tokens, []) == ["O"] * len(tokens)
    assert token_labels(tokens, [(2, 2, "PER"), (0, 0, "PER")]) == ["O"] * len(tokens)
    assert token_labels([], [(0, 5, "PER")]) == []


@pytest.mark.parametrize("seed", range(20))
def test_token_rows_count_the_token_labels_of_every_layer(seed: int) -> None:
    for document in random_documents(seed):
        layers = list(document.layers.values())
        if not layers:
            continue
        columns = [token_labels(document.tokens, layer.entities) for layer in layers]
        rows = token_rows(document.tokens, [layer.entities for layer in layers])
        assert rows == Counter(zip(*columns, strict=True))


# -- span matches -------------------------------------------------------------------------------------


def test_exact_matches_need_start_end_and_label() -> None:
    a = [at("Alice Smith", "PER"), at("Bob", "PER"), at("New York", "GPE")]
    b = [at("Alice Smith", "PER"), at("Bob", "ORG"), at("New York City", "GPE")]
    exact, overlap = span_matches(a, b)
    assert exact == Counter({"PER": 1})
    assert overlap == Counter({"PER": 1, "GPE": 1})  # Bob's labels differ: no overlap match either


def test_each_span_is_matched_once() -> None:
    exact, overlap = span_matches([(0, 10, "PER")], [(0, 4, "PER"), (6, 10, "PER")])
    assert (exact.total(), overlap.total()) == (0, 1)
    exact, overlap = span_matches([(0, 5, "PER"), (0, 5, "PER")], [(0, 5, "PER")])
    assert (exact.total(), overlap.total()) == (1, 1)


def test_exact_pairs_come_first() -> None:
    # (0, 10) would share more with (0, 5) than with (2, 6); but (0, 5) is an exact pair already.
    exact, overlap = span_matches([(0, 5, "PER"), (0, 10, "PER")], [(0, 5, "PER"), (2, 6, "PER")])
    assert (exact.total(), overlap.total()) == (1, 2)


def test_overlaps_are_matched_greedily_by_the_largest_shared_stretch() -> None:
    # A-B share 8, A-D 1, C-B 1, C-D nothing. Greedy takes A-B and then has nothing for C: 1 match,
    # although A-D and C-B would make 2. That is the definition, not an accident.
    a = [(0, 10, "PER"), (0, 3, "PER")]
    b = [(2, 10, "PER"), (9, 12, "PER")]
    assert span_matches(a, b)[1].total() == 1
    assert span_matches(b, a)[1].total() == 1


def test_ties_go_to_the_closer_boundaries_then_to_the_pair_first_in_reading_order() -> None:
    # (0, 4) and (6, 10) each share 2 with (2, 8), boundaries 6 apart: the pair read first, (0, 4)-(2, 8),
    # is taken, which leaves (0, 1) nothing. Taking the other would have made 2 matches.
    a = [(6, 10, "PER"), (0, 4, "PER")]
    b = [(0, 1, "PER"), (2, 8, "PER")]
    assert span_matches(a, b)[1].total() == span_matches(b, a)[1].total() == 1
    # (0, 6) shares 4 with both (2, 6) and (2, 8); (2, 6) has the closer boundaries (reading order alone
    # would take (2, 8), the longer), which leaves (2, 8) for (7, 9).
    a = [(0, 6, "PER"), (7, 9, "PER")]
    b = [(2, 8, "PER"), (2, 6, "PER")]
    assert span_matches(a, b)[1].total() == span_matches(b, a)[1].total() == 2


def naive_greedy(a: list[EntitySpan], b: list[EntitySpan]) -> int:
    """Every pair compared with every other, in the documented order: the reference for the sweep."""
    exact = Counter(a) & Counter(b)
    left = list((Counter(a) - exact).elements())
    right = list((Counter(b) - exact).elements())
    candidates = []
    for i, (s1, e1, l1) in enumerate(left):
        for j, (s2, e2, l2) in enumerate(right):
            shared = min(e1, e2) - max(s1, s2)
            if l1 == l2 and shared > 0:
                first, second = sorted([(s1, -e1), (s2, -e2)])
                candidates.append((-shared, abs(s1 - s2) + abs(e1 - e2), first, second, i, j))
    used_i, used_j = set(), set()
    for *_, i, j in sorted(candidates):
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
    return exact.total() + len(used_i)


def random_spans(rng: random.Random, count: int, length: int = 60) -> list[EntitySpan]:
    out = []
    for _ in range(count):
        start = rng.randrange(length)
        out.append((start, min(length, start + rng.randint(1, 12)), rng.choice("AB")))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_overlap_matching_is_symmetric_and_agrees_with_a_naive_pass(seed: int) -> None:
    rng = random.Random(seed)
    a, b = random_spans(rng, rng.randint(0, 15)), random_spans(rng, rng.randint(0, 15))
    exact, overlap = span_matches(a, b)
    assert (exact, overlap) == span_matches(b, a)
    assert overlap.total() == naive_greedy(a, b)
    assert exact.total() <= overlap.total() <= min(len(a), len(b))


# -- one document, by hand ----------------------------------------------------------------------------


ATTACK: EventUnit = ("Conflict:Attack", 16, 19, (("Attacker", 0, 5, "PER"), ("Place", 23, 31, "GPE")))


def test_span_and_event_f1_by_hand() -> None:
    alice = Layer(
        [at("Alice", "PER"), at("Bob", "PER"), at("New York", "GPE")],
        [ATTACK, ("Contact:Meet", 12, 15, ())],
    )
    bob = Layer(
        [at("Alice", "ORG"), at("Bob", "PER"), at("New York City", "GPE"), at("Hall", "FAC")],
        [
            # Same trigger; Attacker has the same filler offsets (its label is span F1's business);
            # Place became Target.
            ("Conflict:Attack", 16, 19, (("Attacker", 0, 5, "ORG"), ("Target", 23, 31, "GPE"))),
            ("Contact:Meet", 12, 16, ()),  # the trigger's end differs
        ],
    )
    document = DocumentLayers(1, tokenize(TEXT), {"alice": alice, "bob": bob}, "t")
    (pair,) = compute_agreement([document], ["alice", "bob"]).pairs
    assert (pair.spans_a, pair.spans_b, pair.exact_matches, pair.overlap_matches) == (3, 4, 1, 2)
    assert pair.span_f1_exact == pytest.approx(2 / 7)
    assert pair.span_f1_overlap == pytest.approx(4 / 7)
    assert (pair.events_a, pair.events_b, pair.trigger_matches) == (2, 2, 1)
    assert pair.event_trigger_f1 == 0.5
    assert (pair.arguments_a, pair.arguments_b, pair.argument_matches) == (2, 2, 1)
    assert pair.event_argument_f1 == 0.5


def test_an_argument_of_a_different_trigger_does_not_match() -> None:
    moved = ("Conflict:Attack", 12, 15, ATTACK[3])
    retyped = ("Life:Die", 16, 19, ATTACK[3])
    document = DocumentLayers(
        1, [], {"a": Layer([], [ATTACK]), "b": Layer([], [moved, retyped])}
    )  # events only: still a layer
    (pair,) = compute_agreement([document], ["a", "b"]).pairs
    assert (pair.trigger_matches, pair.argument_matches) == (0, 0)
    assert pair.event_trigger_f1 == 0.0
    assert pair.event_argument_f1 == 0.0
    assert pair.span_f1_exact is None  # no spans on either side
    assert pair.cohen_kappa is None  # no tokens


def test_per_label_and_per_document_by_hand() -> None:
    alice = Layer([at("Alice", "PER"), at("Bob", "PER"), at("New York", "GPE")])
    bob = Layer([at("Alice", "PER"), at("Bob", "ORG"), at("New York City", "GPE")])
    tokens = tokenize(TEXT)
    agreement = compute_agreement(
        [DocumentLayers(7, tokens, {"alice": alice, "bob": bob}, "T")], ["alice", "bob"]
    )
    per_label = {label: figures.to_dict() for label, figures in agreement.per_label.items()}
    assert per_label == {
        "GPE": {
            "spans": 2,
            "compared": 2,
            "exact_matches": 0,
            "overlap_matches": 1,
            "span_f1_exact": 0.0,
            "span_f1_overlap": 1.0,
            # GPE or not over the 10 tokens: alice 2 (New York), bob 3 (New York City), 9 agree.
            "cohen_kappa": pytest.approx((0.9 - 0.62) / 0.38),
            "krippendorff_alpha": pytest.approx(1 - 19 * 2 / (400 - 25 - 225)),
            "fleiss_kappa": None,
        },
        "ORG": {
            "spans": 1,
            "compared": 1,
            "exact_matches": 0,
            "overlap_matches": 0,
            "span_f1_exact": 0.0,
            "span_f1_overlap": 0.0,
            "cohen_kappa": pytest.approx(0.0),  # alice has no ORG token: agreement is all chance
            "krippendorff_alpha": pytest.approx(1 - 19 * 2 / (400 - 1 - 361)),
            "fleiss_kappa": None,
        },
        "PER": {
            "spans": 3,
            "compared": 3,
            "exact_matches": 1,
            "overlap_matches": 1,
            "span_f1_exact": pytest.approx(2 / 3),
            "span_f1_overlap": pytest.approx(2 / 3),
            "cohen_kappa": pytest.approx((0.9 - 0.74) / 0.26),  # alice: Alice, Bob; bob: Alice
            "krippendorff_alpha": pytest.approx(1 - 19 * 2 / (400 - 9 - 289)),
            "fleiss_kappa": None,
        },
    }
    document = agreement.per_document[7]
    assert (document.title, document.annotators, document.tokens) == ("T", ("alice", "bob"), len(tokens))
    # Spans not both have: Bob as PER, Bob as ORG, New York, New York City.
    assert document.disagreements == 4
    assert document.disagreeing_tokens == 2  # Bob (PER / ORG) and City (O / GPE)
    assert document.fleiss_kappa is None  # two annotators only
    assert agreement.fleiss_kappa is None
    assert agreement.fleiss_documents == 0


# -- the worked example as a document -----------------------------------------------------------------


WORKED = {  # [1,1,2,1,3], [1,2,2,1,3], [1,1,2,2,3] with 1 = no span, 2 = PER, 3 = ORG
    "ann": ["O", "O", "PER", "O", "ORG"],
    "ben": ["O", "PER", "PER", "O", "ORG"],
    "cat": ["O", "O", "PER", "PER", "ORG"],
}


def test_the_worked_example_as_a_document() -> None:
    layers = {name: by_token(labels) for name, labels in WORKED.items()}
    agreement = compute_agreement([DocumentLayers(1, tokens_of(5), layers)], list(WORKED))
    assert round(agreement.krippendorff_alpha or 0, 5) == 0.60563
    assert round(agreement.fleiss_kappa or 0, 5) == 0.57746
    assert agreement.fleiss_documents == 1
    ann_ben = agreement.pairs[0]
    assert (ann_ben.a, ann_ben.b) == ("ann", "ben")
    assert ann_ben.cohen_kappa == pytest.approx(0.6875, abs=1e-12)
    task = AnnotationTask([(c, i, v) for c, labels in WORKED.items() for i, v in enumerate(labels)])
    assert agreement.overall.cohen_kappa == pytest.approx(task.kappa(), abs=TOLERANCE)
    # Davies and Fleiss' multi-kappa from our pairs' observed agreement and kappa (Ae = (Ao - k) / (1 - k)).
    observed = [pair.token_agreement or 0.0 for pair in agreement.pairs]
    expected = [
        (o - (p.cohen_kappa or 0.0)) / (1 - (p.cohen_kappa or 0.0))
        for o, p in zip(observed, agreement.pairs, strict=True)
    ]
    mean_o, mean_e = sum(observed) / 3, sum(expected) / 3
    assert (mean_o - mean_e) / (1 - mean_e) == pytest.approx(task.multi_kappa(), abs=TOLERANCE)
    assert agreement.per_document[1].krippendorff_alpha == agreement.krippendorff_alpha


# -- random projects against the references -----------------------------------------------------------


NAMES = ["ann", "ben", "cat"]


def random_documents(seed: int, names: list[str] = NAMES) -> list[DocumentLayers]:
    """Documents of one-character tokens; each annotator labels most of them, following a noisy truth."""
    rng = random.Random(seed)
    documents = []
    for doc_id in range(1, rng.randint(3, 12) + 1):
        count = rng.randint(1, 25)
        truth = [rng.choice(["O", "O", "PER", "ORG", "GPE"]) for _ in range(count)]
        layers = {}
        for name in names:
            if rng.random() < 0.25:
                continue  # did not label this one
            labels = [t if rng.random() < 0.7 else rng.choice(["O", "PER", "ORG"]) for t in truth]
            spans = by_token(labels).entities
            if not spans:
                continue  # a layer without a label is no layer
            # Some spans stretch over the next token, so spans overlap and nest.
            stretched = [(s, e + 2 if rng.random() < 0.2 else e, label) for s, e, label in spans]
            layers[name] = Layer(stretched)
        documents.append(DocumentLayers(doc_id, tokens_of(count), layers))
    return documents


def columns(document: DocumentLayers, names: list[str]) -> dict[str, list[str | None]]:
    """Each annotator's token labels in one document; None for every token without a layer."""
    return {
        name: token_labels(document.tokens, document.layers[name].entities)
        if name in document.layers
        else [None] * len(document.tokens)
        for name in names
    }


def numeric(label: str | None) -> float:
    return np.nan if label is None else float(["O", "PER", "ORG", "GPE"].index(label))


@pytest.mark.parametrize("seed", range(30))
def test_random_documents_match_nltk_krippendorff_and_statsmodels(seed: int) -> None:
    documents = random_documents(seed)
    agreement = compute_agreement(documents, NAMES)

    for pair in agreement.pairs:
        both = [columns(d, NAMES) for d in documents if pair.a in d.layers and pair.b in d.layers]
        a = [x for labels in both for x in labels[pair.a]]
        b = [x for labels in both for x in labels[pair.b]]
        assert pair.tokens == len(a)
        if len(set(a) | set(b)) < 2:
            assert pair.cohen_kappa is None
        else:
            task = AnnotationTask(
                [("a", i, x) for i, x in enumerate(a)] + [("b", i, y) for i, y in enumerate(b)]
            )
            assert pair.cohen_kappa == pytest.approx(task.kappa(), abs=TOLERANCE)

    # Alpha: every token of every document, a missing layer a missing value.
    labelled = [columns(d, NAMES) for d in documents]
    data = np.array([[numeric(x) for labels in labelled for x in labels[name]] for name in NAMES])
    triples = [
        (name, i, v) for name, row in zip(NAMES, data, strict=True) for i, v in enumerate(row) if v == v
    ]
    if len({v for *_, v in triples}) >= 2:
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert agreement.krippendorff_alpha == pytest.approx(expected, abs=TOLERANCE)
        assert agreement.krippendorff_alpha == pytest.approx(AnnotationTask(triples).alpha(), abs=TOLERANCE)
    else:
        assert agreement.krippendorff_alpha is None

    # Fleiss: the documents all three labelled.
    complete = [columns(d, NAMES) for d in documents if len(d.layers) == len(NAMES)]
    assert agreement.fleiss_documents == len(complete)
    ratings = np.array([[numeric(x) for labels in complete for x in labels[name]] for name in NAMES]).T
    if not complete:
        assert agreement.fleiss_kappa is None
    elif len(set(ratings.flatten())) >= 2:
        table, _ = aggregate_raters(ratings)
        assert agreement.fleiss_kappa == pytest.approx(statsmodels_fleiss(table), abs=TOLERANCE)


@pytest.mark.parametrize("seed", range(15))
def test_per_label_figures_match_the_references_on_label_or_not(seed: int) -> None:
    documents = random_documents(seed)
    agreement = compute_agreement(documents, NAMES)
    for label, figures in agreement.per_label.items():

        def binary(value: str | None, label: str = label) -> float:
            return np.nan if value is None else float(value == label)

        labelled = [columns(d, NAMES) for d in documents if len(d.layers) >= 2]
        data = np.array([[binary(x) for labels in labelled for x in labels[name]] for name in NAMES])
        if len({v for v in data.flatten() if v == v}) == 2:
            expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
            assert figures.krippendorff_alpha == pytest.approx(expected, abs=TOLERANCE)
        kappas = []
        for a, b in combinations(NAMES, 2):
            both = [columns(d, NAMES) for d in documents if a in d.layers and b in d.layers]
            x = [binary(v) for labels in both for v in labels[a]]
            y = [binary(v) for labels in both for v in labels[b]]
            if len(set(x) | set(y)) == 2:
                task = AnnotationTask(
                    [("a", i, v) for i, v in enumerate(x)] + [("b", i, v) for i, v in enumerate(y)]
                )
                kappas.append(task.kappa())
        if kappas:
            assert figures.cohen_kappa == pytest.approx(sum(kappas) / len(kappas), abs=TOLERANCE)
        complete = [columns(d, NAMES) for d in documents if len(d.layers) == len(NAMES)]
        ratings = np.array([[binary(x) for labels in complete for x in labels[name]] for name in NAMES]).T
        if complete and len(set(ratings.flatten())) == 2:
            table, _ = aggregate_raters(ratings)
            assert figures.fleiss_kappa == pytest.approx(statsmodels_fleiss(table), abs=TOLERANCE)


@pytest.mark.parametrize("seed", range(10))
def test_per_document_alpha_and_pair_f1_match_their_definitions(seed: int) -> None:
    documents = random_documents(seed)
    agreement = compute_agreement(documents, NAMES)
    for document in documents:
        present = [n for n in NAMES if n in document.layers]
        if len(present) < 2:
            assert document.doc_id not in agreement.per_document
            continue
        figures = agreement.per_document[document.doc_id]
        labels = [token_labels(document.tokens, document.layers[n].entities) for n in present]
        data = np.array([[numeric(x) for x in row] for row in labels])
        if len(set(data.flatten())) >= 2:
            expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
            assert figures.krippendorff_alpha == pytest.approx(expected, abs=TOLERANCE)
        else:
            assert figures.krippendorff_alpha is None
    for pair in agreement.pairs:
        both = [d for d in documents if pair.a in d.layers and pair.b in d.layers]
        matches = sum(
            (Counter(d.layers[pair.a].entities) & Counter(d.layers[pair.b].entities)).total() for d in both
        )
        units = sum(len(d.layers[pair.a].entities) + len(d.layers[pair.b].entities) for d in both)
        assert pair.documents == len(both)
        assert pair.span_f1_exact == (2 * matches / units if units else None)


def test_fleiss_over_documents_with_different_numbers_of_annotators() -> None:
    names = ["ann", "ben", "cat", "dan"]
    documents = random_documents(5, names)
    agreement = compute_agreement(documents, names)
    rows = []
    for document in documents:
        if len(document.layers) >= 3:
            rows += list(zip(*columns(document, names).values(), strict=True))
    assert {len([x for x in row if x is not None]) for row in rows} == {3, 4}  # the case this is about
    assert agreement.fleiss_kappa == pytest.approx(fleiss_kappa(rows), abs=1e-12)


# -- who counts -----------------------------------------------------------------------------------------


def test_a_document_one_annotator_labelled_counts_for_nothing() -> None:
    documents = random_documents(11)
    alone = DocumentLayers(99, tokens_of(4), {"ann": by_token(["PER", "O", "ORG", "O"])})
    with_it = compute_agreement([*documents, alone], NAMES)
    without = compute_agreement(documents, NAMES)
    assert with_it == without
    assert 99 not in with_it.per_document


def test_other_layers_are_left_out_and_names_keep_their_order() -> None:
    layers = {name: by_token(labels) for name, labels in WORKED.items()}
    agreement = compute_agreement([DocumentLayers(1, tokens_of(5), layers)], ["cat", "ann", "cat"])
    assert agreement.annotators == ("cat", "ann")
    assert [(p.a, p.b) for p in agreement.pairs] == [("cat", "ann")]
    assert agreement.fleiss_kappa is None


def test_annotators_who_never_meet_give_none() -> None:
    documents = [
        DocumentLayers(
            1, tokens_of(3), {"ann": by_token(["PER", "O", "O"]), "ben": by_token(["PER", "O", "O"])}
        ),
        DocumentLayers(2, tokens_of(3), {"cat": by_token(["PER", "O", "O"])}),
    ]
    agreement = compute_agreement(documents, NAMES)
    ann_ben, ann_cat, ben_cat = agreement.pairs
    assert ann_ben.span_f1_exact == 1.0
    assert ann_ben.cohen_kappa == 1.0
    for pair in (ann_cat, ben_cat):
        assert pair.documents == pair.tokens == 0
        assert pair.to_dict()["span_f1_exact"] is None
        assert (pair.span_f1_overlap, pair.cohen_kappa, pair.token_agreement) == (None, None, None)
        assert (pair.event_trigger_f1, pair.event_argument_f1) == (None, None)
    assert agreement.overall.cohen_kappa == 1.0  # the mean leaves None out
    assert agreement.documents == 1


def test_empty_input() -> None:
    agreement = compute_agreement([], NAMES)
    assert agreement.documents == 0
    assert agreement.krippendorff_alpha is None
    assert agreement.fleiss_kappa is None
    assert agreement.overall.cohen_kappa is None
    assert agreement.per_label == {} == agreement.per_document


def test_to_dict_is_json_with_the_documented_keys() -> None:
    layers = {name: by_token(labels) for name, labels in WORKED.items()}
    agreement = compute_agreement([DocumentLayers(4, tokens_of(5), layers, "Doc")], list(WORKED))
    data = json.loads(json.dumps(agreement.to_dict()))
    assert list(data) == [
        "annotators",
        "documents",
        "pairs",
        "overall",
        "krippendorff_alpha",
        "fleiss_kappa",
        "fleiss_documents",
        "per_label",
        "per_document",
    ]
    for key in (
        "a",
        "b",
        "span_f1_exact",
        "span_f1_overlap",
        "cohen_kappa",
        "event_trigger_f1",
        "event_argument_f1",
    ):
        assert key in data["pairs"][0]
    assert data["pairs"][0]["event_trigger_f1"] is None
    assert "a" not in data["overall"]
    assert list(data["per_document"]) == ["4"]
    assert data["per_document"]["4"]["title"] == "Doc"
    assert [p["a"] + "/" + p["b"] for p in data["per_document"]["4"]["pairs"]] == [
        "ann/ben",
        "ann/cat",
        "ben/cat",
    ]
    assert sorted(data["per_label"]) == ["ORG", "PER"]

"""Review units: clustering spans and events across annotators, their differences and descriptions."""

from __future__ import annotations

import pytest

from annotator.model.agreement import Layer
from annotator.model.review import Decision, ReviewUnit, count_units, review_units
from tests.conftest import ADVERSARIAL_TEXTS

TEXT = "The SDF bombed Baghouz; Mustafa Bali met reporters."
SDF, BOMBED, BAGHOUZ, BALI, MET = (4, 7), (8, 14), (15, 22), (24, 36), (37, 40)


def spans(**layers: list[tuple[int, int, str]]) -> list[ReviewUnit]:
    return review_units({name: Layer(entities) for name, entities in layers.items()})


def only(units: list[ReviewUnit]) -> ReviewUnit:
    assert len(units) == 1
    return units[0]


def test_same_span_is_agreed() -> None:
    unit = only(spans(ana=[(*SDF, "ORG")], bob=[(*SDF, "ORG")]))
    assert (unit.key, unit.kind, unit.start, unit.end) == ("span:4-7", "span", 4, 7)
    assert unit.versions == {"ana": ((4, 7, "ORG"),), "bob": ((4, 7, "ORG"),)}
    assert unit.agreed
    assert unit.differences == ()
    assert unit.describe(TEXT) == "ORG 'SDF' (agreed)"
    assert unit.decision is None
    assert not unit.settled


def test_label_differs() -> None:
    unit = only(spans(ana=[(*BALI, "PER")], bob=[(*BALI, "ORG")]))
    assert not unit.agreed
    assert unit.differences == ("label",)
    assert unit.describe(TEXT) == "PER 'Mustafa Bali' vs ORG 'Mustafa Bali' (label)"


def test_boundaries_differ() -> None:
    unit = only(spans(ana=[(*BALI, "PER")], bob=[(32, 36, "PER")]))
    assert (unit.start, unit.end) == BALI
    assert unit.differences == ("boundaries",)
    assert unit.describe(TEXT) == "PER 'Mustafa Bali' vs PER 'Bali' (boundaries)"


def test_boundaries_and_label_differ() -> None:
    unit = only(spans(ana=[(*BALI, "PER")], bob=[(32, 36, "ORG")]))
    assert unit.differences == ("boundaries", "label")


def test_missing_in_one_layer() -> None:
    units = spans(ana=[(*SDF, "ORG"), (*BAGHOUZ, "GPE")], bob=[(*SDF, "ORG")])
    assert [u.key for u in units] == ["span:4-7", "span:15-22"]
    assert units[0].agreed
    missing = units[1]
    assert missing.versions == {"ana": ((15, 22, "GPE"),), "bob": ()}
    assert missing.differences == ("missing",)
    assert not missing.agreed
    assert missing.describe(TEXT) == "GPE 'Baghouz' vs nothing (missing)"


def test_one_annotator_alone_is_agreed_only_with_a_version() -> None:
    unit = only(spans(ana=[(*SDF, "ORG")]))
    assert unit.agreed


def test_nested_spans_cluster_and_a_missing_inner_span_is_missing() -> None:
    outer, inner = (24, 36, "PER"), (32, 36, "PER")
    unit = only(spans(ana=[outer, inner], bob=[outer]))
    assert unit.key == "span:24-36"
    assert unit.versions["ana"] == (outer, inner)  # reading order: longer first at one start
    assert unit.differences == ("missing",)
    assert unit.describe(TEXT) == "PER 'Mustafa Bali' + PER 'Bali' vs PER 'Mustafa Bali' (missing)"
    both = only(spans(ana=[inner, outer], bob=[outer, inner]))
    assert both.agreed


def test_chained_overlaps_are_one_unit() -> None:
    # ana's 4-14 overlaps bob's 8-22, which overlaps ana's 15-22: one connected component.
    unit = only(spans(ana=[(4, 14, "ORG"), (15, 22, "GPE")], bob=[(8, 22, "GPE")]))
    assert (unit.start, unit.end) == (4, 22)
    assert set(unit.differences) == {"boundaries", "label"}


def test_touching_spans_do_not_overlap() -> None:
    units = spans(ana=[(4, 7, "ORG")], bob=[(7, 14, "ORG")])
    assert [u.key for u in units] == ["span:4-7", "span:7-14"]
    assert [u.differences for u in units] == [("missing",), ("missing",)]


def test_three_annotators() -> None:
    units = spans(
        ana=[(*SDF, "ORG"), (*BALI, "PER")],
        bob=[(*SDF, "ORG"), (*BALI, "PER")],
        cem=[(*SDF, "ORG"), (32, 36, "PER")],
    )
    assert list(units[0].versions) == ["ana", "bob", "cem"]
    assert units[0].agreed
    assert units[1].differences == ("boundaries",)
    # Two versions are the same: the description names each distinct version once.
    assert units[1].describe(TEXT) == "PER 'Mustafa Bali' vs PER 'Bali' (boundaries)"
    absent = spans(ana=[(*SDF, "ORG")], bob=[(*SDF, "ORG")], cem=[])
    assert only(absent).differences == ("missing",)
    assert only(absent).versions["cem"] == ()


def test_decisions_and_gold_are_attached_by_key() -> None:
    decision = Decision("span:4-7", "accept", "ana", "rev", "t")
    units = review_units(
        {"ana": Layer([(*SDF, "ORG")]), "bob": Layer([(*SDF, "PER")])},
        {"span:4-7": decision, "span:99-100": decision},
        gold=Layer([(4, 7, "ORG"), (30, 31, "PER")]),
    )
    assert only(units).decision == decision
    assert only(units).settled
    assert only(units).gold == ((4, 7, "ORG"),)
    assert count_units(units).decided == 1


ATTACK = ("Conflict:Attack", *BOMBED, (("Attacker", *SDF, "ORG"), ("Place", *BAGHOUZ, "GPE")))


def events(**layers: list[tuple[str, int, int, tuple[tuple[str, int, int, str], ...]]]) -> list[ReviewUnit]:
    return review_units({name: Layer((), evs) for name, evs in layers.items()})


def test_same_event_with_arguments_in_any_order_is_agreed() -> None:
    reordered = (ATTACK[0], ATTACK[1], ATTACK[2], tuple(reversed(ATTACK[3])))
    unit = only(events(ana=[ATTACK], bob=[reordered]))  # type: ignore[list-item]
    assert (unit.key, unit.kind) == ("event:8-14", "event")
    assert unit.agreed
    assert unit.describe(TEXT) == "Conflict:Attack 'bombed' [Attacker 'SDF', Place 'Baghouz'] (agreed)"


@pytest.mark.parametrize(
    ("other", "differences"),
    [
        (("Contact:Meet", *BOMBED, ATTACK[3]), ("type",)),
        (("Conflict:Attack", 8, 12, ATTACK[3]), ("trigger",)),
        (("Conflict:Attack", *BOMBED, (("Attacker", *SDF, "ORG"),)), ("argument",)),
        (("Conflict:Attack", *BOMBED, (("Target", *SDF, "ORG"), ("Place", *BAGHOUZ, "GPE"))), ("argument",)),
        (
            ("Conflict:Attack", *BOMBED, (("Attacker", 4, 6, "ORG"), ("Place", *BAGHOUZ, "GPE"))),
            ("argument",),
        ),
        (("Contact:Meet", 8, 12, ()), ("type", "trigger", "argument")),
    ],
)
def test_event_differences(other: tuple[object, ...], differences: tuple[str, ...]) -> None:
    unit = only(events(ana=[ATTACK], bob=[other]))  # type: ignore[list-item]
    assert unit.differences == differences
    assert not unit.agreed


def test_event_missing_in_one_layer_and_units_in_reading_order() -> None:
    meet = ("Contact:Meet", *MET, (("Entity", *BALI, "PER"),))
    units = review_units(
        {
            "ana": Layer([(*SDF, "ORG"), (*BALI, "PER")], [ATTACK, meet]),
            "bob": Layer([(*SDF, "ORG"), (*BALI, "PER")], [ATTACK]),
        }
    )
    assert [u.key for u in units] == ["span:4-7", "event:8-14", "span:24-36", "event:37-40"]
    assert units[3].differences == ("missing",)
    assert units[3].describe(TEXT) == "Contact:Meet 'met' [Entity 'Mustafa Bali'] vs nothing (missing)"


def test_a_span_and_an_event_at_the_same_place_are_two_units() -> None:
    units = review_units({"ana": Layer([(*BOMBED, "ORG")], [("Conflict:Attack", *BOMBED, ())])})
    assert [u.key for u in units] == ["span:8-14", "event:8-14"]


@pytest.mark.parametrize("name", ["emoji", "zwj", "arabic", "crlf", "mixed"])
def test_adversarial_texts_keep_code_point_offsets(name: str) -> None:
    text = ADVERSARIAL_TEXTS[name]
    words = [w for w in text.split() if len(w) > 1]
    first, last = words[0], words[-1]
    a = (text.index(first), text.index(first) + len(first), "PER")
    b = (text.rindex(last), text.rindex(last) + len(last), "ORG")
    units = spans(ana=[a, b], bob=[a, (b[0], b[1], "PER")])
    assert [(u.start, u.end) for u in units] == [a[:2], b[:2]]
    assert units[0].agreed
    shown = units[1].describe(text)
    assert shown == f"ORG '{text[b[0] : b[1]]}' vs PER '{text[b[0] : b[1]]}' (label)".replace("\r", " ")
    assert "\r" not in units[0].describe(text)
    assert "\n" not in units[0].describe(text)


def test_long_covered_text_is_shortened_on_one_line() -> None:
    text = "word " * 30 + "\r\nend"
    unit = only(spans(ana=[(0, len(text), "ORG")]))
    shown = unit.describe(text)
    assert len(shown) < 70
    assert "…" in shown
    assert "\n" not in shown


def test_a_gold_item_over_two_units_shows_in_both() -> None:
    units = review_units(
        {"ana": Layer([(4, 7, "ORG"), (15, 22, "GPE")]), "bob": Layer([(4, 7, "ORG")])},
        gold=Layer([(0, 20, "ORG"), (30, 40, "PER")], [("Contact:Meet", 5, 6, ())]),
    )
    assert [u.gold for u in units] == [((0, 20, "ORG"),), ((0, 20, "ORG"),)]
    events = review_units(
        {"ana": Layer((), [("Contact:Meet", 5, 6, ())])}, gold=Layer((), [("Contact:Meet", 4, 6, ())])
    )
    assert only(events).gold == (("Contact:Meet", 4, 6, ()),)

"""Entities and events placed on tokens for the token-index formats, and the reason for each left out."""

from __future__ import annotations

from annotator.formats.placing import DocumentKeys, PlacedEvent, by_entity_id, place_entities, place_events
from annotator.formats.report import FormatReport, Skipped
from annotator.formats.tokenized import Placed, tokenize_document
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord

TEXT = "Rebels attacked Baghouz-based fighters in Raqqa. Nobody died."


def span(ident: str, piece: str, label: str, nth: int = 0) -> EntityRecord:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(piece, start + 1)
    return EntityRecord(ident, start, start + len(piece), label, piece)


def trigger(ident: str, piece: str, kind: str, *arguments: tuple[str, str]) -> EventRecord:
    start = TEXT.index(piece)
    return EventRecord(
        ident, kind, start, start + len(piece), piece, tuple(ArgumentRecord(r, e) for r, e in arguments)
    )


def test_document_keys_are_ids_else_numbers_and_never_repeat() -> None:
    keys = DocumentKeys()
    records = [
        DocumentRecord("a", ext_id="x"),
        DocumentRecord("b"),
        DocumentRecord("c", ext_id="x"),
        DocumentRecord("d", ext_id="x"),
        DocumentRecord("e", ext_id="doc6"),
        DocumentRecord("f"),
    ]
    assert [keys.key(r) for r in records] == ["x", "doc2", "x-2", "x-3", "doc6", "doc6-2"]


def test_entities_on_whole_tokens_are_placed_in_record_order() -> None:
    doc = tokenize_document(TEXT)
    assert doc.words()[:8] == [
        "Rebels",
        "attacked",
        "Baghouz-based",
        "fighters",
        "in",
        "Raqqa",
        ".",
        "Nobody",
    ]
    raqqa, rebels = span("T1", "Raqqa", "GPE"), span("T2", "Rebels", "ORG")
    fighters = span("T3", "Baghouz-based fighters", "PER")
    report = FormatReport()
    placed = place_entities(DocumentRecord(TEXT, entities=(raqqa, rebels, fighters)), doc, "d1", report)
    assert placed == [
        Placed(raqqa, "GPE", 42, 47, 5, 6),
        Placed(rebels, "ORG", 0, 6, 0, 1),
        Placed(fighters, "PER", 16, 38, 2, 4),
    ]
    assert report == FormatReport()  # placing counts nothing: the writer counts what it writes
    assert by_entity_id(placed) == {"T1": placed[0], "T2": placed[1], "T3": placed[2]}


def test_entities_that_cannot_be_placed_are_reported_with_the_reason() -> None:
    entities = (
        span("T1", "Baghouz", "GPE"),
        span("T2", "Raqqa. Nobody", "GPE"),
        EntityRecord("T3", 0, 6, " "),
        EntityRecord("T4", 55, 99, "PER"),
        EntityRecord("T5", 15, 16, "PER"),
        span("T6", "Rebels", "ORG"),
    )
    report = FormatReport()
    placed = place_entities(DocumentRecord(TEXT, entities=entities), tokenize_document(TEXT), "d1", report)
    assert [p.label for p in placed] == ["ORG"]
    assert report.skipped == [
        Skipped(
            "entity",
            "GPE 'Baghouz' at 16-23 does not align with tokens (the nearest tokens are 'Baghouz-based')",
            "d1",
        ),
        Skipped("entity", "GPE 'Raqqa. Nobody' at 42-55 crosses a sentence boundary", "d1"),
        Skipped("entity", "  'Rebels' at 0-6: the label is empty", "d1"),
        Skipped("entity", "PER ' died.' at 55-99 is empty or outside the text", "d1"),
        Skipped("entity", "PER ' ' at 15-16 does not align with tokens (it covers only spaces)", "d1"),
    ]


def test_events_keep_the_arguments_of_their_sentence() -> None:
    record = DocumentRecord(
        TEXT,
        entities=(span("T1", "Rebels", "ORG"), span("T2", "Raqqa", "GPE"), span("T3", "Nobody", "PER")),
        events=(
            trigger(
                "E1", "attacked", "Conflict:Attack", ("Attacker", "T1"), ("Place", "T2"), ("Target", "T3")
            ),
            trigger("E2", "died", "Life:Die", ("Victim", "T3")),
        ),
    )
    doc = tokenize_document(TEXT)
    report = FormatReport()
    placed = place_entities(record, doc, "d1", report)
    entities = by_entity_id(placed)
    events = place_events(record, doc, entities, "d1", report)
    rebels, raqqa, nobody = record.entities
    attack, die = record.events
    assert events == [
        PlacedEvent(
            attack, 1, 2, 0, ((attack.arguments[0], entities["T1"]), (attack.arguments[1], entities["T2"]))
        ),
        PlacedEvent(die, 8, 9, 1, ((die.arguments[0], entities["T3"]),)),
    ]
    assert (entities["T1"].key, entities["T2"].key, entities["T3"].key) == (rebels, raqqa, nobody)
    assert report.skipped == [
        Skipped(
            "argument", "Target: its entity PER 'Nobody' at 49-55 is not in the trigger's sentence", "d1 (E1)"
        )
    ]


def test_events_that_cannot_be_placed_are_reported_with_the_reason() -> None:
    record = DocumentRecord(
        TEXT,
        entities=(span("T1", "Rebels", "ORG"), span("T2", "Baghouz", "GPE")),
        events=(
            trigger("E1", "attack", "Conflict:Attack"),
            trigger("E2", "Raqqa. Nobody", "Conflict:Attack"),
            trigger("E3", "Rebels attacked", "Conflict:Attack", ("Attacker", "T1")),
            trigger(
                "E4", "attacked", "Conflict:Attack", ("Attacker", "T9"), ("Place", "T2"), ("Attacker", "T1")
            ),
            EventRecord("E5", "Life:Die", 56, 56),
        ),
    )
    doc = tokenize_document(TEXT)
    report = FormatReport()
    entities = by_entity_id(place_entities(record, doc, "d1", report))
    events = place_events(record, doc, entities, "d1", report, single_token="DyGIE++")
    assert [(e.event.id, [a.entity for a, _ in e.arguments]) for e in events] == [("E4", ["T1"])]
    assert report.skipped[1:] == [
        Skipped(
            "event",
            "trigger Conflict:Attack 'attack' at 7-13 does not align with tokens "
            "(the nearest tokens are 'attacked')",
            "d1 (E1)",
        ),
        Skipped(
            "event", "trigger Conflict:Attack 'Raqqa. Nobody' at 42-55 crosses a sentence boundary", "d1 (E2)"
        ),
        Skipped(
            "event",
            "trigger Conflict:Attack 'Rebels attacked' at 0-15 covers 2 tokens; "
            "DyGIE++ triggers are one token",
            "d1 (E3)",
        ),
        Skipped("argument", "Attacker: the entity 'T9' is not in the document", "d1 (E4)"),
        Skipped("argument", "Place: its entity GPE 'Baghouz' at 16-23 was not written", "d1 (E4)"),
        Skipped("event", "trigger Life:Die '' at 56-56 is empty or outside the text", "d1 (E5)"),
    ]
    # Without single_token, a trigger of several tokens is placed whole.
    again = place_events(record, doc, entities, "d1", FormatReport())
    assert [(e.event.id, e.first, e.stop) for e in again] == [("E3", 0, 2), ("E4", 1, 2)]

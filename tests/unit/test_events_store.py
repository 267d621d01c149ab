"""Events in the project file: the v2 migration, the rules of events and arguments, and the layer's lists."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import sqlite_utils

from annotator.model.errors import EventError, SpanError
from annotator.model.events import Argument, Event
from annotator.model.schema import Schema, parse_schema
from annotator.store.layer import DocumentLayer
from annotator.store.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from annotator.store.project import NewEvent, Project
from tests.conftest import ADVERSARIAL_TEXTS

TEXT = "The SDF bombed Baghouz; Mustafa Bali met reporters."
SDF, BOMBED, BAGHOUZ, BALI, MET = (4, 7), (8, 14), (15, 22), (24, 36), (37, 40)
ATTACK_ROLES = "Attacker, Target, Instrument, Place"


def event_schema() -> Schema:
    return parse_schema(
        {
            "name": "events",
            "entity_types": [{"name": n} for n in ("PER", "ORG", "GPE", "WEA")],
            "event_types": [
                {
                    "name": "Conflict:Attack",
                    "roles": [
                        {"name": "Attacker", "types": ["PER", "ORG"]},
                        {"name": "Target", "types": ["PER", "ORG", "GPE"], "cardinality": "+"},
                        {"name": "Instrument", "types": ["WEA"], "cardinality": "?"},
                        {"name": "Place", "types": ["GPE"], "cardinality": "?"},
                    ],
                },
                {"name": "Contact:Meet", "roles": [{"name": "Entity", "types": ["PER", "ORG"]}]},
            ],
        },
        "events",
    )


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = Project.open(tmp_path / "p.annotator", create=True, schema=event_schema())
    yield p
    p.close()


@pytest.fixture
def doc_id(project: Project) -> int:
    return project.add_document(TEXT)


def counts(project: Project) -> tuple[int, int, int, list[str]]:
    arguments = int(project.db.execute("SELECT count(*) FROM arguments").fetchone()[0])
    return project.span_count(), project.event_count(), arguments, project.annotators()


# -- migration ----------------------------------------------------------------------------------------


def test_a_v1_file_migrates_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    db = sqlite_utils.Database(path)
    with db.atomic():
        MIGRATIONS[0](db)
        db.execute("PRAGMA user_version = 1")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(
            "INSERT INTO project (key, value) VALUES ('schema', ?)", [json.dumps(event_schema().to_dict())]
        )
        db.execute(
            "INSERT INTO documents (id, title, text, content_hash, created, updated)"
            " VALUES (1, 'Old', ?, 'x', 't0', 't0')",
            [TEXT],
        )
        db.execute("INSERT INTO annotators (id, name, created) VALUES (1, 'ana', 't0')")
        db.execute(
            "INSERT INTO spans (id, doc_id, annotator_id, start, end, label, created, updated)"
            " VALUES (7, 1, 1, 4, 7, 'ORG', 't1', 't2')"
        )
    db.close()
    with closing(sqlite3.connect(path)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "spans" in tables
    assert "events" not in tables

    project = Project.open(path)
    assert project.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert [(s.id, s.start, s.end, s.label, s.annotator, s.created) for s in project.spans(1)] == [
        (7, 4, 7, "ORG", "ana", "t1")
    ]
    event = project.add_event(1, "ana", "Conflict:Attack", *BOMBED)
    project.add_argument(event.id, "Attacker", 7)
    project.close()
    reopened = Project.open(path)
    assert [a.span_id for a in reopened.events(1)[0].arguments] == [7]
    reopened.close()


def test_new_tables_have_their_keys_and_indexes(project: Project) -> None:
    db = project.db
    keys = {
        (table, row[3], row[2], row[6])
        for table in ("events", "arguments")
        for row in db.execute(f"PRAGMA foreign_key_list({table})")
    }
    assert keys == {
        ("events", "doc_id", "documents", "NO ACTION"),
        ("events", "annotator_id", "annotators", "NO ACTION"),
        ("arguments", "event_id", "events", "CASCADE"),
        ("arguments", "span_id", "spans", "NO ACTION"),
    }
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {
        "idx_events_doc_id_annotator_id_start",
        "idx_arguments_event_id",
        "idx_arguments_span_id",
    } <= indexes


# -- events and arguments in the project --------------------------------------------------------------


def test_events_come_in_reading_order_with_arguments_by_id(project: Project, doc_id: int) -> None:
    sdf = project.add_span(doc_id, "ana", *SDF, "ORG")
    baghouz = project.add_span(doc_id, "ana", *BAGHOUZ, "GPE")
    met = project.add_event(doc_id, "ana", "Contact:Meet", *MET)
    inner = project.add_event(doc_id, "ana", "Conflict:Attack", *BOMBED)
    outer = project.add_event(doc_id, "ana", "Conflict:Attack", BOMBED[0], BAGHOUZ[1])
    target = project.add_argument(inner.id, "Target", baghouz.id)
    attacker = project.add_argument(inner.id, "Attacker", sdf.id)
    project.add_event(doc_id, "bob", "Contact:Meet", *MET)
    events = project.events(doc_id, "ana")
    assert [e.id for e in events] == [outer.id, inner.id, met.id]
    assert events[1] == Event(
        inner.id,
        "Conflict:Attack",
        *BOMBED,
        "ana",
        (target, attacker),
        inner.created,
        inner.updated,
    )
    assert [e.annotator for e in project.events(doc_id)] == ["ana", "ana", "ana", "bob"]
    assert project.events(doc_id, "nobody") == []
    assert project.annotators() == ["ana", "bob"]


def test_event_rules(project: Project, doc_id: int) -> None:
    with pytest.raises(EventError) as info:
        project.add_event(doc_id, "ana", "Conflict:Atack", *BOMBED)
    assert str(info.value) == "event type 'Conflict:Atack' is not in the project schema"
    with pytest.raises(EventError) as info:
        project.add_event(doc_id, "ana", "Conflict:Attack", 8, 8)
    assert str(info.value) == f"trigger offsets 8-8 are outside the text (length {len(TEXT)}) or empty"
    with pytest.raises(EventError, match="outside the text"):
        project.add_event(doc_id, "ana", "Conflict:Attack", 40, 99)
    with pytest.raises(EventError, match="outside the text"):
        project.add_event(doc_id, "ana", "Conflict:Attack", -1, 3)
    assert counts(project) == (0, 0, 0, [])
    assert project.document_status(doc_id) == "new"


def test_first_event_marks_a_new_document_in_progress(project: Project, doc_id: int) -> None:
    project.add_event(doc_id, "ana", "Contact:Meet", *MET)
    assert project.document_status(doc_id) == "in_progress"


def test_argument_rules(project: Project, doc_id: int) -> None:
    other_doc = project.add_document("Another SDF text.")
    event = project.add_event(doc_id, "ana", "Conflict:Attack", *BOMBED)
    sdf = project.add_span(doc_id, "ana", *SDF, "ORG")
    bobs = project.add_span(doc_id, "bob", *SDF, "ORG")
    elsewhere = project.add_span(other_doc, "ana", 8, 11, "ORG")
    before = counts(project)
    with pytest.raises(EventError) as info:
        project.add_argument(event.id, "Victim", sdf.id)
    assert str(info.value) == f"role 'Victim' is not a role of Conflict:Attack (roles: {ATTACK_ROLES})"
    for span in (bobs, elsewhere):
        with pytest.raises(EventError) as info:
            project.add_argument(event.id, "Attacker", span.id)
        assert str(info.value) == (
            f"span {span.id} is not in the same document and annotator layer as event {event.id}"
        )
    with pytest.raises(EventError) as info:
        project.add_argument(event.id, "Attacker", 999)
    assert str(info.value) == "no span 999"
    with pytest.raises(EventError) as info:
        project.add_argument(999, "Attacker", sdf.id)
    assert str(info.value) == "no event 999"
    project.add_argument(event.id, "Attacker", sdf.id)
    with pytest.raises(EventError) as info:
        project.add_argument(event.id, "Attacker", sdf.id)
    assert str(info.value) == f"span {sdf.id} already fills the role Attacker of event {event.id}"
    # The same span in another role, and a filler the role does not allow (validation warns), are fine.
    project.add_argument(event.id, "Target", sdf.id)
    project.add_argument(event.id, "Place", sdf.id)
    assert counts(project) == (before[0], before[1], 3, before[3])


def test_deleting_an_event_takes_its_arguments(project: Project, doc_id: int) -> None:
    sdf = project.add_span(doc_id, "ana", *SDF, "ORG")
    event = project.add_event(doc_id, "ana", "Conflict:Attack", *BOMBED)
    project.add_argument(event.id, "Attacker", sdf.id)
    project.delete_event(event.id)
    assert counts(project) == (1, 0, 0, ["ana"])
    with pytest.raises(EventError, match=f"no event {event.id}"):
        project.delete_event(event.id)
    project.delete_span(sdf.id)


def test_a_span_that_fills_a_role_cannot_be_deleted(project: Project, doc_id: int) -> None:
    sdf = project.add_span(doc_id, "ana", *SDF, "ORG")
    event = project.add_event(doc_id, "ana", "Conflict:Attack", *BOMBED)
    argument = project.add_argument(event.id, "Attacker", sdf.id)
    with pytest.raises(SpanError) as info:
        project.delete_span(sdf.id)
    assert str(info.value) == (
        f"span {sdf.id} fills the role Attacker of event {event.id} (Conflict:Attack); "
        "remove that argument first"
    )
    # The foreign key guarantees it even to SQL that skips the check.
    with pytest.raises(sqlite3.IntegrityError):
        project.db.execute("DELETE FROM spans WHERE id = ?", [sdf.id])
    project.delete_argument(argument.id)
    with pytest.raises(EventError, match=f"no argument {argument.id}"):
        project.delete_argument(argument.id)
    project.delete_span(sdf.id)
    assert counts(project) == (0, 1, 0, ["ana"])


def test_update_event_retypes_and_moves_keeping_arguments(project: Project, doc_id: int) -> None:
    sdf = project.add_span(doc_id, "ana", *SDF, "ORG")
    event = project.add_event(doc_id, "ana", "Conflict:Attack", *BOMBED)
    argument = project.add_argument(event.id, "Attacker", sdf.id)
    (stored,) = project.events(doc_id)
    moved = project.update_event(
        Event(event.id, "Contact:Meet", *MET, "ana", stored.arguments, event.created)
    )
    assert moved.updated >= event.updated
    assert project.events(doc_id) == [moved]
    assert moved.arguments == (argument,)
    back = project.update_event(stored, stamp=stored.updated)
    assert project.events(doc_id) == [back] == [stored]
    with pytest.raises(EventError, match="event type 'Nope' is not in the project schema"):
        project.update_event(Event(event.id, "Nope", *BOMBED))
    with pytest.raises(EventError, match="outside the text"):
        project.update_event(Event(event.id, "Contact:Meet", 3, 300))
    with pytest.raises(EventError, match="no event 999"):
        project.update_event(Event(999, "Contact:Meet", *MET))
    assert project.events(doc_id) == [stored]


def test_restore_event_writes_back_ids_times_and_arguments(project: Project, doc_id: int) -> None:
    sdf = project.add_span(doc_id, "ana", *SDF, "ORG")
    event = project.add_event(doc_id, "ana", "Conflict:Attack", *BOMBED)
    project.add_argument(event.id, "Attacker", sdf.id)
    project.add_argument(event.id, "Target", sdf.id)
    # Retyped: its arguments keep roles Contact:Meet does not have, and must still come back.
    project.update_event(Event(event.id, "Contact:Meet", *BOMBED, "ana"), stamp="2024-01-01T00:00:00.000Z")
    (stored,) = project.events(doc_id)
    project.delete_event(event.id)
    project.restore_event(doc_id, stored)
    assert project.events(doc_id) == [stored]
    project.delete_argument(stored.arguments[0].id)
    project.restore_argument(event.id, stored.arguments[0])
    assert project.events(doc_id) == [stored]
    with pytest.raises(EventError, match="already fills the role Attacker"):
        project.restore_argument(event.id, Argument(99, "Attacker", sdf.id))


def test_add_events_in_a_batch(project: Project, doc_id: int) -> None:
    sdf = project.add_span(doc_id, "ana", *SDF, "ORG")
    batch = [NewEvent("Conflict:Attack", *BOMBED, (("Attacker", sdf.id),)), NewEvent("Contact:Meet", *MET)]
    assert project.add_events(doc_id, "ana", batch) == 2
    assert [(e.type, [a.role for a in e.arguments]) for e in project.events(doc_id)] == [
        ("Conflict:Attack", ["Attacker"]),
        ("Contact:Meet", []),
    ]
    bad = [NewEvent("Contact:Meet", *MET, (("Entity", sdf.id), ("Entity", sdf.id)))]
    with pytest.raises(EventError, match="lists an argument twice"):
        project.add_events(doc_id, "ana", bad)
    with pytest.raises(EventError, match="not in the document and annotator layer"):
        project.add_events(doc_id, "bob", [NewEvent("Contact:Meet", *MET, (("Entity", sdf.id),))])
    assert project.event_count() == 2


def test_events_keep_offsets_in_adversarial_texts(project: Project) -> None:
    for text in ADVERSARIAL_TEXTS.values():
        doc = project.add_document(text)
        last = project.add_event(doc, "ana", "Contact:Meet", len(text) - 1, len(text))
        whole = project.add_event(doc, "ana", "Contact:Meet", 0, len(text))
        assert [(e.id, e.start, e.end) for e in project.events(doc)] == [
            (whole.id, 0, len(text)),
            (last.id, len(text) - 1, len(text)),
        ]


def test_events_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    project = Project.open(path, create=True, schema=event_schema())
    doc = project.add_document(TEXT)
    sdf = project.add_span(doc, "ana", *SDF, "ORG")
    event = project.add_event(doc, "ana", "Conflict:Attack", *BOMBED)
    project.add_argument(event.id, "Attacker", sdf.id)
    expected = project.events(doc)
    project.close()
    reopened = Project.open(path)
    assert reopened.events(doc) == expected
    reopened.close()


# -- the layer ----------------------------------------------------------------------------------------


@pytest.fixture
def layer(project: Project, doc_id: int) -> DocumentLayer:
    return DocumentLayer(project, project.document(doc_id), "ana")


def test_layer_loads_its_own_events(project: Project, doc_id: int) -> None:
    project.add_event(doc_id, "ana", "Contact:Meet", *MET)
    project.add_event(doc_id, "bob", "Contact:Meet", *MET)
    layer = DocumentLayer(project, project.document(doc_id), "ana")
    assert [e.annotator for e in layer.events] == ["ana"]


def test_layer_event_edits_are_in_the_file_before_the_list_changes(
    project: Project, layer: DocumentLayer
) -> None:
    seen: list[tuple[str, int]] = []
    layer.events.subscribe(
        lambda event, row, item: seen.append((event, project.event_count())) if event.endswith("ed") else None
    )
    event = layer.add_event("Conflict:Attack", *BOMBED)
    assert seen == [("inserted", 1)]
    assert layer.events.get(event.id) == event
    old = layer.change_event(event.id, type="Contact:Meet")
    assert old == event
    assert [(e.type, e.start) for e in project.events(layer.document.id)] == [("Contact:Meet", BOMBED[0])]
    old_place = layer.change_event(event.id, start=MET[0], end=MET[1])
    assert layer.events[0].start == MET[0]
    layer.put_back_event(old_place)
    layer.put_back_event(old)
    assert project.events(layer.document.id) == [event] == list(layer.events)
    removed = layer.remove_event(event.id)
    assert project.event_count() == 0
    assert len(layer.events) == 0
    layer.restore_event(removed)
    assert project.events(layer.document.id) == [removed] == list(layer.events)


def test_layer_argument_edits_change_the_event(project: Project, layer: DocumentLayer) -> None:
    sdf = layer.add(*SDF, "ORG")
    baghouz = layer.add(*BAGHOUZ, "GPE")
    event = layer.add_event("Conflict:Attack", *BOMBED)
    seen: list[str] = []
    layer.events.subscribe(lambda kind, row, item: seen.append(kind))
    target = layer.add_argument(event.id, "Target", baghouz.id)
    attacker = layer.add_argument(event.id, "Attacker", sdf.id)
    assert seen == ["changed", "changed"]
    assert layer.events[0].arguments == (target, attacker)
    assert project.events(layer.document.id) == list(layer.events)
    assert layer.remove_argument(event.id, target.id) == target
    assert list(layer.events[0].arguments) == [attacker]
    layer.restore_argument(event.id, target)
    assert layer.events[0].arguments == (target, attacker)
    assert project.events(layer.document.id) == list(layer.events)
    # A retype keeps the arguments, in the file and in the list.
    layer.change_event(event.id, type="Contact:Meet")
    assert layer.events[0].arguments == (target, attacker)
    assert project.events(layer.document.id) == list(layer.events)


def test_refused_event_writes_leave_the_lists_unchanged(project: Project, layer: DocumentLayer) -> None:
    sdf = layer.add(*SDF, "ORG")
    event = layer.add_event("Conflict:Attack", *BOMBED)
    layer.add_argument(event.id, "Attacker", sdf.id)
    before_events, before_spans = list(layer.events), list(layer.spans)
    with pytest.raises(EventError):
        layer.add_event("Nope", *MET)
    with pytest.raises(EventError):
        layer.change_event(event.id, type="Nope")
    with pytest.raises(EventError):
        layer.add_argument(event.id, "Victim", sdf.id)
    with pytest.raises(SpanError, match="remove that argument first"):
        layer.remove(sdf.id)
    with pytest.raises(KeyError):
        layer.remove_event(999)
    with pytest.raises(KeyError):
        layer.remove_argument(event.id, 999)
    assert (list(layer.events), list(layer.spans)) == (before_events, before_spans)
    assert project.events(layer.document.id) == before_events


def test_removing_a_span_with_its_arguments_and_putting_it_back(
    project: Project, layer: DocumentLayer
) -> None:
    sdf = layer.add(*SDF, "ORG")
    bali = layer.add(*BALI, "PER")
    attack = layer.add_event("Conflict:Attack", *BOMBED)
    meet = layer.add_event("Contact:Meet", *MET)
    a1 = layer.add_argument(attack.id, "Attacker", sdf.id)
    a2 = layer.add_argument(attack.id, "Target", bali.id)
    a3 = layer.add_argument(attack.id, "Target", sdf.id)
    a4 = layer.add_argument(meet.id, "Entity", sdf.id)
    before = list(layer.events)
    seen: list[str] = []
    layer.events.subscribe(lambda kind, row, item: seen.append(f"event {kind} {item and item.id}"))
    layer.spans.subscribe(lambda kind, row, item: seen.append(f"span {kind} {item and item.id}"))

    span, removed = layer.remove_span_with_arguments(sdf.id)
    assert span == sdf
    assert removed == [(attack.id, a1), (attack.id, a3), (meet.id, a4)]
    assert [e.arguments for e in layer.events] == [(a2,), ()]
    assert project.events(layer.document.id) == list(layer.events)
    assert project.spans(layer.document.id) == [bali]
    assert seen == [
        f"event changed {attack.id}",
        f"event changed {meet.id}",
        f"span removing {sdf.id}",
        f"span removed {sdf.id}",
    ]

    layer.restore_span_with_arguments(span, removed)
    assert list(layer.events) == before
    assert project.events(layer.document.id) == before
    assert list(layer.spans) == project.spans(layer.document.id) == [sdf, bali]


def test_removing_a_span_with_arguments_is_one_transaction(
    project: Project, layer: DocumentLayer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sdf = layer.add(*SDF, "ORG")
    event = layer.add_event("Conflict:Attack", *BOMBED)
    layer.add_argument(event.id, "Attacker", sdf.id)
    before = list(layer.events)

    def locked(span_id: int) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(project, "delete_span", locked)
    with pytest.raises(sqlite3.OperationalError):
        layer.remove_span_with_arguments(sdf.id)
    assert project.events(layer.document.id) == before == list(layer.events)
    assert list(layer.spans) == [sdf]

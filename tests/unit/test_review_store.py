"""Reviewing a document in the project file: accept, reject, agreements, edits, undo/redo, migration."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from annotator.model.errors import ProjectError
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord
from annotator.model.review import GOLD
from annotator.model.schema import Schema, parse_schema
from annotator.store.layer import DocumentLayer
from annotator.store.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from annotator.store.project import Project
from annotator.store.review import DocumentReview, gold_documents, gold_exists, review_counts
from annotator.store.transfer import import_records
from tests.conftest import ADVERSARIAL_TEXTS

TEXT = "The SDF bombed Baghouz; Mustafa Bali met reporters."
SDF, BOMBED, BAGHOUZ, BALI, MET = (4, 7), (8, 14), (15, 22), (24, 36), (37, 40)


def event_schema() -> Schema:
    return parse_schema(
        {
            "name": "events",
            "entity_types": [{"name": n} for n in ("PER", "ORG", "GPE")],
            "event_types": [
                {
                    "name": "Conflict:Attack",
                    "roles": [
                        {"name": "Attacker", "types": ["PER", "ORG"]},
                        {"name": "Target", "types": ["PER", "ORG", "GPE"], "cardinality": "*"},
                        {"name": "Place", "types": ["GPE"], "cardinality": "?"},
                    ],
                },
                {"name": "Contact:Meet", "roles": [{"name": "Entity", "types": ["PER", "ORG"]}]},
            ],
        },
        "events",
    )


Entity = tuple[int, int, str]
EventSpec = tuple[str, int, int, tuple[tuple[str, int], ...]]  # arguments: (role, entity index)


def record(text: str, annotator: str, entities: list[Entity], events: list[EventSpec] = ()) -> DocumentRecord:  # type: ignore[assignment]
    return DocumentRecord(
        text=text,
        annotator=annotator,
        entities=tuple(EntityRecord(f"T{i}", s, e, label) for i, (s, e, label) in enumerate(entities, 1)),
        events=tuple(
            EventRecord(f"E{i}", kind, s, e, None, tuple(ArgumentRecord(r, f"T{n + 1}") for r, n in args))
            for i, (kind, s, e, args) in enumerate(events, 1)
        ),
        source="test",
    )


ANA_ENTITIES = [(*SDF, "ORG"), (*BAGHOUZ, "GPE"), (*BALI, "PER")]
BOB_ENTITIES = [(*SDF, "ORG"), (*BAGHOUZ, "GPE"), (*BALI, "ORG")]
ANA_ATTACK: EventSpec = ("Conflict:Attack", *BOMBED, (("Attacker", 0), ("Place", 1)))
BOB_ATTACK: EventSpec = ("Conflict:Attack", *BOMBED, (("Attacker", 0), ("Target", 1)))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = Project.open(tmp_path / "p.annotator", create=True, schema=event_schema())
    import_records(
        p,
        [
            record(TEXT, "ana", ANA_ENTITIES, [ANA_ATTACK]),
            record(TEXT, "bob", BOB_ENTITIES, [BOB_ATTACK]),
        ],
        annotator="x",
    )
    yield p
    p.close()


@pytest.fixture
def doc_id(project: Project) -> int:
    return project.document_ids()[0]


def rows(project: Project) -> dict[str, Any]:
    """Every review-related row of the file, ids and times included."""
    db = project.db
    return {
        "spans": db.execute("SELECT * FROM spans ORDER BY id").fetchall(),
        "events": db.execute("SELECT * FROM events ORDER BY id").fetchall(),
        # An argument's creation time is not kept by an undo anywhere in the app (Argument has none).
        "arguments": db.execute("SELECT id, event_id, role, span_id FROM arguments ORDER BY id").fetchall(),
        "decisions": db.execute("SELECT * FROM decisions ORDER BY id").fetchall(),
        "review": db.execute("SELECT id, review FROM documents ORDER BY id").fetchall(),
    }


def gold_spans(project: Project, doc_id: int) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in project.spans(doc_id, GOLD)]


def decision_rows(project: Project) -> list[tuple[Any, ...]]:
    return project.db.execute(
        "SELECT doc_id, unit, action, annotator, reviewer FROM decisions ORDER BY id"
    ).fetchall()


def test_units_of_two_layers(project: Project, doc_id: int) -> None:
    review = DocumentReview(project, doc_id)
    assert review.annotators == ["ana", "bob"]
    units = review.units()
    assert [u.key for u in units] == ["span:4-7", "event:8-14", "span:15-22", "span:24-36"]
    assert [u.key for u in review.disagreements()] == ["event:8-14", "span:24-36"]
    assert units[1].differences == ("argument",)
    assert units[3].describe(TEXT) == "PER 'Mustafa Bali' vs ORG 'Mustafa Bali' (label)"
    assert not review.settled()
    assert review.status() == "unreviewed"


def test_accept_writes_gold_decision_and_status_and_undo_redo_round_trip(
    project: Project, doc_id: int
) -> None:
    review = DocumentReview(project, doc_id)
    start = rows(project)
    change = review.accept("span:24-36", "bob", "rev")
    assert gold_spans(project, doc_id) == [(24, 36, "ORG")]
    assert decision_rows(project) == [(doc_id, "span:24-36", "accept", "bob", "rev")]
    assert project.review_status(doc_id) == "in_review"
    assert change.text == "Accept bob's version"
    assert change.units == ("span:24-36",)
    assert [s.label for s in change.spans_added] == ["ORG"]
    assert (change.review_before, change.review_after) == ("unreviewed", "in_review")
    done = rows(project)

    review.undo(change)
    assert rows(project) == start
    review.redo(change)
    assert rows(project) == done  # the same ids and times
    assert review.unit("span:24-36").decision is not None


def test_accept_again_replaces_the_version_and_the_decision(project: Project, doc_id: int) -> None:
    review = DocumentReview(project, doc_id)
    review.accept("span:24-36", "bob", "rev")
    before = rows(project)
    change = review.accept("span:24-36", "ana", "other")
    assert gold_spans(project, doc_id) == [(24, 36, "PER")]
    assert decision_rows(project) == [(doc_id, "span:24-36", "accept", "ana", "other")]
    review.undo(change)
    assert rows(project) == before


def test_reject_removes_gold_in_the_region(project: Project, doc_id: int) -> None:
    review = DocumentReview(project, doc_id)
    review.accept("span:24-36", "ana", "rev")
    hand = DocumentLayer(project, project.document(doc_id), GOLD)
    hand.add(32, 36, "PER")  # a gold span of the reviewer's own, inside the region
    before = rows(project)
    change = review.reject("span:24-36", "rev")
    assert gold_spans(project, doc_id) == []
    assert decision_rows(project)[-1] == (doc_id, "span:24-36", "reject", None, "rev")
    review.undo(change)
    assert rows(project) == before


def test_accept_event_creates_gold_fillers_and_arguments(project: Project, doc_id: int) -> None:
    review = DocumentReview(project, doc_id)
    review.accept("event:8-14", "ana", "rev")
    (event,) = project.events(doc_id, GOLD)
    spans = {s.id: (s.start, s.end, s.label) for s in project.spans(doc_id, GOLD)}
    assert (event.type, event.start, event.end) == ("Conflict:Attack", *BOMBED)
    assert sorted((a.role, spans[a.span_id]) for a in event.arguments) == [
        ("Attacker", (4, 7, "ORG")),
        ("Place", (15, 22, "GPE")),
    ]
    # The fillers are the gold spans of those units: accepting the (agreed) span keeps them and the arguments.
    review.accept("span:4-7", "ana", "rev")
    assert [a.span_id for a in project.events(doc_id, GOLD)[0].arguments] == [
        a.span_id for a in event.arguments
    ]
    unit = review.unit("event:8-14")
    assert unit.gold == unit.versions["ana"]


def test_removing_a_filler_span_removes_its_argument_and_undo_puts_it_back(
    project: Project, doc_id: int
) -> None:
    review = DocumentReview(project, doc_id)
    review.accept("event:8-14", "ana", "rev")
    before = rows(project)
    change = review.reject("span:4-7", "rev")  # the Attacker filler
    assert gold_spans(project, doc_id) == [(15, 22, "GPE")]
    assert [a.role for a in project.events(doc_id, GOLD)[0].arguments] == ["Place"]
    review.undo(change)
    assert rows(project) == before
    review.redo(change)
    assert [a.role for a in project.events(doc_id, GOLD)[0].arguments] == ["Place"]


def test_accept_agreements_then_the_rest_auto_adjudicates(project: Project, doc_id: int) -> None:
    review = DocumentReview(project, doc_id)
    start = rows(project)
    change = review.accept_agreements("rev")
    assert change.text == "Accept 2 agreements"
    assert change.units == ("span:4-7", "span:15-22")
    assert gold_spans(project, doc_id) == [(4, 7, "ORG"), (15, 22, "GPE")]
    assert project.review_status(doc_id) == "in_review"
    assert review.accept_agreements("rev").units == ()  # nothing left to accept
    review.reject("event:8-14", "rev")
    assert project.review_status(doc_id) == "in_review"
    last = review.accept("span:24-36", "ana", "rev")
    assert review.settled()
    assert project.review_status(doc_id) == "adjudicated"
    assert (last.review_before, last.review_after) == ("in_review", "adjudicated")
    assert project.summaries()[0].review == "adjudicated"
    assert review_counts(project) == {"unreviewed": 0, "in_review": 0, "adjudicated": 1}
    review.undo(last)
    assert project.review_status(doc_id) == "in_review"
    assert {r for (_, _, _, _, r) in decision_rows(project)} == {"rev"}
    del start


def test_without_auto_adjudicate_the_status_stays_in_review(project: Project, doc_id: int) -> None:
    review = DocumentReview(project, doc_id, auto_adjudicate=False)
    review.accept_agreements("rev")
    review.reject("event:8-14", "rev")
    review.accept("span:24-36", "ana", "rev")
    assert review.settled()
    assert project.review_status(doc_id) == "in_review"
    change = review.set_status("adjudicated")
    assert project.review_status(doc_id) == "adjudicated"
    review.undo(change)
    assert project.review_status(doc_id) == "in_review"


def test_record_edit_decides_the_undecided_units_it_touches(project: Project, doc_id: int) -> None:
    review = DocumentReview(project, doc_id)
    review.accept("span:4-7", "ana", "rev")
    change = review.record_edit(5, 30, "ed")
    assert change.units == ("event:8-14", "span:15-22", "span:24-36")
    assert decision_rows(project)[1:] == [
        (doc_id, "event:8-14", "edit", None, "ed"),
        (doc_id, "span:15-22", "edit", None, "ed"),
        (doc_id, "span:24-36", "edit", None, "ed"),
    ]
    assert decision_rows(project)[0][4] == "rev"  # decided units keep their decision
    assert project.review_status(doc_id) == "adjudicated"
    review.undo(change)
    assert [row[1] for row in decision_rows(project)] == ["span:4-7"]
    assert project.review_status(doc_id) == "in_review"
    assert review.record_edit(30, 30, "ed").units == ("span:24-36",)


def test_refused_actions_change_nothing(project: Project, doc_id: int) -> None:
    review = DocumentReview(project, doc_id)
    before = rows(project)
    with pytest.raises(ProjectError, match="has no review unit span:1-2"):
        review.accept("span:1-2", "ana", "rev")
    with pytest.raises(ProjectError, match="'cem' is not one of the compared annotators"):
        review.accept("span:4-7", "cem", "rev")
    with pytest.raises(ProjectError, match="needs the reviewer's name"):
        review.reject("span:4-7", " ")
    with pytest.raises(ProjectError, match="cannot be compared"):
        DocumentReview(project, doc_id, ["ana", GOLD])
    with pytest.raises(ProjectError, match="no annotator 'zed'"):
        DocumentReview(project, doc_id, ["ana", "zed"])
    assert rows(project) == before


def test_a_failing_change_rolls_back_entirely(
    project: Project, doc_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    review = DocumentReview(project, doc_id)
    before = rows(project)

    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(review, "_decide", broken)
    with pytest.raises(sqlite3.OperationalError):
        review.accept("event:8-14", "ana", "rev")
    assert rows(project) == before


def test_gold_is_left_out_of_the_compared_annotators(project: Project, doc_id: int) -> None:
    assert not gold_exists(project)
    DocumentReview(project, doc_id).accept("span:4-7", "ana", "rev")
    assert gold_exists(project)
    assert gold_documents(project) == 1
    assert DocumentReview(project, doc_id).annotators == ["ana", "bob"]
    assert "gold" in project.annotators()


def test_units_on_adversarial_texts_use_code_points(tmp_path: Path) -> None:
    project = Project.memory(event_schema())
    texts = [ADVERSARIAL_TEXTS[k] for k in ("emoji", "zwj", "arabic", "crlf", "mixed")]
    records = []
    for text in texts:
        last = text.split()[-1]
        start = text.rindex(last)
        records.append(record(text, "ana", [(start, len(text), "PER")]))
        records.append(record(text, "bob", [(start, len(text), "ORG")]))
    import_records(project, records, annotator="x")
    for doc_id, text in zip(project.document_ids(), texts, strict=True):
        review = DocumentReview(project, doc_id)
        (unit,) = review.units()
        last = text.split()[-1]
        assert (unit.start, unit.end) == (text.rindex(last), len(text))
        review.accept(unit.key, "bob", "rev")
        (span,) = project.spans(doc_id, GOLD)
        assert text[span.start : span.end] == text[unit.start : unit.end]
    project.close()


# -- migration v3 ---------------------------------------------------------------------------------------


def test_a_v2_file_migrates_forward_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "v2.annotator"
    db = sqlite_utils.Database(path)
    with db.atomic():
        MIGRATIONS[0](db)
        MIGRATIONS[1](db)
        db.execute("PRAGMA user_version = 2")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(
            "INSERT INTO project (key, value) VALUES ('schema', ?)", [json.dumps(event_schema().to_dict())]
        )
        db.execute(
            "INSERT INTO documents (id, title, text, content_hash, status, created, updated)"
            " VALUES (1, 'Old', ?, 'x', 'done', 't0', 't0')",
            [TEXT],
        )
        db.execute("INSERT INTO annotators (id, name, created) VALUES (1, 'ana', 't0')")
        db.execute(
            "INSERT INTO spans (id, doc_id, annotator_id, start, end, label, created, updated)"
            " VALUES (7, 1, 1, 4, 7, 'ORG', 't1', 't2')"
        )
    db.close()

    project = Project.open(path)
    assert project.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert project.review_status(1) == "unreviewed"
    assert [(s.summary_id, s.review) for s in _summaries(project)] == [(1, "unreviewed")]
    assert [(s.id, s.label) for s in project.spans(1)] == [(7, "ORG")]
    assert project.document_status(1) == "done"
    review = DocumentReview(project, 1)
    review.accept("span:4-7", "ana", "rev")
    project.close()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT unit, action, reviewer FROM decisions").fetchall() == [
            ("span:4-7", "accept", "rev")
        ]
        assert conn.execute("SELECT review FROM documents").fetchall() == [("adjudicated",)]
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE documents SET review = 'maybe'")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO decisions (doc_id, unit, action, reviewer, created)"
                " VALUES (1, 'u', 'guess', 'r', 't')"
            )


class _Summary:
    def __init__(self, summary_id: int, review: str) -> None:
        self.summary_id, self.review = summary_id, review


def _summaries(project: Project) -> list[_Summary]:
    return [_Summary(s.id, s.review) for s in project.summaries()]


def test_set_review_status_checks_the_state(project: Project, doc_id: int) -> None:
    assert project.set_review_status(doc_id, "in_review") == "unreviewed"
    assert project.review_status(doc_id) == "in_review"
    with pytest.raises(ProjectError, match="unknown review status 'done'"):
        project.set_review_status(doc_id, "done")
    with pytest.raises(ProjectError, match="no document 99"):
        project.review_status(99)


def test_agreed_events_reuse_the_agreed_spans_as_fillers() -> None:
    project = Project.memory(event_schema())
    import_records(
        project,
        [record(TEXT, name, ANA_ENTITIES, [ANA_ATTACK]) for name in ("ana", "bob")],
        annotator="x",
    )
    (doc_id,) = project.document_ids()
    review = DocumentReview(project, doc_id)
    change = review.accept_agreements("rev")
    assert len(change.units) == 4
    assert gold_spans(project, doc_id) == ANA_ENTITIES  # no second copy for the fillers
    (event,) = project.events(doc_id, GOLD)
    spans = {s.id: (s.start, s.end, s.label) for s in project.spans(doc_id, GOLD)}
    assert sorted((a.role, spans[a.span_id]) for a in event.arguments) == [
        ("Attacker", (4, 7, "ORG")),
        ("Place", (15, 22, "GPE")),
    ]
    assert project.review_status(doc_id) == "adjudicated"
    review.undo(change)
    assert (gold_spans(project, doc_id), project.events(doc_id, GOLD)) == ([], [])
    assert project.review_status(doc_id) == "unreviewed"
    project.close()


def test_an_accepted_event_points_at_the_filler_the_reviewer_chose(tmp_path: Path) -> None:
    # ana's Place is "Baghouz", bob's the longer "Baghouz 🇸🇾"; the reviewer takes bob's boundaries.
    text = "The SDF bombed Baghouz 🇸🇾 at dawn."
    short, flag = (15, 22), (15, 25)
    assert text[slice(*flag)] == "Baghouz 🇸🇾"
    project = Project.open(tmp_path / "f.annotator", create=True, schema=event_schema())
    attack = ("Conflict:Attack", *BOMBED, (("Attacker", 0), ("Place", 1)))
    import_records(
        project,
        [
            record(text, "ana", [(*SDF, "ORG"), (*short, "GPE")], [attack]),
            record(text, "bob", [(*SDF, "ORG"), (*flag, "GPE")], [attack]),
        ],
        annotator="x",
    )
    doc = project.document_ids()[0]
    review = DocumentReview(project, doc)
    place = next(u for u in review.disagreements() if u.kind == "span")
    review.accept(place.key, "bob", "rev")  # the boundaries of bob's Place
    review.accept("event:8-14", "ana", "rev")  # the event as ana has it, Place "Baghouz"
    assert sorted(gold_spans(project, doc)) == [(*SDF, "ORG"), (*flag, "GPE")]  # no second GPE
    (event,) = project.events(doc, GOLD)
    spans = {s.id: (s.start, s.end, s.label) for s in project.spans(doc, GOLD)}
    assert sorted((a.role, spans[a.span_id]) for a in event.arguments) == [
        ("Attacker", (*SDF, "ORG")),
        ("Place", (*flag, "GPE")),
    ]
    project.close()

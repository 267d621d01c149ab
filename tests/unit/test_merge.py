"""Merging another annotator's project: new and matched documents, collisions, replace, gold, rollback."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from annotator.model.errors import FormatError, ProjectError
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord
from annotator.model.review import GOLD
from annotator.model.schema import Schema, parse_schema
from annotator.store.merge import Collision, LayerCollision, MergeSummary, merge_project, merge_records
from annotator.store.migrations import APPLICATION_ID, MIGRATIONS
from annotator.store.project import Project
from annotator.store.review import DocumentReview
from annotator.store.transfer import import_records
from tests.conftest import ADVERSARIAL_TEXTS

SHARED = "The SDF bombed Baghouz; Mustafa Bali met reporters."
ONLY_OTHER = "Raqqa was quiet on Sunday."
ONLY_MINE = "Nothing happened in Hasakah."


def schema() -> Schema:
    return parse_schema(
        {
            "name": "merge",
            "entity_types": [{"name": n} for n in ("PER", "ORG", "GPE")],
            "event_types": [
                {
                    "name": "Conflict:Attack",
                    "roles": [{"name": "Attacker", "types": ["ORG"]}, {"name": "Place", "types": ["GPE"]}],
                }
            ],
        },
        "merge",
    )


def rec(text: str, annotator: str | None, *entities: tuple[int, int, str], **fields: Any) -> DocumentRecord:
    return DocumentRecord(
        text=text,
        annotator=annotator,
        entities=tuple(EntityRecord(f"T{i}", s, e, label) for i, (s, e, label) in enumerate(entities, 1)),
        source="test",
        **fields,
    )


ATTACK = (EventRecord("E1", "Conflict:Attack", 8, 14, None, (ArgumentRecord("Attacker", "T1"),)),)
ATTACK_T2 = (EventRecord("E1", "Conflict:Attack", 8, 14, None, (ArgumentRecord("Attacker", "T2"),)),)


def make(path: Path, *records: DocumentRecord, gold: bool = False) -> Path:
    project = Project.open(path, create=True, schema=schema())
    import_records(project, records, annotator="x", gold=gold)
    project.close()
    return path


@pytest.fixture
def mine(tmp_path: Path) -> Project:
    path = make(
        tmp_path / "mine.annotator",
        rec(SHARED, "ana", (4, 7, "ORG"), (24, 36, "PER"), events=ATTACK),
        rec(ONLY_MINE, "ana", (20, 27, "GPE")),
    )
    return Project.open(path)


def rows(project: Project) -> dict[str, Any]:
    db = project.db
    return {
        table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("documents", "annotators", "spans", "events", "arguments", "decisions", "project")
    }


def layer(project: Project, text: str, annotator: str) -> list[tuple[int, int, str]]:
    doc_id = project.find_document(text)
    assert doc_id is not None
    return [(s.start, s.end, s.label) for s in project.spans(doc_id, annotator)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_documents_and_new_layers_come_in(tmp_path: Path, mine: Project) -> None:
    other = make(
        tmp_path / "bob.annotator",
        rec(SHARED, "bob", (4, 7, "ORG"), (24, 36, "ORG"), events=ATTACK, status="done"),
        rec(ONLY_OTHER, "bob", (0, 5, "GPE")),
        rec("An unlabelled text.", None),
    )
    before = digest(other)
    summary = merge_project(mine, other)
    assert summary == MergeSummary(
        str(other), documents_added=2, documents_matched=1, layers_added=2, spans_added=3, events_added=1
    )
    assert summary.lines() == [
        f"Merged {other}: 2 new documents; 1 was already in the project",
        "Added 2 layers (3 spans, 1 event)",
    ]
    assert layer(mine, SHARED, "bob") == [(4, 7, "ORG"), (24, 36, "ORG")]
    assert layer(mine, SHARED, "ana") == [(4, 7, "ORG"), (24, 36, "PER")]
    assert layer(mine, ONLY_OTHER, "bob") == [(0, 5, "GPE")]
    assert mine.document_count() == 4
    shared = mine.find_document(SHARED)
    assert shared is not None
    assert mine.document_status(shared) == "new"  # not the other project's "done"
    (event,) = mine.events(shared, "bob")
    assert [mine.spans(shared, "bob")[0].id] == [a.span_id for a in event.arguments]
    assert digest(other) == before  # the other file is only read
    assert DocumentReview(mine, shared).annotators == ["ana", "bob"]


def test_an_identical_layer_is_skipped(tmp_path: Path, mine: Project) -> None:
    other = make(
        tmp_path / "copy.annotator", rec(SHARED, "ana", (24, 36, "PER"), (4, 7, "ORG"), events=ATTACK_T2)
    )
    before = rows(mine)
    summary = merge_project(mine, other)
    assert (summary.layers_identical, summary.layers_added, summary.documents_matched) == (1, 0, 1)
    assert summary.lines()[1:] == [
        "Added 0 layers (0 spans)",
        "Skipped 1 identical layer (already in the project)",
    ]
    assert rows(mine) == before


def test_merging_a_project_into_itself_changes_nothing(mine: Project) -> None:
    before = rows(mine)
    assert mine.path is not None
    summary = merge_project(mine, mine.path)
    assert summary.layers_identical == 2
    assert rows(mine) == before


def test_a_different_layer_collides_and_nothing_is_merged(tmp_path: Path, mine: Project) -> None:
    other = make(
        tmp_path / "ana2.annotator",
        rec(ONLY_OTHER, "ana", (0, 5, "GPE")),
        rec(SHARED, "ana", (4, 7, "ORG")),
        rec(ONLY_MINE, "ana", (20, 27, "ORG")),
    )
    before = rows(mine)
    with pytest.raises(LayerCollision) as caught:
        merge_project(mine, other)
    shared, only_mine = mine.find_document(SHARED), mine.find_document(ONLY_MINE)
    assert str(caught.value) == (
        f"cannot merge {other}: 2 layers would replace different labels "
        f"(nothing was merged; use --replace to take the labels of {other}):\n"
        f"  document 'The SDF bombed Baghouz; Mustafa Bali met reporters.' (id {shared}): annotator ana has "
        f"different labels here and in {other}\n"
        f"  document 'Nothing happened in Hasakah.' (id {only_mine}): annotator ana has different labels "
        f"here and in {other}"
    )
    assert caught.value.collisions == [
        Collision(shared, SHARED, "ana"),  # type: ignore[arg-type]
        Collision(only_mine, ONLY_MINE, "ana"),  # type: ignore[arg-type]
    ]
    assert isinstance(caught.value, ProjectError)
    assert rows(mine) == before


def test_replace_deletes_the_layer_first_then_imports(tmp_path: Path, mine: Project) -> None:
    other = make(
        tmp_path / "ana2.annotator",
        rec(SHARED, "ana", (15, 22, "GPE")),
        rec(ONLY_OTHER, "bob", (0, 5, "GPE")),
    )
    summary = merge_project(mine, other, replace=True)
    assert (summary.layers_replaced, summary.layers_added) == (1, 1)
    assert summary.lines()[1] == f"Added 1 layer and replaced 1 with the labels of {other} (2 spans)"
    assert layer(mine, SHARED, "ana") == [(15, 22, "GPE")]
    shared = mine.find_document(SHARED)
    assert shared is not None
    assert mine.events(shared, "ana") == []  # the event went with the replaced layer
    assert layer(mine, ONLY_MINE, "ana") == [(20, 27, "GPE")]  # a layer the other file lacks stays


def test_a_failure_after_a_replace_leaves_the_project_as_it_was(tmp_path: Path, mine: Project) -> None:
    wider = parse_schema({"name": "wide", "entity_types": [{"name": n} for n in ("GPE", "LOC")]}, "wide")
    other_path = tmp_path / "wide.annotator"
    other = Project.open(other_path, create=True, schema=wider)
    import_records(
        other, [rec(SHARED, "ana", (15, 22, "GPE")), rec(ONLY_OTHER, "bob", (0, 5, "LOC"))], annotator="x"
    )
    other.close()
    before = rows(mine)
    with pytest.raises(
        FormatError,
        match="^"
        + re.escape(f"{other_path}: document {ONLY_OTHER!r}: label 'LOC' is not in the project schema"),
    ):
        merge_project(mine, other_path, replace=True)
    assert rows(mine) == before
    summary = merge_project(mine, other_path, replace=True, add_labels=True)
    assert summary.labels_added == ["LOC"]


def test_the_gold_layer_is_left_out_unless_asked_for(tmp_path: Path, mine: Project) -> None:
    other = make(
        tmp_path / "rev.annotator",
        rec(SHARED, GOLD, (4, 7, "ORG")),
        rec(ONLY_OTHER, GOLD, (0, 5, "GPE")),
        gold=True,
    )
    summary = merge_project(mine, other)
    assert (
        summary.lines()[-1]
        == f"Skipped: the gold layer of 2 documents in {other} (use --gold to bring it in)"
    )
    assert summary.documents_added == 1  # the text still comes in, without the gold labels
    assert GOLD not in mine.annotators()
    merge_project(mine, other, gold=True)
    assert layer(mine, SHARED, GOLD) == [(4, 7, "ORG")]


def test_records_without_an_annotator_take_the_given_name(mine: Project) -> None:
    summary = merge_records(mine, [rec(SHARED, None, (4, 7, "ORG"))], other="in.jsonl", annotator="cem")
    assert summary.layers_added == 1
    assert layer(mine, SHARED, "cem") == [(4, 7, "ORG")]
    with pytest.raises(FormatError, match=r"^test: the labels name no annotator"):
        merge_records(mine, [rec(ONLY_OTHER, None, (0, 5, "GPE"))], other="in.jsonl")
    with pytest.raises(ProjectError, match="reserved"):
        import_records(mine, [rec(ONLY_OTHER, None, (0, 5, "GPE"))], annotator=GOLD)


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (lambda p: p, "no such project file"),
        (lambda p: (p.write_text("not sqlite", encoding="utf-8"), p)[1], "cannot read as a project"),
        (
            lambda p: (sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(), p)[1],
            "not an annotator project",
        ),
    ],
)
def test_an_unreadable_other_file_is_refused(
    tmp_path: Path, mine: Project, make_file: Callable[[Path], Path], message: str
) -> None:
    path = make_file(tmp_path / "other.annotator")
    before = rows(mine)
    with pytest.raises(ProjectError, match=message) as caught:
        merge_project(mine, path)
    assert str(path) in str(caught.value)
    assert rows(mine) == before


def test_an_older_other_file_is_read_without_being_migrated(tmp_path: Path, mine: Project) -> None:
    path = tmp_path / "v2.annotator"
    db = sqlite_utils.Database(path)
    with db.atomic():
        MIGRATIONS[0](db)
        MIGRATIONS[1](db)
        db.execute("PRAGMA user_version = 2")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("INSERT INTO project (key, value) VALUES ('schema', ?)", [json.dumps(schema().to_dict())])
        db.execute(
            "INSERT INTO documents (id, title, text, content_hash, created, updated)"
            " VALUES (1, 'Old', ?, 'x', 't', 't')",
            [ONLY_OTHER],
        )
        db.execute("INSERT INTO annotators (id, name, created) VALUES (1, 'old', 't')")
        db.execute(
            "INSERT INTO spans (doc_id, annotator_id, start, end, label, created, updated)"
            " VALUES (1, 1, 0, 5, 'GPE', 't', 't')"
        )
    db.close()
    before = digest(path)
    merge_project(mine, path)
    assert layer(mine, ONLY_OTHER, "old") == [(0, 5, "GPE")]
    assert digest(path) == before
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2


def test_adversarial_texts_keep_their_offsets(tmp_path: Path, mine: Project) -> None:
    records = []
    for text in ADVERSARIAL_TEXTS.values():
        last = text.split()[-1]
        records.append(rec(text, "bob", (text.rindex(last), len(text), "PER")))
    other = make(tmp_path / "adv.annotator", *records)
    merge_project(mine, other)
    for text in ADVERSARIAL_TEXTS.values():
        ((start, end, _),) = layer(mine, text, "bob")
        assert text[start:end] == text.split()[-1] or text[start:end].split()[0] == text.split()[-1]


def test_import_refuses_the_gold_name_unless_told_the_records_are_gold(mine: Project) -> None:
    before = rows(mine)
    with pytest.raises(FormatError) as caught:
        import_records(mine, [rec(ONLY_OTHER, GOLD, (0, 5, "GPE"))], annotator="ana")
    assert str(caught.value) == (
        "test: the annotator name 'gold' is reserved for the adjudicated layer that review mode builds; "
        "import these labels under another name, or with --gold if they are a gold layer "
        "(an earlier export --gold)"
    )
    with pytest.raises(ProjectError, match=r"^the annotator name 'gold' is reserved"):
        import_records(mine, [rec(ONLY_OTHER, None, (0, 5, "GPE"))], annotator=" gold ")
    assert rows(mine) == before
    import_records(mine, [rec(ONLY_OTHER, GOLD, (0, 5, "GPE"))], annotator="ana", gold=True)
    assert layer(mine, ONLY_OTHER, GOLD) == [(0, 5, "GPE")]


def test_an_adjudicated_document_with_a_new_layer_goes_back_in_review(tmp_path: Path, mine: Project) -> None:
    shared, only_mine = mine.find_document(SHARED), mine.find_document(ONLY_MINE)
    assert shared is not None
    assert only_mine is not None
    for doc_id in (shared, only_mine):
        DocumentReview(mine, doc_id).accept_agreements("rev")
        assert mine.review_status(doc_id) == "adjudicated"
    other = make(
        tmp_path / "bob.annotator", rec(SHARED, "bob", (4, 7, "ORG")), rec(ONLY_MINE, "ana", (20, 27, "GPE"))
    )
    summary = merge_project(mine, other)
    assert summary.lines() == [
        f"Merged {other}: 0 new documents; 2 were already in the project",
        "Added 1 layer (1 span)",
        "Skipped 1 identical layer (already in the project)",
        "Back in review: 1 adjudicated document with a new layer",
    ]
    assert (mine.review_status(shared), mine.review_status(only_mine)) == ("in_review", "adjudicated")


@pytest.mark.parametrize("name", ["bob #2.annotator", "bob?.annotator", "bob%41.annotator"])
def test_a_file_name_with_uri_characters_is_read_as_it_is(tmp_path: Path, mine: Project, name: str) -> None:
    other = make(tmp_path / name, rec(ONLY_OTHER, "bob", (0, 5, "GPE")))

    def files() -> set[str]:
        return {p.name.removesuffix("-wal").removesuffix("-shm") for p in tmp_path.iterdir()}

    before = files()
    summary = merge_project(mine, other)
    assert (summary.documents_added, summary.layers_added) == (1, 1)
    assert layer(mine, ONLY_OTHER, "bob") == [(0, 5, "GPE")]
    assert files() == before  # no stray file made by a misread URI


def test_a_layer_over_several_records_is_compared_whole(mine: Project) -> None:
    # Import takes one layer over several lines; the merge compares the layer they make together.
    halves = [rec(SHARED, "ana", (4, 7, "ORG"), events=ATTACK), rec(SHARED, "ana", (24, 36, "PER"))]
    before = rows(mine)
    summary = merge_records(mine, halves, other="halves.jsonl")
    assert (summary.layers_identical, summary.layers_added) == (1, 0)
    assert rows(mine) == before
    different = [rec(SHARED, "ana", (4, 7, "ORG"), events=ATTACK), rec(SHARED, "ana", (24, 36, "ORG"))]
    with pytest.raises(LayerCollision):
        merge_records(mine, different, other="different.jsonl")
    assert rows(mine) == before
    summary = merge_records(mine, different, other="different.jsonl", replace=True)
    assert summary.layers_replaced == 1
    assert layer(mine, SHARED, "ana") == [(4, 7, "ORG"), (24, 36, "ORG")]


def test_a_gold_merge_brings_the_review_of_its_documents(tmp_path: Path) -> None:
    # A reviewer adjudicates ana's and bob's labels in her own project...
    path = make(
        tmp_path / "rita.annotator",
        rec(SHARED, "ana", (4, 7, "ORG"), (24, 36, "PER")),
        rec(SHARED, "bob", (4, 7, "ORG"), (24, 31, "PER")),
        rec(ONLY_OTHER, "ana", (0, 5, "GPE")),
    )
    rita = Project.open(path)
    doc_id = rita.find_document(SHARED)
    assert doc_id is not None
    review = DocumentReview(rita, doc_id)
    review.accept_agreements("rita")
    (open_unit,) = review.disagreements()
    review.accept(open_unit.key, "ana", "rita")
    assert rita.review_status(doc_id) == "adjudicated"
    decided = sorted((d.unit, d.action, d.annotator, d.reviewer) for d in review.decisions().values())
    rita.close()
    # ...and the lead merges her project, gold included, into one that has not reviewed it yet.
    lead = Project.open(make(tmp_path / "lead.annotator", rec(ONLY_MINE, "cem", (20, 27, "GPE"))))
    summary = merge_project(lead, path, gold=True)
    assert summary.reviews_brought == 1
    assert (
        summary.lines()[-1] == "Brought the review (status and decisions) of 1 document with its gold layer"
    )
    merged = lead.find_document(SHARED)
    assert merged is not None
    assert lead.review_status(merged) == "adjudicated"
    assert layer(lead, SHARED, GOLD) == [(4, 7, "ORG"), (24, 36, "PER")]
    again = DocumentReview(lead, merged)
    assert sorted((d.unit, d.action, d.annotator, d.reviewer) for d in again.decisions().values()) == decided
    assert again.settled()
    other = lead.find_document(ONLY_OTHER)
    assert other is not None
    assert lead.review_status(other) == "unreviewed"
    # Without --gold nothing of the review comes along.
    plain = Project.open(make(tmp_path / "plain.annotator", rec(ONLY_MINE, "cem", (20, 27, "GPE"))))
    assert merge_project(plain, path).reviews_brought == 0
    shared = plain.find_document(SHARED)
    assert shared is not None
    assert plain.review_status(shared) == "unreviewed"


def test_a_gold_merge_never_overwrites_a_review_begun_here(tmp_path: Path) -> None:
    path = make(
        tmp_path / "rita.annotator",
        rec(SHARED, "ana", (4, 7, "ORG")),
        rec(SHARED, "bob", (4, 7, "GPE")),
    )
    rita = Project.open(path)
    doc_id = rita.find_document(SHARED)
    assert doc_id is not None
    review = DocumentReview(rita, doc_id)
    review.accept(review.disagreements()[0].key, "ana", "rita")
    rita.close()
    lead = Project.open(
        make(
            tmp_path / "lead.annotator", rec(SHARED, "ana", (4, 7, "ORG")), rec(SHARED, "bob", (4, 7, "GPE"))
        )
    )
    here = lead.find_document(SHARED)
    assert here is not None
    mine = DocumentReview(lead, here)
    mine.reject(mine.disagreements()[0].key, "lee")
    state = lead.review_status(here)
    summary = merge_project(lead, path, gold=True, replace=True)
    assert summary.reviews_brought == 0
    assert lead.review_status(here) == state
    assert [(d.action, d.reviewer) for d in DocumentReview(lead, here).decisions().values()] == [
        ("reject", "lee")
    ]

"""Import and export of records: one transaction, no duplicates, exact round trips, counts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.formats.jsonl import read_jsonl, write_jsonl
from annotator.model.errors import FormatError, ProjectError
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord
from annotator.model.schema import Schema, parse_schema
from annotator.store.project import Project
from annotator.store.transfer import ImportSummary, export_records, import_records, project_stats

ADVERSARIAL = [
    "Flag 🇸🇾 over Raqqa.",
    "Family 👨\u200d👩\u200d👧 fled.",
    "Bold \U0001d400 and cafe\u0301 here.",
    "مصطفى بالي قال إن",
    "Line one\r\nLine two\r\n",
    "Old Mac\rline\r",
    "Sep\u2028line\u2029para",
    "No\u00a0break\tand tab",
]


def small_schema() -> Schema:
    return parse_schema({"name": "test", "entity_types": [{"name": "PER"}, {"name": "ORG"}]}, "test")


@pytest.fixture
def project() -> Iterator[Project]:
    p = Project.memory(small_schema())
    yield p
    p.close()


def rec(text: str, *entities: tuple[int, int, str], line: int = 1, **fields: object) -> DocumentRecord:
    ents = tuple(EntityRecord(f"T{i}", s, e, label, text[s:e]) for i, (s, e, label) in enumerate(entities, 1))
    return DocumentRecord(text=text, entities=ents, line=line, source="in.jsonl", **fields)  # type: ignore[arg-type]


def state(project: Project) -> tuple[int, int, list[str], list[str]]:
    return project.document_count(), project.span_count(), project.schema.label_names, project.annotators()


def test_import_adds_documents_and_spans(project: Project) -> None:
    summary = import_records(
        project,
        [rec("Alice met Bob.", (0, 5, "PER"), (10, 13, "PER"), title="Meeting", ext_id="x1", meta={"a": 1})],
        annotator="ana",
    )
    assert summary == ImportSummary(documents_added=1, spans_added=2)
    assert summary.lines() == ["Imported 1 new document", "Added 2 spans"]
    (doc_id,) = project.document_ids()
    doc = project.document(doc_id)
    assert (doc.title, doc.ext_id, doc.meta, doc.status) == ("Meeting", "x1", {"a": 1}, "new")
    assert [(s.start, s.end, s.label, s.annotator) for s in project.spans(doc_id)] == [
        (0, 5, "PER", "ana"),
        (10, 13, "PER", "ana"),
    ]


def test_record_annotator_and_status_win(project: Project) -> None:
    import_records(project, [rec("Alice.", (0, 5, "PER"), annotator="bob", status="done")], annotator="ana")
    (doc_id,) = project.document_ids()
    assert [s.annotator for s in project.spans(doc_id)] == ["bob"]
    assert project.document_status(doc_id) == "done"
    assert project.annotators() == ["bob"]


def test_known_text_gets_the_labels_without_duplicates(project: Project) -> None:
    import_records(project, [rec("Alice met Bob.", (0, 5, "PER"))], annotator="ana")
    summary = import_records(
        project,
        [rec("Alice met Bob.", (0, 5, "PER"), (10, 13, "PER"), status="in_progress"), rec("Other.", line=2)],
        annotator="ana",
    )
    assert summary.documents_added == 1
    assert summary.documents_matched == 1
    assert summary.spans_added == 1
    assert summary.lines() == [
        "Imported 1 new document; 1 was already in the project",
        "Added 1 span",
        "Skipped: 1 span already in the project (not added again)",
    ]
    doc_id = project.find_document("Alice met Bob.")
    assert doc_id is not None
    assert [(s.start, s.end) for s in project.spans(doc_id)] == [(0, 5), (10, 13)]
    assert project.document_status(doc_id) == "in_progress"
    # Another annotator's identical span is their own label, not a duplicate.
    again = import_records(project, [rec("Alice met Bob.", (0, 5, "PER"))], annotator="bob")
    assert again.spans_added == 1
    assert project.span_count() == 3


def test_layers_of_one_new_document_count_it_once(project: Project) -> None:
    summary = import_records(
        project,
        [rec("Alice.", (0, 5, "PER"), annotator="a"), rec("Alice.", (0, 5, "PER"), annotator="b", line=2)],
        annotator="x",
    )
    assert (summary.documents_added, summary.documents_matched, summary.spans_added) == (1, 0, 2)


def test_unknown_label_fails_and_changes_nothing(project: Project) -> None:
    import_records(project, [rec("Before.", (0, 6, "PER"))], annotator="ana")
    before = state(project)
    records = [rec("Alice met Bob.", (0, 5, "PER"), line=1), rec("Acme Inc.", (0, 4, "COMPANY"), line=7)]
    with pytest.raises(FormatError) as info:
        import_records(project, records, annotator="newbie")
    assert str(info.value) == (
        "in.jsonl:7: label 'COMPANY' is not in the project schema (use --add-labels to add it)"
    )
    assert state(project) == before


def test_add_labels_adds_them_to_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    project = Project.open(path, create=True, schema=small_schema())
    summary = import_records(
        project,
        [rec("Acme hired Zed.", (0, 4, "COMPANY"), (11, 14, "PER"), (0, 4, "BRAND"))],
        annotator="ana",
        add_labels=True,
    )
    assert summary.labels_added == ["COMPANY", "BRAND"]
    assert summary.lines() == [
        "Imported 1 new document",
        "Added 3 spans",
        "Added 2 labels to the schema: COMPANY, BRAND",
    ]
    project.close()
    reopened = Project.open(path)
    assert reopened.schema.label_names == ["PER", "ORG", "COMPANY", "BRAND"]
    reopened.close()


def test_failure_after_adding_labels_restores_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    project = Project.open(path, create=True, schema=small_schema())
    before = state(project)
    records = [rec("Acme.", (0, 4, "COMPANY")), rec("Bad.", (0, 9, "PER"), line=2)]
    with pytest.raises(FormatError) as info:
        import_records(project, records, annotator="ana", add_labels=True)
    assert str(info.value) == "in.jsonl:2: entity T1 offsets 0-9 are outside the text (length 4) or empty"
    assert state(project) == before
    project.close()
    reopened = Project.open(path)
    assert state(reopened) == before
    reopened.close()


def test_failed_import_forgets_annotators_it_created(project: Project) -> None:
    records = [rec("Alice.", (0, 5, "PER")), rec("x", (0, 1, "NOPE"), line=2)]
    with pytest.raises(FormatError):
        import_records(project, records, annotator="ghost")
    # The rolled-back annotator row must not linger in the project's cache.
    doc_id = project.add_document("Later.")
    project.add_span(doc_id, "ghost", 0, 5, "PER")
    assert project.annotators() == ["ghost"]


def test_bad_label_name_with_add_labels(project: Project) -> None:
    with pytest.raises(FormatError) as info:
        import_records(project, [rec("Acme.", (0, 4, "MY LABEL"))], annotator="ana", add_labels=True)
    assert str(info.value) == (
        "in.jsonl:1: cannot add label 'MY LABEL': name 'MY LABEL' must not contain spaces"
    )
    assert state(project) == (0, 0, ["PER", "ORG"], [])


def test_entity_text_mismatch_and_bad_status_and_empty_text(project: Project) -> None:
    bad_text = DocumentRecord(
        text="Alice.", entities=(EntityRecord("T1", 0, 5, "PER", "Alicia"),), line=3, source="f.jsonl"
    )
    with pytest.raises(FormatError) as info:
        import_records(project, [bad_text], annotator="ana")
    assert (
        str(info.value)
        == "f.jsonl:3: entity T1 text 'Alicia' does not match the document text 'Alice' at 0-5"
    )
    with pytest.raises(FormatError) as info:
        import_records(project, [DocumentRecord(text="A.", status="later", source="a.txt")], annotator="ana")
    assert str(info.value) == "a.txt: unknown status 'later' (use one of new, in_progress, done)"
    with pytest.raises(FormatError) as info:
        import_records(project, [DocumentRecord(text=" \n", line=4, source="f.jsonl")], annotator="ana")
    assert str(info.value) == "f.jsonl:4: the text is empty (nothing to label)"
    with pytest.raises(ProjectError) as perr:
        import_records(project, [DocumentRecord(text="A.")], annotator=" ")
    assert str(perr.value) == "an annotator needs a name (use --annotator NAME)"
    assert state(project) == (0, 0, ["PER", "ORG"], [])


def test_export_gives_one_record_per_layer(project: Project) -> None:
    a = project.add_document("Bob and Alice.", title="Two", meta={"k": "v"}, ext_id="e1")
    b = project.add_document("Nothing here.", title="None")
    project.add_span(a, "zoe", 8, 13, "PER")
    project.add_span(a, "ana", 8, 13, "PER")
    project.add_span(a, "ana", 0, 3, "PER")
    project.add_span(a, "ana", 0, 13, "ORG")
    project.set_status(b, "done")
    records = list(export_records(project))
    assert [(r.title, r.annotator) for r in records] == [("Two", "ana"), ("Two", "zoe"), ("None", None)]
    assert records[0].entities == (
        EntityRecord("T1", 0, 13, "ORG", "Bob and Alice"),
        EntityRecord("T2", 0, 3, "PER", "Bob"),
        EntityRecord("T3", 8, 13, "PER", "Alice"),
    )
    assert (records[0].ext_id, records[0].meta, records[0].status) == ("e1", {"k": "v"}, "in_progress")
    assert records[2] == DocumentRecord(
        text="Nothing here.", title="None", status="done", annotator=None, source=":memory:"
    )
    assert [r.title for r in export_records(project, status="done")] == ["None"]
    only_zoe = list(export_records(project, annotator="zoe"))
    assert [(r.annotator, len(r.entities)) for r in only_zoe] == [("zoe", 1), (None, 0)]


def test_export_checks_its_filters_without_creating_annotators(project: Project) -> None:
    project.add_span(project.add_document("Alice."), "ana", 0, 5, "PER")
    with pytest.raises(ProjectError) as info:
        export_records(project, annotator="nobody")
    assert str(info.value) == "no annotator 'nobody' in the project (annotators: ana)"
    with pytest.raises(ProjectError) as info:
        export_records(project, status="finished")
    assert str(info.value) == "unknown status 'finished' (use one of new, in_progress, done)"
    assert project.annotators() == ["ana"]


def test_export_streams_one_document_at_a_time(project: Project) -> None:
    for n in range(30):
        project.add_span(project.add_document(f"Doc {n}."), "ana", 0, 3, "PER")
    statements: list[str] = []
    project.db.conn.set_trace_callback(statements.append)
    records = export_records(project)
    assert statements == []
    assert next(records).text == "Doc 0."
    started = len(statements)
    assert [r.text for r in records] == [f"Doc {n}." for n in range(1, 30)]
    # The queries started for the first record stream every other one: none per document.
    assert len(statements) == started <= 5
    project.db.conn.set_trace_callback(None)


def test_round_trip_through_jsonl_into_a_fresh_project(tmp_path: Path) -> None:
    source = Project.open(tmp_path / "a.annotator", create=True, schema=small_schema())
    expected: dict[str, list[tuple[int, int, str, str]]] = {}
    for number, text in enumerate(ADVERSARIAL):
        doc_id = source.add_document(text, title=f"doc {number}", meta={"n": number, "t": text})
        spans = []
        for start in range(len(text)):
            # A one-code-point span on every non-space, plus one over the whole text: every offset counts.
            if not text[start].isspace():
                source.add_span(doc_id, "ana", start, start + 1, "PER")
                spans.append((start, start + 1, "PER", "ana"))
        source.add_span(doc_id, "bob", 0, len(text), "ORG")
        spans.append((0, len(text), "ORG", "bob"))
        expected[text] = sorted(spans)
    out = tmp_path / "out.jsonl"
    write_jsonl(export_records(source), out)
    source.close()

    target = Project.open(tmp_path / "b.annotator", create=True, schema=small_schema())
    summary = import_records(target, read_jsonl(out), annotator="someone")
    assert summary.documents_added == len(ADVERSARIAL)
    assert summary.skipped == []
    got: dict[str, list[tuple[int, int, str, str]]] = {}
    for doc_id in target.document_ids():
        doc = target.document(doc_id)
        assert doc.meta == {"n": ADVERSARIAL.index(doc.text), "t": doc.text}
        got[doc.text] = sorted((s.start, s.end, s.label, s.annotator) for s in target.spans(doc_id))
    assert got == expected
    for record in read_jsonl(out):
        assert record.text in expected
        for entity in record.entities:
            assert record.text[entity.start : entity.end] == entity.text
    # Importing the same export again adds nothing.
    again = import_records(target, read_jsonl(out), annotator="someone")
    assert (again.documents_added, again.documents_matched, again.spans_added) == (0, len(ADVERSARIAL), 0)
    target.close()


def test_project_stats(project: Project) -> None:
    a = project.add_document("Alice and Acme.")
    project.add_document("Empty.")
    project.add_span(a, "ana", 0, 5, "PER")
    project.add_span(a, "ana", 10, 14, "ORG")
    project.add_span(a, "bob", 0, 5, "PER")
    project.annotator_id("idle")
    stats = project_stats(project)
    assert stats.lines() == [
        "Project: :memory:",
        "Documents: 2",
        "  New: 1",
        "  In progress: 1",
        "  Done: 0",
        "Spans: 3",
        "  PER: 2",
        "  ORG: 1",
        "Events: 0",
        "Annotators: 3",
        "  ana: 2 spans",
        "  bob: 1 span",
        "  idle: 0 spans",
    ]
    assert stats.to_dict() == {
        "project": ":memory:",
        "documents": 2,
        "by_status": {"new": 1, "in_progress": 1, "done": 0},
        "spans": 3,
        "by_label": {"PER": 2, "ORG": 1},
        "events": 0,
        "by_event_type": {},
        "by_annotator": {"ana": 2, "bob": 1, "idle": 0},
    }


# -- events -------------------------------------------------------------------------------------------


def event_schema() -> Schema:
    return parse_schema(
        {
            "name": "events",
            "entity_types": [{"name": "PER"}, {"name": "ORG"}, {"name": "GPE"}],
            "event_types": [
                {
                    "name": "Conflict:Attack",
                    "roles": [
                        {"name": "Attacker", "types": ["PER", "ORG"]},
                        {"name": "Target", "types": ["PER", "ORG", "GPE"]},
                        {"name": "Place", "types": ["GPE"], "cardinality": "?"},
                    ],
                },
                {"name": "Contact:Meet", "roles": [{"name": "Entity", "types": ["PER", "ORG"]}]},
            ],
        },
        "events",
    )


@pytest.fixture
def events_project() -> Iterator[Project]:
    p = Project.memory(event_schema())
    yield p
    p.close()


ATTACK_TEXT = "The SDF bombed Baghouz."


def attack(*arguments: tuple[str, str], ident: str = "E1", kind: str = "Conflict:Attack") -> EventRecord:
    return EventRecord(ident, kind, 8, 14, "bombed", tuple(ArgumentRecord(r, e) for r, e in arguments))


def event_state(project: Project) -> tuple[object, ...]:
    arguments = project.db.execute("SELECT count(*) FROM arguments").fetchone()[0]
    return (*state(project), project.event_count(), arguments)


def layer_events(project: Project, doc_id: int, annotator: str) -> list[tuple[object, ...]]:
    """The events of a layer with their fillers as (role, start, end, label), comparable across projects."""
    spans = {s.id: s for s in project.spans(doc_id, annotator)}
    return [
        (
            e.type,
            e.start,
            e.end,
            sorted(
                (a.role, spans[a.span_id].start, spans[a.span_id].end, spans[a.span_id].label)
                for a in e.arguments
            ),
        )
        for e in project.events(doc_id, annotator)
    ]


def test_import_adds_events_with_arguments_on_the_record_spans(events_project: Project) -> None:
    record = rec(
        ATTACK_TEXT,
        (4, 7, "ORG"),
        (15, 22, "GPE"),
        events=(attack(("Attacker", "T1"), ("Target", "T2"), ("Place", "T2")),),
        annotator="ana",
    )
    summary = import_records(events_project, [record], annotator="x")
    assert (summary.spans_added, summary.events_added, summary.events_present) == (2, 1, 0)
    assert summary.lines() == ["Imported 1 new document", "Added 2 spans", "Added 1 event"]
    (doc_id,) = events_project.document_ids()
    assert layer_events(events_project, doc_id, "ana") == [
        (
            "Conflict:Attack",
            8,
            14,
            [("Attacker", 4, 7, "ORG"), ("Place", 15, 22, "GPE"), ("Target", 15, 22, "GPE")],
        )
    ]
    (event,) = events_project.events(doc_id)
    assert event.annotator == "ana"
    assert [a.role for a in event.arguments] == ["Attacker", "Target", "Place"]


def test_arguments_point_at_spans_the_layer_already_had(events_project: Project) -> None:
    doc_id = events_project.add_document(ATTACK_TEXT)
    sdf = events_project.add_span(doc_id, "ana", 4, 7, "ORG")
    events_project.add_span(doc_id, "bob", 4, 7, "ORG")
    summary = import_records(
        events_project,
        [
            rec(
                ATTACK_TEXT,
                (4, 7, "ORG"),
                (4, 7, "ORG"),
                events=(attack(("Attacker", "T1"), ("Attacker", "T2")),),
            )
        ],
        annotator="ana",
    )
    assert (summary.spans_added, summary.spans_present, summary.events_added) == (0, 2, 1)
    (event,) = events_project.events(doc_id, "ana")
    # Both entities are the one span, so the two arguments are one.
    assert [(a.role, a.span_id) for a in event.arguments] == [("Attacker", sdf.id)]
    assert events_project.events(doc_id, "bob") == []


def test_reimporting_skips_events_the_layer_has(events_project: Project) -> None:
    record = rec(ATTACK_TEXT, (4, 7, "ORG"), events=(attack(("Attacker", "T1")),), annotator="ana")
    import_records(events_project, [record], annotator="x")
    again = import_records(
        events_project,
        [record, rec(ATTACK_TEXT, (4, 7, "ORG"), events=(attack(),), annotator="bob", line=2)],
        annotator="x",
    )
    assert (again.events_added, again.events_present, again.spans_added) == (1, 1, 1)
    assert again.lines() == [
        "Imported 0 new documents; 1 was already in the project",
        "Added 1 span",
        "Added 1 event",
        "Skipped: 1 span already in the project (not added again)",
        "Skipped: 1 event already in the project (not added again)",
    ]
    assert events_project.event_count() == 2


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            attack(kind="Conflict:Atack"),
            "in.jsonl:2: event E1 type 'Conflict:Atack' is not in the project schema "
            "(did you mean 'Conflict:Attack'?)",
        ),
        (attack(kind="Riot"), "in.jsonl:2: event E1 type 'Riot' is not in the project schema"),
        (
            attack(("Attacker", "T1"), ("Victim", "T1")),
            "in.jsonl:2: event E1: role 'Victim' is not a role of Conflict:Attack "
            "(roles: Attacker, Target, Place)",
        ),
        (
            attack(("Target", "T9")),
            "in.jsonl:2: event E1 argument Target names entity 'T9', which is not an entity of this record",
        ),
        (
            attack(("Target", "T1"), ("Target", "T1")),
            "in.jsonl:2: event E1 names entity T1 as Target twice",
        ),
        (
            EventRecord("E4", "Contact:Meet", 8, 14, "bomb"),
            "in.jsonl:2: event E4 trigger text 'bomb' does not match the document text 'bombed' at 8-14",
        ),
        (
            EventRecord("E5", "Contact:Meet", 20, 30),
            "in.jsonl:2: event E5 trigger offsets 20-30 are outside the text (length 23) or empty",
        ),
    ],
)
def test_bad_events_fail_and_change_nothing(
    events_project: Project, event: EventRecord, message: str
) -> None:
    import_records(events_project, [rec("Seed text.", (0, 4, "PER"))], annotator="ana")
    before = event_state(events_project)
    records = [
        rec("Other text met.", (0, 5, "PER"), events=(EventRecord("E1", "Contact:Meet", 11, 14, "met"),)),
        rec(ATTACK_TEXT, (4, 7, "ORG"), events=(event,), line=2),
    ]
    with pytest.raises(FormatError) as info:
        import_records(events_project, records, annotator="newbie")
    assert str(info.value) == message
    assert event_state(events_project) == before


def test_an_argument_naming_another_lines_entity_fails_in_the_reader(
    tmp_path: Path, events_project: Project
) -> None:
    path = tmp_path / "in.jsonl"
    first = {"text": "Alice met.", "entities": [{"start": 0, "end": 5, "label": "PER"}]}
    second = {
        "text": ATTACK_TEXT,
        "events": [
            {
                "type": "Conflict:Attack",
                "trigger": {"start": 8, "end": 14},
                "arguments": [{"role": "Target", "entity": "T1"}],
            }
        ],
    }
    path.write_text("".join(json.dumps(line) + "\n" for line in (first, second)), encoding="utf-8")
    with pytest.raises(FormatError) as info:
        import_records(events_project, read_jsonl(path), annotator="ana")
    assert str(info.value) == (
        f"{path}:2: 'events[0].arguments[0]' names entity 'T1', which is not an entity of this line"
    )
    assert event_state(events_project) == (0, 0, ["PER", "ORG", "GPE"], [], 0, 0)


def test_export_writes_events_with_entity_ids_of_the_same_record(events_project: Project) -> None:
    doc_id = events_project.add_document(ATTACK_TEXT)
    baghouz = events_project.add_span(doc_id, "ana", 15, 22, "GPE")
    sdf = events_project.add_span(doc_id, "ana", 4, 7, "ORG")
    the_sdf = events_project.add_span(doc_id, "ana", 0, 7, "ORG")
    meet = events_project.add_event(doc_id, "ana", "Contact:Meet", 0, 22)
    bombed = events_project.add_event(doc_id, "ana", "Conflict:Attack", 8, 14)
    events_project.add_argument(bombed.id, "Target", baghouz.id)
    events_project.add_argument(bombed.id, "Attacker", sdf.id)
    events_project.add_argument(meet.id, "Entity", the_sdf.id)
    events_project.add_event(doc_id, "bob", "Contact:Meet", 4, 7)  # a layer with events and no spans
    records = list(export_records(events_project))
    assert [r.annotator for r in records] == ["ana", "bob"]
    assert records[0].entities == (
        EntityRecord("T1", 0, 7, "ORG", "The SDF"),
        EntityRecord("T2", 4, 7, "ORG", "SDF"),
        EntityRecord("T3", 15, 22, "GPE", "Baghouz"),
    )
    assert records[0].events == (
        EventRecord("E1", "Contact:Meet", 0, 22, ATTACK_TEXT[:22], (ArgumentRecord("Entity", "T1"),)),
        EventRecord(
            "E2",
            "Conflict:Attack",
            8,
            14,
            "bombed",
            (ArgumentRecord("Target", "T3"), ArgumentRecord("Attacker", "T2")),
        ),
    )
    assert (records[1].entities, records[1].events) == ((), (EventRecord("E1", "Contact:Meet", 4, 7, "SDF"),))
    only_bob = list(export_records(events_project, annotator="bob"))
    assert [(r.annotator, len(r.entities), len(r.events)) for r in only_bob] == [("bob", 0, 1)]


def test_events_round_trip_through_jsonl_into_a_fresh_project(tmp_path: Path) -> None:
    source = Project.open(tmp_path / "a.annotator", create=True, schema=event_schema())
    expected: dict[str, dict[str, list[tuple[object, ...]]]] = {}
    for text in ADVERSARIAL:
        doc_id = source.add_document(text)
        whole = source.add_span(doc_id, "ana", 0, len(text), "ORG")
        # Nested spans: the whole text, every non-space code point, and the first two of them together.
        points = [p for p in range(len(text)) if not text[p].isspace()]
        singles = {p: source.add_span(doc_id, "ana", p, p + 1, "PER") for p in points}
        pair = source.add_span(doc_id, "ana", points[0], points[1] + 1, "GPE")
        for p in points[::2]:
            event = source.add_event(doc_id, "ana", "Conflict:Attack", p, p + 1)
            source.add_argument(event.id, "Attacker", whole.id)
            source.add_argument(event.id, "Target", singles[p].id)
            source.add_argument(event.id, "Place", pair.id)
        source.add_event(doc_id, "ana", "Contact:Meet", 0, len(text))
        bob = source.add_span(doc_id, "bob", 0, len(text), "PER")
        meet = source.add_event(doc_id, "bob", "Contact:Meet", points[-1], points[-1] + 1)
        source.add_argument(meet.id, "Entity", bob.id)
        expected[text] = {name: layer_events(source, doc_id, name) for name in ("ana", "bob")}
    out = tmp_path / "out.jsonl"
    write_jsonl(export_records(source), out)
    source.close()

    target = Project.open(tmp_path / "b.annotator", create=True, schema=event_schema())
    summary = import_records(target, read_jsonl(out), annotator="someone")
    assert summary.events_added == sum(
        len(layers["ana"]) + len(layers["bob"]) for layers in expected.values()
    )
    assert summary.skipped == []
    got = {
        target.document(doc_id).text: {name: layer_events(target, doc_id, name) for name in ("ana", "bob")}
        for doc_id in target.document_ids()
    }
    assert got == expected
    for record in read_jsonl(out):
        for written in record.events:
            assert record.text[written.trigger_start : written.trigger_end] == written.trigger_text
    again = tmp_path / "again.jsonl"
    write_jsonl(export_records(target), again)
    assert again.read_bytes() == out.read_bytes()
    repeat = import_records(target, read_jsonl(out), annotator="someone")
    assert (repeat.events_added, repeat.events_present) == (0, summary.events_added)
    target.close()


def test_project_stats_count_events_by_type(events_project: Project) -> None:
    doc_id = events_project.add_document(ATTACK_TEXT)
    events_project.add_event(doc_id, "ana", "Contact:Meet", 0, 3)
    events_project.add_event(doc_id, "ana", "Conflict:Attack", 8, 14)
    events_project.add_event(doc_id, "bob", "Conflict:Attack", 8, 14)
    stats = project_stats(events_project)
    assert (stats.events, stats.by_event_type) == (3, {"Conflict:Attack": 2, "Contact:Meet": 1})
    assert stats.lines()[5:9] == ["Spans: 0", "Events: 3", "  Conflict:Attack: 2", "  Contact:Meet: 1"]


def test_queued_rows_are_written_in_batches_and_read_back_when_a_text_comes_again(
    events_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("annotator.store.bulk.BulkWriter.batch_rows", 3)
    first = rec(
        ATTACK_TEXT,
        (4, 7, "ORG"),
        (15, 22, "GPE"),
        (4, 7, "ORG"),
        events=(attack(("Attacker", "T1"), ("Target", "T2"), ("Attacker", "T3")),),
        annotator="ana",
    )
    others = [rec(f"Filler {n} text.", (0, 6, "PER"), line=n + 2, annotator="ana") for n in range(5)]
    again = rec(
        ATTACK_TEXT,
        (4, 7, "ORG"),
        (0, 7, "ORG"),
        events=(
            attack(("Attacker", "T2")),
            EventRecord("E2", "Contact:Meet", 8, 14, "bombed", (ArgumentRecord("Entity", "T1"),)),
        ),
        annotator="ana",
        line=9,
    )
    summary = import_records(
        events_project,
        [first, *others, again, rec(ATTACK_TEXT, line=10, annotator="bob", status="done")],
        annotator="x",
    )
    assert summary.lines() == [
        "Imported 6 new documents",
        "Added 8 spans",
        "Added 2 events",
        "Skipped: 2 spans already in the project (not added again)",
        "Skipped: 1 event already in the project (not added again)",
    ]
    doc_id = events_project.find_document(ATTACK_TEXT)
    assert doc_id is not None
    assert events_project.document_status(doc_id) == "done"
    assert [(s.start, s.end, s.label) for s in events_project.spans(doc_id)] == [
        (0, 7, "ORG"),
        (4, 7, "ORG"),
        (15, 22, "GPE"),
    ]
    assert layer_events(events_project, doc_id, "ana") == [
        ("Conflict:Attack", 8, 14, [("Attacker", 4, 7, "ORG"), ("Target", 15, 22, "GPE")]),
        ("Contact:Meet", 8, 14, [("Entity", 4, 7, "ORG")]),
    ]
    # The ids are the ones SQLite would have given, one past the largest, in the order of the records.
    assert events_project.db.execute("SELECT min(id), max(id), count(*) FROM spans").fetchone() == (1, 8, 8)


def test_new_labels_put_an_adjudicated_document_back_in_review(project: Project) -> None:
    texts = ["Alice met Bob.", "Carol left.", "Dan stayed."]
    import_records(project, [rec(texts[0], (0, 5, "PER")), rec(texts[1], (0, 5, "PER"))], annotator="ana")
    for text in texts[:2]:
        doc_id = project.find_document(text)
        assert doc_id is not None
        project.set_review_status(doc_id, "adjudicated")
    again = [
        rec(texts[0], (10, 13, "PER"), annotator="carl"),  # new labels: something new to review
        rec(texts[1], (0, 5, "PER"), annotator="ana"),  # the labels it had: nothing new
        rec(texts[2], (0, 3, "PER"), annotator="carl"),
    ]
    summary = import_records(project, again, annotator="x")
    assert summary.reopened == 1
    assert "Back in review: 1 adjudicated document with new labels" in summary.lines()
    assert [project.review_status(project.find_document(t) or 0) for t in texts] == [
        "in_review",
        "adjudicated",
        "unreviewed",
    ]

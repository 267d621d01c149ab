"""Streaming export: export_jsonl writes exactly what write_jsonl(export_records(...)) writes."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.formats.jsonl import write_jsonl
from annotator.formats.jsonl_export import export_jsonl
from annotator.model.errors import ProjectError
from annotator.model.schema import Schema, parse_schema
from annotator.store.project import Project
from annotator.store.transfer import export_records
from tests.conftest import ADVERSARIAL_TEXTS


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
                        {"name": "Target", "types": ["PER", "ORG", "GPE"]},
                    ],
                },
                {"name": "Contact:Meet", "roles": [{"name": "Entity", "types": ["PER", "ORG"]}]},
            ],
        },
        "events",
    )


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """Adversarial texts, titles and metadata; nested and repeated spans; events; several layers."""
    p = Project.open(tmp_path / "p.annotator", create=True, schema=event_schema())
    statuses = ["new", "in_progress", "done"]
    for number, (name, text) in enumerate(ADVERSARIAL_TEXTS.items()):
        doc_id = p.add_document(
            text,
            title=f"{name}\u2028title\x85",
            meta={"n": number, "text": text, "nested": {"list": [1.5, None, True, "\u2029"]}},
            ext_id=f"ext-{name}",
        )
        p.set_status(doc_id, statuses[number % 3])
        if number % 4 == 3:
            continue  # no labels at all: one record with annotator None
        points = [i for i, ch in enumerate(text) if not ch.isspace()]
        whole = p.add_span(doc_id, "ana", 0, len(text), "ORG")
        singles = [p.add_span(doc_id, "ana", i, i + 1, "PER") for i in points[:6]]
        p.add_span(doc_id, "ana", points[0], points[0] + 1, "PER")  # the same span twice in one layer
        p.add_span(doc_id, "Zoë", points[1], points[3] + 1, "GPE")
        attack = p.add_event(doc_id, "ana", "Conflict:Attack", points[2], points[2] + 1)
        p.add_argument(attack.id, "Attacker", whole.id)
        p.add_argument(attack.id, "Target", singles[1].id)
        p.add_argument(attack.id, "Target", singles[3].id)
        p.add_event(doc_id, "ana", "Contact:Meet", 0, len(text))
        if number % 2:
            p.add_event(doc_id, "bob", "Contact:Meet", points[0], points[0] + 1)  # events, no spans
    # A document written by another tool, with no ext_id at all.
    p.db.execute("UPDATE documents SET ext_id = NULL WHERE id = 2")
    yield p
    p.close()


def record_bytes(project: Project, **filters: str) -> bytes:
    stream = io.StringIO(newline="")
    write_jsonl(export_records(project, **filters), stream)
    return stream.getvalue().encode("utf-8")


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"annotator": "ana"},
        {"annotator": "bob"},
        {"status": "done"},
        {"annotator": "Zoë", "status": "new"},
    ],
)
def test_export_jsonl_writes_the_bytes_of_the_records(
    project: Project, tmp_path: Path, filters: dict[str, str]
) -> None:
    expected = record_bytes(project, **filters)
    out = tmp_path / "out.jsonl"
    counts = export_jsonl(project, out, **filters)
    assert out.read_bytes() == expected
    lines = [json.loads(line) for line in expected.decode("utf-8").split("\n")[:-1]]
    assert counts.lines == len(lines)
    assert counts.documents == len({line["text"] for line in lines})
    assert counts.spans == sum(len(line["entities"]) for line in lines)
    assert counts.events == sum(len(line["events"]) for line in lines)
    stream = io.StringIO(newline="")
    assert export_jsonl(project, stream, **filters) == counts
    assert stream.getvalue().encode("utf-8") == expected


def test_the_adversarial_export_covers_what_it_should(project: Project) -> None:
    lines = [json.loads(line) for line in record_bytes(project).decode("utf-8").splitlines()]
    # 9 labelled documents with ana's and Zoë's layers, bob's on 3 of them, 3 without labels.
    assert len(lines) == 9 * 2 + 3 + 3
    assert {line["annotator"] for line in lines} == {None, "ana", "bob", "Zoë"}
    assert any(line["id"] is None for line in lines)
    ana = next(line for line in lines if line["annotator"] == "ana")
    # Reading order: the whole text (T1), the span on the first character twice (T2, T3), then one a
    # character; the Meet over the whole text comes before the Attack.
    assert [e["type"] for e in ana["events"]] == ["Contact:Meet", "Conflict:Attack"]
    assert [(a["role"], a["entity"]) for a in ana["events"][1]["arguments"]] == [
        ("Attacker", "T1"),
        ("Target", "T4"),
        ("Target", "T6"),
    ]
    assert "\u2028" not in record_bytes(project).decode("utf-8")  # escaped: one line per record


def test_bad_filters_fail_before_the_file_is_made(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with pytest.raises(ProjectError) as info:
        export_jsonl(project, out, annotator="nobody")
    assert str(info.value) == "no annotator 'nobody' in the project (annotators: Zoë, ana, bob)"
    with pytest.raises(ProjectError) as info:
        export_jsonl(project, out, status="finished")
    assert str(info.value) == "unknown status 'finished' (use one of new, in_progress, done)"
    assert not out.exists()


def test_an_argument_outside_its_layer_fails_both_ways(project: Project, tmp_path: Path) -> None:
    zoe_span = project.db.execute(
        "SELECT s.id FROM spans s JOIN annotators a ON a.id = s.annotator_id WHERE a.name = 'Zoë' LIMIT 1"
    ).fetchone()[0]
    argument_id, event_id = project.db.execute("SELECT id, event_id FROM arguments LIMIT 1").fetchone()
    project.db.execute("UPDATE arguments SET span_id = ? WHERE id = ?", [zoe_span, argument_id])
    message = (
        f"{project.path}: event {event_id} has an argument (Attacker) that points at span {zoe_span}, "
        "which is not in its layer"
    )
    with pytest.raises(ProjectError) as info:
        list(export_records(project))
    assert str(info.value) == message
    with pytest.raises(ProjectError) as info:
        export_jsonl(project, io.StringIO())
    assert str(info.value) == message


def test_an_export_left_unfinished_lets_go_of_the_file(project: Project, tmp_path: Path) -> None:
    records = export_records(project)
    next(records)
    records.close()
    project.add_document("Written after the export stopped.")
    unfinished = export_records(project)
    next(unfinished)
    project.close()
    unfinished.close()  # the project is closed already: nothing left to release, and no error

"""Label Studio JSON: tasks and annotation layers, UTF-16 offsets, exact writing, strict messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.formats.label_studio import read_label_studio, write_label_studio
from annotator.formats.report import FormatReport, Skipped
from annotator.formats.utf16 import Utf16Offsets
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord, EntityRecord, EventRecord
from tests.unit.format_samples import ADVERSARIAL, nested_entities


def span(ident: str, start: object, end: object, text: str, label: str) -> dict[str, Any]:
    return {
        "id": ident,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }


def dump(path: Path, tasks: object) -> Path:
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def test_utf16_offsets() -> None:
    offsets = Utf16Offsets("a😀b𝐀c")
    assert [offsets.to_units(i) for i in range(6)] == [0, 1, 3, 4, 6, 7]
    assert [offsets.to_points(u) for u in range(8)] == [0, 1, None, 2, 3, None, 4, 5]
    assert offsets.units == 7


def test_read_annotations_as_layers(tmp_path: Path) -> None:
    text = "😀 Alice met Bob"
    path = dump(
        tmp_path / "ls.json",
        [
            {
                "id": 3,
                "data": {"text": text, "source": "afp"},
                "annotations": [
                    {"id": 1, "completed_by": 7, "result": [span("a", 3, 8, "Alice", "PER")]},
                    {
                        "id": 2,
                        "completed_by": {"id": 2, "email": "ana@example.org"},
                        "result": [
                            span("b", 13, 16, "Bob", "PER"),
                            {"id": "r", "type": "relation", "from_id": "a", "to_id": "b"},
                            {"id": "c", "type": "choices", "value": {"choices": ["ok"]}},
                        ],
                    },
                ],
                "predictions": [{"result": []}],
            }
        ],
    )
    report = FormatReport()
    first, second = read_label_studio(path, report)
    base: dict[str, Any] = {
        "text": text,
        "ext_id": "3",
        "meta": {"source": "afp"},
        "source": f"{path}: task 1",
    }
    assert first == DocumentRecord(**base, annotator="7", entities=(EntityRecord("a", 2, 7, "PER", "Alice"),))
    assert second == DocumentRecord(
        **base, annotator="ana@example.org", entities=(EntityRecord("b", 12, 15, "PER", "Bob"),)
    )
    where = f"{path}: task 1"
    assert report.skipped == [
        Skipped("predictions", "model predictions are not imported", where),
        Skipped("relation result", "only 'labels' results are imported", where),
        Skipped("choices result", "only 'labels' results are imported", where),
    ]
    assert (report.documents, report.spans) == (2, 2)


def test_read_other_text_key_and_no_annotations(tmp_path: Path) -> None:
    path = dump(tmp_path / "ls.json", [{"id": 1, "data": {"article": "Alice", "n": 2}}])
    (record,) = read_label_studio(path)
    assert (record.text, record.meta, record.annotator, record.entities) == ("Alice", {"n": 2}, None, ())


def test_read_several_labels_and_cancelled(tmp_path: Path) -> None:
    result = span("x", 0, 5, "Alice", "PER")
    result["value"]["labels"] = ["PER", "ORG"]
    path = dump(
        tmp_path / "ls.json",
        [
            {
                "data": {"text": "Alice"},
                "annotations": [
                    {"completed_by": "bo", "result": [result]},
                    {"completed_by": "cy", "was_cancelled": True, "result": []},
                ],
            }
        ],
    )
    report = FormatReport()
    (record,) = read_label_studio(path, report)
    assert record.entities == (
        EntityRecord("x", 0, 5, "PER", "Alice"),
        EntityRecord("x:2", 0, 5, "ORG", "Alice"),
    )
    assert report.skipped == [Skipped("annotation", "cancelled (skipped) in Label Studio", f"{path}: task 1")]


def test_write_exact_with_emoji_before_span(tmp_path: Path) -> None:
    text = "😀 Alice met Bob"
    records = [
        DocumentRecord(
            text=text, ext_id="afp-1", annotator="ana", entities=(EntityRecord("T1", 2, 7, "PER"),)
        ),
        DocumentRecord(
            text=text, ext_id="afp-1", annotator="bo", entities=(EntityRecord("T1", 12, 15, "PER"),)
        ),
        DocumentRecord(text="Other", status="done", events=(EventRecord("E1", "Move", 0, 5),)),
    ]
    path = tmp_path / "ls.json"
    report = write_label_studio(records, path)
    assert json.loads(path.read_text(encoding="utf-8")) == [
        {
            "id": 1,
            "data": {"text": text, "ext_id": "afp-1"},
            "annotations": [
                {"id": 1, "created_username": "ana", "result": [span("T1", 3, 8, "Alice", "PER")]},
                {"id": 2, "created_username": "bo", "result": [span("T1", 13, 16, "Bob", "PER")]},
            ],
            "predictions": [],
        },
        {"id": 2, "data": {"text": "Other"}, "annotations": [], "predictions": []},
    ]
    assert report.skipped == [
        Skipped("status", "Label Studio tasks have no document status", "<records>"),
        Skipped("event", "events are not exported to Label Studio", "<records>"),
    ]
    assert (report.documents, report.spans) == (2, 2)


def test_write_makes_result_ids_unique(tmp_path: Path) -> None:
    record = DocumentRecord(
        text="Alice", entities=(EntityRecord("T", 0, 5, "PER"), EntityRecord("T", 0, 2, "X"))
    )
    path = tmp_path / "ls.json"
    write_label_studio([record], path)
    (task,) = json.loads(path.read_text(encoding="utf-8"))
    assert [r["id"] for r in task["annotations"][0]["result"]] == ["T", "T:2"]


def test_round_trip_adversarial(tmp_path: Path) -> None:
    entities = nested_entities(ADVERSARIAL)
    records = [
        DocumentRecord(
            text=ADVERSARIAL, title="T", ext_id="x-1", meta={"k": [1]}, annotator="ana", entities=entities
        ),
        DocumentRecord(
            text=ADVERSARIAL, title="T", ext_id="x-1", meta={"k": [1]}, annotator="bo", entities=entities[:3]
        ),
    ]
    path = tmp_path / "ls.json"
    report = write_label_studio(records, path)
    assert report.skipped == []
    back = list(read_label_studio(path))
    assert [(r.text, r.title, r.ext_id, r.meta, r.annotator) for r in back] == [
        (ADVERSARIAL, "T", "x-1", {"k": [1]}, "ana"),
        (ADVERSARIAL, "T", "x-1", {"k": [1]}, "bo"),
    ]
    for got, want in zip(back, records, strict=True):
        assert [(e.id, e.start, e.end, e.label, e.text) for e in got.entities] == [
            (e.id, e.start, e.end, e.label, ADVERSARIAL[e.start : e.end]) for e in want.entities
        ]
    # The file's offsets are UTF-16 units: JavaScript's slice of the UTF-16 text gives each span's text.
    units = ADVERSARIAL.encode("utf-16-le")
    for result in json.loads(path.read_text(encoding="utf-8"))[0]["annotations"][0]["result"]:
        value = result["value"]
        assert units[2 * value["start"] : 2 * value["end"]].decode("utf-16-le") == value["text"]


def task(text: str, result: list[Any]) -> dict[str, Any]:
    return {"id": 1, "data": {"text": text}, "annotations": [{"result": result}]}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            task("😀 Al", [span("a", 1, 4, "x", "PER")]),
            "'annotations[0].result[0]' offset 1 splits a surrogate pair (UTF-16 units)",
        ),
        (
            task("😀 Al", [span("a", 2, 9, "x", "PER")]),
            "'annotations[0].result[0]' offsets 2-9 are outside the text (length 5 in UTF-16 units)",
        ),
        (
            task("😀 Al", [span("a", 3, 3, "", "PER")]),
            "'annotations[0].result[0]' start 3 is not before end 3",
        ),
        (
            task("😀 Al", [span("a", 3, 5, " Al", "PER")]),
            "'annotations[0].result[0]' text ' Al' does not match the document text 'Al' "
            "at 3-5 (UTF-16 units)",
        ),
        (
            task("Al", [span("a", "0", 2, "Al", "PER")]),
            "'annotations[0].result[0].value.start' must be an integer, got string",
        ),
        (
            task("Al", [span("a", 0, 2, "Al", "")]),
            "'annotations[0].result[0].value.labels[0]' must be a non-empty string",
        ),
        (
            task("Al", [span("a", 0, 1, "A", "X"), span("a", 0, 2, "Al", "Y")]),
            "'annotations[0].result[1]' repeats the result id 'a'",
        ),
        (
            {"data": {"a": "x", "b": "y"}},
            "'data' has no 'text' field and not exactly one string field (found 2 (a, b))",
        ),
        ({"data": {"text": 3}}, "'data.text' must be a string, got number"),
        ({"data": "Al"}, "'data' must be an object, got string"),
        (
            {"data": {"text": "Al"}, "annotations": [{"completed_by": [1]}]},
            "'annotations[0].completed_by' must be a string, a number or a user object, got array",
        ),
        ("Al", "expected a JSON object, got string"),
    ],
)
def test_errors_name_file_and_task(tmp_path: Path, bad: object, message: str) -> None:
    path = tmp_path / "ls.json"
    path.write_text(
        json.dumps([{"data": {"text": "fine"}}, {"data": {"text": "fine"}}, bad]), encoding="utf-8"
    )
    with pytest.raises(FormatError) as info:
        list(read_label_studio(path))
    assert str(info.value) == f"{path}: task 3: {message}"


def test_invalid_json_and_top_level(tmp_path: Path) -> None:
    path = tmp_path / "ls.json"
    path.write_text('[\n {"data": }\n]', encoding="utf-8")
    with pytest.raises(FormatError) as info:
        list(read_label_studio(path))
    assert str(info.value) == f"{path}: invalid JSON at line 2 column 11: Expecting value"
    path.write_text("3", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        list(read_label_studio(path))
    assert str(info.value) == f"{path}: expected a JSON array of tasks, got number"


def test_the_annotator_travels_as_created_username(tmp_path: Path) -> None:
    # Label Studio's import refuses a completed_by that is not a user id or a member's email, and
    # ignores created_username; its own exports write "email, id" there beside the numeric completed_by.
    path = tmp_path / "ls.json"
    path.write_text(
        json.dumps(
            [
                {
                    "data": {"text": "Alice left"},
                    "annotations": [
                        {"completed_by": 7, "created_username": "ana@example.org, 7", "result": []},
                        {"completed_by": 8, "result": []},
                        {"created_username": "bo", "result": []},
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    assert [r.annotator for r in read_label_studio(path)] == ["ana@example.org", "8", "bo"]
    out = tmp_path / "out.json"
    write_label_studio(list(read_label_studio(path)), out)
    written = json.loads(out.read_text(encoding="utf-8"))[0]["annotations"]
    assert [a.get("completed_by") for a in written] == [None, None, None]
    assert [r.annotator for r in read_label_studio(out)] == ["ana@example.org", "8", "bo"]

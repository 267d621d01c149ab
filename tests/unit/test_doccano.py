"""doccano JSONL: both forms read, exact writing, strict messages, adversarial round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.formats.doccano import read_doccano, write_doccano
from annotator.formats.report import FormatReport, Skipped
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord, EntityRecord, EventRecord
from tests.unit.format_samples import ADVERSARIAL, nested_entities


def write_lines(path: Path, *objects: object) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")
    return path


def test_read_label_form(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "d.jsonl",
        {"id": 4, "text": "Alice met Bob", "label": [[0, 5, "PER"], [10, 13, "PER"]], "source": "afp"},
    )
    (record,) = read_doccano(path)
    assert record == DocumentRecord(
        text="Alice met Bob",
        ext_id="4",
        meta={"source": "afp"},
        entities=(EntityRecord("T1", 0, 5, "PER", "Alice"), EntityRecord("T2", 10, 13, "PER", "Bob")),
        line=1,
        source=str(path),
    )


def test_read_labels_key_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('\n{"text": "Alice", "labels": [[0, 5, "PER"]]}\n\n', encoding="utf-8")
    (record,) = read_doccano(path)
    assert record.entities == (EntityRecord("T1", 0, 5, "PER", "Alice"),)
    assert record.line == 2


def test_read_entities_form_reports_relations(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "d.jsonl",
        {
            "id": 1,
            "text": "Alice met Bob",
            "entities": [
                {"id": 7, "start_offset": 0, "end_offset": 5, "label": "PER"},
                {"id": 8, "start_offset": 10, "end_offset": 13, "label": "PER"},
            ],
            "relations": [{"id": 1, "from_id": 7, "to_id": 8, "type": "meets"}],
            "Comments": [],
        },
    )
    report = FormatReport()
    (record,) = read_doccano(path, report)
    assert record.entities == (
        EntityRecord("7", 0, 5, "PER", "Alice"),
        EntityRecord("8", 10, 13, "PER", "Bob"),
    )
    assert record.meta == {"Comments": []}
    assert report.skipped == [
        Skipped("relation", "relations are not part of the annotation model", f"{path}:1")
    ]
    assert report.lines() == [
        "1 document, 2 spans, 0 events",
        "Skipped 1 relation: relations are not part of the annotation model",
    ]


def test_offsets_are_utf16_units_as_doccano_counts(tmp_path: Path) -> None:
    # The example of doccano issue 2290: doccano labels "firetrucks" 22-32, Python slices it at 19-29.
    text = "👨🏻\u200d🚒 firemen drive firetrucks"
    path = write_lines(tmp_path / "d.jsonl", {"text": text, "label": [[22, 32, "VEH"]]})
    (record,) = read_doccano(path)
    entity = record.entities[0]
    assert (entity.start, entity.end, entity.text) == (19, 29, "firetrucks")
    assert text[entity.start : entity.end] == "firetrucks"
    out = tmp_path / "out.jsonl"
    write_doccano([record], out)
    assert json.loads(out.read_text(encoding="utf-8"))["label"] == [[22, 32, "VEH"]]


def test_an_offset_inside_a_surrogate_pair_is_an_error(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "d.jsonl", {"text": "😀 Alice", "label": [[1, 8, "PER"]]})
    with pytest.raises(FormatError) as info:
        list(read_doccano(path))
    assert str(info.value) == f"{path}:1: 'label[0]' offset 1 splits a surrogate pair (UTF-16 units)"


RECORD = DocumentRecord(
    text="Alice met Bob",
    title="Meeting",
    ext_id="12",
    meta={"source": "afp"},
    entities=(EntityRecord("T1", 0, 5, "PER"), EntityRecord("T2", 10, 13, "PER")),
)


def test_write_label_form_exact(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    report = write_doccano([RECORD], path)
    assert path.read_text(encoding="utf-8") == (
        '{"id": 12, "text": "Alice met Bob", "title": "Meeting", '
        '"label": [[0, 5, "PER"], [10, 13, "PER"]], "source": "afp"}\n'
    )
    assert report == FormatReport(documents=1, spans=2)


def test_write_entities_form_exact(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    write_doccano([RECORD], path, form="entities")
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "id": 12,
        "text": "Alice met Bob",
        "title": "Meeting",
        "entities": [
            {"id": "T1", "start_offset": 0, "end_offset": 5, "label": "PER"},
            {"id": "T2", "start_offset": 10, "end_offset": 13, "label": "PER"},
        ],
        "relations": [],
        "source": "afp",
    }


def test_write_reports_events_and_unheld_fields(tmp_path: Path) -> None:
    record = DocumentRecord(
        text="Alice fled",
        ext_id="a1",
        meta={"label": "x"},
        status="done",
        annotator="ana",
        entities=(EntityRecord("T1", 0, 5, "PER"),),
        events=(EventRecord("E1", "Move", 6, 10),),
    )
    report = write_doccano([record], tmp_path / "out.jsonl")
    assert report.skipped == [
        Skipped("meta field 'label'", "doccano uses this key itself", "a1"),
        Skipped("status", "doccano JSONL has no document status", "a1"),
        Skipped("annotator", "doccano JSONL has no annotator field", "a1"),
        Skipped("event", "events are not exported to doccano", "a1"),
    ]
    assert report.events == 0


def test_write_keeps_ids_that_are_not_plain_numbers(tmp_path: Path) -> None:
    record = DocumentRecord(text="Alice", ext_id="012", entities=(EntityRecord("07", 0, 5, "PER"),))
    path = tmp_path / "out.jsonl"
    write_doccano([record], path, form="entities")
    assert json.loads(path.read_text(encoding="utf-8"))["id"] == "012"
    (back,) = read_doccano(path)
    assert (back.ext_id, back.entities[0].id) == ("012", "07")


def test_write_unknown_form(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown doccano form 'spans'"):
        write_doccano([RECORD], tmp_path / "out.jsonl", form="spans")  # type: ignore[arg-type]


@pytest.mark.parametrize("form", ["label", "entities"])
def test_round_trip_adversarial(tmp_path: Path, form: str) -> None:
    record = DocumentRecord(
        text=ADVERSARIAL,
        title="T",
        ext_id="x-1",
        meta={"k": [1, {"a": None}]},
        entities=nested_entities(ADVERSARIAL),
    )
    path = tmp_path / "out.jsonl"
    write_doccano([record, record], path, form=form)  # type: ignore[arg-type]
    back = list(read_doccano(path))
    assert len(back) == 2
    for number, got in enumerate(back, 1):
        assert got.text == ADVERSARIAL
        assert (got.title, got.ext_id, got.meta) == ("T", "x-1", {"k": [1, {"a": None}]})
        assert [(e.start, e.end, e.label, e.text) for e in got.entities] == [
            (e.start, e.end, e.label, e.text) for e in record.entities
        ]
        assert got.line == number


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"text": "Alice", "label": [[0, 9, "PER"]]}',
            "'label[0]' offsets 0-9 are outside the text (length 5 in UTF-16 units)",
        ),
        ('{"text": "Alice", "label": [[3, 3, "PER"]]}', "'label[0]' start 3 is not before end 3"),
        (
            '{"text": "Alice", "label": [[-1, 2, "PER"]]}',
            "'label[0]' offsets -1-2 are outside the text (length 5 in UTF-16 units)",
        ),
        ('{"text": "Alice", "label": [["0", 5, "PER"]]}', "'label[0]' start must be an integer, got string"),
        ('{"text": "Alice", "label": [[0, 5, 3]]}', "'label[0]' label must be a string, got number"),
        (
            '{"text": "Alice", "label": [[0, 5]]}',
            "'label[0]' must be an array [start, end, label], got 2 items",
        ),
        ('{"text": "Alice", "label": {}}', "'label' must be an array, got object"),
        (
            '{"text": "Alice", "labels": [[0, true, "PER"]]}',
            "'labels[0]' end must be an integer, got boolean",
        ),
        ('{"text": "Alice", "label": [], "entities": []}', "both 'label' and 'entities' are given (use one)"),
        (
            '{"text": "Alice", "entities": [{"start_offset": 0, "end_offset": 5, "label": "PER", "x": 1}]}',
            "unknown field 'x' in 'entities[0]' (expected id, start_offset, end_offset, label)",
        ),
        (
            '{"text": "Alice", "entities": [{"start_offset": 0, "label": "PER"}]}',
            "'entities[0]' end must be an integer, got null",
        ),
        (
            '{"text": "Alice", "entities": [{"id": 1, "start_offset": 0, "end_offset": 2, "label": "A"},'
            ' {"id": 1, "start_offset": 2, "end_offset": 5, "label": "A"}]}',
            "'entities[1]' repeats the entity id '1'",
        ),
        ('{"text": "Alice", "relations": {}}', "'relations' must be an array, got object"),
        ('{"text": 5}', "'text' must be a string, got number"),
        ('{"label": []}', "expected a 'text' field"),
        ('{"text": "Alice", "id": [1]}', "'id' must be an integer or a string, got array"),
        ("[1]", "expected a JSON object, got array"),
        (
            '{"text": "Alice",}',
            "invalid JSON at column 18: Expecting property name enclosed in double quotes",
        ),
        ('{"text": "a", "text": "b"}', "the field 'text' appears twice"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        list(read_doccano(path))
    assert str(info.value) == f"{path}:2: {message}"


def test_reading_is_streaming(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "fine"}\nnot json\n', encoding="utf-8")
    records = read_doccano(path)
    assert next(records).text == "fine"
    with pytest.raises(FormatError, match=r":2: invalid JSON at column 1"):
        next(records)

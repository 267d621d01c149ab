"""spaCy/Prodigy JSONL: exact writing, token checks, answers, strict messages, adversarial round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats import detect_format
from annotator.formats.report import FormatReport, Skipped
from annotator.formats.spacy_jsonl import read_spacy, write_spacy
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord, EntityRecord, EventRecord
from annotator.store.project import Project
from tests.unit.cli_helpers import baghouz_project
from tests.unit.format_samples import ADVERSARIAL, nested_entities


def write_lines(path: Path, *objects: object) -> Path:
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")
    return path


RECORD = DocumentRecord(
    text="Alice Smith met Bob.",
    title="Meeting",
    ext_id="d1",
    meta={"source": "afp"},
    annotator="ana",
    entities=(EntityRecord("T1", 0, 11, "PER"), EntityRecord("T2", 16, 19, "PER")),
)


def test_write_exact(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    report = write_spacy([RECORD], path)
    assert path.read_text(encoding="utf-8") == (
        '{"text": "Alice Smith met Bob.", "meta": {"id": "d1", "title": "Meeting", "source": "afp"}, '
        '"tokens": [{"text": "Alice", "start": 0, "end": 5, "id": 0, "ws": true}, '
        '{"text": "Smith", "start": 6, "end": 11, "id": 1, "ws": true}, '
        '{"text": "met", "start": 12, "end": 15, "id": 2, "ws": true}, '
        '{"text": "Bob", "start": 16, "end": 19, "id": 3, "ws": false}, '
        '{"text": ".", "start": 19, "end": 20, "id": 4, "ws": false}], '
        '"spans": [{"start": 0, "end": 11, "label": "PER", "token_start": 0, "token_end": 1}, '
        '{"start": 16, "end": 19, "label": "PER", "token_start": 3, "token_end": 3}], '
        '"answer": "accept", "_annotator_id": "ana"}\n'
    )
    assert report == FormatReport(documents=1, spans=2)


def test_round_trip_keeps_everything_the_format_holds(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    write_spacy([RECORD, RECORD], path)
    report = FormatReport()
    back = list(read_spacy(path, report))
    assert back == [
        DocumentRecord(
            text=RECORD.text,
            title="Meeting",
            ext_id="d1",
            meta={"source": "afp"},
            annotator="ana",
            entities=(
                EntityRecord("T1", 0, 11, "PER", "Alice Smith"),
                EntityRecord("T2", 16, 19, "PER", "Bob"),
            ),
            line=number,
            source=str(path),
        )
        for number in (1, 2)
    ]
    assert report == FormatReport(documents=2, spans=4)


def test_round_trip_adversarial_keeps_offsets_of_spans_off_the_tokens(tmp_path: Path) -> None:
    entities = nested_entities(ADVERSARIAL)
    record = DocumentRecord(ADVERSARIAL, ext_id="x-1", entities=entities)
    path = tmp_path / "out.jsonl"
    report = write_spacy([record], path)
    # The CRLF holds no token, and the outer ORG span ends on the space before "bold".
    assert report.skipped == [
        Skipped(
            "token range",
            "PER '\\r\\n' at 49-51 does not align with tokens (it covers only spaces); "
            "the span keeps its offsets without token_start/token_end",
            "x-1",
        ),
        Skipped(
            "token range",
            "ORG 'flag 🇸🇾 family 👨\\u200d👩\\u200d👧 ' at 5-26 does not align with tokens (the nearest "
            "tokens are 'flag' '🇸🇾' 'family' '👨\\u200d👩\\u200d👧'); the span keeps its offsets without "
            "token_start/token_end",
            "x-1",
        ),
    ]
    assert report.spans == len(entities)
    raw = path.read_bytes()
    assert b"\\r\\n" in raw
    assert b"\r" not in raw
    task = json.loads(raw)
    assert [(t["text"], t["start"], t["end"]) for t in task["tokens"]][8:] == [
        ("cafe\u0301", 33, 38),
        ("مصطفى", 39, 44),
        ("بالي", 45, 49),
        ("end", 51, 54),
    ]
    assert task["spans"][-1] == {"start": 39, "end": 54, "label": "LOC", "token_start": 9, "token_end": 11}
    (back,) = read_spacy(path)
    assert back.text == ADVERSARIAL
    assert [(e.start, e.end, e.label, e.text) for e in back.entities] == [
        (e.start, e.end, e.label, e.text) for e in entities
    ]


def test_write_reports_what_it_cannot_hold(tmp_path: Path) -> None:
    record = DocumentRecord(
        text="Alice fled",
        ext_id="a1",
        meta={"title": "clash"},
        status="done",
        entities=(EntityRecord("T1", 0, 5, "PER"),),
        events=(EventRecord("E1", "Move", 6, 10),),
    )
    report = write_spacy([record], tmp_path / "out.jsonl")
    assert report.skipped == [
        Skipped("meta field 'title'", "Prodigy meta holds the document's own id and title here", "a1"),
        Skipped("status", "Prodigy tasks have no document status", "a1"),
        Skipped("event", "spaCy/Prodigy spans cannot hold events", "a1 (E1)"),
    ]
    assert report.events == 0


def test_spacy_builds_the_same_spans_from_our_tokens(tmp_path: Path) -> None:
    """What Prodigy's data-to-spacy does with a task: a Doc from tokens and ws, spans from token indices."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    path = tmp_path / "out.jsonl"
    write_spacy([RECORD], path)
    task = json.loads(path.read_text(encoding="utf-8"))
    doc = Doc(Vocab(), words=[t["text"] for t in task["tokens"]], spaces=[t["ws"] for t in task["tokens"]])
    assert doc.text == RECORD.text
    for span in task["spans"]:
        made = doc[span["token_start"] : span["token_end"] + 1]
        assert (made.start_char, made.end_char) == (span["start"], span["end"])
        assert doc.char_span(span["start"], span["end"]) == made


def test_read_without_tokens_with_meta_and_prodigy_fields(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "in.jsonl",
        {
            "text": "😀 Alice",
            "meta": {"id": 7, "source": "afp"},
            "spans": [{"start": 2, "end": 7, "label": "PER", "text": "Alice", "source": "ner.manual"}],
            "_input_hash": 1,
            "_task_hash": 2,
            "_view_id": "ner_manual",
            "_annotator_id": "news-bob",
            "feed": "rss",
            "title": "Top",
        },
    )
    (record,) = read_spacy(path)
    assert record == DocumentRecord(
        text="😀 Alice",
        ext_id="7",
        title="Top",
        meta={"source": "afp", "feed": "rss"},
        annotator="news-bob",
        entities=(EntityRecord("T1", 2, 7, "PER", "Alice"),),
        line=1,
        source=str(path),
    )


def test_rejected_and_ignored_tasks_and_spans_are_reported(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "in.jsonl",
        {"text": "Alice", "spans": [{"start": 0, "end": 5, "label": "PER"}], "answer": "reject"},
        {"text": "Bob", "answer": "ignore"},
        {
            "text": "Carol and Dan",
            "spans": [
                {"start": 0, "end": 5, "label": "PER", "answer": "reject"},
                {"start": 10, "end": 13, "label": "PER", "answer": "accept"},
            ],
            "relations": [{"head": 0, "child": 2, "label": "KNOWS"}],
            "answer": "accept",
        },
    )
    report = FormatReport()
    (record,) = read_spacy(path, report)
    assert [(e.id, e.text) for e in record.entities] == [("T1", "Dan")]
    assert report.skipped == [
        Skipped("document", "the answer is 'reject'; only accepted tasks are imported", f"{path}:1"),
        Skipped("document", "the answer is 'ignore'; only accepted tasks are imported", f"{path}:2"),
        Skipped("span", "PER 'Carol' at 0-5: the span's answer is 'reject'", f"{path}:3"),
        Skipped("relation", "relations are not part of the annotation model", f"{path}:3"),
    ]
    assert report.lines() == [
        "1 document, 1 span, 0 events",
        "Skipped 1 document: the answer is 'reject'; only accepted tasks are imported",
        "Skipped 1 document: the answer is 'ignore'; only accepted tasks are imported",
        "Skipped 1 span: PER 'Carol' at 0-5: the span's answer is 'reject'",
        "Skipped 1 relation: relations are not part of the annotation model",
    ]


TOKENS = [
    {"text": "Alice", "start": 0, "end": 5, "id": 0, "ws": True},
    {"text": "met", "start": 6, "end": 9, "id": 1, "ws": True},
    {"text": "Bob", "start": 10, "end": 13, "id": 2, "ws": False},
]


def line_with(**fields: object) -> str:
    return json.dumps({"text": "Alice met Bob", "tokens": TOKENS, **fields})


def span(start: int, end: int, token_start: int, token_end: int) -> dict[str, object]:
    return {"start": start, "end": end, "label": "PER", "token_start": token_start, "token_end": token_end}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            line_with(spans=[span(0, 5, 1, 1)]),
            "'spans[0]' token_start 1 is the token 'met' at 6-9, which does not start at the span start 0",
        ),
        (
            line_with(spans=[span(0, 9, 0, 2)]),
            "'spans[0]' token_end 2 is the token 'Bob' at 10-13, which does not end at the span end 9",
        ),
        (
            line_with(spans=[span(10, 13, 2, 3)]),
            "'spans[0]' token_end 3 is not a token (the line has 3 tokens)",
        ),
        (line_with(spans=[span(0, 5, 0, "0")]), "'spans[0].token_end' must be an integer, got string"),
        (
            line_with(tokens=[*TOKENS[:2], {"text": "Bob", "start": 10, "end": 13, "id": 5}]),
            "'tokens[2]' has id 5; token ids count from 0 in order",
        ),
        (
            line_with(tokens=[{"text": "Alicia", "start": 0, "end": 5}]),
            "'tokens[0]' text 'Alicia' does not match the document text 'Alice' at 0-5",
        ),
        (
            line_with(tokens=[{"start": 6, "end": 9}, {"start": 0, "end": 5}]),
            "'tokens[1]' starts at 0, before the token before it ends (9)",
        ),
        (
            line_with(tokens=[{"text": "", "start": 3, "end": 3}]),
            "'tokens[0]' offsets 3-3 are empty or outside the text (length 13)",
        ),
        (
            line_with(tokens=[{"start": 0, "end": 5, "x": 1}]),
            "unknown field 'x' in 'tokens[0]' (expected text, start, end, id, ws)",
        ),
        (line_with(tokens=[{"start": 0}]), "'tokens[0]' has no 'end' field"),
        (
            line_with(tokens=[{"start": 0, "end": 5, "ws": 1}]),
            "'tokens[0].ws' must be true or false, got number",
        ),
        (line_with(tokens={}), "'tokens' must be an array, got object"),
        (line_with(spans=[{"start": 0, "end": 5}]), "'spans[0]' has no 'label' field"),
        (line_with(spans=[{"start": 0, "end": 5, "label": " "}]), "'spans[0].label' is empty"),
        (
            line_with(spans=[{"start": 0, "end": 5, "label": 1}]),
            "'spans[0].label' must be a string, got number",
        ),
        (line_with(spans=[{"start": 5, "end": 5, "label": "X"}]), "'spans[0]' start 5 is not before end 5"),
        (
            line_with(spans=[{"start": 10, "end": 14, "label": "X"}]),
            "'spans[0]' offsets 10-14 are outside the text (length 13)",
        ),
        (
            line_with(spans=[{"start": 0, "end": 5, "label": "X", "text": "Bob"}]),
            "'spans[0]' text 'Bob' does not match the document text 'Alice' at 0-5",
        ),
        (
            line_with(spans=[span(10, 13, 2, 1)]),
            "'spans[0]' token_end 1 is the token 'met' at 6-9, which does not end at the span end 13",
        ),
        (
            line_with(spans=[{"start": 0, "end": 5, "label": "X", "colour": "red"}]),
            "unknown field 'colour' "
            "in 'spans[0]' (expected start, end, label, token_start, token_end, text, answer, source, "
            "input_hash, score, priority, rank)",
        ),
        (
            line_with(spans=[{"start": 0, "end": 5, "label": "X", "answer": "maybe"}]),
            "'spans[0]' has an unknown answer 'maybe' (expected accept, reject, ignore)",
        ),
        (line_with(spans={}), "'spans' must be an array, got object"),
        (line_with(answer="yes"), "unknown answer 'yes' (expected accept, reject, ignore)"),
        (line_with(meta=[]), "'meta' must be an object, got array"),
        (
            line_with(meta={"feed": 1}, feed=2),
            "the field 'feed' is given both at the top level and in 'meta'",
        ),
        (
            line_with(title="x", meta={"title": "y"}),
            "the field 'title' is given both at the top level and in 'meta'",
        ),
        (line_with(relations={}), "'relations' must be an array, got object"),
        (line_with(_annotator_id=3), "'_annotator_id' must be a string, got number"),
        ('{"text": 5}', "'text' must be a string, got number"),
        ('{"text": " \\n"}', "'text' is empty (nothing to label)"),
        ('{"spans": []}', "expected a 'text' field"),
        (
            '{"text": "a\\ud800"}',
            "'text' contains a lone surrogate '\\ud800' at offset 1 (not valid Unicode)",
        ),
        ("[1]", "expected a JSON object, got array"),
        ('{"text": "a", "text": "b"}', "the field 'text' appears twice"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        list(read_spacy(path))
    assert str(info.value) == f"{path}:2: {message}"


def test_token_indices_are_checked_only_when_tokens_are_given(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "in.jsonl", {"text": "Alice met Bob", "spans": [span(0, 5, 7, 9)]})
    (record,) = read_spacy(path)
    assert record.entities == (EntityRecord("T1", 0, 5, "PER", "Alice"),)


def test_reading_is_streaming(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "fine"}\nnot json\n', encoding="utf-8")
    records = read_spacy(path)
    assert next(records).text == "fine"
    with pytest.raises(FormatError, match=r":2: invalid JSON at column 1"):
        next(records)


@pytest.mark.parametrize("fmt", ["auto", "spacy"])
def test_cli_export_then_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "tester")
    text = "Rescue 😀 teams\r\nreached  Baghouz on Tuesday."
    source = baghouz_project(tmp_path / "source.annotator", text)
    start = text.index("Baghouz")
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "--format", "spacy", "--out", str(out), "--project", str(source)])
    assert (result.exit_code, result.output) == (
        0,
        f"Exported 1 document (1 span) to {out}\nSkipped 1 status: Prodigy tasks have no document status\n",
    )
    assert detect_format(out).name == "spacy"
    target = tmp_path / "again.annotator"
    result = runner.invoke(cli, ["import", str(out), "--format", fmt, "--project", str(target), "-a", "bob"])
    assert result.exit_code == 0, result.output
    again = Project.open(target)
    try:
        (doc_id,) = again.document_ids()
        assert again.document(doc_id).text == text
        assert [(s.start, s.end, s.label, s.annotator) for s in again.spans(doc_id)] == [
            (start, start + 7, "GPE", "alice")
        ]
    finally:
        again.close()


def test_cli_import_of_a_bad_task_names_file_and_line(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "in.jsonl",
        {"text": "Alice", "spans": [], "answer": "accept"},
        {"text": "Bob", "tokens": [{"text": "Bob", "start": 0, "end": 3}], "spans": [span(0, 3, 1, 1)]},
    )
    target = tmp_path / "p.annotator"
    result = CliRunner().invoke(cli, ["import", str(path), "--project", str(target), "-a", "bob"])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {path}:2: 'spans[0]' token_start 1 is not a token (the line has 1 tokens)\n",
    )
    assert not target.exists()

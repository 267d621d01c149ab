"""The native JSONL format: strict reading with exact messages, exact writing, round trips."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annotator.formats.jsonl import read_jsonl, write_jsonl
from annotator.model.errors import FormatError
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord

# Each piece is labelled in the round trips; together they cover the characters that break offsets.
PIECES = [
    "🇸🇾",
    "👨\u200d👩\u200d👧",
    "\U0001d400",
    "e\u0301",
    "مصطفى بالي",
    "\r\n",
    "\r",
    "\u2028",
    "\u2029",
    "\u00a0",
    "\t",
]
ADVERSARIAL = (
    "Flag 🇸🇾 family 👨\u200d👩\u200d👧 bold \U0001d400 cafe\u0301 مصطفى بالي\r\n"
    "CRLF\rCR\u2028LS\u2029PS\u00a0NBSP\tTAB end"
)


def entities_for(text: str) -> tuple[EntityRecord, ...]:
    """One entity per adversarial piece, at its first place in text."""
    entities = []
    for number, piece in enumerate(PIECES, 1):
        start = text.index("\rCR") if piece == "\r" else text.index(piece)  # the lone CR, not CRLF's
        entities.append(EntityRecord(f"T{number}", start, start + len(piece), "PER", piece))
    return tuple(entities)


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def read_one(path: Path) -> DocumentRecord:
    (record,) = read_jsonl(path)
    return record


def test_full_line_is_read(tmp_path: Path) -> None:
    line = {
        "id": "afp-1",
        "title": "Attack",
        "text": "Alice struck Bob.",
        "meta": {"source": "AFP", "n": [1, 2]},
        "status": "done",
        "annotator": "ana",
        "entities": [
            {"id": "A", "start": 0, "end": 5, "label": "PER", "text": "Alice"},
            {"id": "B", "start": 13, "end": 16, "label": "PER"},
        ],
        "events": [
            {
                "id": "ev",
                "type": "Conflict:Attack",
                "trigger": {"start": 6, "end": 12, "text": "struck"},
                "arguments": [{"role": "Attacker", "entity": "A"}, {"role": "Target", "entity": "B"}],
            }
        ],
    }
    path = write_lines(tmp_path / "in.jsonl", json.dumps(line))
    assert read_one(path) == DocumentRecord(
        text="Alice struck Bob.",
        title="Attack",
        ext_id="afp-1",
        meta={"source": "AFP", "n": [1, 2]},
        status="done",
        annotator="ana",
        entities=(EntityRecord("A", 0, 5, "PER", "Alice"), EntityRecord("B", 13, 16, "PER", "Bob")),
        events=(
            EventRecord(
                "ev",
                "Conflict:Attack",
                6,
                12,
                "struck",
                (ArgumentRecord("Attacker", "A"), ArgumentRecord("Target", "B")),
            ),
        ),
        line=1,
        source=str(path),
    )


def test_only_text_is_required_and_ids_default_to_their_index(tmp_path: Path) -> None:
    line = (
        '{"text": "ab cd", "title": null, "status": null, "annotator": null, "meta": null, '
        '"entities": [{"start": 0, "end": 2, "label": "PER"}, {"start": 3, "end": 5, "label": "ORG"}], '
        '"events": [{"type": "X", "trigger": {"start": 0, "end": 1}}]}'
    )
    record = read_one(write_lines(tmp_path / "in.jsonl", line))
    assert record.title == ""
    assert record.ext_id == ""
    assert record.meta == {}
    assert record.status is None
    assert record.annotator is None
    assert record.entities == (EntityRecord("T1", 0, 2, "PER", "ab"), EntityRecord("T2", 3, 5, "ORG", "cd"))
    assert record.events == (EventRecord("E1", "X", 0, 1, "a", ()),)


def test_blank_lines_are_skipped_and_line_numbers_kept(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "in.jsonl", '{"text": "one"}', "", "   \t", '{"text": "two"}')
    records = list(read_jsonl(path))
    assert [(r.text, r.line) for r in records] == [("one", 1), ("two", 4)]


def test_bom_and_crlf_line_ends_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "one"}\r\n{"text": "two\\r\\n"}\r\n')
    assert [r.text for r in read_jsonl(path)] == ["one", "two\r\n"]


def test_reading_streams_line_by_line(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "in.jsonl", '{"text": "one"}', "not json")
    records = read_jsonl(path)
    assert next(records).text == "one"
    with pytest.raises(FormatError) as info:
        next(records)
    assert str(info.value) == f"{path}:2: invalid JSON at column 1: Expecting value"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "abc"', "invalid JSON at column 15: Expecting ',' delimiter"),
        ('{"text": "abc"} x', "invalid JSON at column 17: Extra data"),
        ("[1, 2]", "expected a JSON object, got array"),
        ('"just a string"', "expected a JSON object, got string"),
        ('{"title": "x"}', "expected a 'text' field"),
        ('{"text": null}', "expected a 'text' field"),
        ('{"text": 5}', "'text' must be a string, got number"),
        ('{"text": "  "}', "'text' is empty (nothing to label)"),
        (
            '{"text": "abc", "txt": 1}',
            "unknown field 'txt' (expected id, title, text, meta, status, annotator, entities, events)",
        ),
        ('{"text": "abc", "text": "abd"}', "the field 'text' appears twice"),
        ('{"text": "abc", "title": 3}', "'title' must be a string, got number"),
        ('{"text": "abc", "id": 17}', "'id' must be a string, got number"),
        ('{"text": "abc", "meta": []}', "'meta' must be an object, got array"),
        (
            '{"text": "abc", "status": "finished"}',
            "unknown status 'finished' (use one of new, in_progress, done)",
        ),
        ('{"text": "abc", "annotator": ""}', "'annotator' is empty"),
        ('{"text": "abc", "entities": {}}', "'entities' must be an array, got object"),
        ('{"text": "abc", "entities": [5]}', "'entities[0]' must be an object, got number"),
        ('{"text": "abc", "entities": [{"start": 0, "end": 1}]}', "'entities[0]' has no 'label' field"),
        (
            '{"text": "abc", "entities": [{"start": 0, "end": 1, "label": ""}]}',
            "'entities[0].label' is empty",
        ),
        (
            '{"text": "abc", "entities": [{"start": "0", "end": 1, "label": "PER"}]}',
            "'entities[0].start' must be an integer, got string",
        ),
        (
            '{"text": "abc", "entities": [{"start": 0.0, "end": 1, "label": "PER"}]}',
            "'entities[0].start' must be an integer, got number",
        ),
        (
            '{"text": "abc", "entities": [{"start": true, "end": 1, "label": "PER"}]}',
            "'entities[0].start' must be an integer, got boolean",
        ),
        ('{"text": "abc", "entities": [{"end": 1, "label": "PER"}]}', "'entities[0]' has no 'start' field"),
        (
            '{"text": "abc", "entities": [{"start": 2, "end": 2, "label": "PER"}]}',
            "'entities[0]' start 2 is not before end 2",
        ),
        (
            '{"text": "abc", "entities": [{"start": 2, "end": 4, "label": "PER"}]}',
            "'entities[0]' offsets 2-4 are outside the text (length 3)",
        ),
        (
            '{"text": "abc", "entities": [{"start": -1, "end": 2, "label": "PER"}]}',
            "'entities[0]' offsets -1-2 are outside the text (length 3)",
        ),
        (
            '{"text": "abc", "entities": [{"start": 0, "end": 2, "label": "PER", "text": "ac"}]}',
            "'entities[0]' (T1) text 'ac' does not match the document text 'ab' at 0-2",
        ),
        (
            '{"text": "🇸🇾x", "entities": [{"start": 0, "end": 1, "label": "PER", "text": "🇸🇾"}]}',
            "'entities[0]' (T1) text '🇸🇾' does not match the document text '🇸' at 0-1",
        ),
        (
            '{"text": "abc", "entities": [{"start": 0, "end": 2, "label": "PER", "colour": "red"}]}',
            "unknown field 'colour' in 'entities[0]' (expected id, start, end, label, text)",
        ),
        (
            '{"text": "abc", "entities": [{"start": 0, "end": 1, "label": "PER"}, '
            '{"id": "T1", "start": 1, "end": 2, "label": "PER"}]}',
            "'entities[1]' repeats the entity id 'T1'",
        ),
        (
            '{"text": "abc", "entities": [{"start": 0, "end": 1, "label": "PER"}], '
            '"events": [{"type": "Attack", "trigger": {"start": 1, "end": 2}, '
            '"arguments": [{"role": "Target", "entity": "T2"}]}]}',
            "'events[0].arguments[0]' names entity 'T2', which is not an entity of this line",
        ),
        (
            '{"text": "abc", "events": [{"type": "Attack", "trigger": {"start": 1, "end": 2, "text": "c"}}]}',
            "'events[0].trigger' text 'c' does not match the document text 'b' at 1-2",
        ),
        ('{"text": "abc", "events": [{"type": "Attack"}]}', "'events[0]' has no 'trigger' field"),
        (
            '{"text": "abc", "events": [{"trigger": {"start": 1, "end": 2}}]}',
            "'events[0]' has no 'type' field",
        ),
        (
            '{"text": "abc", "events": [{"type": "Attack", "trigger": {"start": 1, "end": 9}}]}',
            "'events[0].trigger' offsets 1-9 are outside the text (length 3)",
        ),
        (
            '{"text": "abc", "events": [{"type": "A", "trigger": {"start": 1, "end": 2}}, '
            '{"id": "E1", "type": "A", "trigger": {"start": 1, "end": 2}}]}',
            "'events[1]' repeats the event id 'E1'",
        ),
        (
            '{"text": "abc", "events": [{"type": "A", "trigger": {"start": 1, "end": 2}, '
            '"arguments": [{"role": "R"}]}]}',
            "'events[0].arguments[0]' has no 'entity' field",
        ),
        (
            '{"text": "abc", "events": [{"type": "A", "trigger": {"start": 1, "end": 2}, "args": []}]}',
            "unknown field 'args' in 'events[0]' (expected id, type, trigger, arguments)",
        ),
        (
            '{"text": "ab\\ud83dc"}',
            "'text' contains a lone surrogate '\\ud83d' at offset 2 (not valid Unicode)",
        ),
        (
            '{"text": "abc", "meta": {"src": "x\\udc00"}}',
            "'meta.src' contains a lone surrogate '\\udc00' at offset 1 (not valid Unicode)",
        ),
    ],
)
def test_errors_name_file_line_and_fault(tmp_path: Path, line: str, message: str) -> None:
    path = write_lines(tmp_path / "in.jsonl", '{"text": "fine"}', "", line)
    with pytest.raises(FormatError) as info:
        list(read_jsonl(path))
    assert str(info.value) == f"{path}:3: {message}"


def test_invalid_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "a\xffb"}\n')
    with pytest.raises(FormatError) as info:
        list(read_jsonl(path))
    assert (
        str(info.value) == f"{path}:2: not valid UTF-8 at byte 12 of the line (0xff); save the file as UTF-8"
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as info:
        list(read_jsonl(tmp_path / "gone.jsonl"))
    assert str(info.value) == f"{tmp_path / 'gone.jsonl'}: cannot read the file (No such file or directory)"


def test_writer_keeps_key_order_and_exact_text() -> None:
    record = DocumentRecord(
        text="Ali\r\nBob",
        title="T",
        ext_id="x1",
        meta={"k": "ü"},
        status="new",
        annotator="ana",
        entities=(EntityRecord("T1", 5, 8, "PER", None),),
        events=(EventRecord("E1", "Meet", 0, 3, None, (ArgumentRecord("Who", "T1"),)),),
    )
    stream = io.StringIO()
    assert write_jsonl([record], stream) == 1
    assert stream.getvalue() == (
        '{"id": "x1", "title": "T", "text": "Ali\\r\\nBob", "meta": {"k": "ü"}, "status": "new", '
        '"annotator": "ana", '
        '"entities": [{"id": "T1", "start": 5, "end": 8, "label": "PER", "text": "Bob"}], '
        '"events": [{"id": "E1", "type": "Meet", "trigger": {"start": 0, "end": 3, "text": "Ali"}, '
        '"arguments": [{"role": "Who", "entity": "T1"}]}]}\n'
    )


def test_writer_escapes_unicode_line_breaks_so_every_reader_sees_one_line(tmp_path: Path) -> None:
    record = DocumentRecord(text="a\u2028b\u2029c\x85d 🇸🇾")
    path = tmp_path / "out.jsonl"
    write_jsonl([record], path)
    raw = path.read_text(encoding="utf-8")
    assert raw == (
        '{"id": "", "title": "", "text": "a\\u2028b\\u2029c\\u0085d 🇸🇾", "meta": {}, "status": null, '
        '"annotator": null, "entities": [], "events": []}\n'
    )
    assert len(raw.splitlines()) == 1
    assert read_one(path).text == record.text


@pytest.mark.parametrize("text", [ADVERSARIAL, *PIECES[:5], "x\r", "\r\ny", "\u2028x\u2029"])
def test_round_trip_keeps_text_and_offsets(tmp_path: Path, text: str) -> None:
    entities = entities_for(text) if text == ADVERSARIAL else (EntityRecord("T1", 0, len(text), "PER", text),)
    record = DocumentRecord(
        text=text,
        title="t",
        ext_id="i",
        meta={"text": text},
        status="in_progress",
        annotator="ana",
        entities=entities,
        events=(
            EventRecord("E1", "X", entities[0].start, entities[0].end, None, (ArgumentRecord("R", "T1"),)),
        ),
    )
    path = tmp_path / "rt.jsonl"
    write_jsonl([record, record], path)
    back = list(read_jsonl(path))
    assert [r.line for r in back] == [1, 2]
    for got in back:
        assert got.text == text
        assert got.meta == {"text": text}
        assert got.entities == entities
        for entity in got.entities:
            assert got.text[entity.start : entity.end] == entity.text
        assert got.events[0].trigger_text == text[entities[0].start : entities[0].end]


def test_events_round_trip_with_adversarial_triggers_and_nested_entities(tmp_path: Path) -> None:
    entities = (EntityRecord("W", 0, len(ADVERSARIAL), "ORG", ADVERSARIAL), *entities_for(ADVERSARIAL))
    events = tuple(
        EventRecord(
            f"E{n}",
            "Conflict:Attack",
            e.start,
            e.end,
            e.text,
            (ArgumentRecord("Attacker", "W"), ArgumentRecord("Target", e.id), ArgumentRecord("Place", e.id)),
        )
        for n, e in enumerate(entities[1:], 1)
    )
    record = DocumentRecord(text=ADVERSARIAL, entities=entities, events=events)
    path = tmp_path / "rt.jsonl"
    write_jsonl([record], path)
    back = read_one(path)
    assert back.events == events
    for event in back.events:
        assert back.text[event.trigger_start : event.trigger_end] == event.trigger_text


def test_a_trigger_text_that_splits_a_character_is_refused(tmp_path: Path) -> None:
    line = {"text": "Flag 🇸🇾 up", "events": [{"type": "X", "trigger": {"start": 5, "end": 6, "text": "🇸🇾"}}]}
    path = write_lines(tmp_path / "in.jsonl", json.dumps(line, ensure_ascii=False))
    with pytest.raises(FormatError) as info:
        read_one(path)
    assert (
        str(info.value)
        == f"{path}:1: 'events[0].trigger' text '🇸🇾' does not match the document text '🇸' at 5-6"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"text": "a\\uDC00b"}',
            "'text' contains a lone surrogate '\\udc00' at offset 1 (not valid Unicode)",
        ),
        (
            '{"text": "ab", "meta": {"k\\ud800": 1}}',
            "'meta' contains a lone surrogate '\\ud800' at offset 1 (not valid Unicode)",
        ),
        (
            '{"text": "ab", "title": "\\\\ud83d\\udc00"}',
            "'title' contains a lone surrogate '\\udc00' at offset 6 (not valid Unicode)",
        ),
        ('\ufeff{"text": "ab"}', "invalid JSON at column 1: Unexpected UTF-8 BOM (decode using utf-8-sig)"),
        (
            '{"text": "abc", "entities": [{"start": 0, "start": 1, "end": 2, "label": "PER"}]}',
            "the field 'start' appears twice",
        ),
    ],
)
def test_more_faults_named_like_the_others(tmp_path: Path, line: str, message: str) -> None:
    path = write_lines(tmp_path / "in.jsonl", '{"text": "fine"}', line)
    with pytest.raises(FormatError) as info:
        list(read_jsonl(path))
    assert str(info.value) == f"{path}:2: {message}"


def test_escapes_that_look_like_surrogates_but_are_not_lone(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "in.jsonl",
        '{"text": "pair \\ud83d\\ude00 and \\uD83C\\uDDF8\\uD83C\\uDDFE"}',
        '{"text": "not an escape: \\\\ud800"}',
    )
    assert [r.text for r in read_jsonl(path)] == ["pair 😀 and 🇸🇾", "not an escape: \\ud800"]

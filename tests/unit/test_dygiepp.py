"""DyGIE++ export: exact output, inclusive ends, adversarial text, every skip, a round trip and the CLI."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats.dygiepp import dataset_name, event_type_name, write_dygiepp
from annotator.formats.registry import find_format
from annotator.formats.report import FormatReport, Skipped
from annotator.model.records import DocumentRecord, EntityRecord
from tests.unit.format_samples import (
    ADVERSARIAL,
    ARTICLE_TEXT,
    article,
    entity,
    event,
    import_article,
    nested_entities,
)

TEXT = ARTICLE_TEXT


EXPECTED: dict[str, Any] = {
    "doc_key": "afp-1",
    "dataset": "annotator",
    "sentences": [
        ["Rebels", "attacked", "Raqqa", "on", "Tuesday", "."],
        ["Mustafa", "Bali", "said", "the", "Syrian", "Democratic", "Forces", "fled", "."],
        ["Nobody", "died", "."],
    ],
    "ner": [
        [[0, 0, "ORG"], [2, 2, "GPE"], [4, 4, "TIME"]],
        [[6, 7, "PER"], [10, 10, "GPE"], [10, 12, "ORG"]],
        [[15, 15, "PER"]],
    ],
    "relations": [[], [], []],
    "events": [
        [[[1, "Conflict.Attack"], [0, 0, "Attacker"], [2, 2, "Place"], [4, 4, "Time"]]],
        [[[13, "Movement.Transport"], [10, 12, "Agent"]]],
        [[[16, "Life.Die"], [15, 15, "Victim"]]],
    ],
}


def write(records: list[DocumentRecord], **options: Any) -> tuple[list[dict[str, Any]], str, FormatReport]:
    stream = io.StringIO()
    report = write_dygiepp(records, stream, **options)
    out = stream.getvalue()
    return [json.loads(line) for line in out.splitlines()], out, report


def test_write_exact() -> None:
    objs, out, report = write([article()])
    assert out == json.dumps(EXPECTED, ensure_ascii=False) + "\n"
    assert objs == [EXPECTED]
    assert report == FormatReport(documents=1, spans=7, events=3)


def test_write_to_path_is_utf8_with_lf_and_unique_keys(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    record = DocumentRecord("Zoë left.\r\n", entities=(EntityRecord("T1", 0, 3, "PER"),))
    report = write_dygiepp([record, record, article(), article()], path, dataset="ace-event")
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert b"\r" not in path.read_bytes()
    first = json.loads(lines[0])
    assert (
        lines[0]
        .decode("utf-8")
        .startswith('{"doc_key": "doc1", "dataset": "ace-event", "sentences": [["Zoë"')
    )
    assert [json.loads(line)["doc_key"] for line in lines[:-1]] == ["doc1", "doc2", "afp-1", "afp-1-2"]
    assert first["ner"] == [[[0, 0, "PER"]]]
    assert report.documents == 4


def test_names_follow_dygiepps_ace_data() -> None:
    assert event_type_name("Conflict:Attack") == "Conflict.Attack"
    assert event_type_name("Attack") == "Attack"
    assert dataset_name("ACE 2005") == "ace-2005"
    assert dataset_name("  Événements / RSF  ") == "v-nements-rsf"
    assert dataset_name("!!!") == "annotator"


# -- reading the output back, as DyGIE++ would, to code-point offsets ---------------------------------


def align(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Each token's offsets, found in order in the text; only whitespace or format characters between."""
    offsets: list[tuple[int, int]] = []
    position = 0
    for token in tokens:
        start = text.index(token, position)
        assert all(c.isspace() or c in "\u200b\u200e\u200f\ufeff" for c in text[position:start]), token
        offsets.append((start, start + len(token)))
        position = start + len(token)
    assert text[position:].strip() == ""
    return offsets


def read_back(obj: dict[str, Any], text: str) -> tuple[list[tuple[int, int, str]], list[tuple[Any, ...]]]:
    """Entities and events of one DyGIE++ line in code points of the original text, inclusive ends undone."""
    # DyGIE++'s Document._check_fields and fields_to_batches: known fields, one entry per sentence each.
    allowed = re.compile(r"doc_key|dataset|sentences|weight|.*ner$|.*relations$|.*clusters$|.*events$|^_.*")
    assert all(allowed.match(field) for field in obj)
    assert len(obj["sentences"]) == len(obj["ner"]) == len(obj["relations"]) == len(obj["events"])
    assert all(token for sentence in obj["sentences"] for token in sentence)  # no empty tokens
    offsets = align(text, [token for sentence in obj["sentences"] for token in sentence])
    starts = [0]
    for sentence in obj["sentences"]:
        starts.append(starts[-1] + len(sentence))
    entities: list[tuple[int, int, str]] = []
    for number, sentence_ner in enumerate(obj["ner"]):
        for first, last, label in sentence_ner:
            assert starts[number] <= first <= last < starts[number + 1]  # inside its own sentence
            entities.append((offsets[first][0], offsets[last][1], label))
    events: list[tuple[Any, ...]] = []
    for number, sentence_events in enumerate(obj["events"]):
        for (trigger, kind), *arguments in sentence_events:
            assert starts[number] <= trigger < starts[number + 1]
            args = []
            for first, last, role in arguments:
                assert starts[number] <= first <= last < starts[number + 1]
                args.append((role, offsets[first][0], offsets[last][1]))
            events.append((kind, *offsets[trigger], tuple(args)))
    return entities, events


def expected_back(record: DocumentRecord, skipped_entities: frozenset[str] = frozenset()) -> tuple[Any, Any]:
    by_id = {e.id: e for e in record.entities}
    entities = sorted((e.start, e.end, e.label) for e in record.entities if e.id not in skipped_entities)
    events = [
        (
            event_type_name(ev.type),
            ev.trigger_start,
            ev.trigger_end,
            tuple((a.role, by_id[a.entity].start, by_id[a.entity].end) for a in ev.arguments),
        )
        for ev in record.events
    ]
    return entities, events


def test_round_trip_to_code_points() -> None:
    record = article()
    (obj,), _, _ = write([record])
    entities, events = read_back(obj, TEXT)
    assert (sorted(entities), events) == expected_back(record)
    assert [TEXT[s:e] for s, e, _ in entities][4:6] == ["Syrian", "Syrian Democratic Forces"]


def test_adversarial_text_keeps_characters_whole() -> None:
    entities = nested_entities(ADVERSARIAL)
    record = DocumentRecord(
        ADVERSARIAL,
        ext_id="adv",
        entities=entities,
        events=(event(ADVERSARIAL, "E1", "family", "Conflict:Attack", ("Target", "T3"), ("Place", "T6")),),
    )
    (obj,), out, report = write([record])
    tokens = [token for sentence in obj["sentences"] for token in sentence]
    assert tokens == ["Hi", "😀", "flag", "🇸🇾", "family", "👨\u200d👩\u200d👧", "bold", "\U0001d400",
                      "cafe\u0301", "مصطفى", "بالي", "end"]  # fmt: skip
    assert [ADVERSARIAL[s:e] for s, e in align(ADVERSARIAL, tokens)] == tokens
    assert "\\u" not in out  # written as the characters themselves
    back, events = read_back(obj, ADVERSARIAL)
    assert (sorted(back), events) == expected_back(record, frozenset({"T7", "T8"}))
    assert obj["ner"] == [[[1, 1, "PER"], [3, 3, "PER"], [5, 5, "PER"], [7, 7, "PER"], [8, 8, "PER"],
                           [9, 9, "PER"], [9, 11, "LOC"]]]  # fmt: skip
    assert obj["events"] == [[[[4, "Conflict.Attack"], [5, 5, "Target"], [9, 9, "Place"]]]]
    crlf, outer = ADVERSARIAL.index("\r\n"), (ADVERSARIAL.index("flag"), ADVERSARIAL.index("bold"))
    family = "👨\\u200d👩\\u200d👧"  # as repr() quotes it
    assert [s.why for s in report.skipped] == [
        f"PER '\\r\\n' at {crlf}-{crlf + 2} does not align with tokens (it covers only spaces)",
        f"ORG 'flag 🇸🇾 family {family} ' at {outer[0]}-{outer[1]} does not align with tokens "
        f"(the nearest tokens are 'flag' '🇸🇾' 'family' '{family}')",
    ]
    assert report == FormatReport(documents=1, spans=7, events=1, skipped=report.skipped)


def test_every_reason_to_leave_something_out_is_reported() -> None:
    text = "Rebels attacked Baghouz-based fighters in Raqqa. Nobody died there."
    record = DocumentRecord(
        text,
        ext_id="d1",
        entities=(
            entity(text, "T1", "Rebels", "ORG"),
            entity(text, "T2", "Rebels", "PER"),
            entity(text, "T3", "Baghouz", "GPE"),
            entity(text, "T4", "Raqqa. Nobody", "PER"),
            entity(text, "T5", "Nobody", "PER"),
            entity(text, "T6", "Raqqa", "GPE"),
        ),
        events=(
            event(text, "E1", "attacked", "Conflict:Attack", ("Attacker", "T1"), ("Target", "T2"),
                  ("Place", "T3"), ("Target", "T5"), ("Place", "T9"), ("Place", "T6")),
            event(text, "E2", "attacked", "Conflict:Demonstrate"),
            event(text, "E3", "Rebels attacked", "Conflict:Attack"),
            event(text, "E4", "attack", "Conflict:Attack"),
            event(text, "E5", "Raqqa. Nobody", "Conflict:Attack"),
            event(text, "E6", "died", "Life:Die", ("Victim", "T5"), ("Place", "T6")),
        ),
    )  # fmt: skip
    (obj,), _, report = write([record, DocumentRecord(" \r\n\t", ext_id="blank")])
    assert obj["ner"] == [[[0, 0, "ORG"], [5, 5, "GPE"]], [[7, 7, "PER"]]]
    assert obj["events"] == [
        [[[1, "Conflict.Attack"], [0, 0, "Attacker"], [5, 5, "Place"]]],
        [[[8, "Life.Die"], [7, 7, "Victim"]]],
    ]
    assert report.skipped == [
        Skipped(
            "entity",
            "GPE 'Baghouz' at 16-23 does not align with tokens (the nearest tokens are 'Baghouz-based')",
            "d1",
        ),
        Skipped("entity", "PER 'Raqqa. Nobody' at 42-55 crosses a sentence boundary", "d1"),
        Skipped("argument", "Place: its entity GPE 'Baghouz' at 16-23 was not written", "d1 (E1)"),
        Skipped("argument", "Target: its entity PER 'Nobody' at 49-55 is not in the trigger's sentence",
                "d1 (E1)"),
        Skipped("argument", "Place: the entity 'T9' is not in the document", "d1 (E1)"),
        Skipped("event", "trigger Conflict:Attack 'Rebels attacked' at 0-15 covers 2 tokens; "
                "DyGIE++ triggers are one token", "d1 (E3)"),
        Skipped("event", "trigger Conflict:Attack 'attack' at 7-13 does not align with tokens "
                "(the nearest tokens are 'attacked')", "d1 (E4)"),
        Skipped("event", "trigger Conflict:Attack 'Raqqa. Nobody' at 42-55 crosses a sentence boundary",
                "d1 (E5)"),
        Skipped("argument", "Place: its entity GPE 'Raqqa' at 42-47 is not in the trigger's sentence",
                "d1 (E6)"),
        Skipped("entity", "PER 'Rebels' at 0-6 covers the same tokens as ORG 'Rebels' at 0-6 "
                "(DyGIE++ holds one entity per span)", "d1"),
        Skipped("argument", "Target: its entity PER 'Rebels' at 0-6 fills Attacker already "
                "(DyGIE++ holds one role per argument span)", "d1 (E1)"),
        Skipped("event", "trigger Conflict:Demonstrate 'attacked' at 7-15 is the trigger of E1 too "
                "(DyGIE++ holds one event per trigger token)", "d1 (E2)"),
        Skipped("document", "has no tokens (DyGIE++ needs at least one sentence)", "blank"),
    ]  # fmt: skip
    assert report.lines() == [
        "1 document, 3 spans, 2 events",
        *(f"Skipped 1 {s.what}: {s.why}" for s in report.skipped),
    ]


# -- the command line ---------------------------------------------------------------------------------


def test_export_through_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "tester")
    project = import_article(tmp_path)
    runner = CliRunner()
    out = tmp_path / "train.jsonl"
    args = ["export", "--format", "dygiepp", "--out", str(out), "--project", str(project)]
    result = runner.invoke(cli, args, prog_name="annotator")
    assert (result.exit_code, result.output) == (0, f"Exported 1 document (7 spans, 3 events) to {out}\n")
    assert out.read_text(encoding="utf-8") == json.dumps({**EXPECTED, "dataset": "ace-2005"}) + "\n"
    fmt = find_format("dygiepp")
    assert (fmt.can_import, fmt.can_export, fmt.export_name("train")) == (False, True, "train.jsonl")

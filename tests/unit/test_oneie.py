"""OneIE export: exact lines, exclusive ends read back to code points, adversarial text, skips, the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats.oneie import write_oneie
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


def mention(key: str, ident: str, text: str, kind: str, start: int, end: int) -> dict[str, Any]:
    return {"id": f"{key}-{ident}", "text": text, "entity_type": kind, "mention_type": "UNK", "start": start,
            "end": end}  # fmt: skip


def argument(key: str, ident: str, text: str, role: str) -> dict[str, str]:
    return {"entity_id": f"{key}-{ident}", "text": text, "role": role}


def sentence(key: str, number: int, tokens: list[str], text: str, **mentions: Any) -> dict[str, Any]:
    return {
        "doc_id": key,
        "sent_id": f"{key}-{number}",
        "tokens": tokens,
        "pieces": tokens,
        "token_lens": [1] * len(tokens),
        "sentence": text,
        "entity_mentions": mentions.get("entities", []),
        "relation_mentions": [],
        "event_mentions": mentions.get("events", []),
    }


def expected(key: str = "afp-1") -> list[dict[str, Any]]:
    return [
        sentence(
            key,
            0,
            ["Rebels", "attacked", "Raqqa", "on", "Tuesday", "."],
            "Rebels attacked Raqqa on Tuesday.",
            entities=[
                mention(key, "T1", "Rebels", "ORG", 0, 1),
                mention(key, "T2", "Raqqa", "GPE", 2, 3),
                mention(key, "T3", "Tuesday", "TIME", 4, 5),
            ],
            events=[
                {
                    "id": f"{key}-E1",
                    "event_type": "Conflict:Attack",
                    "trigger": {"start": 1, "end": 2, "text": "attacked"},
                    "arguments": [
                        argument(key, "T1", "Rebels", "Attacker"),
                        argument(key, "T2", "Raqqa", "Place"),
                        argument(key, "T3", "Tuesday", "Time"),
                    ],
                }
            ],
        ),
        sentence(
            key,
            1,
            ["Mustafa", "Bali", "said", "the", "Syrian", "Democratic", "Forces", "fled", "."],
            "Mustafa Bali said the Syrian Democratic Forces fled.",
            entities=[
                mention(key, "T4", "Mustafa Bali", "PER", 0, 2),
                mention(key, "T6", "Syrian", "GPE", 4, 5),
                mention(key, "T5", "Syrian Democratic Forces", "ORG", 4, 7),
            ],
            events=[
                {
                    "id": f"{key}-E2",
                    "event_type": "Movement:Transport",
                    "trigger": {"start": 7, "end": 8, "text": "fled"},
                    "arguments": [argument(key, "T5", "Syrian Democratic Forces", "Agent")],
                }
            ],
        ),
        sentence(
            key,
            2,
            ["Nobody", "died", "."],
            "Nobody died.",
            entities=[mention(key, "T7", "Nobody", "PER", 0, 1)],
            events=[
                {
                    "id": f"{key}-E3",
                    "event_type": "Life:Die",
                    "trigger": {"start": 1, "end": 2, "text": "died"},
                    "arguments": [argument(key, "T7", "Nobody", "Victim")],
                }
            ],
        ),
    ]


def write(records: list[DocumentRecord], **options: Any) -> tuple[list[dict[str, Any]], str, FormatReport]:
    stream = io.StringIO()
    report = write_oneie(records, stream, **options)
    out = stream.getvalue()
    return [json.loads(line) for line in out.splitlines()], out, report


def test_write_exact() -> None:
    objs, out, report = write([article()])
    assert out == "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in expected())
    assert objs == expected()
    assert report == FormatReport(documents=1, spans=7, events=3)


def test_write_to_path_is_utf8_with_lf_and_unique_ids(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    text = "Zoë said\r\nhello."  # a line break alone does not end a sentence
    record = DocumentRecord(text, entities=(EntityRecord("T1", 0, 3, "PER"),))
    report = write_oneie([record, article(), article()], path)
    raw = path.read_bytes()
    assert raw.endswith(b"\n")
    assert b"\r" not in raw  # the sentence's CR LF is escaped inside its JSON string
    lines = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    assert lines[0] == sentence(
        "doc1", 0, ["Zoë", "said", "hello", "."], text,
        entities=[mention("doc1", "T1", "Zoë", "PER", 0, 1)],
    )  # fmt: skip
    assert [line["sent_id"] for line in lines] == ["doc1-0"] + [f"afp-1-{n}" for n in range(3)] + [
        f"afp-1-2-{n}" for n in range(3)
    ]
    assert lines[4:] == expected("afp-1-2")
    assert report == FormatReport(documents=3, spans=15, events=6)


# -- reading the output back, as OneIE would, to code-point offsets ------------------------------------


def read_back(
    objs: list[dict[str, Any]], text: str
) -> tuple[list[tuple[int, int, str]], list[tuple[Any, ...]]]:
    """Entities and events of one document's lines, in code points of the original text."""
    position = 0
    entities: dict[str, tuple[int, int, str]] = {}
    events: list[tuple[Any, ...]] = []
    for obj in objs:
        assert obj["pieces"] == obj["tokens"]
        assert sum(obj["token_lens"]) == len(obj["pieces"])  # what OneIE's pooling needs
        offsets = []
        for token in obj["tokens"]:
            start = text.index(token, position)
            assert text[position:start].strip() == ""
            offsets.append((start, start + len(token)))
            position = start + len(token)
        assert obj["sentence"] == text[offsets[0][0] : offsets[-1][1]]
        for item in obj["entity_mentions"]:
            start, end = offsets[item["start"]][0], offsets[item["end"] - 1][1]  # the end is exclusive
            assert item["text"] == text[start:end]
            entities[item["id"]] = (start, end, item["entity_type"])
        for item in obj["event_mentions"]:
            trigger = item["trigger"]
            start, end = offsets[trigger["start"]][0], offsets[trigger["end"] - 1][1]
            assert trigger["text"] == text[start:end]
            here = {m["id"] for m in obj["entity_mentions"]}
            assert all(a["entity_id"] in here for a in item["arguments"])  # OneIE looks them up there
            args = tuple((a["role"], *entities[a["entity_id"]][:2]) for a in item["arguments"])
            events.append((item["event_type"], start, end, args))
    assert text[position:].strip() == ""
    return sorted(entities.values()), events


def expected_back(record: DocumentRecord, skipped: frozenset[str] = frozenset()) -> tuple[Any, Any]:
    by_id = {e.id: e for e in record.entities}
    entities = sorted((e.start, e.end, e.label) for e in record.entities if e.id not in skipped)
    events = [
        (ev.type, ev.trigger_start, ev.trigger_end,
         tuple((a.role, by_id[a.entity].start, by_id[a.entity].end) for a in ev.arguments))
        for ev in record.events
    ]  # fmt: skip
    return entities, events


def test_round_trip_to_code_points() -> None:
    record = article()
    objs, _, _ = write([record])
    assert read_back(objs, TEXT) == expected_back(record)


def test_adversarial_text_keeps_characters_whole() -> None:
    record = DocumentRecord(
        ADVERSARIAL,
        ext_id="adv",
        entities=nested_entities(ADVERSARIAL),
        events=(event(ADVERSARIAL, "E1", "flag 🇸🇾", "Conflict:Attack", ("Target", "T3"), ("Place", "T9")),),
    )
    (obj,), out, report = write([record])
    assert obj["tokens"] == ["Hi", "😀", "flag", "🇸🇾", "family", "👨\u200d👩\u200d👧", "bold", "\U0001d400",
                             "cafe\u0301", "مصطفى", "بالي", "end"]  # fmt: skip
    assert obj["sentence"] == ADVERSARIAL  # from its first token to its last, CR LF and all
    assert "\\u" not in out  # characters as themselves
    assert read_back([obj], ADVERSARIAL) == expected_back(record, frozenset({"T7", "T8"}))
    assert [(m["id"], m["start"], m["end"]) for m in obj["entity_mentions"]] == [
        ("adv-T1", 1, 2), ("adv-T2", 3, 4), ("adv-T3", 5, 6), ("adv-T4", 7, 8), ("adv-T5", 8, 9),
        ("adv-T6", 9, 10), ("adv-T9", 9, 12),
    ]  # fmt: skip
    assert obj["event_mentions"][0]["trigger"] == {
        "start": 2,
        "end": 4,
        "text": "flag 🇸🇾",
    }  # two tokens is fine
    assert [s.what for s in report.skipped] == ["entity", "entity"]
    assert report == FormatReport(documents=1, spans=7, events=1, skipped=report.skipped)


def test_word_pieces_and_sentences_without_them() -> None:
    def pieces(token: str) -> list[str]:
        if token == "Nobody":
            return []
        return [token[:3], *(f"##{token[i : i + 3]}" for i in range(3, len(token), 3))]

    objs, _, report = write([article()], wordpieces=pieces)
    assert [o["sent_id"] for o in objs] == ["afp-1-0", "afp-1-1"]
    assert objs[0]["pieces"] == [
        "Reb",
        "##els",
        "att",
        "##ack",
        "##ed",
        "Raq",
        "##qa",
        "on",
        "Tue",
        "##sda",
        "##y",
        ".",
    ]
    assert objs[0]["token_lens"] == [2, 3, 2, 1, 3, 1]
    assert objs[0]["tokens"] == expected()[0]["tokens"]
    assert report.skipped == [
        Skipped(
            "sentence",
            "afp-1-2: the token 'Nobody' has no word pieces; OneIE drops such sentences "
            "(not written: 1 entity, 1 event)",
            "afp-1",
        )
    ]
    assert report == FormatReport(documents=1, spans=6, events=2, skipped=report.skipped)


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
                  ("Place", "T3"), ("Target", "T5"), ("Place", "T9"), ("Target", "T1"), ("Place", "T6")),
            event(text, "E2", "attacked", "Conflict:Demonstrate"),
            event(text, "E3", "attacked", "Conflict:Attack"),
            event(text, "E4", "attack", "Conflict:Attack"),
            event(text, "E5", "Raqqa. Nobody", "Conflict:Attack"),
            event(text, "E6", "died", "Life:Die", ("Victim", "T5"), ("Place", "T6")),
        ),
    )  # fmt: skip
    objs, _, report = write([record, DocumentRecord(" \r\n\t", ext_id="blank")])
    assert [[m["id"] for m in o["entity_mentions"]] for o in objs] == [["d1-T1", "d1-T2", "d1-T6"], ["d1-T5"]]
    assert [[(e["id"], [(a["role"], a["entity_id"]) for a in e["arguments"]]) for e in o["event_mentions"]]
            for o in objs] == [
        [("d1-E1", [("Attacker", "d1-T1"), ("Target", "d1-T2"), ("Place", "d1-T6")]), ("d1-E2", [])],
        [("d1-E6", [("Victim", "d1-T5")])],
    ]  # fmt: skip
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
        Skipped("event", "trigger Conflict:Attack 'attack' at 7-13 does not align with tokens "
                "(the nearest tokens are 'attacked')", "d1 (E4)"),
        Skipped("event", "trigger Conflict:Attack 'Raqqa. Nobody' at 42-55 crosses a sentence boundary",
                "d1 (E5)"),
        Skipped("argument", "Place: its entity GPE 'Raqqa' at 42-47 is not in the trigger's sentence",
                "d1 (E6)"),
        Skipped("argument", "Target: its entity ORG 'Rebels' at 0-6 fills Attacker already "
                "(OneIE holds one role per entity and event)", "d1 (E1)"),
        Skipped("event", "trigger Conflict:Attack 'attacked' at 7-15 is the trigger of E1 too, with the same "
                "type (OneIE holds one event per trigger and type)", "d1 (E3)"),
        Skipped("document", "has no tokens, so no sentences to write", "blank"),
    ]  # fmt: skip
    assert report == FormatReport(documents=1, spans=4, events=3, skipped=report.skipped)


# -- the command line ---------------------------------------------------------------------------------


def test_export_through_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "tester")
    project = import_article(tmp_path)
    runner = CliRunner()
    out = tmp_path / "train.oneie.json"
    args = ["export", "--format", "oneie", "--out", str(out), "--project", str(project)]
    result = runner.invoke(cli, args, prog_name="annotator")
    assert (result.exit_code, result.output) == (0, f"Exported 1 document (7 spans, 3 events) to {out}\n")
    assert out.read_text(encoding="utf-8") == "".join(json.dumps(obj) + "\n" for obj in expected())
    fmt = find_format("oneie")
    assert (fmt.can_import, fmt.can_export, fmt.export_name("train")) == (False, True, "train.json")

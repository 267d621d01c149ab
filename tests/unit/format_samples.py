"""Texts and records shared by the format tests: every offset trap, and an article with events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from annotator.cli import cli
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord

ADVERSARIAL = "Hi 😀 flag 🇸🇾 family 👨\u200d👩\u200d👧 bold \U0001d400 cafe\u0301 مصطفى بالي\r\nend"


def nested_entities(text: str) -> tuple[EntityRecord, ...]:
    """One entity per tricky piece, plus spans that nest and overlap them."""
    pieces = ["😀", "🇸🇾", "👨\u200d👩\u200d👧", "\U0001d400", "cafe\u0301", "مصطفى", "\r\n"]
    entities = []
    for number, piece in enumerate(pieces, 1):
        start = text.index(piece)
        entities.append(EntityRecord(f"T{number}", start, start + len(piece), "PER", piece))
    outer = (text.index("flag"), text.index("bold"))
    entities.append(EntityRecord("T8", *outer, "ORG", text[outer[0] : outer[1]]))
    whole = (text.index("مصطفى"), len(text))
    entities.append(EntityRecord("T9", *whole, "LOC", text[whole[0] :]))
    return tuple(entities)


# -- an article with nested entities and three events, for the event formats (DyGIE++, OneIE) ----------

ARTICLE_TEXT = (
    "Rebels attacked Raqqa on Tuesday. Mustafa Bali said the Syrian Democratic Forces fled.\r\nNobody died."
)


def entity(text: str, ident: str, piece: str, label: str) -> EntityRecord:
    """The entity ``ident`` over the first ``piece`` of ``text``."""
    start = text.index(piece)
    return EntityRecord(ident, start, start + len(piece), label, piece)


def event(text: str, ident: str, piece: str, kind: str, *arguments: tuple[str, str]) -> EventRecord:
    """The event ``ident`` triggered by the first ``piece`` of ``text``, with (role, entity id) arguments."""
    start = text.index(piece)
    return EventRecord(
        ident, kind, start, start + len(piece), piece, tuple(ArgumentRecord(r, e) for r, e in arguments)
    )


def article(ext_id: str = "afp-1") -> DocumentRecord:
    """Three sentences, nested entities, an event with three arguments and two more events."""
    text = ARTICLE_TEXT
    return DocumentRecord(
        text,
        ext_id=ext_id,
        entities=(
            entity(text, "T1", "Rebels", "ORG"),
            entity(text, "T2", "Raqqa", "GPE"),
            entity(text, "T3", "Tuesday", "TIME"),
            entity(text, "T4", "Mustafa Bali", "PER"),
            entity(text, "T5", "Syrian Democratic Forces", "ORG"),
            entity(text, "T6", "Syrian", "GPE"),
            entity(text, "T7", "Nobody", "PER"),
        ),
        events=(
            event(
                text, "E1", "attacked", "Conflict:Attack", ("Attacker", "T1"), ("Place", "T2"), ("Time", "T3")
            ),
            event(text, "E2", "fled", "Movement:Transport", ("Agent", "T5")),
            event(text, "E3", "died", "Life:Die", ("Victim", "T7")),
        ),
    )


def native_line(record: DocumentRecord) -> dict[str, Any]:
    """A record as a native JSONL line (id, text, entities, events), to import on the command line."""
    return {
        "id": record.ext_id,
        "text": record.text,
        "entities": [{"id": e.id, "start": e.start, "end": e.end, "label": e.label} for e in record.entities],
        "events": [
            {
                "id": ev.id,
                "type": ev.type,
                "trigger": {"start": ev.trigger_start, "end": ev.trigger_end},
                "arguments": [{"role": a.role, "entity": a.entity} for a in ev.arguments],
            }
            for ev in record.events
        ],
    }


def import_article(tmp_path: Path) -> Path:
    """``article()`` imported into a new project with ``annotator import``; the project file."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(native_line(article()), ensure_ascii=False) + "\n", encoding="utf-8")
    project = tmp_path / "p.annotator"
    result = CliRunner().invoke(
        cli, ["import", str(source), "--project", str(project)], prog_name="annotator"
    )
    assert (result.exit_code, result.output) == (
        0,
        "Imported 1 new document\nAdded 7 spans\nAdded 3 events\n",
    )
    return project

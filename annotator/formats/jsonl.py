"""The native JSONL format: one document per line with its entities and events, offsets in code points.

A line looks like this (every field but ``text`` may be left out, or be null)::

    {"id": "afp-17", "title": "...", "text": "...", "meta": {}, "status": "done", "annotator": "ana",
     "entities": [{"id": "T1", "start": 0, "end": 5, "label": "PER", "text": "Alice"}],
     "events": [{"id": "E1", "type": "Attack", "trigger": {"start": 9, "end": 15, "text": "struck"},
                 "arguments": [{"role": "Attacker", "entity": "T1"}]}]}

Reading is strict: a field this module does not know is an error, not something silently dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from annotator.formats.text import BOM
from annotator.model.document import STATUSES
from annotator.model.errors import FormatError
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord

DOCUMENT_FIELDS = ("id", "title", "text", "meta", "status", "annotator", "entities", "events")
ENTITY_FIELDS = ("id", "start", "end", "label", "text")
EVENT_FIELDS = ("id", "type", "trigger", "arguments")
TRIGGER_FIELDS = ("start", "end", "text")
ARGUMENT_FIELDS = ("role", "entity")

_DOCUMENT_KEYS = frozenset(DOCUMENT_FIELDS)
_ENTITY_KEYS = frozenset(ENTITY_FIELDS)

_SURROGATE = re.compile("[\ud800-\udfff]")
# A parsed line can hold a lone surrogate only through a \uD800-\uDFFF escape: decoding the raw bytes
# as strict UTF-8 already refuses encoded surrogates. Lines without such an escape skip the walk.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")
# Valid inside JSON strings, but line breaks to str.splitlines and to JavaScript-era JSONL readers.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK_RE = re.compile("[\x85\u2028\u2029]")


class _DuplicateField(Exception):
    """A JSON object names the same field twice."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):  # rare: find the first key that comes again
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateField(key)
            seen.add(key)
    return obj


# One decoder for every line: json.loads would build a new one per call because of the hook.
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates)


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _find_surrogate(value: object, path: str) -> tuple[str, str, int] | None:
    """The first lone surrogate in a parsed value: (field path, the character, its offset)."""
    if isinstance(value, str):
        match = _SURROGATE.search(value)
        return (path, match.group(), match.start()) if match else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _find_surrogate(key, path) or _find_surrogate(item, f"{path}.{key}" if path else key)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _find_surrogate(item, f"{path}[{index}]")
            if found:
                return found
    return None


class _Line:
    """Validates one parsed line, raising FormatError messages that start with ``path:line``."""

    def __init__(self, where: str) -> None:
        self.where = where

    def error(self, message: str) -> FormatError:
        return FormatError(f"{self.where}: {message}")

    def object(self, value: object, name: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(f"'{name}' must be an object, got {_json_type(value)}")
        return value

    def fields(self, obj: dict[str, Any], allowed: tuple[str, ...], name: str) -> None:
        for key in obj:
            if key not in allowed:
                inside = f" in '{name}'" if name else ""
                raise self.error(f"unknown field {key!r}{inside} (expected {', '.join(allowed)})")

    def string(self, obj: dict[str, Any], key: str, name: str) -> str | None:
        value = obj.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(f"'{_join(name, key)}' must be a string, got {_json_type(value)}")
        return value

    def required(self, obj: dict[str, Any], key: str, name: str) -> str:
        value = self.string(obj, key, name)
        if value is None:
            raise self.error(f"'{name}' has no '{key}' field")
        if not value.strip():
            raise self.error(f"'{_join(name, key)}' is empty")
        return value

    def integer(self, obj: dict[str, Any], key: str, name: str) -> int:
        value = obj.get(key)
        if value is None:
            raise self.error(f"'{name}' has no '{key}' field")
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"'{_join(name, key)}' must be an integer, got {_json_type(value)}")
        return value

    def array(self, obj: dict[str, Any], key: str, name: str) -> list[Any]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(f"'{_join(name, key)}' must be an array, got {_json_type(value)}")
        return value

    def offsets(self, text: str, start: int, end: int, name: str) -> None:
        if start >= end:
            raise self.error(f"'{name}' start {start} is not before end {end}")
        if start < 0 or end > len(text):
            raise self.error(f"'{name}' offsets {start}-{end} are outside the text (length {len(text)})")

    def covered(self, text: str, start: int, end: int, given: str | None, name: str) -> None:
        actual = text[start:end]
        if given is not None and given != actual:
            raise self.error(
                f"{name} text {given!r} does not match the document text {actual!r} at {start}-{end}"
            )


def _join(name: str, key: str) -> str:
    return f"{name}.{key}" if name else key


def parse_document(obj: object, where: str, *, source: str = "", line: int = 0) -> DocumentRecord:
    """Validate one parsed JSONL line and turn it into a DocumentRecord."""
    return _parse_document(obj, where, source, line, may_hold_surrogates=True)


def _parse_document(
    obj: object, where: str, source: str, line: int, *, may_hold_surrogates: bool
) -> DocumentRecord:
    check = _Line(where)
    if not isinstance(obj, dict):
        raise check.error(f"expected a JSON object, got {_json_type(obj)}")
    if not obj.keys() <= _DOCUMENT_KEYS:
        check.fields(obj, DOCUMENT_FIELDS, "")
    found = _find_surrogate(obj, "") if may_hold_surrogates else None
    if found:
        path, char, offset = found
        raise check.error(
            f"'{path}' contains a lone surrogate {char!r} at offset {offset} (not valid Unicode)"
        )
    if obj.get("text") is None:
        raise check.error("expected a 'text' field")
    text = obj["text"]
    if not isinstance(text, str):
        raise check.error(f"'text' must be a string, got {_json_type(text)}")
    if not text.strip():
        raise check.error("'text' is empty (nothing to label)")
    meta = check.object(obj["meta"], "meta") if obj.get("meta") is not None else {}
    status = check.string(obj, "status", "")
    if status is not None and status not in STATUSES:
        raise check.error(f"unknown status {status!r} (use one of {', '.join(STATUSES)})")
    annotator = check.string(obj, "annotator", "")
    if annotator is not None and not annotator.strip():
        raise check.error("'annotator' is empty")

    entities: list[EntityRecord] = []
    ids: set[str] = set()
    length = len(text)
    for index, raw in enumerate(check.array(obj, "entities", "")):
        # The usual entity passes these few checks at once; any other takes _entity, whose checks run
        # in the documented order and name the first fault.
        if type(raw) is dict and raw.keys() <= _ENTITY_KEYS:
            start, end, label, ident = raw.get("start"), raw.get("end"), raw.get("label"), raw.get("id")
            if (
                type(start) is int
                and type(end) is int
                and 0 <= start < end <= length
                and type(label) is str
                and label.strip()
                and (ident is None or type(ident) is str)
            ):
                covered = text[start:end]
                given = raw.get("text")
                ident = ident or f"T{index + 1}"
                if (given is None or given == covered) and ident not in ids:
                    ids.add(ident)
                    entities.append(EntityRecord(ident, start, end, label, covered))
                    continue
        entities.append(_entity(check, text, raw, index, ids))

    events: list[EventRecord] = []
    event_ids: set[str] = set()
    for index, raw in enumerate(check.array(obj, "events", "")):
        events.append(_event(check, text, raw, index, ids, event_ids))

    return DocumentRecord(
        text=text,
        title=check.string(obj, "title", "") or "",
        ext_id=check.string(obj, "id", "") or "",
        meta=meta,
        status=status,
        annotator=annotator,
        entities=tuple(entities),
        events=tuple(events),
        line=line,
        source=source,
    )


def _entity(check: _Line, text: str, raw: object, index: int, ids: set[str]) -> EntityRecord:
    """Check one entity of a line, fault by fault, and note its id."""
    name = f"entities[{index}]"
    item = check.object(raw, name)
    check.fields(item, ENTITY_FIELDS, name)
    start, end = check.integer(item, "start", name), check.integer(item, "end", name)
    label = check.required(item, "label", name)
    ident = check.string(item, "id", name) or f"T{index + 1}"
    check.offsets(text, start, end, name)
    check.covered(text, start, end, check.string(item, "text", name), f"'{name}' ({ident})")
    if ident in ids:
        raise check.error(f"'{name}' repeats the entity id {ident!r}")
    ids.add(ident)
    return EntityRecord(ident, start, end, label, text[start:end])


def _event(
    check: _Line, text: str, raw: object, index: int, entity_ids: set[str], event_ids: set[str]
) -> EventRecord:
    """Check one event of a line, fault by fault, and note its id."""
    name = f"events[{index}]"
    item = check.object(raw, name)
    check.fields(item, EVENT_FIELDS, name)
    ident = check.string(item, "id", name) or f"E{index + 1}"
    if ident in event_ids:
        raise check.error(f"'{name}' repeats the event id {ident!r}")
    event_ids.add(ident)
    kind = check.required(item, "type", name)
    if item.get("trigger") is None:
        raise check.error(f"'{name}' has no 'trigger' field")
    tname = f"{name}.trigger"
    trigger = check.object(item["trigger"], tname)
    check.fields(trigger, TRIGGER_FIELDS, tname)
    start, end = check.integer(trigger, "start", tname), check.integer(trigger, "end", tname)
    check.offsets(text, start, end, tname)
    check.covered(text, start, end, check.string(trigger, "text", tname), f"'{tname}'")
    arguments: list[ArgumentRecord] = []
    for number, raw_arg in enumerate(check.array(item, "arguments", name)):
        aname = f"{name}.arguments[{number}]"
        arg = check.object(raw_arg, aname)
        check.fields(arg, ARGUMENT_FIELDS, aname)
        role = check.required(arg, "role", aname)
        entity = check.required(arg, "entity", aname)
        if entity not in entity_ids:
            raise check.error(f"'{aname}' names entity {entity!r}, which is not an entity of this line")
        arguments.append(ArgumentRecord(role, entity))
    return EventRecord(ident, kind, start, end, text[start:end], tuple(arguments))


def json_lines(path: Path | str) -> Iterator[tuple[int, str, object]]:
    """Each non-blank line of a JSONL file as (line number, raw line, decoded JSON), strictly checked.

    Shared by every JSON-lines format: a missing file, invalid UTF-8, invalid JSON (with its column), a
    field given twice and nesting too deep all raise FormatError naming the file and the line.
    """
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise FormatError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    source = str(path)
    with handle:
        # Split on LF only: a JSON line cannot hold a raw CR or LF, but it may hold U+2028 and U+2029.
        for number, raw in enumerate(handle, 1):
            where = f"{source}:{number}"
            if number == 1 and raw.startswith(BOM):
                raw = raw[len(BOM) :]
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise FormatError(
                    f"{where}: not valid UTF-8 at byte {exc.start + 1} of the line "
                    f"(0x{raw[exc.start]:02x}); save the file as UTF-8"
                ) from exc
            if not line.strip():
                continue
            try:
                if line.startswith("\ufeff"):  # what json.loads says, which the decoder alone does not
                    raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", line, 0)
                obj = _DECODER.decode(line)
            except json.JSONDecodeError as exc:
                raise FormatError(f"{where}: invalid JSON at column {exc.colno}: {exc.msg}") from exc
            except _DuplicateField as exc:
                raise FormatError(f"{where}: the field {exc.args[0]!r} appears twice") from exc
            except RecursionError as exc:
                raise FormatError(f"{where}: invalid JSON: nested too deeply") from exc
            yield number, line, obj


def read_jsonl(path: Path | str) -> Iterator[DocumentRecord]:
    """Yield the documents of a JSONL file one line at a time; blank lines are skipped."""
    source = str(path)
    for number, line, obj in json_lines(path):
        surrogates = "\\u" in line and _SURROGATE_ESCAPE.search(line) is not None
        yield _parse_document(obj, f"{source}:{number}", source, number, may_hold_surrogates=surrogates)


def record_to_json(record: DocumentRecord) -> dict[str, Any]:
    """The JSONL object of a record, keys in the documented order; covered texts taken from the text."""
    return line_object(
        record.ext_id,
        record.title,
        record.text,
        record.meta,
        record.status,
        record.annotator,
        ((e.id, e.start, e.end, e.label) for e in record.entities),
        (
            (ev.id, ev.type, ev.trigger_start, ev.trigger_end, ((a.role, a.entity) for a in ev.arguments))
            for ev in record.events
        ),
    )


def line_object(
    ext_id: str,
    title: str,
    text: str,
    meta: dict[str, Any],
    status: str | None,
    annotator: str | None,
    entities: Iterable[tuple[str, int, int, str]],
    events: Iterable[tuple[str, str, int, int, Iterable[tuple[str, str]]]],
) -> dict[str, Any]:
    """The JSONL object of a line from plain values, keys in the documented order.

    The one place that lays out a line, for records and for export_jsonl's rows alike. Entities are
    (id, start, end, label) and events (id, type, start, end, arguments as (role, entity id)).
    """
    return {
        "id": ext_id,
        "title": title,
        "text": text,
        "meta": meta,
        "status": status,
        "annotator": annotator,
        "entities": [
            {"id": ident, "start": start, "end": end, "label": label, "text": text[start:end]}
            for ident, start, end, label in entities
        ],
        "events": [
            {
                "id": ident,
                "type": kind,
                "trigger": {"start": start, "end": end, "text": text[start:end]},
                "arguments": [{"role": role, "entity": entity} for role, entity in arguments],
            }
            for ident, kind, start, end, arguments in events
        ],
    }


# One encoder for every line: json.dumps would build a new one per call for ensure_ascii=False.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def encode_line(obj: dict[str, Any]) -> str:
    """One JSONL line (without the newline) for an object that line_object laid out."""
    line = _ENCODER.encode(obj)
    if _LINE_BREAK_RE.search(line) is None:
        return line
    # These characters only occur inside JSON strings here, where the escape means the same.
    return _LINE_BREAK_RE.sub(lambda m: _LINE_BREAKS[m.group()], line)


def dumps_line(record: DocumentRecord) -> str:
    """One JSONL line (without the newline) for a record."""
    return encode_line(record_to_json(record))


def write_jsonl(records: Iterable[DocumentRecord], target: Path | str | TextIO) -> int:
    """Write one line per record to a file (UTF-8, LF) or an open text stream; return how many."""
    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="\n") as stream:
            return write_jsonl(records, stream)
    count = 0
    write = target.write
    for record in records:
        write(encode_line(record_to_json(record)))
        write("\n")
        count += 1
    return count

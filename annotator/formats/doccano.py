"""doccano sequence-labeling JSONL: one document per line, spans as UTF-16 offsets, as doccano counts.

Two forms are read (and written)::

    {"id": 1, "text": "Alice left", "label": [[0, 5, "PER"]], "source": "afp"}
    {"id": 1, "text": "Alice left", "entities": [{"id": 7, "start_offset": 0, "end_offset": 5,
     "label": "PER"}], "relations": [], "source": "afp"}

"labels" is accepted for "label". Any other key is doccano's free metadata and goes to ``meta``; a
string "title" becomes the title. Relations have no place in our records and are reported as skipped.

doccano's editor counts offsets in UTF-16 code units (JavaScript string indices; doccano issue 2290),
so an emoji or any other character outside the BMP takes two. Offsets are converted to code points on
reading and back on writing; an offset that falls inside a surrogate pair is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from annotator.formats.jsonl import _find_surrogate, _json_type, encode_line, json_lines
from annotator.formats.report import FormatReport
from annotator.formats.utf16 import Utf16Offsets
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord, EntityRecord

FORMS = ("label", "entities")
_SPAN_KEYS = ("label", "labels", "entities")
_RESERVED = frozenset(("id", "text", "title", "relations", *_SPAN_KEYS))
_ENTITY_KEYS = ("id", "start_offset", "end_offset", "label")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse(obj: object, where: str, source: str, line: int, report: FormatReport | None) -> DocumentRecord:
    def error(message: str) -> FormatError:
        return FormatError(f"{where}: {message}")

    if not isinstance(obj, dict):
        raise error(f"expected a JSON object, got {_json_type(obj)}")
    found = _find_surrogate(obj, "")
    if found:
        path, char, offset = found
        raise error(f"'{path}' contains a lone surrogate {char!r} at offset {offset} (not valid Unicode)")
    text = obj.get("text")
    if text is None:
        raise error("expected a 'text' field")
    if not isinstance(text, str):
        raise error(f"'text' must be a string, got {_json_type(text)}")
    if not text.strip():
        raise error("'text' is empty (nothing to label)")
    present = [key for key in _SPAN_KEYS if key in obj]
    if len(present) > 1:
        raise error(f"both {present[0]!r} and {present[1]!r} are given (use one)")

    offsets = Utf16Offsets(text)

    def check(start: object, end: object, label: object, name: str) -> tuple[int, int, str]:
        if isinstance(start, bool) or not isinstance(start, int):
            raise error(f"'{name}' start must be an integer, got {_json_type(start)}")
        if isinstance(end, bool) or not isinstance(end, int):
            raise error(f"'{name}' end must be an integer, got {_json_type(end)}")
        if not isinstance(label, str):
            raise error(f"'{name}' label must be a string, got {_json_type(label)}")
        if not label.strip():
            raise error(f"'{name}' label is empty")
        if start >= end:
            raise error(f"'{name}' start {start} is not before end {end}")
        if start < 0 or end > offsets.units:
            length = f"length {offsets.units} in UTF-16 units"
            raise error(f"'{name}' offsets {start}-{end} are outside the text ({length})")
        point_start, point_end = offsets.to_points(start), offsets.to_points(end)
        if point_start is None or point_end is None:
            bad = start if point_start is None else end
            raise error(f"'{name}' offset {bad} splits a surrogate pair (UTF-16 units)")
        return point_start, point_end, label

    entities: list[EntityRecord] = []
    ids: set[str] = set()
    key = present[0] if present else "label"
    items = obj.get(key)
    if items is None:
        items = []
    if not isinstance(items, list):
        raise error(f"'{key}' must be an array, got {_json_type(items)}")
    for index, raw in enumerate(items):
        name = f"{key}[{index}]"
        if key == "entities":
            if not isinstance(raw, dict):
                raise error(f"'{name}' must be an object, got {_json_type(raw)}")
            for field in raw:
                if field not in _ENTITY_KEYS:
                    raise error(f"unknown field {field!r} in '{name}' (expected {', '.join(_ENTITY_KEYS)})")
            start, end, label = check(raw.get("start_offset"), raw.get("end_offset"), raw.get("label"), name)
            raw_id = raw.get("id")
            if raw_id is None:
                ident = f"T{index + 1}"
            elif _is_int(raw_id) or isinstance(raw_id, str):
                ident = str(raw_id)
            else:
                raise error(f"'{name}' id must be an integer or a string, got {_json_type(raw_id)}")
        else:
            if not isinstance(raw, list) or len(raw) != 3:
                got = f"{len(raw)} items" if isinstance(raw, list) else _json_type(raw)
                raise error(f"'{name}' must be an array [start, end, label], got {got}")
            start, end, label = check(raw[0], raw[1], raw[2], name)
            ident = f"T{index + 1}"
        if ident in ids:
            raise error(f"'{name}' repeats the entity id {ident!r}")
        ids.add(ident)
        entities.append(EntityRecord(ident, start, end, label, text[start:end]))

    relations = obj.get("relations")
    if relations is not None and not isinstance(relations, list):
        raise error(f"'relations' must be an array, got {_json_type(relations)}")
    if relations and report is not None:
        for _ in relations:
            report.skip("relation", "relations are not part of the annotation model", where)

    raw_ext = obj.get("id")
    if raw_ext is not None and not (_is_int(raw_ext) or isinstance(raw_ext, str)):
        raise error(f"'id' must be an integer or a string, got {_json_type(raw_ext)}")
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        raise error(f"'title' must be a string, got {_json_type(title)}")
    meta = {k: v for k, v in obj.items() if k not in _RESERVED}
    if report is not None:
        report.documents += 1
        report.spans += len(entities)
    return DocumentRecord(
        text=text,
        title=title or "",
        ext_id="" if raw_ext is None else str(raw_ext),
        meta=meta,
        entities=tuple(entities),
        line=line,
        source=source,
    )


def read_doccano(path: Path | str, report: FormatReport | None = None) -> Iterator[DocumentRecord]:
    """Yield the documents of a doccano JSONL file one line at a time; blank lines are skipped."""
    source = str(path)
    for number, _line, obj in json_lines(path):
        yield _parse(obj, f"{source}:{number}", source, number, report)


def _doccano_id(ident: str) -> int | str:
    """doccano numbers its ids: give a decimal id back as a number, keep any other (even "012") a string."""
    return int(ident) if ident.isascii() and ident.isdigit() and str(int(ident)) == ident else ident


def write_doccano(
    records: Iterable[DocumentRecord], path: Path | str, *, form: Literal["label", "entities"] = "label"
) -> FormatReport:
    """Write one doccano JSONL line per record, spans as "label" triples or as "entities" objects."""
    if form not in FORMS:
        raise ValueError(f"unknown doccano form {form!r} (expected {', '.join(FORMS)})")
    report = FormatReport()
    with Path(path).open("w", encoding="utf-8", newline="\n") as stream:
        for record in records:
            where = record.ext_id or record.where
            obj: dict[str, Any] = {}
            if record.ext_id:
                obj["id"] = _doccano_id(record.ext_id)
            obj["text"] = record.text
            if record.title:
                obj["title"] = record.title
            units = Utf16Offsets(record.text).to_units
            if form == "label":
                obj["label"] = [[units(e.start), units(e.end), e.label] for e in record.entities]
            else:
                obj["entities"] = [
                    {
                        "id": _doccano_id(e.id),
                        "start_offset": units(e.start),
                        "end_offset": units(e.end),
                        "label": e.label,
                    }
                    for e in record.entities
                ]
                obj["relations"] = []
            for key, value in record.meta.items():
                if key in _RESERVED:
                    report.skip(f"meta field {key!r}", "doccano uses this key itself", where)
                else:
                    obj[key] = value
            if record.status is not None:
                report.skip("status", "doccano JSONL has no document status", where)
            if record.annotator is not None:
                report.skip("annotator", "doccano JSONL has no annotator field", where)
            for _ in record.events:
                report.skip("event", "events are not exported to doccano", where)
            stream.write(encode_line(obj))
            stream.write("\n")
            report.documents += 1
            report.spans += len(record.entities)
    return report

"""spaCy/Prodigy JSONL: one task per line, spans as code-point offsets with their token indices.

A written line looks like this (Prodigy's ``ner.manual`` output, and what ``spacy`` reads as JSONL)::

    {"text": "Alice left", "meta": {"id": "d1", "title": "..."},
     "tokens": [{"text": "Alice", "start": 0, "end": 5, "id": 0, "ws": true}, ...],
     "spans": [{"start": 0, "end": 5, "label": "PER", "token_start": 0, "token_end": 0}],
     "answer": "accept", "_annotator_id": "ana"}

``end`` is exclusive, ``token_end`` inclusive. Tokens come from the app's tokenizer (as in every token
format); a span that does not fall on token boundaries keeps its exact offsets and is written without
token indices, which the report says. The document id and title go in ``meta``, the annotator in
Prodigy's ``_annotator_id``; events and the status have no place and are reported.

Reading accepts lines with or without ``tokens``. When tokens are given, each must match the text and
every span's ``token_start``/``token_end`` must name the tokens at its offsets. A line whose ``answer``
is ``reject`` or ``ignore`` is not imported and is reported, as is a span whose own answer is. Prodigy's
bookkeeping fields (``_input_hash``, ``_task_hash``, ``_view_id``, ``_session_id``, ``_timestamp``...)
are derived data and are not kept; ``_annotator_id`` names the annotator. The id and title are read
from ``meta`` or from the top level; any other top-level field is kept in ``meta``. ``relations`` have
no place in our records and are reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.formats.jsonl import _find_surrogate, _json_type, encode_line, json_lines
from annotator.formats.report import FormatReport
from annotator.formats.tokenized import Tokenized, describe, tokenize_document
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord, EntityRecord
from annotator.model.schema import Schema

ANSWERS = ("accept", "reject", "ignore")
TOKEN_FIELDS = ("text", "start", "end", "id", "ws")
SPAN_FIELDS = (
    "start",
    "end",
    "label",
    "token_start",
    "token_end",
    "text",
    "answer",
    "source",
    "input_hash",
    "score",
    "priority",
    "rank",
)
_ANNOTATOR = "_annotator_id"
_RESERVED = frozenset(("text", "tokens", "spans", "answer", "meta", "relations"))
_META_OWN = ("id", "title")  # meta keys that carry the record's id and title


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Check:
    """FormatError messages that start with ``path:line``."""

    def __init__(self, where: str) -> None:
        self.where = where

    def error(self, message: str) -> FormatError:
        return FormatError(f"{self.where}: {message}")

    def integer(self, item: dict[str, Any], key: str, name: str) -> int:
        value = self.optional(item, key, name)
        if value is None:
            raise self.error(f"'{name}' has no '{key}' field")
        return value

    def optional(self, item: dict[str, Any], key: str, name: str) -> int | None:
        value = item.get(key)
        if value is None:
            return None
        if not _is_int(value):
            raise self.error(f"'{name}.{key}' must be an integer, got {_json_type(value)}")
        return int(value)

    def covered(self, item: dict[str, Any], text: str, start: int, end: int, name: str) -> None:
        given = item.get("text")
        if given is not None and given != text[start:end]:
            actual = text[start:end]
            raise self.error(
                f"'{name}' text {given!r} does not match the document text {actual!r} at {start}-{end}"
            )

    def fields(self, item: object, allowed: tuple[str, ...], name: str) -> dict[str, Any]:
        if not isinstance(item, dict):
            raise self.error(f"'{name}' must be an object, got {_json_type(item)}")
        for key in item:
            if key not in allowed:
                raise self.error(f"unknown field {key!r} in '{name}' (expected {', '.join(allowed)})")
        return item


def _is_own(key: str, value: object) -> bool:
    """Whether a field is the record's id (a string or an integer) or its title (a string)."""
    if key == "id":
        return isinstance(value, str) or _is_int(value)
    return key == "title" and isinstance(value, str)


# ---------------------------------------------------------------------------------------------- reading


def read_spacy(path: Path | str, report: FormatReport | None = None) -> Iterator[DocumentRecord]:
    """Yield the accepted documents of a spaCy/Prodigy JSONL file one line at a time.

    Rejected and ignored lines, spans and relations go to ``report``; blank lines are skipped.
    """
    source = str(path)
    report = report if report is not None else FormatReport()
    for number, _line, obj in json_lines(path):
        record = _parse(obj, _Check(f"{source}:{number}"), source, number, report)
        if record is not None:
            yield record


def _parse(obj: object, check: _Check, source: str, line: int, report: FormatReport) -> DocumentRecord | None:
    """One task as a record, or None (reported) when its answer is not accept."""
    where = check.where
    if not isinstance(obj, dict):
        raise check.error(f"expected a JSON object, got {_json_type(obj)}")
    found = _find_surrogate(obj, "")
    if found:
        path, char, offset = found
        raise check.error(
            f"'{path}' contains a lone surrogate {char!r} at offset {offset} (not valid Unicode)"
        )
    answer = obj.get("answer")
    if answer is not None and answer not in ANSWERS:
        raise check.error(f"unknown answer {answer!r} (expected {', '.join(ANSWERS)})")
    if answer in ("reject", "ignore"):
        report.skip("document", f"the answer is {answer!r}; only accepted tasks are imported", where)
        return None
    text = obj.get("text")
    if text is None:
        raise check.error("expected a 'text' field")
    if not isinstance(text, str):
        raise check.error(f"'text' must be a string, got {_json_type(text)}")
    if not text.strip():
        raise check.error("'text' is empty (nothing to label)")

    tokens = _tokens(obj.get("tokens"), text, check)
    entities = _spans(obj.get("spans"), text, tokens, check, report)

    relations = obj.get("relations")
    if relations is not None and not isinstance(relations, list):
        raise check.error(f"'relations' must be an array, got {_json_type(relations)}")
    for _ in relations or ():
        report.skip("relation", "relations are not part of the annotation model", where)

    raw_meta = obj.get("meta")
    if raw_meta is not None and not isinstance(raw_meta, dict):
        raise check.error(f"'meta' must be an object, got {_json_type(raw_meta)}")
    meta = dict(raw_meta or {})
    # The id and title come from meta or from the top level; any other field is kept in meta.
    own: dict[str, str] = {}
    for key in _META_OWN:
        if _is_own(key, meta.get(key)):
            own[key] = str(meta.pop(key))
    for key, value in obj.items():
        if key in _RESERVED or key.startswith("_"):
            continue
        if key in meta or key in own:
            raise check.error(f"the field {key!r} is given both at the top level and in 'meta'")
        if _is_own(key, value):
            own[key] = str(value)
        else:
            meta[key] = value
    annotator = obj.get(_ANNOTATOR)
    if annotator is not None and not isinstance(annotator, str):
        raise check.error(f"'{_ANNOTATOR}' must be a string, got {_json_type(annotator)}")

    report.documents += 1
    report.spans += len(entities)
    return DocumentRecord(
        text=text,
        title=own.get("title", ""),
        ext_id=own.get("id", ""),
        meta=meta,
        annotator=annotator if annotator and annotator.strip() else None,
        entities=tuple(entities),
        line=line,
        source=source,
    )


def _tokens(raw: object, text: str, check: _Check) -> list[tuple[int, int]] | None:
    """The (start, end) of each given token, checked against the text; None without tokens."""
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise check.error(f"'tokens' must be an array, got {_json_type(raw)}")
    tokens: list[tuple[int, int]] = []
    for index, item in enumerate(raw):
        name = f"tokens[{index}]"
        token = check.fields(item, TOKEN_FIELDS, name)
        start = check.integer(token, "start", name)
        end = check.integer(token, "end", name)
        if not 0 <= start < end <= len(text):
            raise check.error(
                f"'{name}' offsets {start}-{end} are empty or outside the text (length {len(text)})"
            )
        if tokens and start < tokens[-1][1]:
            raise check.error(
                f"'{name}' starts at {start}, before the token before it ends ({tokens[-1][1]})"
            )
        check.covered(token, text, start, end, name)
        ident = check.optional(token, "id", name)
        if ident is not None and ident != index:
            raise check.error(f"'{name}' has id {ident}; token ids count from 0 in order")
        ws = token.get("ws")
        if ws is not None and not isinstance(ws, bool):
            raise check.error(f"'{name}.ws' must be true or false, got {_json_type(ws)}")
        tokens.append((start, end))
    return tokens


def _spans(
    raw: object, text: str, tokens: list[tuple[int, int]] | None, check: _Check, report: FormatReport
) -> list[EntityRecord]:
    """The accepted spans as entities, checked against the text and the tokens."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise check.error(f"'spans' must be an array, got {_json_type(raw)}")
    entities: list[EntityRecord] = []
    for index, item in enumerate(raw):
        name = f"spans[{index}]"
        span = check.fields(item, SPAN_FIELDS, name)
        start = check.integer(span, "start", name)
        end = check.integer(span, "end", name)
        label = span.get("label")
        if label is None:
            raise check.error(f"'{name}' has no 'label' field")
        if not isinstance(label, str):
            raise check.error(f"'{name}.label' must be a string, got {_json_type(label)}")
        if not label.strip():
            raise check.error(f"'{name}.label' is empty")
        if start >= end:
            raise check.error(f"'{name}' start {start} is not before end {end}")
        if start < 0 or end > len(text):
            raise check.error(f"'{name}' offsets {start}-{end} are outside the text (length {len(text)})")
        check.covered(span, text, start, end, name)
        first = check.optional(span, "token_start", name)
        last = check.optional(span, "token_end", name)
        if tokens is not None:
            _check_token(tokens, text, first, start, "token_start", name, check)
            _check_token(tokens, text, last, end, "token_end", name, check)
            if first is not None and last is not None and first > last:
                raise check.error(f"'{name}' token_start {first} is after token_end {last}")
        answer = span.get("answer")
        if answer is not None and answer not in ANSWERS:
            raise check.error(f"'{name}' has an unknown answer {answer!r} (expected {', '.join(ANSWERS)})")
        if answer in ("reject", "ignore"):
            why = f"{describe(text, label, start, end)}: the span's answer is {answer!r}"
            report.skip("span", why, check.where)
            continue
        entities.append(EntityRecord(f"T{len(entities) + 1}", start, end, label, text[start:end]))
    return entities


def _check_token(
    tokens: list[tuple[int, int]],
    text: str,
    number: int | None,
    offset: int,
    key: str,
    name: str,
    check: _Check,
) -> None:
    """That token ``number`` starts (token_start) or ends (token_end) at the span's offset."""
    if number is None:
        return
    if not 0 <= number < len(tokens):
        raise check.error(f"'{name}' {key} {number} is not a token (the line has {len(tokens)} tokens)")
    start, end = tokens[number]
    at, side = (start, "start") if key == "token_start" else (end, "end")
    if at != offset:
        raise check.error(
            f"'{name}' {key} {number} is the token {text[start:end]!r} at {start}-{end}, "
            f"which does not {side} at the span {side} {offset}"
        )


# ---------------------------------------------------------------------------------------------- writing


def to_task(record: DocumentRecord, report: FormatReport, doc: Tokenized | None = None) -> dict[str, Any]:
    """The Prodigy task of a record; what it cannot hold goes to ``report``."""
    text = record.text
    where = record.ext_id or record.where
    doc = doc if doc is not None else tokenize_document(text)
    first_of = {start: i for i, (start, _) in enumerate(doc.tokens)}
    last_of = {end: i for i, (_, end) in enumerate(doc.tokens)}
    meta: dict[str, Any] = {}
    if record.ext_id:
        meta["id"] = record.ext_id
    if record.title:
        meta["title"] = record.title
    for key, value in record.meta.items():
        if key in _META_OWN:
            report.skip(
                f"meta field {key!r}", "Prodigy meta holds the document's own id and title here", where
            )
        else:
            meta[key] = value
    tokens = []
    for number, (start, end) in enumerate(doc.tokens):
        ws = end < len(text) and text[end].isspace()
        tokens.append({"text": text[start:end], "start": start, "end": end, "id": number, "ws": ws})
    spans: list[dict[str, Any]] = []
    for entity in record.entities:
        span: dict[str, Any] = {"start": entity.start, "end": entity.end, "label": entity.label}
        first, last = first_of.get(entity.start), last_of.get(entity.end)
        if first is not None and last is not None and first <= last:
            span["token_start"], span["token_end"] = first, last
        else:
            reason = doc.token_range(entity.start, entity.end)
            why = f"{describe(text, entity.label, entity.start, entity.end)} {reason}"
            report.skip(
                "token range", f"{why}; the span keeps its offsets without token_start/token_end", where
            )
        spans.append(span)
    if record.status is not None:
        report.skip("status", "Prodigy tasks have no document status", where)
    for event in record.events:
        report.skip("event", "spaCy/Prodigy spans cannot hold events", f"{where} ({event.id})")
    obj: dict[str, Any] = {"text": text, "meta": meta, "tokens": tokens, "spans": spans, "answer": "accept"}
    if record.annotator is not None:
        obj[_ANNOTATOR] = record.annotator
    report.documents += 1
    report.spans += len(spans)
    return obj


def write_spacy(
    records: Iterable[DocumentRecord], path: Path | str, *, report: FormatReport | None = None
) -> FormatReport:
    """Write one Prodigy task per record (UTF-8, LF); report what the format cannot hold.

    ``report`` is filled with counts and skips, if given; it is returned either way.
    """
    report = report if report is not None else FormatReport()
    with Path(path).open("w", encoding="utf-8", newline="\n") as stream:
        for record in records:
            stream.write(encode_line(to_task(record, report)))
            stream.write("\n")
    return report


def import_spacy(path: Path, schema: Schema | None, report: FormatReport) -> Iterator[DocumentRecord]:
    """The registry's reader."""
    return read_spacy(path, report)


def export_spacy(records: Iterable[DocumentRecord], path: Path, schema: Schema, report: FormatReport) -> None:
    """The registry's writer."""
    write_spacy(records, path, report=report)

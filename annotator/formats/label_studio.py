"""Label Studio JSON export: a JSON array of tasks, each annotation of a task one record layer.

A task looks like this::

    {"id": 1, "data": {"text": "Alice left"},
     "annotations": [{"id": 1, "completed_by": 3, "result": [
        {"id": "T1", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 0, "end": 5, "text": "Alice", "labels": ["PER"]}}]}],
     "predictions": []}

Label Studio counts offsets in UTF-16 code units (JavaScript string indices); our records count code
points, so offsets are converted both ways. The data key holding the text is "text", or else the only
string value of ``data``; the other data keys go to ``meta`` ("title" and "ext_id" strings excepted).

The annotator of an annotation is written as its ``created_username``, which Label Studio ignores on
import: a ``completed_by`` that is not one of its user ids or members' emails makes it refuse the whole
file. Reading takes ``created_username`` (without the ", id" Label Studio appends), else ``completed_by``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.formats.jsonl import _DuplicateField, _find_surrogate, _json_type, _no_duplicates
from annotator.formats.report import FormatReport
from annotator.formats.text import decode_utf8, read_bytes
from annotator.formats.utf16 import Utf16Offsets
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord, EntityRecord

_OWN_DATA_KEYS = frozenset(("title", "ext_id"))
_USERNAME = re.compile(r",\s*\d+\s*$")  # Label Studio writes created_username as "email, user id"


def _user(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        email = value.get("email")
        if isinstance(email, str) and email:
            return email
        ident = value.get("id")
        if isinstance(ident, int | str) and not isinstance(ident, bool):
            return str(ident)
    raise ValueError(_json_type(value))


class _Task:
    """Validates one task, raising FormatError messages that start with ``path: task N``."""

    def __init__(self, where: str) -> None:
        self.where = where

    def error(self, message: str) -> FormatError:
        return FormatError(f"{self.where}: {message}")

    def parse(self, obj: object, source: str, report: FormatReport | None) -> Iterator[DocumentRecord]:
        if not isinstance(obj, dict):
            raise self.error(f"expected a JSON object, got {_json_type(obj)}")
        found = _find_surrogate(obj, "")
        if found:
            path, char, offset = found
            raise self.error(
                f"'{path}' contains a lone surrogate {char!r} at offset {offset} (not valid Unicode)"
            )
        data = obj.get("data")
        if not isinstance(data, dict):
            raise self.error(f"'data' must be an object, got {_json_type(data)}")
        text_key = self._text_key(data)
        text = data[text_key]
        if not text.strip():
            raise self.error(f"'data.{text_key}' is empty (nothing to label)")
        title, ext_id = data.get("title"), data.get("ext_id")
        meta = {k: v for k, v in data.items() if k != text_key and k not in _OWN_DATA_KEYS}
        for key, value in (("title", title), ("ext_id", ext_id)):
            if value is not None and not isinstance(value, str):
                meta[key] = value
        task_id = obj.get("id")
        if ext_id is None or not isinstance(ext_id, str):
            ext_id = "" if task_id is None else str(task_id)
        title = title if isinstance(title, str) else ""
        predictions = obj.get("predictions")
        if predictions and report is not None:
            report.skip("predictions", "model predictions are not imported", self.where)
        annotations = obj.get("annotations")
        if annotations is None:
            annotations = []
        if not isinstance(annotations, list):
            raise self.error(f"'annotations' must be an array, got {_json_type(annotations)}")
        offsets = Utf16Offsets(text)
        layers: list[tuple[str | None, tuple[EntityRecord, ...]]] = []
        for index, raw in enumerate(annotations):
            name = f"annotations[{index}]"
            if not isinstance(raw, dict):
                raise self.error(f"'{name}' must be an object, got {_json_type(raw)}")
            if raw.get("was_cancelled") is True:
                if report is not None:
                    report.skip("annotation", "cancelled (skipped) in Label Studio", self.where)
                continue
            try:
                annotator = _user(raw.get("completed_by"))
            except ValueError as exc:
                raise self.error(
                    f"'{name}.completed_by' must be a string, a number or a user object, got {exc}"
                ) from None
            username = raw.get("created_username")
            if isinstance(username, str) and _USERNAME.sub("", username).strip():
                annotator = _USERNAME.sub("", username).strip()  # a name beats a bare user id
            layers.append((annotator, self._entities(raw, name, text, offsets, report)))
        if not layers:
            layers.append((None, ()))
        for annotator, entities in layers:
            if report is not None:
                report.documents += 1
                report.spans += len(entities)
            yield DocumentRecord(
                text=text,
                title=title,
                ext_id=ext_id,
                meta=meta,
                annotator=annotator,
                entities=entities,
                source=source,
            )

    def _text_key(self, data: dict[str, Any]) -> str:
        if "text" in data:
            if not isinstance(data["text"], str):
                raise self.error(f"'data.text' must be a string, got {_json_type(data['text'])}")
            return "text"
        keys = [k for k, v in data.items() if isinstance(v, str) and k not in _OWN_DATA_KEYS]
        if len(keys) != 1:
            found = f"{len(keys)} ({', '.join(keys)})" if keys else "none"
            raise self.error(f"'data' has no 'text' field and not exactly one string field (found {found})")
        return keys[0]

    def _entities(
        self,
        annotation: dict[str, Any],
        name: str,
        text: str,
        offsets: Utf16Offsets,
        report: FormatReport | None,
    ) -> tuple[EntityRecord, ...]:
        results = annotation.get("result")
        if results is None:
            results = []
        if not isinstance(results, list):
            raise self.error(f"'{name}.result' must be an array, got {_json_type(results)}")
        entities: list[EntityRecord] = []
        ids: set[str] = set()
        for index, raw in enumerate(results):
            rname = f"{name}.result[{index}]"
            if not isinstance(raw, dict):
                raise self.error(f"'{rname}' must be an object, got {_json_type(raw)}")
            kind = raw.get("type")
            if kind != "labels":
                if report is not None:
                    report.skip(f"{kind} result", "only 'labels' results are imported", self.where)
                continue
            value = raw.get("value")
            if not isinstance(value, dict):
                raise self.error(f"'{rname}.value' must be an object, got {_json_type(value)}")
            units: list[int] = []
            for key in ("start", "end"):
                unit = value.get(key)
                if isinstance(unit, bool) or not isinstance(unit, int):
                    raise self.error(f"'{rname}.value.{key}' must be an integer, got {_json_type(unit)}")
                units.append(unit)
            ustart, uend = units
            if ustart >= uend:
                raise self.error(f"'{rname}' start {ustart} is not before end {uend}")
            if ustart < 0 or uend > offsets.units:
                raise self.error(
                    f"'{rname}' offsets {ustart}-{uend} are outside the text "
                    f"(length {offsets.units} in UTF-16 units)"
                )
            start, end = offsets.to_points(ustart), offsets.to_points(uend)
            if start is None or end is None:
                bad = ustart if start is None else uend
                raise self.error(f"'{rname}' offset {bad} splits a surrogate pair (UTF-16 units)")
            covered = text[start:end]
            given = value.get("text")
            if given is not None and given != covered:
                raise self.error(
                    f"'{rname}' text {given!r} does not match the document text {covered!r} "
                    f"at {ustart}-{uend} (UTF-16 units)"
                )
            labels = value.get("labels")
            if not isinstance(labels, list) or not labels:
                raise self.error(f"'{rname}.value.labels' must be a non-empty array of strings")
            raw_id = raw.get("id")
            base = str(raw_id) if isinstance(raw_id, str | int) and raw_id != "" else f"T{index + 1}"
            for number, label in enumerate(labels):
                if not isinstance(label, str) or not label.strip():
                    raise self.error(f"'{rname}.value.labels[{number}]' must be a non-empty string")
                # A span with several labels becomes one entity per label.
                ident = base if number == 0 else f"{base}:{number + 1}"
                if ident in ids:
                    raise self.error(f"'{rname}' repeats the result id {ident!r}")
                ids.add(ident)
                entities.append(EntityRecord(ident, start, end, label, covered))
        return tuple(entities)


def read_label_studio(path: Path | str, report: FormatReport | None = None) -> Iterator[DocumentRecord]:
    """Yield one record per annotation of each task of a Label Studio JSON export (tasks are numbered from 1).

    A task without annotations yields one record without entities.
    """
    path = Path(path)
    source = str(path)
    content = decode_utf8(read_bytes(path), source)
    try:
        tasks = json.loads(content, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"{source}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    except _DuplicateField as exc:
        raise FormatError(f"{source}: the field {exc.args[0]!r} appears twice") from exc
    except RecursionError as exc:
        raise FormatError(f"{source}: invalid JSON: nested too deeply") from exc
    if isinstance(tasks, dict):  # a single task, as Label Studio's import also accepts
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise FormatError(f"{source}: expected a JSON array of tasks, got {_json_type(tasks)}")
    for number, task in enumerate(tasks, 1):
        # The task is the record's source, so that import errors (an unknown label) say which one.
        where = f"{source}: task {number}"
        yield from _Task(where).parse(task, where, report)


def _result_id(entity_id: str, used: set[str]) -> str:
    ident, number = entity_id, 1
    while ident in used:
        number += 1
        ident = f"{entity_id}:{number}"
    used.add(ident)
    return ident


def write_label_studio(records: Iterable[DocumentRecord], path: Path | str) -> FormatReport:
    """Write a Label Studio JSON export: one task per distinct text, each annotator layer an annotation."""
    report = FormatReport()
    tasks: dict[str, dict[str, Any]] = {}
    annotation_id = 0
    for record in records:
        where = record.ext_id or record.where
        task = tasks.get(record.text)
        if task is None:
            data: dict[str, Any] = {"text": record.text}
            if record.title:
                data["title"] = record.title
            if record.ext_id:
                data["ext_id"] = record.ext_id
            for key, value in record.meta.items():
                if key == "text" or key in _OWN_DATA_KEYS:
                    report.skip(f"meta field {key!r}", "the task data uses this key itself", where)
                else:
                    data[key] = value
            task = {"id": len(tasks) + 1, "data": data, "annotations": [], "predictions": []}
            tasks[record.text] = task
            report.documents += 1
        elif (record.title, record.ext_id, record.meta) != (
            task["data"].get("title", ""),
            task["data"].get("ext_id", ""),
            {k: v for k, v in task["data"].items() if k != "text" and k not in _OWN_DATA_KEYS},
        ):
            report.skip("document fields", "a task keeps those of the first record with its text", where)
        if record.status is not None:
            report.skip("status", "Label Studio tasks have no document status", where)
        for _ in record.events:
            report.skip("event", "events are not exported to Label Studio", where)
        if record.annotator is None and not record.entities:
            continue
        offsets = Utf16Offsets(record.text)
        used: set[str] = set()
        result = [
            {
                "id": _result_id(e.id, used),
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": offsets.to_units(e.start),
                    "end": offsets.to_units(e.end),
                    "text": record.text[e.start : e.end],
                    "labels": [e.label],
                },
            }
            for e in record.entities
        ]
        annotation_id += 1
        annotation: dict[str, Any] = {"id": annotation_id}
        if record.annotator is not None:
            # Not completed_by: Label Studio refuses to import one that is not a user id or the email of
            # a member of its organization. It ignores created_username on import, and sets the
            # importing user; our reader takes the annotator back from it.
            annotation["created_username"] = record.annotator
        annotation["result"] = result
        task["annotations"].append(annotation)
        report.spans += len(record.entities)
    with Path(path).open("w", encoding="utf-8", newline="\n") as stream:
        json.dump(list(tasks.values()), stream, ensure_ascii=False, indent=1)
        stream.write("\n")
    return report

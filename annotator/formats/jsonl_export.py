"""A whole project as native JSONL, written straight from its rows (the command line's export)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from annotator.formats.jsonl import encode_line, line_object
from annotator.store.export import ExportLayer, export_layers
from annotator.store.project import Project


@dataclass
class ExportCounts:
    """What export_jsonl wrote: lines (one per document layer), documents, spans and events."""

    lines: int = 0
    documents: int = 0
    spans: int = 0
    events: int = 0


def export_jsonl(
    project: Project,
    target: Path | str | TextIO,
    *,
    annotator: str | None = None,
    status: str | None = None,
    review: str | None = None,
    watch: Callable[[Iterable[ExportLayer]], Iterable[ExportLayer]] | None = None,
) -> ExportCounts:
    """Write a project as JSONL straight from its rows: the bytes of write_jsonl(export_records(...)).

    It skips the record objects, which makes it the faster way to export a whole project. The filters
    are checked before the file is opened, so a bad one leaves no file behind. ``watch`` wraps the
    stream of layers, to follow the progress.
    """
    layers: Iterable[ExportLayer] = export_layers(project, annotator=annotator, status=status, review=review)
    if watch is not None:
        layers = watch(layers)
    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="\n") as stream:
            return _write_layers(layers, stream)
    return _write_layers(layers, target)


def _write_layers(layers: Iterable[ExportLayer], stream: TextIO) -> ExportCounts:
    counts = ExportCounts()
    last_doc = None
    write = stream.write
    for layer in layers:
        obj = line_object(
            layer.ext_id,
            layer.title,
            layer.text,
            layer.meta,
            layer.status,
            layer.annotator,
            (
                (f"T{number}", start, end, label)
                for number, (start, end, label) in enumerate(layer.entities, 1)
            ),
            (
                (f"E{number}", kind, start, end, arguments)
                for number, (kind, start, end, arguments) in enumerate(layer.events, 1)
            ),
        )
        write(encode_line(obj))
        write("\n")
        counts.lines += 1
        counts.spans += len(layer.entities)
        counts.events += len(layer.events)
        if layer.doc_id != last_doc:
            counts.documents += 1
            last_doc = layer.doc_id
    return counts

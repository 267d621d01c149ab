"""Moving document records into and out of a project (import, export) and counting it. No Qt."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.model.document import STATUS_TITLES, STATUSES, Document
from annotator.model.errors import FormatError, ProjectError, SchemaError
from annotator.model.records import DocumentRecord, EntityRecord
from annotator.model.spans import Span
from annotator.store.project import NewSpan, Project


def plural(count: int, word: str) -> str:
    """``1 span``, ``2 spans``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass
class ImportSummary:
    """What an import did, for the message the user sees afterwards."""

    documents_added: int = 0
    documents_matched: int = 0
    spans_added: int = 0
    spans_present: int = 0
    events_skipped: int = 0
    labels_added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A human summary, one fact per line."""
        documents = f"Imported {plural(self.documents_added, 'new document')}"
        if self.documents_matched:
            were = "was" if self.documents_matched == 1 else "were"
            documents += f"; {self.documents_matched} {were} already in the project"
        lines = [documents, f"Added {plural(self.spans_added, 'span')}"]
        if self.labels_added:
            lines.append(
                f"Added {plural(len(self.labels_added), 'label')} to the schema: "
                + ", ".join(self.labels_added)
            )
        lines += [f"Skipped: {reason}" for reason in self.skipped]
        return lines


def import_records(
    project: Project, records: Iterable[DocumentRecord], *, annotator: str, add_labels: bool = False
) -> ImportSummary:
    """Add documents and their labels in one transaction: on any error the project stays as it was.

    A text already in the project is not added again; its labels are added to that document, leaving
    out spans its annotator already has. A record's own ``annotator`` wins over ``annotator``.
    """
    if not annotator.strip():
        raise ProjectError("an annotator needs a name (use --annotator NAME)")
    summary = ImportSummary()
    seen: set[int] = set()
    try:
        with project.transaction():
            for record in records:
                _import_record(project, record, annotator, add_labels, summary, seen)
    except sqlite3.OperationalError as exc:
        raise ProjectError(f"{project.path or ':memory:'}: cannot write the project ({exc})") from exc
    if summary.spans_present:
        summary.skipped.append(
            f"{plural(summary.spans_present, 'span')} already in the project (not added again)"
        )
    if summary.events_skipped:
        summary.skipped.append(f"events are not stored yet ({summary.events_skipped} skipped)")
    return summary


def _import_record(
    project: Project,
    record: DocumentRecord,
    default_annotator: str,
    add_labels: bool,
    summary: ImportSummary,
    seen: set[int],
) -> None:
    where = record.where
    text = record.text
    if not text.strip():
        raise FormatError(f"{where}: the text is empty (nothing to label)")
    if record.status is not None and record.status not in STATUSES:
        raise FormatError(f"{where}: unknown status {record.status!r} (use one of {', '.join(STATUSES)})")
    for entity in record.entities:
        _check_entity(project, entity, text, where, add_labels, summary)

    doc_id = project.find_document(text)
    if doc_id is None:
        doc_id = project.add_document(
            text, title=record.title, meta=record.meta, status=record.status or "new", ext_id=record.ext_id
        )
        summary.documents_added += 1
    else:
        if doc_id not in seen:
            summary.documents_matched += 1
        if record.status is not None:
            project.set_status(doc_id, record.status)
    seen.add(doc_id)

    if record.entities:
        name = (record.annotator or "").strip() or default_annotator.strip()
        present = {(s.start, s.end, s.label) for s in project.spans(doc_id, name)}
        new: list[NewSpan] = []
        for entity in record.entities:
            key = (entity.start, entity.end, entity.label)
            if key in present:
                summary.spans_present += 1
                continue
            present.add(key)
            new.append(NewSpan(*key))
        if new:
            summary.spans_added += project.add_spans(doc_id, name, new)
    summary.events_skipped += len(record.events)


def _check_entity(
    project: Project, entity: EntityRecord, text: str, where: str, add_labels: bool, summary: ImportSummary
) -> None:
    """Raise FormatError for offsets or text that do not fit; add an unknown label when allowed."""
    if not (0 <= entity.start < entity.end <= len(text)):
        raise FormatError(
            f"{where}: entity {entity.id} offsets {entity.start}-{entity.end} are outside the text "
            f"(length {len(text)}) or empty"
        )
    covered = text[entity.start : entity.end]
    if entity.text is not None and entity.text != covered:
        raise FormatError(
            f"{where}: entity {entity.id} text {entity.text!r} does not match the document text "
            f"{covered!r} at {entity.start}-{entity.end}"
        )
    if project.schema.entity_type(entity.label) is not None:
        return
    if not add_labels:
        raise FormatError(
            f"{where}: label {entity.label!r} is not in the project schema (use --add-labels to add it)"
        )
    try:
        project.set_schema(project.schema.with_labels([entity.label]))
    except SchemaError as exc:
        raise FormatError(f"{where}: {exc}") from exc
    summary.labels_added.append(entity.label)


def export_records(
    project: Project, *, annotator: str | None = None, status: str | None = None
) -> Iterator[DocumentRecord]:
    """One record per document and annotator layer, document by document.

    A document without spans (of ``annotator``, when given) gives one record with annotator None and
    no entities, so an export always carries every text. Entity ids are ``T1``... in reading order.
    """
    if status is not None and status not in STATUSES:
        raise ProjectError(f"unknown status {status!r} (use one of {', '.join(STATUSES)})")
    if annotator is not None and annotator not in project.annotators():
        known = ", ".join(project.annotators()) or "none yet"
        raise ProjectError(f"no annotator {annotator!r} in the project (annotators: {known})")
    return _export(project, annotator, status)


def _export(project: Project, annotator: str | None, status: str | None) -> Iterator[DocumentRecord]:
    source = str(project.path) if project.path else ":memory:"
    for summary in project.summaries():
        if status is not None and summary.status != status:
            continue
        document = project.document(summary.id)
        layers: dict[str, list[Span]] = {}
        # All layers at once: project.spans(doc, name) would create an annotator that is not there.
        for span in project.spans(document.id):
            if annotator is None or span.annotator == annotator:
                layers.setdefault(span.annotator, []).append(span)
        if not layers:
            yield _record(document, None, [], source)
        for name in sorted(layers):
            yield _record(document, name, layers[name], source)


def _record(document: Document, annotator: str | None, spans: list[Span], source: str) -> DocumentRecord:
    text = document.text
    entities = tuple(
        EntityRecord(f"T{number}", s.start, s.end, s.label, s.text_in(text))
        for number, s in enumerate(spans, 1)
    )
    return DocumentRecord(
        text=text,
        title=document.title,
        ext_id=document.ext_id,
        meta=document.meta,
        status=document.status,
        annotator=annotator,
        entities=entities,
        source=source,
    )


@dataclass(frozen=True)
class ProjectStats:
    """Counts of a project: documents by status, spans by label and by annotator."""

    project: str
    documents: int
    by_status: dict[str, int]
    spans: int
    by_label: dict[str, int]
    by_annotator: dict[str, int]

    def lines(self) -> list[str]:
        """The counts as indented text."""
        lines = [f"Project: {self.project}", f"Documents: {self.documents}"]
        lines += [f"  {STATUS_TITLES[status]}: {count}" for status, count in self.by_status.items()]
        lines.append(f"Spans: {self.spans}")
        lines += [f"  {label}: {count}" for label, count in self.by_label.items()]
        lines.append(f"Annotators: {len(self.by_annotator)}")
        lines += [f"  {name}: {plural(count, 'span')}" for name, count in self.by_annotator.items()]
        return lines

    def to_dict(self) -> dict[str, Any]:
        """The counts as JSON-ready data."""
        return {
            "project": self.project,
            "documents": self.documents,
            "by_status": self.by_status,
            "spans": self.spans,
            "by_label": self.by_label,
            "by_annotator": self.by_annotator,
        }


def project_stats(project: Project) -> ProjectStats:
    """Count documents by status (every status, zeros too), spans by label (most first) and annotator."""
    db = project.db
    by_status = dict.fromkeys(STATUSES, 0)
    for status, count in db.execute("SELECT status, count(*) FROM documents GROUP BY status"):
        by_status[str(status)] = int(count)
    by_label = {
        str(label): int(count)
        for label, count in db.execute(
            "SELECT label, count(*) AS n FROM spans GROUP BY label ORDER BY n DESC, label"
        )
    }
    by_annotator = {
        str(name): int(count)
        for name, count in db.execute(
            "SELECT a.name, count(s.id) FROM annotators a LEFT JOIN spans s ON s.annotator_id = a.id "
            "GROUP BY a.id ORDER BY a.name"
        )
    }
    return ProjectStats(
        project=str(project.path) if project.path else ":memory:",
        documents=sum(by_status.values()),
        by_status=by_status,
        spans=sum(by_label.values()),
        by_label=by_label,
        by_annotator=by_annotator,
    )

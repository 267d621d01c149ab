"""Moving document records into and out of a project (import, export) and counting it. No Qt."""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.model.document import STATUS_TITLES, STATUSES, content_hash
from annotator.model.errors import FormatError, ProjectError, SchemaError
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord
from annotator.model.review import GOLD
from annotator.model.spans import Span
from annotator.store.bulk import BulkWriter
from annotator.store.export import ExportLayer, export_layers
from annotator.store.project import Project, now


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
    events_added: int = 0
    events_present: int = 0
    labels_added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reopened: int = 0  # adjudicated documents that got new labels: back in review

    def lines(self) -> list[str]:
        """A human summary, one fact per line."""
        documents = f"Imported {plural(self.documents_added, 'new document')}"
        if self.documents_matched:
            were = "was" if self.documents_matched == 1 else "were"
            documents += f"; {self.documents_matched} {were} already in the project"
        lines = [documents, f"Added {plural(self.spans_added, 'span')}"]
        if self.events_added or self.events_present:
            lines.append(f"Added {plural(self.events_added, 'event')}")
        if self.labels_added:
            lines.append(
                f"Added {plural(len(self.labels_added), 'label')} to the schema: "
                + ", ".join(self.labels_added)
            )
        if self.reopened:
            lines.append(f"Back in review: {plural(self.reopened, 'adjudicated document')} with new labels")
        lines += [f"Skipped: {reason}" for reason in self.skipped]
        return lines


def import_records(
    project: Project,
    records: Iterable[DocumentRecord],
    *,
    annotator: str,
    add_labels: bool = False,
    gold: bool = False,
) -> ImportSummary:
    """Add documents and their labels in one transaction: on any error the project stays as it was.

    A text already in the project is not added again; its labels are added to that document, leaving
    out spans its annotator already has. A record's own ``annotator`` wins over ``annotator``.
    Records are read one at a time, so a generator of any length can be imported. The annotator name
    ``gold`` (the adjudicated layer review mode builds) is refused unless ``gold`` says these records
    are one, such as an earlier ``export --gold``.
    """
    if not annotator.strip():
        raise ProjectError("an annotator needs a name (use --annotator NAME)")
    if annotator.strip() == GOLD and not gold:
        raise ProjectError(_gold_reserved(""))
    summary = ImportSummary()
    try:
        with project.transaction():
            importer = _Importer(project, annotator.strip(), add_labels, summary, gold)
            for record in records:
                importer.add(record)
            importer.writer.flush()
            # An adjudicated document with new labels (not gold) has something new to review.
            for doc_id in sorted(importer.labelled):
                if project.review_status(doc_id) == "adjudicated":
                    project.set_review_status(doc_id, "in_review")
                    summary.reopened += 1
    except sqlite3.OperationalError as exc:
        raise ProjectError(f"{project.path or ':memory:'}: cannot write the project ({exc})") from exc
    if summary.spans_present:
        summary.skipped.append(
            f"{plural(summary.spans_present, 'span')} already in the project (not added again)"
        )
    if summary.events_present:
        summary.skipped.append(
            f"{plural(summary.events_present, 'event')} already in the project (not added again)"
        )
    return summary


class _Importer:
    """Checks each record, then adds its document and layer through a BulkWriter."""

    def __init__(
        self,
        project: Project,
        default_annotator: str,
        add_labels: bool,
        summary: ImportSummary,
        gold: bool = False,
    ) -> None:
        self.project = project
        self.gold = gold
        self.default_annotator = default_annotator
        self.add_labels = add_labels
        self.summary = summary
        self.writer = BulkWriter(project)
        self.seen: set[int] = set()  # documents this import added or matched
        self.stamp = now()  # the created and updated time of every row the import writes
        self.labels: set[str] = set()  # labels found in the schema (which only ever gains labels)
        self.labelled: set[int] = set()  # documents already in the project that get spans or events

    def add(self, record: DocumentRecord) -> None:
        """Check one record and write it (or queue its labels); raise FormatError before any write."""
        project, summary = self.project, self.summary
        text = record.text
        if not text.strip():
            raise FormatError(f"{record.where}: the text is empty (nothing to label)")
        if record.status is not None and record.status not in STATUSES:
            raise FormatError(
                f"{record.where}: unknown status {record.status!r} (use one of {', '.join(STATUSES)})"
            )
        keys = self._check_entities(record)
        if record.events:
            entity_ids = {entity.id for entity in record.entities}
            for event in record.events:
                _check_event(project, event, text, record.where_line(event.line or record.line), entity_ids)

        stamp = self.stamp
        text_hash = content_hash(text)
        doc_id = self.writer.find_document(text, text_hash)
        fresh = doc_id is None
        if doc_id is None:
            doc_id = self.writer.add_document(
                text,
                text_hash,
                title=record.title,
                meta=record.meta,
                status=record.status or "new",
                ext_id=record.ext_id,
                stamp=stamp,
            )
            summary.documents_added += 1
        else:
            if doc_id not in self.seen:
                summary.documents_matched += 1
            if record.status is not None:
                self.writer.set_status(doc_id, record.status, stamp)
        self.seen.add(doc_id)
        if record.entities or record.events:
            name = (record.annotator or "").strip() or self.default_annotator
            if name == GOLD and not self.gold:
                raise FormatError(_gold_reserved(f"{record.where}: "))
            self._add_layer(record, keys, doc_id, name, fresh, stamp)

    def _check_entities(self, record: DocumentRecord) -> list[tuple[int, int, str]]:
        """Raise FormatError for an entity that does not fit, adding an unknown label when allowed;
        return each entity's (start, end, label)."""
        text = record.text
        length = len(text)
        labels = self.labels
        keys = []
        for entity in record.entities:
            start, end, label, given = entity.start, entity.end, entity.label, entity.text
            if not (
                0 <= start < end <= length
                and (given is None or given == text[start:end])
                and (label in labels or self.project.schema.entity_type(label) is not None)
            ):
                # Something is wrong, or the label is new: the full check names the fault in order.
                where = record.where_line(entity.line or record.line)
                _check_entity(self.project, entity, text, where, self.add_labels, self.summary)
            labels.add(label)
            keys.append((start, end, label))
        return keys

    def _add_layer(
        self,
        record: DocumentRecord,
        keys: list[tuple[int, int, str]],
        doc_id: int,
        name: str,
        fresh: bool,
        stamp: str,
    ) -> None:
        """Queue the record's spans and events that the layer does not have yet.

        A document this record has just added has no labels, so only one that was there already (or
        came earlier in this import) is read back, after the queued rows are written.
        """
        project, summary, writer = self.project, self.summary, self.writer
        if fresh:
            layer: list[Span] = []
        else:
            writer.flush()
            layer = project.spans(doc_id, name)
        present = {(s.start, s.end, s.label) for s in layer}
        new: list[tuple[int, int, str]] = []
        for key in keys:
            if key in present:
                summary.spans_present += 1
                continue
            present.add(key)
            new.append(key)
        new_ids: Sequence[int] = ()
        reviewable = not fresh and name != GOLD
        if new and reviewable:
            self.labelled.add(doc_id)
        if new:
            new_ids = writer.add_spans(doc_id, project.annotator_id(name), new, stamp)
            summary.spans_added += len(new)
        if not record.events:
            return

        # An entity's span is the one just queued or the identical one the layer already had; an event
        # with the type and trigger of one the layer already has is not added again.
        span_ids: dict[tuple[int, int, str], int] = {}
        for span in layer:
            span_ids.setdefault((span.start, span.end, span.label), span.id)
        span_ids.update(zip(new, new_ids, strict=True))
        by_entity = {e.id: span_ids[key] for e, key in zip(record.entities, keys, strict=True)}
        events_present: set[tuple[str, int, int]] = set()
        if not fresh:
            events_present = {(e.type, e.start, e.end) for e in project.events(doc_id, name)}
        for event in record.events:
            trigger = (event.type, event.trigger_start, event.trigger_end)
            if trigger in events_present:
                summary.events_present += 1
                continue
            events_present.add(trigger)
            # Two entities with the same offsets and label are one span, so their arguments may coincide.
            arguments = list(dict.fromkeys((a.role, by_entity[a.entity]) for a in event.arguments))
            writer.add_event(doc_id, project.annotator_id(name), *trigger, arguments, stamp)
            summary.events_added += 1
            if reviewable:
                self.labelled.add(doc_id)


def _gold_reserved(where: str) -> str:
    return (
        f"{where}the annotator name {GOLD!r} is reserved for the adjudicated layer that review mode "
        "builds; import these labels under another name, or with --gold if they are a gold layer "
        "(an earlier export --gold)"
    )


def _check_event(project: Project, event: EventRecord, text: str, where: str, entity_ids: set[str]) -> None:
    """Raise FormatError for a trigger that does not fit, or a type, role or entity that is not there."""
    start, end = event.trigger_start, event.trigger_end
    if not (0 <= start < end <= len(text)):
        raise FormatError(
            f"{where}: event {event.id} trigger offsets {start}-{end} are outside the text "
            f"(length {len(text)}) or empty"
        )
    covered = text[start:end]
    if event.trigger_text is not None and event.trigger_text != covered:
        raise FormatError(
            f"{where}: event {event.id} trigger text {event.trigger_text!r} does not match the document "
            f"text {covered!r} at {start}-{end}"
        )
    event_type = project.schema.event_type(event.type)
    if event_type is None:
        names = [et.name for et in project.schema.event_types]
        close = difflib.get_close_matches(event.type, names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise FormatError(f"{where}: event {event.id} type {event.type!r} is not in the project schema{hint}")
    seen: set[ArgumentRecord] = set()
    for argument in event.arguments:
        if event_type.role(argument.role) is None:
            roles = ", ".join(r.name for r in event_type.roles) or "none"
            raise FormatError(
                f"{where}: event {event.id}: role {argument.role!r} is not a role of {event.type} "
                f"(roles: {roles})"
            )
        if argument.entity not in entity_ids:
            raise FormatError(
                f"{where}: event {event.id} argument {argument.role} names entity {argument.entity!r}, "
                "which is not an entity of this record"
            )
        if argument in seen:
            raise FormatError(
                f"{where}: event {event.id} names entity {argument.entity} as {argument.role} twice"
            )
        seen.add(argument)


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
    project: Project,
    *,
    annotator: str | None = None,
    status: str | None = None,
    review: str | None = None,
) -> Iterator[DocumentRecord]:
    """One record per document and annotator layer, document by document.

    A document without spans or events (of ``annotator``, when given) gives one record with annotator
    None and no entities, so an export always carries every text. Entity ids are ``T1``... and event
    ids ``E1``... in reading order; arguments name the entity ids of the same record.
    """
    layers = export_layers(project, annotator=annotator, status=status, review=review)  # checks filters now
    return _records(layers, str(project.path) if project.path else ":memory:")


def _records(layers: Iterable[ExportLayer], source: str) -> Iterator[DocumentRecord]:
    for layer in layers:
        text = layer.text
        yield DocumentRecord(
            text=text,
            title=layer.title,
            ext_id=layer.ext_id,
            meta=layer.meta,
            status=layer.status,
            annotator=layer.annotator,
            entities=tuple(
                EntityRecord(f"T{number}", start, end, label, text[start:end])
                for number, (start, end, label) in enumerate(layer.entities, 1)
            ),
            events=tuple(
                EventRecord(
                    f"E{number}",
                    kind,
                    start,
                    end,
                    text[start:end],
                    tuple(ArgumentRecord(role, entity) for role, entity in arguments),
                )
                for number, (kind, start, end, arguments) in enumerate(layer.events, 1)
            ),
            source=source,
        )


@dataclass(frozen=True)
class ProjectStats:
    """Counts of a project: documents by status, spans by label, events by type, spans by annotator."""

    project: str
    documents: int
    by_status: dict[str, int]
    spans: int
    by_label: dict[str, int]
    by_annotator: dict[str, int]
    events: int = 0
    by_event_type: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The counts as indented text."""
        lines = [f"Project: {self.project}", f"Documents: {self.documents}"]
        lines += [f"  {STATUS_TITLES[status]}: {count}" for status, count in self.by_status.items()]
        lines.append(f"Spans: {self.spans}")
        lines += [f"  {label}: {count}" for label, count in self.by_label.items()]
        lines.append(f"Events: {self.events}")
        lines += [f"  {kind}: {count}" for kind, count in self.by_event_type.items()]
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
            "events": self.events,
            "by_event_type": self.by_event_type,
            "by_annotator": self.by_annotator,
        }


def project_stats(project: Project) -> ProjectStats:
    """Count documents by status (zeros too), spans by label and events by type (most first), annotators."""
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
    by_event_type = {
        str(kind): int(count)
        for kind, count in db.execute(
            "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC, type"
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
        events=sum(by_event_type.values()),
        by_event_type=by_event_type,
    )

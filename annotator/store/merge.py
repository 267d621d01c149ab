"""Merging another annotator's project (or records) into this one: documents matched by content, each
layer brought in whole, never overwriting a different layer unless told to.

A layer is one annotator's spans and events in one document. One that the project does not have is
added; one it has with exactly the same labels is skipped; one it has with different labels collides:
the merge fails with LayerCollision (the project unchanged) unless ``replace`` says to delete the
project's layer first. Everything happens in one transaction, so any failure leaves the project as it
was. The other project file is only read: a copy of it is opened, never the file itself.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.model.document import content_hash
from annotator.model.errors import FormatError, ProjectError
from annotator.model.records import DocumentRecord
from annotator.model.review import GOLD
from annotator.store.project import Project
from annotator.store.transfer import ImportSummary, export_records, import_records, plural


@dataclass(frozen=True)
class Collision:
    """A layer that is in both projects with different labels."""

    doc_id: int
    title: str
    annotator: str

    def line(self, other: str) -> str:
        """``document 'TITLE' (id N): annotator X has different labels here and in OTHER``."""
        return (
            f"document {self.title!r} (id {self.doc_id}): annotator {self.annotator} has different "
            f"labels here and in {other}"
        )


class LayerCollision(ProjectError):
    """Layers that would collide; the message lists them, ``collisions`` holds them for the window."""

    def __init__(self, other: str, collisions: list[Collision]) -> None:
        self.other = other
        self.collisions = collisions
        count = len(collisions)
        lines = "\n".join(f"  {c.line(other)}" for c in collisions)
        super().__init__(
            f"cannot merge {other}: {plural(count, 'layer')} would replace different labels "
            f"(nothing was merged; use --replace to take the labels of {other}):\n{lines}"
        )


@dataclass
class MergeSummary:
    """What a merge did, for the message the user sees afterwards."""

    other: str
    documents_added: int = 0
    documents_matched: int = 0
    layers_added: int = 0
    layers_replaced: int = 0
    layers_identical: int = 0
    spans_added: int = 0
    events_added: int = 0
    labels_added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reopened: int = 0  # adjudicated documents that got a new layer: back in review
    reviews_brought: int = 0  # documents whose review (status, decisions) came with their gold layer

    def lines(self) -> list[str]:
        """A human summary, one fact per line."""
        documents = f"Merged {self.other}: {plural(self.documents_added, 'new document')}"
        if self.documents_matched:
            were = "was" if self.documents_matched == 1 else "were"
            documents += f"; {self.documents_matched} {were} already in the project"
        contents = plural(self.spans_added, "span")
        if self.events_added:
            contents += f", {plural(self.events_added, 'event')}"
        layers = f"Added {plural(self.layers_added, 'layer')}"
        if self.layers_replaced:
            layers += f" and replaced {self.layers_replaced} with the labels of {self.other}"
        lines = [documents, f"{layers} ({contents})"]
        if self.layers_identical:
            lines.append(
                f"Skipped {plural(self.layers_identical, 'identical layer')} (already in the project)"
            )
        if self.labels_added:
            lines.append(
                f"Added {plural(len(self.labels_added), 'label')} to the schema: "
                + ", ".join(self.labels_added)
            )
        if self.reopened:
            lines.append(f"Back in review: {plural(self.reopened, 'adjudicated document')} with a new layer")
        if self.reviews_brought:
            lines.append(
                f"Brought the review (status and decisions) of {plural(self.reviews_brought, 'document')} "
                f"with its {GOLD} layer"
            )
        lines += [f"Skipped: {reason}" for reason in self.skipped]
        return lines


Decisions = list[tuple[str, str, str | None, str, str]]
"""A document's review decisions as rows: (unit, action, annotator, reviewer, created)."""

Reviews = dict[str, tuple[str, Decisions]]
"""Review status and decisions of the reviewed documents of a project, by content hash."""


def _reviews(project: Project) -> Reviews:
    """The review status and decisions of every document of ``project`` that is not unreviewed."""
    conn = project.db.conn
    reviews: Reviews = {}
    ids: dict[int, str] = {}
    for doc_id, text_hash, state in conn.execute(
        "SELECT id, content_hash, review FROM documents WHERE review != 'unreviewed'"
    ):
        reviews[str(text_hash)] = (str(state), [])
        ids[int(doc_id)] = str(text_hash)
    for doc_id, unit, action, annotator, reviewer, created in conn.execute(
        "SELECT doc_id, unit, action, annotator, reviewer, created FROM decisions ORDER BY id"
    ):
        if int(doc_id) in ids:
            reviews[ids[int(doc_id)]][1].append((unit, action, annotator, reviewer, created))
    return reviews


def _bring_reviews(project: Project, merger: _Merger, reviews: Reviews) -> int:
    """Give the documents whose gold layer this merge brought the other project's review of them.

    Only where the project had not started reviewing the document (unreviewed, no decisions), so
    that no decision of the project's own is overwritten. Returns how many documents got one.
    """
    brought = 0
    for text_hash, doc_id in merger.gold_in.items():
        if text_hash not in reviews:
            continue
        if doc_id is None:  # added by this merge: the newest document with this text
            row = project.db.execute(
                "SELECT max(id) FROM documents WHERE content_hash = ?", [text_hash]
            ).fetchone()
            doc_id = int(row[0])
        state, decisions = reviews[text_hash]
        taken = project.db.execute("SELECT count(*) FROM decisions WHERE doc_id = ?", [doc_id]).fetchone()[0]
        if project.review_status(doc_id) != "unreviewed" or taken:
            continue
        project.db.conn.executemany(
            "INSERT INTO decisions (doc_id, unit, action, annotator, reviewer, created)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(doc_id, *row) for row in decisions],
        )
        project.set_review_status(doc_id, state)
        brought += 1
    return brought


JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")  # the native JSONL reader's, as in the format registry


def is_jsonl(path: Path) -> bool:
    """Whether a file to merge is native JSONL (by its suffix) rather than a project file."""
    return path.suffix.lower() in JSONL_SUFFIXES


def merge_project(
    project: Project,
    other: Path | str,
    *,
    replace: bool = False,
    gold: bool = False,
    add_labels: bool = False,
) -> MergeSummary:
    """Merge another project file into ``project``; see the module docstring.

    The other project's gold layer is left out (and said so) unless ``gold``; with ``gold``, a
    document whose gold layer comes in also gets the other project's review status and decisions,
    where the project had not begun to review it.
    """
    other = Path(other)
    with _read_copy(other) as copy:
        try:
            records = export_records(copy)
            return merge_records(
                project,
                (_from(record, str(other)) for record in records),
                other=str(other),
                replace=replace,
                gold=gold,
                add_labels=add_labels,
                reviews=_reviews(copy) if gold else None,
            )
        finally:
            copy.close()


def _from(record: DocumentRecord, source: str) -> DocumentRecord:
    """The record with its document named in its source, so that an error says which one it is in."""
    name = record.ext_id or record.title
    if len(name) > 60:
        name = name[:59] + "…"
    return replace(record, source=f"{source}: document {name!r}")


@contextlib.contextmanager
def _read_copy(path: Path) -> Iterator[Project]:
    """The project at ``path``, opened from a copy in a temporary folder (migrated there if older)."""
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as folder:
        copy = Path(folder) / "other.annotator"
        try:
            # as_uri() percent-encodes the path: a '#', '?' or '%' in a file name would otherwise end or
            # change the URI, and SQLite would open (even create) another file, read-write.
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                target = sqlite3.connect(copy)
                try:
                    source.backup(target)  # a consistent snapshot, even of a file in WAL mode
                finally:
                    target.close()
            finally:
                source.close()
        except sqlite3.DatabaseError as exc:
            raise ProjectError(f"{path}: cannot read as a project ({exc})") from exc
        except OSError as exc:  # pragma: no cover - the disk of the temporary folder
            raise ProjectError(f"{path}: cannot copy to read ({exc.strerror or exc})") from exc
        try:
            opened = Project.open(copy)
        except ProjectError as exc:
            raise ProjectError(str(exc).replace(str(copy), str(path))) from exc
        yield opened


def merge_records(
    project: Project,
    records: Iterable[DocumentRecord],
    *,
    other: str,
    annotator: str | None = None,
    replace: bool = False,
    gold: bool = False,
    add_labels: bool = False,
    reviews: Reviews | None = None,
) -> MergeSummary:
    """Merge records (an exported project, or native JSONL) into ``project`` in one transaction.

    ``annotator`` names the layer of records that name none (JSONL lines without an annotator);
    ``reviews`` is the other project's review of its documents, brought with their gold layers.
    """
    summary = MergeSummary(other)
    merger = _Merger(project, summary, other, annotator, replace, gold)
    with project.transaction():
        imported = import_records(
            project,
            merger.layers(records),
            annotator="unknown",  # never used: every record with labels names its annotator by now
            add_labels=add_labels,
            gold=gold,
        )
        if merger.collisions:
            raise LayerCollision(other, merger.collisions)
        if reviews:
            summary.reviews_brought = _bring_reviews(project, merger, reviews)
    _count(summary, imported, merger)
    return summary


def _count(summary: MergeSummary, imported: ImportSummary, merger: _Merger) -> None:
    summary.documents_added = imported.documents_added
    summary.documents_matched = len(merger.matched)
    summary.spans_added = imported.spans_added
    summary.events_added = imported.events_added
    summary.labels_added = imported.labels_added
    summary.reopened = imported.reopened  # import puts an adjudicated document with new labels back in review
    if merger.gold_left_out:
        summary.skipped.append(
            f"the {GOLD} layer of {plural(merger.gold_left_out, 'document')} in {merger.other} "
            "(use --gold to bring it in)"
        )


LayerKey = tuple[Counter[tuple[int, int, str]], Counter[tuple[str, int, int, tuple[Any, ...]]]]


class _Merger:
    """Decides, record by record, which layers go in; collects collisions; deletes layers to replace."""

    def __init__(
        self,
        project: Project,
        summary: MergeSummary,
        other: str,
        annotator: str | None,
        replace: bool,
        gold: bool,
    ) -> None:
        self.project = project
        self.summary = summary
        self.other = other
        self.annotator = annotator
        self.replace = replace
        self.gold = gold
        self.collisions: list[Collision] = []
        self.matched: set[int] = set()  # documents of the project before the merge that the merge met
        self.added_texts: set[str] = set()  # content hashes of documents this merge added
        self.seen: set[tuple[str, str]] = set()  # (content hash, annotator) layers already handled
        self.gold_left_out = 0
        # Documents (by content hash) whose gold layer this merge brought in or found identical, with
        # the project's document id when the document was already there (None: added by this merge).
        self.gold_in: dict[str, int | None] = {}
        # The records of layers the project already has, held back until every record of the layer is
        # in (a layer may come in several lines, as import allows): only the whole layer can be compared.
        self.held: dict[tuple[int, str], tuple[LayerKey, list[DocumentRecord]]] = {}

    def layers(self, records: Iterable[DocumentRecord]) -> Iterator[DocumentRecord]:
        """The records to import: new documents and layers; matched documents keep their status.

        After a collision nothing will be kept, so the rest is only looked through for more of them.
        """
        for record in records:
            picked = self._pick(record)
            if picked is not None and not self.collisions:
                yield picked
        for (doc_id, name), (mine, held) in self.held.items():
            kept = self._settle(doc_id, name, mine, held)
            if not self.collisions:
                yield from kept

    def _pick(self, record: DocumentRecord) -> DocumentRecord | None:
        project = self.project
        text_hash = content_hash(record.text)
        doc_id = None
        if text_hash not in self.added_texts:
            doc_id = project.find_hashed_document(record.text, text_hash)
        if doc_id is None:
            self.added_texts.add(text_hash)
        else:
            self.matched.add(doc_id)
            record = replace(record, status=None)  # the project's own work status stays
        if not (record.entities or record.events):
            return record
        name = (record.annotator or "").strip() or self.annotator
        if not name:
            raise FormatError(f"{record.where}: the labels name no annotator (give one with --annotator)")
        if name == GOLD and not self.gold:
            self.gold_left_out += 1
            return replace(record, entities=(), events=(), annotator=None)
        record = replace(record, annotator=name)
        if name == GOLD:
            self.gold_in[text_hash] = doc_id
        first = (text_hash, name) not in self.seen
        self.seen.add((text_hash, name))
        if doc_id is not None and (doc_id, name) in self.held:
            self.held[(doc_id, name)][1].append(record)  # more of a layer to compare at the end
            return None
        if doc_id is None or not first:
            # A new document, or more of a layer this merge is bringing in: nothing to compare with.
            self.summary.layers_added += first
            return record
        mine = _layer_key(project, doc_id, name)
        if not mine[0] and not mine[1]:
            self.summary.layers_added += 1
            return record
        self.held[(doc_id, name)] = (mine, [record])
        return None

    def _settle(
        self, doc_id: int, name: str, mine: LayerKey, held: list[DocumentRecord]
    ) -> list[DocumentRecord]:
        """The records of a layer the project has to import: none when identical or colliding."""
        if mine == _record_key(held):
            self.summary.layers_identical += 1
            return []
        if self.replace:
            _delete_layer(self.project, doc_id, name)
            self.summary.layers_replaced += 1
            return held
        self.collisions.append(Collision(doc_id, self.project.document(doc_id).title, name))
        return []


def _layer_key(project: Project, doc_id: int, annotator: str) -> LayerKey:
    """A layer's spans and events as comparable values (events with their fillers' offsets and labels)."""
    if project.find_annotator_id(annotator) is None:
        return Counter(), Counter()
    spans = project.spans(doc_id, annotator)
    by_id = {span.id: span for span in spans}
    events: Counter[tuple[str, int, int, tuple[Any, ...]]] = Counter()
    for event in project.events(doc_id, annotator):
        fillers = sorted(
            (a.role, by_id[a.span_id].start, by_id[a.span_id].end, by_id[a.span_id].label)
            for a in event.arguments
        )
        events[(event.type, event.start, event.end, tuple(fillers))] += 1
    return Counter((s.start, s.end, s.label) for s in spans), events


def _record_key(records: Iterable[DocumentRecord]) -> LayerKey:
    """The layer some records of one document and annotator make, as _layer_key gives it once imported
    (a repeated span, and an event with the trigger of an earlier one, once)."""
    spans: Counter[tuple[int, int, str]] = Counter()
    events: Counter[tuple[str, int, int, tuple[Any, ...]]] = Counter()
    triggers: set[tuple[str, int, int]] = set()
    for record in records:
        by_id = {e.id: (e.start, e.end, e.label) for e in record.entities}
        for span in by_id.values():
            spans[span] = 1
        for event in record.events:
            trigger = (event.type, event.trigger_start, event.trigger_end)
            if trigger in triggers:
                continue
            triggers.add(trigger)
            fillers = sorted(dict.fromkeys((a.role, *by_id[a.entity]) for a in event.arguments))
            events[(*trigger, tuple(fillers))] += 1
    return spans, events


def _delete_layer(project: Project, doc_id: int, annotator: str) -> None:
    """Delete one annotator's events (with their arguments) and spans in one document."""
    for event in project.events(doc_id, annotator):
        project.delete_event(event.id)
    for span in project.spans(doc_id, annotator):
        project.delete_span(span.id)

"""Reviewing one document: compare the annotators' layers and build the gold layer, one undoable change
per decision.

Each change (accept, reject, accept every agreement, a hand edit, a status change) is one transaction
that writes the gold rows, the decision (with who decided) and the review status together, and returns
a ReviewChange holding exactly what it removed and added, with ids and times; ``undo`` and ``redo``
write that back in one transaction each.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from annotator.model.agreement import EventUnit, Layer
from annotator.model.document import REVIEW_STATES
from annotator.model.errors import ProjectError
from annotator.model.events import Event
from annotator.model.review import GOLD, Decision, ReviewUnit, review_units
from annotator.model.spans import Span
from annotator.store.layer import DocumentLayer
from annotator.store.project import NewSpan, Project, now

StoredDecision = tuple[int, Decision]
"""A decision row: (id, decision)."""

_V = TypeVar("_V")


@dataclass(frozen=True)
class ReviewChange:
    """What one review action changed in one document: enough to undo and redo it exactly.

    An item whose id is in both the removed and the added lists was changed in place (the added one is
    how it is afterwards). ``units`` are the keys of the units decided.
    """

    doc_id: int
    text: str
    units: tuple[str, ...]
    spans_removed: tuple[Span, ...] = ()
    spans_added: tuple[Span, ...] = ()
    events_removed: tuple[Event, ...] = ()
    events_added: tuple[Event, ...] = ()
    decisions_removed: tuple[StoredDecision, ...] = ()
    decisions_added: tuple[StoredDecision, ...] = ()
    review_before: str = "unreviewed"
    review_after: str = "unreviewed"

    @property
    def empty(self) -> bool:
        """Whether the action changed nothing at all."""
        return (
            not (self.spans_removed or self.spans_added or self.events_removed or self.events_added)
            and not (self.decisions_removed or self.decisions_added)
            and self.review_before == self.review_after
        )

    def inverse(self) -> ReviewChange:
        """The change that takes the document back."""
        return ReviewChange(
            self.doc_id,
            self.text,
            self.units,
            self.spans_added,
            self.spans_removed,
            self.events_added,
            self.events_removed,
            self.decisions_added,
            self.decisions_removed,
            self.review_after,
            self.review_before,
        )


@dataclass(frozen=True)
class _State:
    spans: dict[int, Span]
    events: dict[int, Event]
    decisions: dict[int, Decision]
    review: str


class DocumentReview:
    """The review of one document: its units, and the actions that settle them into the gold layer.

    ``annotators`` are the compared layers, in order ("annotator 1..9"); by default every annotator
    but gold with a span or event in the document, by name. With ``auto_adjudicate`` the document
    becomes adjudicated as soon as every unit has a decision.
    """

    def __init__(
        self,
        project: Project,
        doc_id: int,
        annotators: Sequence[str] | None = None,
        *,
        auto_adjudicate: bool = True,
    ) -> None:
        self.project = project
        self.doc_id = doc_id
        self.auto_adjudicate = auto_adjudicate
        project.review_status(doc_id)  # raises for a document the project does not have
        if annotators is None:
            self.annotators = layer_annotators(project, doc_id)
        else:
            names = list(dict.fromkeys(name.strip() for name in annotators))
            if GOLD in names:
                raise ProjectError(f"the {GOLD} layer is what the review builds; it cannot be compared")
            known = project.annotators()
            unknown = [name for name in names if name not in known]
            if unknown:
                missing = ", ".join(repr(name) for name in unknown)
                raise ProjectError(f"no annotator {missing} in the project (annotators: {', '.join(known)})")
            self.annotators = names

    # -- reading -----------------------------------------------------------------------------------

    def layer(self, annotator: str) -> Layer:
        """One annotator's spans and events in this document, as plain values."""
        spans = self.project.spans(self.doc_id, annotator)
        by_id = {span.id: span for span in spans}
        events: list[EventUnit] = []
        for event in self.project.events(self.doc_id, annotator):
            fillers = []
            for argument in event.arguments:
                span = by_id[argument.span_id]
                fillers.append((argument.role, span.start, span.end, span.label))
            events.append((event.type, event.start, event.end, tuple(sorted(fillers))))
        return Layer([(s.start, s.end, s.label) for s in spans], events)

    def decisions(self) -> dict[str, Decision]:
        """The decisions of this document by unit key."""
        return {decision.unit: decision for decision in self._decision_rows().values()}

    def units(self) -> list[ReviewUnit]:
        """Every unit of the compared layers in reading order, read from the file now."""
        layers = {name: self.layer(name) for name in self.annotators}
        return review_units(layers, self.decisions(), gold=self.layer(GOLD))

    def disagreements(self) -> list[ReviewUnit]:
        """The units the compared annotators do not agree on."""
        return [unit for unit in self.units() if not unit.agreed]

    def unit(self, key: str) -> ReviewUnit:
        """One unit by key; ProjectError when the document has no such unit (any more)."""
        for unit in self.units():
            if unit.key == key:
                return unit
        raise ProjectError(f"document {self.doc_id} has no review unit {key}")

    def settled(self) -> bool:
        """Whether every unit has a decision (true for a document without units)."""
        return all(unit.settled for unit in self.units())

    def status(self) -> str:
        """The document's review status."""
        return self.project.review_status(self.doc_id)

    # -- actions -----------------------------------------------------------------------------------

    def accept(self, unit_key: str, annotator: str, reviewer: str) -> ReviewChange:
        """Make the gold layer in the unit's region that annotator's version, and record the decision."""
        unit = self.unit(unit_key)
        if annotator not in unit.versions:
            raise ProjectError(
                f"{annotator!r} is not one of the compared annotators ({', '.join(self.annotators)})"
            )
        reviewer = _reviewer(reviewer)

        def operate() -> None:
            self._put([(unit, unit.versions[annotator])])
            self._decide(unit.key, "accept", annotator, reviewer)

        return self._change(f"Accept {annotator}'s version", (unit.key,), operate)

    def reject(self, unit_key: str, reviewer: str) -> ReviewChange:
        """Remove what the gold layer has in the unit's region: no version is right."""
        unit = self.unit(unit_key)
        reviewer = _reviewer(reviewer)

        def operate() -> None:
            self._put([(unit, ())])
            self._decide(unit.key, "reject", None, reviewer)

        return self._change("Reject every version", (unit.key,), operate)

    def accept_agreements(self, reviewer: str) -> ReviewChange:
        """Accept every unit all annotators agree on that has no decision yet, in one change."""
        reviewer = _reviewer(reviewer)
        agreed = [unit for unit in self.units() if unit.agreed and not unit.settled]

        def operate() -> None:
            first = self.annotators[0] if self.annotators else ""
            self._put([(unit, unit.versions[first]) for unit in agreed])
            for unit in agreed:
                self._decide(unit.key, "accept", first, reviewer)

        count = len(agreed)
        return self._change(
            f"Accept {count} agreement{'' if count == 1 else 's'}", tuple(u.key for u in agreed), operate
        )

    def record_edit(self, start: int, end: int, reviewer: str) -> ReviewChange:
        """Record a hand edit of the gold layer over ``[start, end)``: units there without a decision
        get an 'edit' decision (an empty range means the units containing ``start``)."""
        reviewer = _reviewer(reviewer)
        stop = end if end > start else start + 1
        touched = [u for u in self.units() if u.start < stop and u.end > start and not u.settled]

        def operate() -> None:
            for unit in touched:
                self._decide(unit.key, "edit", None, reviewer)

        return self._change("Edit gold", tuple(u.key for u in touched), operate)

    def set_status(self, state: str) -> ReviewChange:
        """Set the review status by hand (mark adjudicated, reopen), as an undoable change."""
        if state not in REVIEW_STATES:
            raise ProjectError(f"unknown review status {state!r} (use one of {', '.join(REVIEW_STATES)})")
        with self.project.transaction():
            before = self.status()
            self.project.set_review_status(self.doc_id, state)
        return ReviewChange(self.doc_id, "Set review status", (), review_before=before, review_after=state)

    def undo(self, change: ReviewChange) -> None:
        """Take a change back exactly (ids and times of the rows included), in one transaction."""
        self._apply(change.inverse())

    def redo(self, change: ReviewChange) -> None:
        """Write a change again after its undo, in one transaction."""
        self._apply(change)

    # -- inside a change ---------------------------------------------------------------------------

    def _change(self, text: str, units: tuple[str, ...], operate: Callable[[], None]) -> ReviewChange:
        """Run ``operate`` and settle the status in one transaction; return what changed."""
        with self.project.transaction():
            before = self._state()
            operate()
            self._settle()
            after = self._state()
        return _difference(self.doc_id, text, units, before, after)

    def _settle(self) -> None:
        status = self.status()
        if self.auto_adjudicate and self.settled():
            new = "adjudicated"
        elif status == "unreviewed":
            new = "in_review"
        else:
            new = status
        if new != status:
            self.project.set_review_status(self.doc_id, new)

    def _put(self, pairs: Sequence[tuple[ReviewUnit, tuple[Any, ...]]]) -> None:
        """Make the gold layer inside each unit's region hold the version paired with it, keeping what
        already matches (so arguments that point at a kept span stay).

        Span units go first, their new spans in one batch; then event units, whose fillers are the
        gold spans of the same offsets and label (created when missing).
        """
        project = self.project
        document = project.document(self.doc_id)
        gold = DocumentLayer(project, document, GOLD)
        new: list[NewSpan] = []
        for unit, version in pairs:
            if unit.kind != "span":
                continue
            wanted: Counter[Any] = Counter(version)
            for span in gold.spans.overlapping(unit.start, unit.end):
                key = (span.start, span.end, span.label)
                if wanted[key] > 0:
                    wanted[key] -= 1
                else:
                    gold.remove_span_with_arguments(span.id)
            new += [NewSpan(start, end, label) for start, end, label in wanted.elements()]
        if new:
            project.add_spans(self.doc_id, GOLD, new)
            gold = DocumentLayer(project, document, GOLD)
        for unit, version in pairs:
            if unit.kind == "event":
                self._put_events(gold, unit, version)

    def _put_events(self, gold: DocumentLayer, unit: ReviewUnit, version: tuple[Any, ...]) -> None:
        wanted: Counter[Any] = Counter(version)
        for event in gold.events.overlapping(unit.start, unit.end):
            fillers = []
            for argument in event.arguments:
                span = gold.spans.get(argument.span_id)
                assert span is not None  # an argument points at a span of its own layer
                fillers.append((argument.role, span.start, span.end, span.label))
            shape = (event.type, event.start, event.end, tuple(sorted(fillers)))
            if wanted[shape] > 0:
                wanted[shape] -= 1
            else:
                gold.remove_event(event.id)
        for kind, start, end, arguments in wanted.elements():
            added = gold.add_event(kind, start, end)
            filled: set[tuple[str, int]] = set()
            for role, filler_start, filler_end, label in arguments:
                span = _gold_filler(gold, filler_start, filler_end, label)
                if (role, span.id) not in filled:
                    filled.add((role, span.id))
                    gold.add_argument(added.id, role, span.id)

    def _decide(self, unit: str, action: str, annotator: str | None, reviewer: str) -> None:
        db = self.project.db
        db.execute("DELETE FROM decisions WHERE doc_id = ? AND unit = ?", [self.doc_id, unit])
        db.execute(
            "INSERT INTO decisions (doc_id, unit, action, annotator, reviewer, created)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [self.doc_id, unit, action, annotator, reviewer, now()],
        )

    def _decision_rows(self) -> dict[int, Decision]:
        rows = self.project.db.execute(
            "SELECT id, unit, action, annotator, reviewer, created FROM decisions"
            " WHERE doc_id = ? ORDER BY id",
            [self.doc_id],
        )
        return {int(ident): Decision(*rest) for ident, *rest in rows}

    def _state(self) -> _State:
        project = self.project
        return _State(
            {span.id: span for span in project.spans(self.doc_id, GOLD)},
            {event.id: event for event in project.events(self.doc_id, GOLD)},
            self._decision_rows(),
            self.status(),
        )

    def _apply(self, change: ReviewChange) -> None:
        """Write a change: ``*_removed`` out, ``*_added`` in (an id in both: changed in place)."""
        project, doc_id = self.project, self.doc_id
        dropped_events = {event.id for event in change.events_removed}
        dropped_spans = {span.id for span in change.spans_removed}
        added_decisions = {ident for ident, _ in change.decisions_added}
        with project.transaction():
            for event in change.events_removed:
                project.delete_event(event.id)
            # A span changed in place may fill a role of an event the change keeps: that argument is
            # the same before and after, so it is taken out while the span is rewritten, then put back.
            held = [
                (event.id, argument)
                for event in project.events(doc_id, GOLD)
                for argument in event.arguments
                if argument.span_id in dropped_spans and event.id not in dropped_events
            ]
            for _, argument in held:
                project.delete_argument(argument.id)
            for span in change.spans_removed:
                project.delete_span(span.id)
            for span in change.spans_added:
                project.restore_span(doc_id, span)
            for event in change.events_added:
                project.restore_event(doc_id, event)
            for event_id, argument in held:
                project.restore_argument(event_id, argument)
            for ident, _ in change.decisions_removed:
                if ident not in added_decisions:
                    project.db.execute("DELETE FROM decisions WHERE id = ?", [ident])
            for ident, decision in change.decisions_added:
                project.db.execute(
                    "INSERT OR REPLACE INTO decisions"
                    " (id, doc_id, unit, action, annotator, reviewer, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        ident,
                        doc_id,
                        decision.unit,
                        decision.action,
                        decision.annotator,
                        decision.reviewer,
                        decision.created,
                    ],
                )
            project.set_review_status(doc_id, change.review_after)

    def refresh(self, layer: DocumentLayer) -> None:
        """Load a gold DocumentLayer's lists again from the file (after a change, its undo or redo)."""
        layer.spans.reset(self.project.spans(self.doc_id, layer.annotator))
        layer.events.reset(self.project.events(self.doc_id, layer.annotator))


def _difference(
    doc_id: int, text: str, units: tuple[str, ...], before: _State, after: _State
) -> ReviewChange:
    def removed(old: dict[int, _V], new: dict[int, _V]) -> list[_V]:
        return [item for ident, item in old.items() if new.get(ident) != item]

    return ReviewChange(
        doc_id,
        text,
        units,
        tuple(removed(before.spans, after.spans)),
        tuple(removed(after.spans, before.spans)),
        tuple(removed(before.events, after.events)),
        tuple(removed(after.events, before.events)),
        tuple((i, d) for i, d in before.decisions.items() if after.decisions.get(i) != d),
        tuple((i, d) for i, d in after.decisions.items() if before.decisions.get(i) != d),
        before.review,
        after.review,
    )


def _reviewer(name: str) -> str:
    name = name.strip()
    if not name:
        raise ProjectError("a review decision needs the reviewer's name")
    return name


def layer_annotators(project: Project, doc_id: int) -> list[str]:
    """The annotators other than gold with a span or event in a document, by name."""
    rows = project.db.execute(
        "SELECT name FROM annotators WHERE name != ?"
        " AND (id IN (SELECT annotator_id FROM spans WHERE doc_id = ?)"
        " OR id IN (SELECT annotator_id FROM events WHERE doc_id = ?)) ORDER BY name",
        [GOLD, doc_id, doc_id],
    )
    return [str(row[0]) for row in rows]


def _gold_filler(gold: DocumentLayer, start: int, end: int, label: str) -> Span:
    """The gold span an accepted event's argument points at: the one at these offsets with this label;
    else the one of this label the reviewer already put over them (their boundaries win, so accepting
    the event does not add a second span beside the one chosen for that span unit); else a new one."""
    exact = [span for span in gold.spans.exact(start, end) if span.label == label]
    if exact:
        return exact[0]
    over = [span for span in gold.spans.overlapping(start, end) if span.label == label]
    if over:
        return max(over, key=lambda span: (min(span.end, end) - max(span.start, start), -span.start))
    return gold.add(start, end, label)


def gold_exists(project: Project) -> bool:
    """Whether the project has a gold layer with at least one span or event."""
    ident = project.find_annotator_id(GOLD)
    if ident is None:
        return False
    db = project.db
    return bool(
        db.execute("SELECT 1 FROM spans WHERE annotator_id = ? LIMIT 1", [ident]).fetchone()
        or db.execute("SELECT 1 FROM events WHERE annotator_id = ? LIMIT 1", [ident]).fetchone()
    )


def gold_documents(project: Project, status: str | None = None, review: str | None = None) -> int:
    """How many documents (with this work and review status, if given) have gold spans or events."""
    ident = project.find_annotator_id(GOLD)
    if ident is None:
        return 0
    sql = (
        "SELECT count(*) FROM (SELECT doc_id FROM spans WHERE annotator_id = ?"
        " UNION SELECT doc_id FROM events WHERE annotator_id = ?) g"
    )
    params: list[object] = [ident, ident]
    conditions = [(c, v) for c, v in (("status", status), ("review", review)) if v is not None]
    if conditions:
        sql += " JOIN documents d ON d.id = g.doc_id WHERE " + " AND ".join(
            f"d.{c} = ?" for c, _ in conditions
        )
        params.extend(value for _, value in conditions)
    return int(project.db.execute(sql, params).fetchone()[0])


def review_counts(project: Project) -> dict[str, int]:
    """Documents by review status, zeros included."""
    counts = dict.fromkeys(REVIEW_STATES, 0)
    for state, count in project.db.execute("SELECT review, count(*) FROM documents GROUP BY review"):
        counts[str(state)] = int(count)
    return counts

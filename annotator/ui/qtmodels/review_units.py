"""The disagreement panel's table: one row per review unit, with what each annotator said and the decision.

Units are computed again from the project file after every decision; their keys are stable (a unit is its
kind and region), so ``update_units`` turns a new list into row removals, insertions and data changes, and
resets only when the compared annotators or the units themselves change (another document, a merge).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.model.review import ReviewUnit
from annotator.ui.review_overlay import annotator_color

UnitRole = Qt.ItemDataRole.UserRole + 1
KIND, WHERE = 0, 1
FIXED_BEFORE = ("Kind", "Where")
FIXED_AFTER = ("Differences", "Decision")
FILTERS = {"disagreements": "Disagreements", "open": "Not yet decided", "all": "All units"}
DECISION_COLORS = {"accept": "#009e73", "reject": "#d55e00", "edit": "#0072b2"}

Index = QModelIndex | QPersistentModelIndex


def one_line(text: str, limit: int = 36) -> str:
    """Text on one line, shortened in the middle when long."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    half = limit // 2 - 1
    return flat[:half] + "…" + flat[-half:]


def version_text(kind: str, version: Sequence[tuple[Any, ...]], text: str) -> str:
    """What one annotator said in a unit, on one line ("—" for nothing)."""
    if not version:
        return "—"
    parts = []
    for item in version:
        if kind == "span":
            start, end, label = item
            parts.append(f"{label} “{one_line(text[start:end], 24)}”")
        else:
            event_type, start, end, arguments = item
            shown = f"{event_type} “{one_line(text[start:end], 20)}”"
            if arguments:
                shown += (
                    " ["
                    + ", ".join(f"{role} “{one_line(text[s:e], 16)}”" for role, s, e, _ in arguments)
                    + "]"
                )
            parts.append(shown)
    return " + ".join(parts)


def decision_text(unit: ReviewUnit) -> str:
    """The decision of a unit and who made it, or "" while undecided."""
    decision = unit.decision
    if decision is None:
        return ""
    if decision.action == "accept":
        what = f"✓ {decision.annotator}"
    elif decision.action == "reject":
        what = "✗ rejected"
    else:
        what = "✎ edited"
    return f"{what} · {decision.reviewer}"


class ReviewUnitsModel(QAbstractTableModel):
    """Rows of ReviewUnit, filtered to disagreements, undecided units, or all of them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._annotators: list[str] = []
        self._all: list[ReviewUnit] = []
        self._rows: list[ReviewUnit] = []
        self._filter = "disagreements"

    # -- content -----------------------------------------------------------------------------------

    def set_content(self, text: str, annotators: Sequence[str], units: Sequence[ReviewUnit]) -> None:
        """Show another document's units."""
        self.beginResetModel()
        self._text, self._annotators, self._all = text, list(annotators), list(units)
        self._rows = self._visible(self._all)
        self.endResetModel()

    def update_units(self, units: Sequence[ReviewUnit]) -> None:
        """Show the same document's units as they are now (after a decision or its undo)."""
        units = list(units)
        if [u.key for u in units] != [u.key for u in self._all]:
            self.set_content(self._text, self._annotators, units)
            return
        self._all = units
        self._follow(self._visible(units))
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1))

    def _follow(self, wanted: list[ReviewUnit]) -> None:
        """Change the shown rows into ``wanted`` (both in reading order) by single removals and inserts."""
        keep = {u.key for u in wanted}
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].key not in keep:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        for row, unit in enumerate(wanted):
            if row < len(self._rows) and self._rows[row].key == unit.key:
                self._rows[row] = unit
                continue
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, unit)
            self.endInsertRows()

    def set_filter(self, mode: str) -> None:
        """Show "disagreements", "open" (not yet decided) or "all" units."""
        if mode not in FILTERS:
            raise ValueError(mode)
        if mode != self._filter:
            self._filter = mode
            self._follow(self._visible(self._all))

    @property
    def filter(self) -> str:
        """The filter mode."""
        return self._filter

    def _visible(self, units: Sequence[ReviewUnit]) -> list[ReviewUnit]:
        if self._filter == "disagreements":
            return [u for u in units if not u.agreed]
        if self._filter == "open":
            return [u for u in units if u.decision is None]
        return list(units)

    @property
    def annotators(self) -> list[str]:
        """The compared annotators, numbered 1.. in this order."""
        return list(self._annotators)

    @property
    def units(self) -> list[ReviewUnit]:
        """Every unit of the document, shown or not."""
        return list(self._all)

    def unit(self, row: int) -> ReviewUnit:
        """The unit shown in a row."""
        return self._rows[row]

    def row_of(self, key: str) -> int | None:
        """The shown row of a unit (None when filtered out)."""
        return next((row for row, unit in enumerate(self._rows) if unit.key == key), None)

    def find(self, key: str) -> ReviewUnit | None:
        """A unit by key, shown or not."""
        return next((unit for unit in self._all if unit.key == key), None)

    # -- Qt ----------------------------------------------------------------------------------------

    def _columns(self) -> list[str]:
        names = [f"{number} {name}" for number, name in enumerate(self._annotators, start=1)]
        return [*FIXED_BEFORE, *names, *FIXED_AFTER]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED_BEFORE) + len(self._annotators) + len(FIXED_AFTER)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns()[section]
        number = section - len(FIXED_BEFORE)
        if role == Qt.ItemDataRole.DecorationRole and 0 <= number < len(self._annotators):
            return annotator_color(number)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        unit = self._rows[index.row()]
        column = index.column()
        number = column - len(FIXED_BEFORE)
        first_after = len(FIXED_BEFORE) + len(self._annotators)
        if role == UnitRole:
            return unit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            full = role == Qt.ItemDataRole.ToolTipRole
            if column == KIND:
                return "Event" if unit.kind == "event" else "Span"
            if column == WHERE:
                covered = self._text[unit.start : unit.end]
                return f"{covered} ({unit.start}–{unit.end})" if full else one_line(covered, 28)
            if 0 <= number < len(self._annotators):
                return version_text(unit.kind, unit.versions.get(self._annotators[number], ()), self._text)
            if column == first_after:
                return "agreed" if unit.agreed else ", ".join(unit.differences)
            return decision_text(unit) if not full else (decision_text(unit) or "Not yet decided")
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == first_after + 1 and unit.decision is not None:
                return QColor(DECISION_COLORS.get(unit.decision.action, "#7f7f7f"))
            if column == first_after and unit.agreed:
                return QColor("#7f7f7f")
            return None
        if role == Qt.ItemDataRole.FontRole and 0 <= number < len(self._annotators):
            decision = unit.decision
            if (
                decision is not None
                and decision.action == "accept"
                and decision.annotator == self._annotators[number]
            ):
                font = QFont()
                font.setBold(True)
                return font
        return None

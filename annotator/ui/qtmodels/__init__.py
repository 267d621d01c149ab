"""Qt model/view adapters over the plain model lists."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt


def horizontal_header(
    columns: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """A table's column title, and None for anything else (Qt asks for sections that do not exist)."""
    if (
        orientation == Qt.Orientation.Horizontal
        and role == Qt.ItemDataRole.DisplayRole
        and 0 <= section < len(columns)
    ):
        return columns[section]
    return None

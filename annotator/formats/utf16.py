"""Offsets in UTF-16 code units (JavaScript string indices), as Label Studio and doccano store them."""

from __future__ import annotations

import bisect


class Utf16Offsets:
    """Converts offsets between code points and UTF-16 code units for one text."""

    def __init__(self, text: str) -> None:
        # Code-point positions of the astral characters: each one adds a unit in UTF-16.
        self._astral = [i for i, char in enumerate(text) if ord(char) > 0xFFFF]
        # The UTF-16 unit where each astral character starts.
        self._astral_units = [i + n for n, i in enumerate(self._astral)]
        self.units = len(text) + len(self._astral)

    def to_units(self, point: int) -> int:
        """The UTF-16 offset of a code-point offset."""
        return point + bisect.bisect_left(self._astral, point)

    def to_points(self, unit: int) -> int | None:
        """The code-point offset of a UTF-16 offset, or None if it falls inside a surrogate pair."""
        before = bisect.bisect_left(self._astral_units, unit)
        if before and self._astral_units[before - 1] == unit - 1:
            return None
        return unit - before

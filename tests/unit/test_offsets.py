"""OffsetMap: stored code points to Qt document positions and back (pure Python; Qt itself in tests/ui)."""

from __future__ import annotations

import pytest

from annotator.model.offsets import OffsetMap
from tests.conftest import ADVERSARIAL_TEXTS


def qt_units(text: str) -> list[int]:
    """The Qt position of every code-point offset, computed the slow, obvious way."""
    positions, q = [], 0
    for i, ch in enumerate(text):
        positions.append(q)
        if ch == "\n" and i > 0 and text[i - 1] == "\r":
            continue  # CRLF is one block break
        q += 2 if ord(ch) > 0xFFFF else 1
    positions.append(q)
    return positions


@pytest.mark.parametrize("name", sorted(ADVERSARIAL_TEXTS))
def test_to_qt_matches_the_slow_count(name: str) -> None:
    text = ADVERSARIAL_TEXTS[name]
    expected = qt_units(text)
    omap = OffsetMap(text)
    assert [omap.to_qt(i) for i in range(len(text) + 1)] == expected
    assert omap.qt_length == expected[-1]


@pytest.mark.parametrize("name", sorted(ADVERSARIAL_TEXTS))
def test_round_trip_of_every_offset_except_inside_crlf(name: str) -> None:
    text = ADVERSARIAL_TEXTS[name]
    omap = OffsetMap(text)
    for i in range(len(text) + 1):
        inside_crlf = 0 < i < len(text) and text[i - 1] == "\r" and text[i] == "\n"
        back = omap.to_offset(omap.to_qt(i))
        assert back == (i + 1 if inside_crlf else i), (name, i)


def test_position_inside_a_surrogate_pair_rounds_by_request() -> None:
    text = "a😀b"
    omap = OffsetMap(text)
    assert omap.to_qt(1) == 1
    assert omap.to_qt(2) == 3
    assert omap.to_offset(2, "floor") == 1
    assert omap.to_offset(2, "ceil") == 2
    assert omap.selection_to_span(2, 4) == (1, 3)


def test_crlf_maps_to_one_position_and_is_never_split() -> None:
    text = "ab\r\ncd"
    omap = OffsetMap(text)
    assert omap.qt_length == 5
    assert [omap.to_qt(i) for i in range(7)] == [0, 1, 2, 3, 3, 4, 5]
    assert omap.to_offset(3) == 4  # the start of the next block is after the whole CRLF
    assert text[omap.to_offset(3) : omap.to_offset(5)] == "cd"


def test_plain_text_is_identity_and_clamps() -> None:
    omap = OffsetMap("hello")
    assert omap.to_qt(3) == 3
    assert omap.to_offset(3) == 3
    assert omap.to_qt(99) == 5
    assert omap.to_offset(-4) == 0


def test_selection_round_trips_span_text_in_every_adversarial_text() -> None:
    for text in ADVERSARIAL_TEXTS.values():
        omap = OffsetMap(text)
        for start in range(len(text)):
            for end in range(start + 1, len(text) + 1):
                a, b = omap.span_to_qt(start, end)
                s, e = omap.selection_to_span(a, b)
                # Only a span edge between CR and LF moves (past the LF); all others come back exactly.
                assert s >= start
                assert e >= end
                if not (text[start - 1 : start + 1] == "\r\n" or text[end - 1 : end + 1] == "\r\n"):
                    assert (s, e) == (start, end)

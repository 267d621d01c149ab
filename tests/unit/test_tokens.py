"""Tests for annotator.model.tokens: grapheme clusters, tokens, snapping and sentences, in code points."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import SupportsIndex

import pytest

from annotator.model.tokens import (
    grapheme_end,
    grapheme_start,
    sentences,
    snap_to_graphemes,
    snap_to_tokens,
    token_at,
    tokenize,
)

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man ZWJ woman ZWJ girl
THUMB = "\U0001f44d\U0001f3fd"  # thumbs up, medium skin tone
SYRIA, UKRAINE = "\U0001f1f8\U0001f1fe", "\U0001f1fa\U0001f1e6"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
HEART = "\u2764\ufe0f"
MUSTAFA = "\u0645\u064f\u0635\u0652\u0637\u064e\u0641\u064e\u0649"  # Mustafa with harakat
BALI = "\u0628\u064e\u0627\u0644\u0650\u064a"  # Bali with harakat
NBSP, APOS = "\u00a0", "\u2019"
INVISIBLE = "\u00ad\u200b\ufeff\u200e"  # format controls that, like whitespace, belong to no token

ADVERSARIAL = {
    "emoji": "Alert \U0001f600! Breaking\U0001f6a8news \U0001f600\U0001f600.",
    "flags": f"Flags {SYRIA}{UKRAINE} and {SYRIA}{UKRAINE}\U0001f1f8 odd, {SCOTLAND} too.",
    "zwj": f"Family {FAMILY} home, {FAMILY}{FAMILY}!",
    "skin": f"Nice {THUMB}{THUMB} job {HEART} x\u200d\U0001f600.",
    "astral": "Bold \U0001d400\U0001d401 and Gothic \U00010348x: done.",
    "combining": "Cafe\u0301 e\u0301te\u0301 \u0301orphan n\u0303o.",
    "arabic": f"\u0642\u0627\u0644 {MUSTAFA} {BALI}\u060c \u0647\u0644\u061f \u0664\u066b\u0665.",
    "crlf": "One line.\r\nTwo lines.\r\n\r\nNew para.",
    "lone_cr": "Old Mac.\rNext line.\r\rPara two.",
    "separators": "Line\u2028break and\u2029para.",
    "nbsp_tabs": f"60{NBSP}000 people\tand\t\ttabs {NBSP} here.",
    "news": f"The U.S.-backed SDF took ISIS' last redoubt; al-Baghdadi's aide O{APOS}Brien, Mr. Bali said.",
    "numbers": "60,000 fled; 3.5% rose at 10:30 a.m. on Jan. 5, AK-47 and Mi-8, March 10-12.",
    "controls": "Soft\u00adhyphen, zero\u200bwidth, \ufeffbom, \u200eltr \u00ad alone.",
}


def clusters(text: str) -> list[str]:
    """The text split into grapheme clusters with grapheme_end."""
    out, i = [], 0
    while i < len(text):
        end = grapheme_end(text, i)
        assert end > i
        out.append(text[i:end])
        i = end
    return out


def boundaries(text: str) -> set[int]:
    """Every grapheme-cluster boundary of text, both ends included."""
    points, i = {0, len(text)}, 0
    while i < len(text):
        i = grapheme_end(text, i)
        points.add(i)
    return points


def words(text: str) -> list[str]:
    """The token texts of text."""
    return [text[start:end] for start, end in tokenize(text)]


def sentence_texts(text: str) -> list[str]:
    """The sentence texts of text."""
    return [text[start:end] for start, end in sentences(text)]


# -- grapheme clusters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("e\u0301x", ["e\u0301", "x"], id="combining-accent"),
        pytest.param("a\r\nb", ["a", "\r\n", "b"], id="crlf-one-cluster"),
        pytest.param("\r\r\n\n", ["\r", "\r\n", "\n"], id="lone-cr-then-crlf"),
        pytest.param(SYRIA + UKRAINE + "\U0001f1f8", [SYRIA, UKRAINE, "\U0001f1f8"], id="flags-pair-up"),
        pytest.param(FAMILY + "x", [FAMILY, "x"], id="zwj-family"),
        pytest.param(THUMB + THUMB, [THUMB, THUMB], id="skin-tone"),
        pytest.param(HEART + SCOTLAND, [HEART, SCOTLAND], id="variation-selector-and-tag-flag"),
        pytest.param("\U0001d400\U00010348", ["\U0001d400", "\U00010348"], id="astral-letters"),
        pytest.param(
            MUSTAFA,
            ["\u0645\u064f", "\u0635\u0652", "\u0637\u064e", "\u0641\u064e", "\u0649"],
            id="arabic-harakat",
        ),
        pytest.param(" \u0301", [" ", "\u0301"], id="space-takes-no-mark"),
        pytest.param("a\u200d\U0001f600", ["a\u200d", "\U0001f600"], id="zwj-after-letter"),
        pytest.param(f"{NBSP}\t\u2028\u2029", [NBSP, "\t", "\u2028", "\u2029"], id="whitespace-alone"),
        pytest.param("", [], id="empty"),
    ],
)
def test_grapheme_clusters(text: str, expected: list[str]) -> None:
    assert clusters(text) == expected


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_grapheme_start_end_agree_at_every_offset(name: str) -> None:
    text = ADVERSARIAL[name]
    points = sorted(boundaries(text))
    for i in range(len(text) + 1):
        expected_start = max(p for p in points if p <= i)
        assert grapheme_start(text, i) == expected_start, i
        if i < len(text):
            assert grapheme_end(text, i) == min(p for p in points if p > i), i


def test_grapheme_offsets_outside_the_text_are_clamped() -> None:
    assert grapheme_start("abc", -3) == 0
    assert grapheme_start("abc", 10) == 3
    assert grapheme_end("abc", 10) == 3
    assert grapheme_end("", 0) == 0


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        pytest.param("e\u0301x", 1, 2, (0, 2), id="inside-accent"),
        pytest.param(SYRIA + UKRAINE, 1, 3, (0, 4), id="across-two-flags"),
        pytest.param(f"a{FAMILY}b", 2, 3, (1, 6), id="inside-family"),
        pytest.param("a\r\nb", 2, 3, (1, 3), id="inside-crlf"),
        pytest.param("abc", 2, 1, (1, 2), id="reversed"),
        pytest.param("abc", -5, 99, (0, 3), id="clamped"),
        pytest.param("e\u0301", 1, 1, (0, 0), id="caret-inside-cluster"),
        pytest.param("abc", 1, 2, (1, 2), id="already-whole"),
    ],
)
def test_snap_to_graphemes(text: str, start: int, end: int, expected: tuple[int, int]) -> None:
    assert snap_to_graphemes(text, start, end) == expected


# -- tokens -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("The U.S.-backed SDF", ["The", "U.S.", "-", "backed", "SDF"], id="dotted-abbreviation"),
        pytest.param("ISIS' last redoubt", ["ISIS", "'", "last", "redoubt"], id="trailing-apostrophe"),
        pytest.param("al-Baghdadi's aide", ["al-Baghdadi", "'s", "aide"], id="hyphen-and-possessive"),
        pytest.param(f"O'Brien don{APOS}t", ["O'Brien", f"don{APOS}t"], id="internal-apostrophes"),
        pytest.param(f"Trump{APOS}s plan", ["Trump", f"{APOS}s", "plan"], id="curly-possessive"),
        pytest.param(
            "60,000 people, 3.5% at 10:30",
            ["60,000", "people", ",", "3.5", "%", "at", "10:30"],
            id="numbers",
        ),
        pytest.param("March 10-12", ["March", "10", "-", "12"], id="number-range-splits"),
        pytest.param(
            "AK-47 and Mi-8 and 10-year-old", ["AK-47", "and", "Mi-8", "and", "10-year-old"], id="models"
        ),
        pytest.param("Mr. Bali and Dr. Okafor", ["Mr.", "Bali", "and", "Dr.", "Okafor"], id="titles"),
        pytest.param("George W. Bush", ["George", "W.", "Bush"], id="initial"),
        pytest.param("at 3 a.m. on Jan. 5", ["at", "3", "a.m.", "on", "Jan.", "5"], id="time-and-month"),
        pytest.param("Acme Inc. said", ["Acme", "Inc.", "said"], id="company"),
        pytest.param("the end. wait...", ["the", "end", ".", "wait", ".", ".", "."], id="periods"),
        pytest.param("e\u0301te\u0301 cafe\u0301", ["e\u0301te\u0301", "cafe\u0301"], id="combining-accents"),
        pytest.param(f"{MUSTAFA} {BALI}\u060c", [MUSTAFA, BALI, "\u060c"], id="arabic-harakat"),
        pytest.param(
            "\u0664\u066b\u0665 \u0661\u066c\u0660\u0660\u0660",
            ["\u0664\u066b\u0665", "\u0661\u066c\u0660\u0660\u0660"],
            id="arabic-digits",
        ),
        pytest.param("hi\U0001f600!", ["hi", "\U0001f600", "!"], id="emoji"),
        pytest.param(SYRIA + UKRAINE + "\U0001f1f8", [SYRIA, UKRAINE, "\U0001f1f8"], id="flags"),
        pytest.param(f"we{FAMILY}ok", ["we", FAMILY, "ok"], id="zwj-family"),
        pytest.param(f"{THUMB}{HEART}{SCOTLAND}", [THUMB, HEART, SCOTLAND], id="emoji-sequences"),
        pytest.param(
            "\U0001d400\U0001d401 \U00010348", ["\U0001d400\U0001d401", "\U00010348"], id="astral-letters"
        ),
        pytest.param(
            f"a\r\nb\rc\u2028d\u2029e{NBSP}f\tg",
            ["a", "b", "c", "d", "e", "f", "g"],
            id="all-whitespace-separates",
        ),
        pytest.param("foo_bar #tag @user", ["foo_bar", "#", "tag", "@", "user"], id="symbols"),
        pytest.param("1\ufe0f\u20e3 #\ufe0f\u20e3", ["1\ufe0f\u20e3", "#\ufe0f\u20e3"], id="keycaps"),
        pytest.param("x\u200by \ufeffz", ["x", "y", "z"], id="zero-width-space-and-bom"),
        pytest.param("ab\u00adcd \u00ad ef\u00ad", ["ab\u00adcd", "ef\u00ad"], id="soft-hyphen"),
        pytest.param(" \u0301x", ["\u0301x"], id="orphan-mark"),
        pytest.param(
            "(\u0648\u0627\u062f\u064a)", ["(", "\u0648\u0627\u062f\u064a", ")"], id="arabic-brackets"
        ),
        pytest.param("", [], id="empty"),
        pytest.param(" \n\t ", [], id="only-space"),
    ],
)
def test_tokenize(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_token_invariants(name: str) -> None:
    text = ADVERSARIAL[name]
    spans = tokenize(text)
    points = boundaries(text)
    covered: set[int] = set()
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert not any(char.isspace() for char in text[start:end]), text[start:end]
        assert start in points, f"{text[start:end]!r} splits a cluster"
        assert end in points, f"{text[start:end]!r} splits a cluster"
        covered.update(range(start, end))
    assert all(a[1] <= b[0] for a, b in pairwise(spans)), "sorted and disjoint"
    for i, char in enumerate(text):
        if i not in covered:
            assert char.isspace() or char in INVISIBLE, repr(char)


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_token_at_agrees_with_tokenize(name: str) -> None:
    text = ADVERSARIAL[name]
    owner = {i: span for span in tokenize(text) for i in range(*span)}
    for i in range(-1, len(text) + 2):
        assert token_at(text, i) == owner.get(i), i


@pytest.mark.parametrize(
    ("text", "i", "expected"),
    [
        ("Hello, world", 0, (0, 5)),
        ("Hello, world", 5, (5, 6)),
        ("Hello, world", 6, None),
        ("Hello, world", 12, None),
        ("Hello, world", -1, None),
        (f"a {FAMILY} b", 4, (2, 7)),
        (f"{SYRIA}{UKRAINE}{SYRIA}", 3, (2, 4)),
        ("ab\u00adcd", 2, (0, 5)),
        (" \u00ad ", 1, None),
    ],
)
def test_token_at(text: str, i: int, expected: tuple[int, int] | None) -> None:
    assert token_at(text, i) == expected


# -- snapping selections to tokens ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        pytest.param("  Hello, world  ", 0, 4, (2, 7), id="trim-then-widen"),
        pytest.param("  Hello, world  ", 0, 2, (0, 0), id="only-space"),
        pytest.param("  Hello, world  ", 14, 16, (14, 14), id="only-trailing-space"),
        pytest.param("al-Baghdadi's aide", 4, 5, (0, 11), id="inside-hyphenated-name"),
        pytest.param("al-Baghdadi's aide", 10, 13, (0, 13), id="name-and-possessive"),
        pytest.param("The U.S.-backed", 5, 6, (4, 8), id="inside-abbreviation"),
        pytest.param("a\r\n\r\nb", 1, 5, (1, 1), id="only-crlf"),
        pytest.param("a\r\n\r\nb", 0, 6, (0, 6), id="across-crlf"),
        pytest.param(f"{FAMILY} ok", 2, 3, (0, 5), id="inside-family"),
        pytest.param(f"x {SYRIA}{UKRAINE} y", 3, 4, (2, 4), id="inside-flag"),
        pytest.param(f"x {SYRIA}{UKRAINE} y", 3, 5, (2, 6), id="across-flags"),
        pytest.param("Hello world", 8, 2, (0, 11), id="reversed"),
        pytest.param("Hello", -4, 99, (0, 5), id="clamped"),
        pytest.param("Hello", 1, 1, (1, 1), id="empty"),
        pytest.param(f"{MUSTAFA} {BALI}", 2, 3, (0, 9), id="arabic-inside-word"),
        pytest.param(f"x{NBSP}\u2028\u2029\ty", 1, 5, (1, 1), id="unicode-spaces"),
        pytest.param("x\u200by", 0, 2, (0, 1), id="trailing-zero-width-space"),
    ],
)
def test_snap_to_tokens(text: str, start: int, end: int, expected: tuple[int, int]) -> None:
    assert snap_to_tokens(text, start, end) == expected


@pytest.mark.parametrize(
    "text",
    [
        f"I {THUMB} it, {SYRIA}! al-Baghdadi's",
        f"{MUSTAFA} {FAMILY}\r\n U.S.\u00a0e\u0301",
        "Mr. O'Brien\t3.5%\u2029x\u00adz",
    ],
)
def test_snap_to_tokens_lands_on_token_boundaries(text: str) -> None:
    spans = tokenize(text)
    starts, ends = {s for s, _ in spans}, {e for _, e in spans}
    for s in range(len(text)):
        for e in range(s + 1, len(text) + 1):
            snapped = snap_to_tokens(text, s, e)
            visible = [i for i in range(s, e) if not (text[i].isspace() or text[i] in INVISIBLE)]
            if not visible:
                assert snapped == (s, s)
                continue
            assert snapped[0] in starts, (s, e, snapped)
            assert snapped[1] in ends, (s, e, snapped)
            assert snapped[0] <= visible[0] <= visible[-1] < snapped[1], (s, e, snapped)


# -- sentences --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            'Mr. Smith went to the U.S. He said "Go." Then he left!',
            ['Mr. Smith went to the U.S. He said "Go."', "Then he left!"],
            id="abbreviations-and-quotes",
        ),
        pytest.param("Why? no. Yes.", ["Why? no.", "Yes."], id="lowercase-continues"),
        pytest.param("Acme Inc. The end\u2026 Next.", ["Acme Inc.", "The end\u2026", "Next."], id="may-end"),
        pytest.param("Dr. Who. George W. Bush spoke.", ["Dr. Who.", "George W. Bush spoke."], id="initials"),
        pytest.param("Jan. 5 was cold. It snowed.", ["Jan. 5 was cold.", "It snowed."], id="month"),
        pytest.param(
            "It rose 3.5 percent. Shares fell.", ["It rose 3.5 percent.", "Shares fell."], id="decimal"
        ),
        pytest.param(
            "Headline\n\nBody one. Body two.", ["Headline", "Body one.", "Body two."], id="blank-line"
        ),
        pytest.param("One\r\n\r\nTwo", ["One", "Two"], id="crlf-blank-line"),
        pytest.param("One\r\nTwo", ["One\r\nTwo"], id="crlf-line-break"),
        pytest.param("One\r\rTwo", ["One", "Two"], id="cr-blank-line"),
        pytest.param("One\u2029Two", ["One", "Two"], id="paragraph-separator"),
        pytest.param("One\u2028Two", ["One\u2028Two"], id="line-separator"),
        pytest.param("One\n \t\nTwo", ["One", "Two"], id="blank-line-with-spaces"),
        pytest.param(
            "\u0647\u0644\u061f \u0646\u0639\u0645.",
            ["\u0647\u0644\u061f", "\u0646\u0639\u0645."],
            id="arabic",
        ),
        pytest.param(f'"Stop.\u201d{NBSP}Then go.', ['"Stop.\u201d', "Then go."], id="nbsp-after-quote"),
        pytest.param(
            "Alert \U0001f6a8. \U0001f600 Fine.", ["Alert \U0001f6a8.", "\U0001f600 Fine."], id="emoji"
        ),
        pytest.param("  \n\n  ", [], id="only-space"),
        pytest.param("", [], id="empty"),
        pytest.param("  Padded.  ", ["Padded."], id="trimmed"),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentence_texts(text) == expected


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_every_token_lies_in_one_sentence(name: str) -> None:
    text = ADVERSARIAL[name]
    spans = sentences(text)
    for start, end in spans:
        assert start < end
        assert not text[start].isspace()
        assert not text[end - 1].isspace()
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    for start, end in tokenize(text):
        assert any(s <= start and end <= e for s, e in spans), text[start:end]


# -- random texts from an adversarial alphabet ------------------------------------------------------

ALPHABET = [
    *"aBe\u0301\u0651\u0645\u064f \u00a0\t\r\n\u2028\u2029.,'-sS35:!?U_(\"\u2026\u061f\u00ad\u200b\x00",
    "\r\n", APOS, "\U0001f600", "\u200d", "\U0001f468", "\U0001f3fd", "\ufe0f", "\U0001f1f8", "\U0001f1fe",
    "\U000e0067", "\U000e007f", "\U0001f3f4", "\u2139", "\u00a9", "\U0001d400", "\U0001d167", "\U000e0100",
    "\u20e3", "#", "\u0664", "\u066b", "Mr", "Dr", "Inc", "no",
]  # fmt: skip


def test_random_texts_keep_every_invariant() -> None:
    rng = random.Random(20240517)
    for _ in range(600):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 16)))
        points = boundaries(text)
        for i in range(len(text) + 1):
            assert grapheme_start(text, i) == max(p for p in points if p <= i), (text, i)
        spans = tokenize(text)
        owner = {i: span for span in spans for i in range(*span)}
        for start, end in spans:
            assert {start, end} <= points, (text, start, end)
            assert not any(char.isspace() for char in text[start:end])
        for i in range(len(text) + 1):
            assert token_at(text, i) == owner.get(i), (text, i)
        starts, ends = {s for s, _ in spans}, {e for _, e in spans}
        for s in range(len(text)):
            e = rng.randint(s + 1, len(text))
            snapped = snap_to_tokens(text, s, e)
            assert snapped == (s, s) or (snapped[0] in starts and snapped[1] in ends), (text, s, e)
            chars = snap_to_graphemes(text, s, e)
            assert {*chars} <= points, (text, s, e)
            assert chars[0] <= s < e <= chars[1], (text, s, e)
        sentence_spans = sentences(text)
        for start, end in spans:
            assert any(a <= start and end <= b for a, b in sentence_spans), (text, start, end)


# -- locality and speed -----------------------------------------------------------------------------


class CountingStr(str):
    """A str that counts how often Python code reads one of its characters."""

    reads = 0

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        CountingStr.reads += 1
        return super().__getitem__(key)


LOOKUPS = [
    pytest.param(lambda text, at: token_at(text, at + 3), id="token_at"),
    pytest.param(lambda text, at: snap_to_tokens(text, at + 2, at + 20), id="snap_to_tokens"),
    pytest.param(lambda text, at: snap_to_graphemes(text, at + 1, at + 9), id="snap_to_graphemes"),
    pytest.param(lambda text, at: grapheme_start(text, at + 6), id="grapheme_start"),
]
CHUNK = f"Mr. al-Baghdadi's {FAMILY} {SYRIA} e\u0301te\u0301 {MUSTAFA}.\r\n"


@pytest.mark.parametrize("call", LOOKUPS)
def test_lookups_only_read_near_the_offsets(call: Callable[[str, int], object]) -> None:
    text = CountingStr(CHUNK * (1_000_000 // len(CHUNK)))
    CountingStr.reads = 0
    call(text, len(text) // 2 // len(CHUNK) * len(CHUNK))
    assert CountingStr.reads < 200


@pytest.mark.parametrize("call", LOOKUPS)
def test_lookups_do_not_tokenize_the_whole_text(call: Callable[[str, int], object]) -> None:
    text = CHUNK * (1_000_000 // len(CHUNK))
    tokenize("warm up the tables")
    began = time.perf_counter()
    for at in range(0, len(text) - 100, len(text) // 300):
        call(text, at)
    assert time.perf_counter() - began < 1.0  # about 5 ms; 300 full passes would take a minute


def demo_text() -> str:
    """The demo articles joined, repeated to about 1 MB."""
    base = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(DEMO.glob("*.txt")))
    return (base * (1_000_000 // len(base) + 1))[:1_000_000]


@pytest.mark.parametrize("function", [tokenize, sentences], ids=["tokenize", "sentences"])
def test_a_megabyte_is_fast(function: Callable[[str], list[tuple[int, int]]]) -> None:
    text = demo_text()
    tokenize("warm up the tables")
    began = time.perf_counter()
    result = function(text)
    assert result
    assert time.perf_counter() - began < 3.0  # about 0.2 s on a laptop; generous for slow CI


@pytest.mark.parametrize(
    "text",
    ["." * 200_000, " " * 200_000, "\U0001f600" * 200_000, ". " * 100_000, "\n " * 100_000, "a" * 200_000],
    ids=["dots", "spaces", "emoji", "dot-space", "blank-lines", "one-long-word"],
)
def test_pathological_texts_stay_linear(text: str) -> None:
    began = time.perf_counter()
    tokenize(text)
    sentences(text)
    assert time.perf_counter() - began < 3.0


# -- demo articles ----------------------------------------------------------------------------------

DEMO_FILES = sorted(DEMO.glob("*.txt"))


def test_there_are_five_demo_articles() -> None:
    assert [path.name[:3] for path in DEMO_FILES] == ["01-", "02-", "03-", "04-", "05-"]


@pytest.mark.parametrize("path", DEMO_FILES, ids=[path.name for path in DEMO_FILES])
def test_demo_article_shape(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text
    lines = text.split("\n")
    headline = lines[0]
    assert headline.strip()
    assert lines[1] == ""
    assert lines[2].strip()
    paragraphs = text.rstrip("\n").split("\n\n")[1:]
    assert len(paragraphs) >= 4
    assert all(p.strip() and "\n" not in p for p in paragraphs)
    assert 150 <= sum(len(p.split()) for p in paragraphs) <= 300
    for start, end in tokenize(text):
        assert not any(char.isspace() for char in text[start:end])
    assert sentence_texts(text)[0] == headline


def test_demo_articles_hold_arabic_and_emoji() -> None:
    tokens = words("\n\n".join(path.read_text(encoding="utf-8") for path in DEMO_FILES))
    assert MUSTAFA in tokens  # an official's name in Arabic script, with harakat
    assert "\u0648\u0627\u062f\u064a" in tokens  # Wadi, of an Arabic place name
    for emoji in (FAMILY, THUMB, UKRAINE, "\U0001f6a8"):
        assert emoji in tokens, emoji

"""The tokenizer's fast paths give exactly what the unhurried patterns and the per-sentence pass give."""

from __future__ import annotations

import random
from itertools import product

import pytest

from annotator.formats.tokenized import _tokenize_by_sentence, tokenize_document
from annotator.model.tokens import (
    _sentences_by_paragraph,
    _tables,
    sentence_spans,
    sentences,
    token_table,
    tokenize,
)
from tests.conftest import ADVERSARIAL_TEXTS
from tests.unit.test_tokens import ADVERSARIAL, ALPHABET, DEMO

# Pieces that sit on the edges of the shortcuts: ASCII words before space, punctuation, '.', quotes,
# apostrophes, hyphens, digits with connectors, abbreviations, and the non-ASCII neighbours that
# can continue a word (a combining mark, ZWJ, a Latin letter with an accent, an emoji modifier).
PIECES = [
    *ALPHABET,
    *" aZ9_,.;:!?)]\"'-#$%&(*+/<=>@[\\^`{|}~\t\n",
    "é",
    "\u0301",
    "\u200d",
    "\U0001f3fd",
    "\U0001f600",
    "\u2019",
    "\u201c",
    ". ",
    "\n\n",
    "Mr.",
    "U.S.",
    " A",
    "3.5",
    "10:30",
    "al-",
    "'s",
    "etc.",
    "W.",
    "Cos.",
    "Coal",
    "vs.",
    "Inc",
    "Mrs",
    "\u0645\u0635\u0637\u0641\u0649",  # an Arabic word
    "\u0628",
    "\u064e",  # fatha, a mark
    "\u0640",  # tatweel
    "\u060c",  # Arabic comma
    "\u0661",
]


def samples() -> list[str]:
    texts = [*ADVERSARIAL_TEXTS.values(), *ADVERSARIAL.values()]
    texts += [path.read_text(encoding="utf-8") for path in sorted(DEMO.glob("*.txt"))]
    rng = random.Random(7)
    texts += ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(4000)]
    # Every pair and triple of the short edge cases, so each shortcut meets each neighbour.
    edge = [
        "ab",
        "a1",
        "1",
        ",",
        ".",
        ")",
        '"',
        "'",
        "-",
        "_",
        "#",
        " ",
        "\n",
        "é",
        "\u0301",
        "s",
        "S",
        "\u2019",
    ]
    edge += ["Mr", "Co", "a.", "\u0628.", "\u0628\u0627", "\u064e", "\u0640"]
    texts += ["".join(p) for p in product(edge, repeat=3)]
    return texts


SAMPLES = samples()


def test_the_token_shortcuts_match_what_the_full_pattern_matches() -> None:
    t = _tables()
    for text in SAMPLES:
        fast = [m.span(1) for m in t.token.finditer(text)]
        full = [m.span(1) for m in t.token_unhurried.finditer(text)]
        assert fast == full, text


def test_the_terminator_search_finds_what_the_unhurried_one_finds() -> None:
    t = _tables()
    for text in SAMPLES:
        for start in {0, len(text) // 3}:
            fast = [(m.span(), m.group(1)) for m in t.terminator.finditer(text, start)]
            slow = [(m.span(), m.group(1)) for m in t.terminator_unhurried.finditer(text, start)]
            assert fast == slow, (text, start)


def test_sentences_are_the_same_with_or_without_the_tokens_given() -> None:
    for text in SAMPLES:
        assert sentences(text, tokenize(text)) == sentences(text), text


def test_the_token_table_holds_the_tokens_tokenize_finds() -> None:
    for text in SAMPLES:
        words, starts, ends = token_table(text)
        tokens = tokenize(text)
        assert list(zip(starts, ends, strict=True)) == tokens, text
        assert words == [text[start:end] for start, end in tokens], text


def test_one_search_for_sentences_finds_what_the_paragraph_by_paragraph_pass_finds() -> None:
    for text in [*SAMPLES, "a.\r\n\r\nB", "a.\r\rB", "a. \u2029 b", "A.\n \nb. C"]:
        expected = _sentences_by_paragraph(text)
        assert _sentences_by_paragraph(text, tokenize(text)) == expected, text
        _, starts, ends = token_table(text)
        assert sentence_spans(text, starts, ends) == expected, text
        assert sentence_spans(text) == expected, text
        assert sentences(text) == expected, text


def test_a_document_tokenized_whole_equals_one_tokenized_sentence_by_sentence() -> None:
    for text in SAMPLES:
        whole, by_sentence = tokenize_document(text), _tokenize_by_sentence(text)
        assert whole.tokens == by_sentence.tokens, text
        assert whole.sentences == by_sentence.sentences, text
        assert [whole.sentence_of(i) for i in range(len(whole.tokens))] == [
            by_sentence.sentence_of(i) for i in range(len(by_sentence.tokens))
        ], text


@pytest.mark.parametrize("text", [*ADVERSARIAL_TEXTS.values(), "Mr. Bali met U.S. envoys. They left.\n\nNo."])
def test_token_range_agrees_with_a_table_of_token_edges(text: str) -> None:
    doc = tokenize_document(text)
    first_of = {start: i for i, (start, _) in enumerate(doc.tokens)}
    last_of = {end: i for i, (_, end) in enumerate(doc.tokens)}
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            got = doc.token_range(start, end)
            a, b = first_of.get(start), last_of.get(end)
            if a is None or b is None:
                assert isinstance(got, str)
                assert got.startswith("does not align"), (start, end)
            elif doc.sentence_of(a) != doc.sentence_of(b):
                assert got == "crosses a sentence boundary"
            else:
                assert got == (a, b + 1)
    assert doc.token_range(0, 0) == "is empty or outside the text"
    assert doc.token_range(0, len(text) + 1) == "is empty or outside the text"

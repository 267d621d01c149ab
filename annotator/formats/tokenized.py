"""A document as the token formats see it: sentences of tokens, and spans mapped onto token indices.

Every token format (CoNLL, spaCy/Prodigy JSONL, DocBin, Hugging Face, DyGIE++, OneIE) tokenizes with
``annotator.model.tokens`` through this module, so they all agree on token boundaries. A span whose ends
do not fall on token boundaries is never stretched or cut to fit: ``token_range`` says why it cannot be
written (the way spaCy's W030 warning names misaligned entities), and the writer reports it as skipped.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, le
from typing import NamedTuple

from annotator.model.tokens import sentence_spans, sentences, token_table, tokenize


@dataclass(frozen=True, slots=True)
class Tokenized:
    """The tokens of a text, numbered through the whole document, grouped in sentences.

    Attributes:
        text: the text tokenized.
        tokens: the (start, end) code-point offsets of each token, in order.
        sentences: each sentence as (first token, last token + 1); sentences cover every token.
    """

    text: str
    sentences: list[tuple[int, int]]
    _firsts: list[int] = field(repr=False, compare=False)  # the first token of each sentence
    _words: list[str] = field(repr=False, compare=False)
    _starts: list[int] = field(repr=False)  # the tokens' starts and ends, for binary searches
    _ends: list[int] = field(repr=False)
    _tokens: list[tuple[int, int]] | None = field(default=None, repr=False, compare=False)

    @property
    def tokens(self) -> list[tuple[int, int]]:
        """The (start, end) code-point offsets of each token, in order (made on first use)."""
        tokens = self._tokens
        if tokens is None:  # the CoNLL writer never asks: it uses the words and the two offset lists
            tokens = list(zip(self._starts, self._ends, strict=True))
            object.__setattr__(self, "_tokens", tokens)  # a cache: the instance is frozen otherwise
        return tokens

    def words(self) -> list[str]:
        """The text of each token (a new list)."""
        return self._words.copy()

    def sentence_of(self, token: int) -> int:
        """The number of the sentence that holds a token."""
        return bisect_right(self._firsts, token) - 1

    def token_range(self, start: int, end: int) -> tuple[int, int] | str:
        """The tokens (first, last + 1) that a span of code points covers exactly, or why there are none.

        The reason is a phrase to follow the span's description: "does not align with tokens (...)",
        "crosses a sentence boundary", "is empty or outside the text".
        """
        if not 0 <= start < end <= len(self.text):
            return "is empty or outside the text"
        # Tokens are sorted and never overlap: a binary search finds the one starting at ``start`` and
        # the one ending at ``end`` (writers look up a few spans per document; no index is built).
        starts, ends = self._starts, self._ends
        first = bisect_left(starts, start)
        last = bisect_left(starts, end) - 1
        if first == len(starts) or starts[first] != start or last < 0 or ends[last] != end:
            return f"does not align with tokens ({self._near(start, end)})"
        if bisect_right(self._firsts, first) != bisect_right(self._firsts, last):
            return "crosses a sentence boundary"
        return first, last + 1

    def place(
        self, spans: Iterable[tuple[int, int, str]], key: object = None
    ) -> tuple[list[Placed], list[tuple[int, int, str, str]]]:
        """``token_range`` for many (start, end, label) spans: the placed ones (with ``key``), and each
        one that cannot be placed with the reason. The binary searches run inline: CoNLL places every
        span of every document this way."""
        placed: list[Placed] = []
        failed: list[tuple[int, int, str, str]] = []
        starts, ends, firsts, size = self._starts, self._ends, self._firsts, len(self.text)
        count = len(starts)
        make = tuple.__new__
        for start, end, label in spans:
            first = bisect_left(starts, start)
            last = bisect_left(starts, end, first) - 1
            if (
                0 <= start < end <= size
                and first < count
                and starts[first] == start
                and last >= 0
                and ends[last] == end
                and bisect_right(firsts, first) == bisect_right(firsts, last)
            ):
                placed.append(make(Placed, (key, label, start, end, first, last + 1)))
            else:
                reason = self.token_range(start, end)
                assert isinstance(reason, str)  # the same tests as above, one by one
                failed.append((start, end, label, reason))
        return placed, failed

    def _near(self, start: int, end: int) -> str:
        """The tokens around a misaligned span, quoted, for the message."""
        inside = [i for i, (s, e) in enumerate(self.tokens) if s < end and e > start]
        if not inside:
            return "it covers only spaces"
        quoted = " ".join(repr(self.text[s:e]) for s, e in (self.tokens[i] for i in inside[:4]))
        return f"the nearest tokens are {quoted}" + (" ..." if len(inside) > 4 else "")


def tokenize_document(text: str) -> Tokenized:
    """Split a text into sentences and tokens with the app's tokenizer (offsets preserved).

    The text is tokenized once, whole, and the tokens are dealt out to the sentences: a sentence starts
    and ends next to whitespace (or an end of the text), which no token reaches over, so each sentence
    gets the tokens it would give on its own (the tests compare both ways). The tokens come from
    ``token_table``, which makes no Python object per token but their text and offsets.
    """
    words, starts, ends = token_table(text)
    sents: list[tuple[int, int]] = []
    firsts: list[int] = []
    first = covered = 0
    for s_start, s_end in sentence_spans(text, starts, ends):
        first = bisect_left(starts, s_start, first)
        stop = bisect_left(starts, s_end, first)
        if stop > first:
            covered += stop - first
            sents.append((first, stop))
            firsts.append(first)
    if covered != len(starts):  # a token outside every sentence: not seen, but never mis-numbered
        return _tokenize_by_sentence(text)
    return Tokenized(text, sents, firsts, words, starts, ends)


def _tokenize_by_sentence(text: str) -> Tokenized:
    """tokenize_document the slow way: each sentence tokenized on its own."""
    tokens: list[tuple[int, int]] = []
    sents: list[tuple[int, int]] = []
    for s_start, s_end in sentences(text):
        first = len(tokens)
        tokens.extend((s_start + a, s_start + b) for a, b in tokenize(text[s_start:s_end]))
        if len(tokens) > first:
            sents.append((first, len(tokens)))
    words = [text[start:end] for start, end in tokens]
    firsts = [first for first, _ in sents]
    return Tokenized(text, sents, firsts, words, [s for s, _ in tokens], [e for _, e in tokens])


def describe(text: str, label: str, start: int, end: int) -> str:
    """``PER 'Alice' at 0-5``, for messages about a span."""
    return f"{label} {text[start:end]!r} at {start}-{end}"


class Placed(NamedTuple):
    """A span placed on tokens: what it is (kept for messages) and its tokens (first, last + 1).

    A named tuple, which is made in C: writers place every span of every document.
    """

    key: object
    label: str
    start: int
    end: int
    first: int
    stop: int


_FIRST, _STOP = attrgetter("first"), attrgetter("stop")


def without_overlaps(placed: Iterable[Placed]) -> tuple[list[Placed], list[tuple[Placed, Placed]]]:
    """Keep the longest (then earliest) of overlapping spans, for formats with one label per token.

    Returns the kept spans in token order, and each dropped span with the kept one it overlapped.
    """
    by_first = sorted(placed, key=_FIRST)
    if all(map(le, map(_STOP, by_first), map(_FIRST, by_first[1:]))):
        return by_first, []  # nothing overlaps (the usual case): every span is kept
    ordered = sorted(by_first, key=lambda p: (p.first - p.stop, p.first))
    owner: dict[int, Placed] = {}
    kept: list[Placed] = []
    dropped: list[tuple[Placed, Placed]] = []
    for item in ordered:
        taken = next((owner[i] for i in range(item.first, item.stop) if i in owner), None)
        if taken is not None:
            dropped.append((item, taken))
            continue
        for i in range(item.first, item.stop):
            owner[i] = item
        kept.append(item)
    kept.sort(key=lambda p: p.first)
    return kept, dropped


def tag_run(item: Placed, scheme: str = "iob2", form: str = "{}") -> list[str]:
    """The tags of one span's tokens: IOB2 (B-/I-) or BIOES (S-/B-/I-/E-), each put in ``form``."""
    length = item.stop - item.first
    label = item.label
    inside = form.format(f"I-{label}")
    if scheme == "bioes":
        if length == 1:
            return [form.format(f"S-{label}")]
        return [form.format(f"B-{label}"), *[inside] * (length - 2), form.format(f"E-{label}")]
    return [form.format(f"B-{label}"), *[inside] * (length - 1)]


def tags(size: int, kept: Sequence[Placed], scheme: str = "iob2") -> list[str]:
    """The tag of each of ``size`` tokens for non-overlapping spans: IOB2 (B-/I-) or BIOES (S-/B-/I-/E-)."""
    out = ["O"] * size
    for item in kept:
        out[item.first : item.stop] = tag_run(item, scheme)
    return out

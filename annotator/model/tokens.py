"""Offsets-preserving tokens, grapheme clusters, selection snapping and sentences, in code-point offsets.

Stdlib only. Grapheme clusters approximate UAX #29 extended clusters: a base plus marks, ZWJ/ZWNJ,
variation selectors, emoji modifiers and tag characters; emoji ZWJ sequences; regional-indicator pairs;
CR LF. One deliberate difference: whitespace and control characters never take extenders, so a mark after
a space starts a cluster of its own and no token ever contains whitespace. Hangul is per code point.

Separators are whitespace, Cc and Cf format controls (ZWSP, BOM, bidi marks, soft hyphen): they belong to
no token, except a soft hyphen inside a word. Every other character belongs to exactly one token.
Character classes are built from ``unicodedata`` on first use (about 0.1 s), then cached.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

_ZWJ = "\u200d"
_ASTRAL = "\U00010000-\U0010ffff"
_SHY = "\u00ad"

# Extended_Pictographic (emoji-data.txt), simplified. Not in it: the emoji modifiers 1F3FB-1F3FF, and
# U+2139 (a letter here, so that words and pictographs never overlap).
_PICTOGRAPHIC: tuple[tuple[int, int], ...] = (
    (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122),
    (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328),
    (0x2388, 0x2388), (0x23CF, 0x23CF), (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2),
    (0x25AA, 0x25AB), (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x2605),
    (0x2607, 0x2612), (0x2614, 0x2685), (0x2690, 0x2705), (0x2708, 0x2712), (0x2714, 0x2714),
    (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721), (0x2728, 0x2728), (0x2733, 0x2734),
    (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755),
    (0x2757, 0x2757), (0x2763, 0x2767), (0x2795, 0x2797), (0x27A1, 0x27A1), (0x27B0, 0x27B0),
    (0x27BF, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
    (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3297), (0x3299, 0x3299),
    (0x1F000, 0x1F0FF), (0x1F10D, 0x1F10F), (0x1F12F, 0x1F12F), (0x1F16C, 0x1F171), (0x1F17E, 0x1F17F),
    (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AD, 0x1F1E5), (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A),
    (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A), (0x1F23C, 0x1F23F), (0x1F249, 0x1F3FA), (0x1F400, 0x1F53D),
    (0x1F546, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F774, 0x1F77F), (0x1F7D5, 0x1F7FF), (0x1F80C, 0x1F80F),
    (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8FF), (0x1F90C, 0x1F93A),
    (0x1F93C, 0x1F945), (0x1F947, 0x1FAFF), (0x1FC00, 0x1FFFD),
)  # fmt: skip

# Abbreviations that are one token with their period and never end a sentence.
_NON_FINAL = frozenset({
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Cpl", "Pvt", "Adm",
    "Cmdr", "Brig", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Amb", "Supt", "Insp", "St", "Mt", "Ft", "No",
    "Nos", "vs", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
})  # fmt: skip
# Abbreviations that are one token with their period but may end a sentence.
_MAY_END = frozenset({"Inc", "Ltd", "Co", "Corp", "Cos", "Bros", "Jr", "Sr", "etc", "Ave", "Blvd", "Dept"})

_SENTENCE_END = "\\.!?\u061f\u2026"  # . ! ? Arabic question mark, horizontal ellipsis
_CLOSERS = "\"'\u201d\u2019\u00bb)\\]"  # closing quotes and brackets that stay with the sentence
_LINE_BREAK = "(?:\r\n|\r(?!\n)|[\n\x0b\x0c\x1c-\x1e\x85\u2028])"
_INLINE_SPACE = "[^\\S\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
_LINE_BREAKS = "\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029"  # the characters that can start a paragraph break
_MORE_BREAKS = (
    f"(?:{_INLINE_SPACE}*+{_LINE_BREAK})++"  # what a paragraph break needs after its first line break
)


class _Tables(NamedTuple):
    """Compiled patterns built once from the Unicode database."""

    cluster: re.Pattern[str]  # one grapheme cluster
    token: re.Pattern[str]  # separators then group 1, one token (None at the end of the text)
    token_unhurried: re.Pattern[str]  # the same tokens without the ASCII shortcuts (the tests compare)
    token_split: re.Pattern[str]  # group 1 the separators before a token, group 2 the token, for split()
    sep: re.Pattern[str]  # one separator character
    non_sep: re.Pattern[str]  # one character that is not a separator
    joining: re.Pattern[str]  # one character that can continue a word (word, extender, soft hyphen)
    ext: re.Pattern[str]  # one extender
    ri: re.Pattern[str]  # one regional indicator
    pic: re.Pattern[str]  # one pictographic character
    dotted: re.Pattern[str]  # a dotted abbreviation such as U.S.
    initial: re.Pattern[str]  # a capital initial such as W.
    terminator: re.Pattern[str]  # sentence-ending punctuation followed by space, capturing the next char
    terminator_unhurried: re.Pattern[str]  # the same matches, found without the first-character scan
    paragraph: re.Pattern[str]  # a blank line or U+2029
    boundary: re.Pattern[str]  # group 1 a paragraph break, or a terminator with group 2 the next char
    line_break: re.Pattern[str]  # a character that can start a paragraph break


Ranges = list[tuple[int, int]]


def _category_runs() -> list[tuple[int, int, str]]:
    """(first, last, general category) runs over planes 0-3 and 14, where everything assigned lives."""
    runs: list[tuple[int, int, str]] = []
    for base, stop in ((0, 0x40000), (0xE0000, 0xE1000)):
        cp = base
        for cat, group in itertools.groupby(map(unicodedata.category, map(chr, range(base, stop)))):
            size = len(list(group))
            runs.append((cp, cp + size - 1, cat))
            cp += size
    return runs


def _union(*parts: Ranges) -> Ranges:
    """Sorted, merged union of code-point ranges."""
    out: Ranges = []
    for lo, hi in sorted(r for part in parts for r in part):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _minus(ranges: Ranges, cut: Ranges) -> Ranges:
    """The code points of ranges that are not in cut."""
    out: Ranges = []
    for lo, hi in ranges:
        for cut_lo, cut_hi in cut:
            if cut_hi < lo or cut_lo > hi:
                continue
            if cut_lo > lo:
                out.append((lo, cut_lo - 1))
            lo = cut_hi + 1
            if lo > hi:
                break
        if lo <= hi:
            out.append((lo, hi))
    return out


def _char_class(ranges: Ranges) -> str:
    """Regex character-class body (no brackets) with literal characters, which compile fast."""

    def lit(cp: int) -> str:
        char = chr(cp)
        return "\\" + char if char in "\\]^-[" else char

    return "".join(lit(lo) if lo == hi else f"{lit(lo)}-{lit(hi)}" for lo, hi in ranges)


def _atom(ranges: Ranges, builtin: str = "") -> str:
    """A regex atom for one character in ranges or in builtin (class escapes such as \\w).

    sre finds a BMP character in a bitmap but compares astral ranges one by one, so these sit behind a
    one-range gate that BMP text fails at once; ``\\w``, ``\\d`` and ``\\s`` cost one lookup in any plane.
    """
    bmp = [(lo, min(hi, 0xFFFF)) for lo, hi in ranges if lo <= 0xFFFF]
    astral = [(max(lo, 0x10000), hi) for lo, hi in ranges if hi > 0xFFFF]
    head = f"[{builtin}{_char_class(bmp)}]"
    return f"(?:{head}|(?=[{_ASTRAL}])[{_char_class(astral)}])" if astral else head


@functools.cache
def _tables() -> _Tables:
    """Build the character classes and patterns (once per process)."""
    runs = _category_runs()

    def having(*cats: str) -> Ranges:
        return _union([(lo, hi) for lo, hi, cat in runs if cat in cats])

    marks, connector_punct = having("Mn", "Mc", "Me"), having("Pc")
    extenders = _union(marks, [(0x200C, 0x200D), (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F)])
    # \w is letters, numbers and "_"; none of them is pictographic.
    word = _atom(_union(marks, connector_punct), "\\w")
    join = _atom(_union(marks, connector_punct, extenders, [(ord(_SHY), ord(_SHY))]), "\\w")
    letter, digit, mark, ext = "[^\\W\\d_]", "\\d", _atom(marks), _atom(extenders)
    letter_or_mark = f"(?:{letter}|{mark})"
    upper = f"[{_char_class([r for r in having('Lu', 'Lt') if r[1] <= 0xFFFF])}]"
    sep_body = "\\s" + _char_class(_minus(having("Cc", "Cf"), extenders))
    sep, non_sep = f"[{sep_body}]", f"[^{sep_body}]"
    pic, ri = _atom(_union(list(_PICTOGRAPHIC))), "[\U0001f1e6-\U0001f1ff]"
    emoji = f"{ri}{{1,2}}{ext}*+|{pic}(?:{ext}|(?<={_ZWJ}){pic})*+"
    cluster = f"\r\n|{sep}|{emoji}|.{ext}*+"
    hyphen = "[-\u2010\u2011]"
    connector = (
        f"(?<={digit})[.,:\u066b\u066c](?={digit})"  # 3.5  60,000  10:30  Arabic decimal/thousands signs
        f"|(?<={letter_or_mark})['\u2019](?![sS](?!{join}))(?={letter})"  # O'Brien, but Trump | 's
        f"|(?<={letter_or_mark}){hyphen}(?={word})|(?<={word}){hyphen}(?={letter})"  # al-Qaeda AK-47
    )
    titles = "|".join(sorted(_NON_FINAL | _MAY_END, key=len, reverse=True))
    dotted = f"(?:{letter}{mark}*+\\.(?!{ext})){{2,}}"
    initial = f"{upper}{mark}*+\\.(?!{ext})"
    # Cheap guards first: most positions start plain words, and sre tries alternatives in turn.
    abbreviation = f"(?={letter}{letter_or_mark}{{0,6}}\\.)(?:{dotted}|(?:{titles})\\.(?!{ext})|{initial})"
    token = (
        f"(?={word})(?:{abbreviation}|{word}{join}*+(?:(?:{connector}){join}++)*+)"
        f"|['\u2019](?<={letter_or_mark}.)[sS](?!{join})"
        f"|{emoji}|{non_sep}{ext}*+"
    )
    # Shortcuts for the commonest ASCII tokens, tried first; each matches exactly what ``token`` would
    # match at that place (test_tokens compares the two on every sample), only without trying the
    # abbreviation, connector and emoji alternatives one by one:
    # - letters and digits followed by plain space or the end: nothing can join such a word (no
    #   abbreviation or connector goes on with a space), and ASCII letters are no abbreviation without a '.';
    # - ASCII letters followed by , ; : ! ? ) ] or a double quote: no connector follows a letter with these;
    # - one ASCII punctuation character (not ' or _, which start 's and words) followed by ASCII or the
    #   end: no ASCII character is an extender, so it is a token of one character;
    # - two or more ASCII letters before a '.', unless they are a listed abbreviation (an initial or a
    #   dotted one needs a '.' after its first letter): no connector joins a letter and a '.';
    # - Arabic letters (hamza to yeh, no marks, no tatweel) before a plain space, like the first one.
    shortcuts = (
        "[A-Za-z0-9]++(?=[ \\t\\n\\r]|\\Z)"
        '|[A-Za-z]++(?=[,;:!?)\\]"])'
        "|[!-&(-/:-@\\[-\\^`{-~](?=[\\x00-\\x7f]|\\Z)"
        f"|(?!(?:{titles})\\.)[A-Za-z]{{2,}}+(?=\\.)"
        "|[\u0621-\u063a\u0641-\u064a]++(?=[ \\t\\n\\r]|\\Z)"
    )
    return _Tables(
        cluster=re.compile(cluster, re.DOTALL),
        # Each match also eats the separators before its token, so the search never fails at a position.
        token=re.compile(f"{sep}*+(?:({shortcuts}|{token})|\\Z)"),
        token_unhurried=re.compile(f"{sep}*+(?:({token})|\\Z)"),
        # split() makes no match objects: it gives ["", separators, token, "", separators, token, ...].
        token_split=re.compile(f"({sep}*+)({shortcuts}|{token})"),
        sep=re.compile(sep),
        non_sep=re.compile(non_sep),
        joining=re.compile(join),
        ext=re.compile(ext),
        ri=re.compile(ri),
        pic=re.compile(pic),
        dotted=re.compile(dotted),
        initial=re.compile(initial),
        # Starting with the character class lets the search skip to the next . ! ? at C speed; the
        # lookbehind after it says what the unhurried form says first: no terminator just before.
        terminator=re.compile(
            f"[{_SENTENCE_END}](?<![{_SENTENCE_END}].)[{_SENTENCE_END}]*+[{_CLOSERS}]*+(?=\\s++(\\S))"
        ),
        terminator_unhurried=re.compile(
            f"(?<![{_SENTENCE_END}])[{_SENTENCE_END}]++[{_CLOSERS}]*+(?=\\s++(\\S))"
        ),
        paragraph=re.compile(f"{_LINE_BREAK}(?:{_INLINE_SPACE}*+{_LINE_BREAK})++|\u2029"),
        # One character class first, so that the search skips to the next candidate at C speed (sre uses
        # a leading class, not a choice of classes): a line break starts a paragraph break (U+2029 is one,
        # CR takes its LF), a sentence-ending mark the terminator.
        boundary=re.compile(
            f"[{_LINE_BREAKS}{_SENTENCE_END}]"
            f"(?:(?:(?<=\u2029)|(?<=\r)\n?+{_MORE_BREAKS}|(?<=[\n\x0b\x0c\x1c-\x1e\x85\u2028]){_MORE_BREAKS})()"
            f"|(?<=[{_SENTENCE_END}])(?<![{_SENTENCE_END}].)[{_SENTENCE_END}]*+[{_CLOSERS}]*+(?=\\s++(\\S)))"
        ),
        line_break=re.compile(f"[{_LINE_BREAKS}]"),
    )


def _clamp(text: str, i: int) -> int:
    """Clamp an offset into [0, len(text)]."""
    return max(0, min(i, len(text)))


def _is_cluster_start(text: str, j: int, t: _Tables) -> bool | None:
    """Whether a cluster surely starts (True), surely does not (False) or may start (None) at 0 < j < len."""
    if text[j - 1] == "\r" and text[j] == "\n":
        return False
    if t.sep.match(text, j - 1) or t.sep.match(text, j):
        return True  # separators are clusters of their own
    if t.ext.match(text, j):
        return False
    if t.ri.match(text, j):
        return None if t.ri.match(text, j - 1) else True  # pairing depends on the whole run
    if text[j - 1] == _ZWJ and t.pic.match(text, j):
        return None  # continues an emoji ZWJ sequence only if one started before
    return True


def _is_ri(char: str) -> bool:
    """Whether a character is a regional indicator (half of a flag)."""
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _pair_start(text: str, j: int) -> int:
    """The start of the flag pair holding the regional indicator at j: pairs count from the run's start."""
    run = j
    while run > 0 and _is_ri(text[run - 1]):
        run -= 1
    return run + (j - run) // 2 * 2


def _cluster_span(text: str, i: int) -> tuple[int, int]:
    """The (start, end) of the grapheme cluster containing offset 0 <= i < len(text)."""
    t = _tables()
    j = i
    while j > 0:
        state = _is_cluster_start(text, j, t)
        if state is True:
            break
        if state is None and _is_ri(text[j]):
            j = _pair_start(text, j)
            break
        j -= 1
    while True:
        match = t.cluster.match(text, j)
        assert match is not None  # the last alternative matches any character
        if match.end() > i:
            return j, match.end()
        j = match.end()


def grapheme_end(text: str, i: int) -> int:
    """End of the grapheme cluster starting at (or containing) offset i; len(text) at or past the end."""
    i = _clamp(text, i)
    return i if i >= len(text) else _cluster_span(text, i)[1]


def grapheme_start(text: str, i: int) -> int:
    """Start of the grapheme cluster containing offset i (i itself when i is a cluster boundary)."""
    i = _clamp(text, i)
    return i if i >= len(text) else _cluster_span(text, i)[0]


def snap_to_graphemes(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a selection so that it splits no grapheme cluster; an empty one moves to a cluster start."""
    start, end = sorted((_clamp(text, start), _clamp(text, end)))
    new_start = grapheme_start(text, start)
    if end == start:
        return new_start, new_start
    if end >= len(text):
        return new_start, end
    cluster_start, cluster_end = _cluster_span(text, end)
    return new_start, end if cluster_start == end else cluster_end


def tokenize(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every token: words, numbers, abbreviations, 's and single other clusters."""
    spans = [match.span(1) for match in _tables().token.finditer(text)]
    while spans and spans[-1][0] < 0:
        spans.pop()  # trailing separators, then the empty match at the end
    return spans


def _is_restart(text: str, p: int, t: _Tables) -> bool:
    """Whether no token straddles offset p, judged from the characters on either side of it."""
    if p == 0 or p >= len(text):
        return True
    before = text[p - 1]
    if before != _SHY and t.sep.match(before):
        return True
    return not (t.joining.match(before) or t.joining.match(text, p) or t.ri.match(text, p))


def token_at(text: str, i: int) -> tuple[int, int] | None:
    """The token containing offset i, or None on a separator or outside the text; scans only locally."""
    if not 0 <= i < len(text):
        return None
    t = _tables()
    if text[i] == _SHY:  # a soft hyphen is in a token only inside a word
        q = i
        while q > 0 and text[q - 1] == _SHY:
            q -= 1
        if q == 0 or not t.joining.match(text, q - 1):
            return None
    elif t.sep.match(text, i):
        return None
    p = i
    while not _is_restart(text, p, t):
        if _is_ri(text[p]) and _is_ri(text[p - 1]):
            p = _pair_start(text, p)  # a flag pair is a token of its own
            break
        p -= 1
    # Tokenising from a position no token straddles gives the same tokens as from the start of the text.
    for match in t.token.finditer(text, p):
        start, end = match.span(1)
        if start < 0 or end > i:
            return (start, end) if 0 <= start <= i else None
    return None


def snap_to_tokens(text: str, start: int, end: int) -> tuple[int, int]:
    """A selection in token mode: trim separators, widen to whole tokens; only space gives (start, start)."""
    start, end = sorted((_clamp(text, start), _clamp(text, end)))
    t = _tables()
    found = t.non_sep.search(text, start, end)
    if found is None:
        return start, start
    first, last = found.start(), end
    while last > first and t.sep.match(text, last - 1):
        last -= 1
    # A non-separator always lies in a token; a soft hyphen inside a word does too.
    head, tail = token_at(text, first), token_at(text, last - 1)
    return (head[0] if head else first), (tail[1] if tail else last)


def token_table(text: str) -> tuple[list[str], list[int], list[int]]:
    """The text of every token, its start and its end: ``tokenize`` without a Python step per token.

    ``re`` splits the text into separators and tokens in C, and the offsets are the running sums of
    their lengths (``itertools.accumulate``), so no match object or tuple is made per token.
    """
    pieces = _tables().token_split.split(text)  # ["", separators, token] per token, then the rest
    bounds = list(itertools.accumulate(map(len, pieces)))
    return pieces[2::3], bounds[1::3], bounds[2::3]


class _TokenEdges(NamedTuple):
    """The tokens of a text as a caller has them: a list of (start, end), or two lists of offsets."""

    pairs: Sequence[tuple[int, int]] | None = None
    starts: Sequence[int] | None = None
    ends: Sequence[int] | None = None

    def containing(self, text: str, dot: int) -> tuple[int, int] | None:
        """The token holding offset dot: a binary search when the tokens are given, else token_at."""
        if self.pairs is not None:
            k = bisect_right(self.pairs, (dot, len(text) + 1)) - 1  # the last token starting at or before dot
            return self.pairs[k] if k >= 0 and self.pairs[k][1] > dot else None
        if self.starts is not None and self.ends is not None:
            k = bisect_right(self.starts, dot) - 1
            return (self.starts[k], self.ends[k]) if k >= 0 and self.ends[k] > dot else None
        return token_at(text, dot)


def _is_abbreviation_end(text: str, dot: int, t: _Tables, tokens: _TokenEdges) -> bool:
    """Whether the period at offset dot ends an abbreviation that does not end a sentence.

    ``tokens`` are the text's tokens when the caller has them; the period's token is then found by a
    binary search instead of a look at the characters around it.
    """
    if dot == 0 or not t.joining.match(text, dot - 1):
        return False
    span = tokens.containing(text, dot)
    if span is None or span[1] - span[0] < 2:
        return False
    word = text[span[0] : span[1]]
    return bool(t.dotted.fullmatch(word) or t.initial.fullmatch(word)) or word[:-1] in _NON_FINAL


def _add_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append [start, end) without its leading and trailing whitespace (what ``str.strip`` removes),
    unless nothing is left; found by looking at the ends only, never copying the paragraph."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((start, end))


def sentences(text: str, tokens: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """The (start, end) of every sentence, split after . ! ? ؟ … and at blank lines, whitespace excluded.

    Args:
        text: the text.
        tokens: ``tokenize(text)``, when the caller has it: it spares a look at the characters around
            every period (the result is the same).
    """
    return _sentences(text, _TokenEdges(tokens))


def sentence_spans(
    text: str, starts: Sequence[int] | None = None, ends: Sequence[int] | None = None
) -> list[tuple[int, int]]:
    """``sentences`` with the tokens given as two lists of offsets (as ``token_table`` makes them).

    One search over the whole text finds the paragraph breaks and the terminators in turn. A
    terminator just before a paragraph break is seen with the text after the break, which the
    paragraph-by-paragraph pass does not see: it then cuts where the break cuts anyway, so the
    sentences are the same (``_sentences_by_paragraph`` is that pass; the tests compare the two).
    """
    return _sentences(text, _TokenEdges(None, starts, ends))


def _sentences(text: str, tokens: _TokenEdges) -> list[tuple[int, int]]:
    """The sentences of a text, found with one search (see ``sentence_spans``)."""
    t = _tables()
    out: list[tuple[int, int]] = []
    cut = 0
    clean = False  # whether cut is the first character after a terminator's whitespace: no trimming then
    starts = tokens.starts
    for match in t.boundary.finditer(text):
        if match.lastindex == 1:  # a paragraph break
            _add_trimmed(text, cut, match.start(), out)
            cut, clean = match.end(), False
            continue
        if match.group(2).islower():
            continue
        dot = match.start()
        # Most periods are a token of their own (an abbreviation starts with a letter): when a token
        # starts at the period, one binary search says so.
        if (
            text[dot] == "."
            and not (starts is not None and starts[bisect_right(starts, dot) - 1] == dot)
            and _is_abbreviation_end(text, dot, t, tokens)
        ):
            continue
        # A terminator ends in a non-space; the next sentence starts at the non-space after it.
        if clean:
            out.append((cut, match.end()))
        else:
            _add_trimmed(text, cut, match.end(), out)
        cut, clean = match.start(2), True
    _add_trimmed(text, cut, len(text), out)
    return out


def _split_paragraph(
    text: str, start: int, end: int, out: list[tuple[int, int]], tokens: Sequence[tuple[int, int]] | None
) -> None:
    """Append the sentences of text[start:end], which holds no paragraph break."""
    t = _tables()
    edges = _TokenEdges(tokens)
    cut = start
    for match in t.terminator.finditer(text, start, end):
        if match.group(1).islower():
            continue
        if text[match.start()] == "." and _is_abbreviation_end(text, match.start(), t, edges):
            continue
        _add_trimmed(text, cut, match.end(), out)
        cut = match.end()
    _add_trimmed(text, cut, end, out)


def _sentences_by_paragraph(
    text: str, tokens: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """``sentences`` as it was before ``sentence_spans``, paragraph by paragraph (the tests' reference)."""
    t = _tables()
    out: list[tuple[int, int]] = []
    cut = 0
    at = t.line_break.search(text)
    while at is not None:  # a paragraph break can only start at a line break: skip to those at C speed
        match = t.paragraph.match(text, at.start())
        if match is None:
            at = t.line_break.search(text, at.start() + 1)
            continue
        _split_paragraph(text, cut, match.start(), out, tokens)
        cut = match.end()
        at = t.line_break.search(text, cut)
    _split_paragraph(text, cut, len(text), out, tokens)
    return out

"""The CoNLL writer gives the same bytes and the same report as the writer it replaced.

``_reference_lines`` is the writer as it was before tokens came from ``token_table`` and sentences from
``sentence_spans`` (commit e40a976): a token list from ``tokenize``, sentences found paragraph by
paragraph, tags per token from a list of tuples, one ``str.format`` per line. Both writers run on the
adversarial samples, the demo articles and seeded random documents with emoji, CRLF, Arabic,
abbreviations, nested, overlapping, misaligned and sentence-crossing spans, bad labels and events.
"""

from __future__ import annotations

import io
import random
from bisect import bisect_left
from itertools import pairwise, starmap

import pytest

from annotator.formats.conll import write_conll
from annotator.formats.report import FormatReport
from annotator.model.records import DocumentRecord, EntityRecord, EventRecord
from annotator.model.tokens import _sentences_by_paragraph, tokenize
from tests.conftest import ADVERSARIAL_TEXTS
from tests.unit.format_samples import ADVERSARIAL, ARTICLE_TEXT, article, nested_entities
from tests.unit.test_tokens import ADVERSARIAL as TOKEN_ADVERSARIAL
from tests.unit.test_tokens import DEMO

# -- the writer before (kept verbatim in its logic; only the names are local) ---------------------------


def _reference_lines(record: DocumentRecord, scheme: str, report: FormatReport) -> str:
    text = record.text
    where = record.ext_id or record.where
    report.documents += 1
    for event in record.events:
        report.skip("event", "CoNLL cannot hold events", f"{where} ({event.id})")
    tokens = tokenize(text)
    sents: list[tuple[int, int]] = []
    sentence_of: list[int] = []
    first = 0
    for s_start, s_end in _sentences_by_paragraph(text, tokens):
        first = bisect_left(tokens, (s_start,), first)
        stop = bisect_left(tokens, (s_end,), first)
        if stop > first:
            sentence_of.extend([len(sents)] * (stop - first))
            sents.append((first, stop))
    assert len(sentence_of) == len(tokens)  # else the old writer took its per-sentence path

    def describe(label: str, start: int, end: int) -> str:
        return f"{label} {text[start:end]!r} at {start}-{end}"

    def near(start: int, end: int) -> str:
        inside = [i for i, (s, e) in enumerate(tokens) if s < end and e > start]
        if not inside:
            return "it covers only spaces"
        quoted = " ".join(repr(text[s:e]) for s, e in (tokens[i] for i in inside[:4]))
        return f"the nearest tokens are {quoted}" + (" ..." if len(inside) > 4 else "")

    def token_range(start: int, end: int) -> tuple[int, int] | str:
        if not 0 <= start < end <= len(text):
            return "is empty or outside the text"
        a = bisect_left(tokens, (start,))
        b = bisect_left(tokens, (end,)) - 1
        if a == len(tokens) or tokens[a][0] != start or b < 0 or tokens[b][1] != end:
            return f"does not align with tokens ({near(start, end)})"
        if sentence_of[a] != sentence_of[b]:
            return "crosses a sentence boundary"
        return a, b + 1

    placed: list[tuple[EntityRecord, str, int, int, int, int]] = []
    for entity in record.entities:
        label = entity.label
        if not label or any(map(str.isspace, label)):
            span = describe(label, entity.start, entity.end)
            report.skip("entity", f"{span}: the label {label!r} is empty or holds whitespace", where)
            continue
        got = token_range(entity.start, entity.end)
        if isinstance(got, str):
            report.skip("entity", f"{describe(label, entity.start, entity.end)} {got}", where)
            continue
        placed.append((entity, label, entity.start, entity.end, *got))

    ordered = sorted(placed, key=lambda p: (p[4] - p[5], p[4]))
    owner: dict[int, tuple[EntityRecord, str, int, int, int, int]] = {}
    kept = []
    for item in ordered:
        taken = next((owner[i] for i in range(item[4], item[5]) if i in owner), None)
        if taken is not None:
            overlapped = describe(taken[1], taken[2], taken[3])
            report.skip(
                "entity",
                f"{describe(item[1], item[2], item[3])} overlaps {overlapped}, which was kept",
                where,
            )
            continue
        for i in range(item[4], item[5]):
            owner[i] = item
        kept.append(item)
    kept.sort(key=lambda p: p[4])
    report.spans += len(kept)
    labels = ["O"] * len(tokens)
    for _, label, _, _, a, b in kept:
        if scheme == "bioes":
            run = (
                [f"S-{label}"]
                if b - a == 1
                else [f"B-{label}"] + [f"I-{label}"] * (b - a - 2) + [f"E-{label}"]
            )
        else:
            run = [f"B-{label}"] + [f"I-{label}"] * (b - a - 1)
        labels[a:b] = run
    for _first, stop in sents:
        labels[stop - 1] += "\n"
    words = map(text.__getitem__, starmap(slice, tokens))
    return "-DOCSTART- -X- O O\n\n" + "".join(map("{} {}\n".format, words, labels))


def _reference(records: list[DocumentRecord], scheme: str) -> tuple[str, FormatReport]:
    report = FormatReport()
    return "".join(_reference_lines(record, scheme, report) for record in records), report


# -- the documents --------------------------------------------------------------------------------------

PIECES = [
    "Mr. Bali",
    "U.S. envoys",
    "Acme Inc.",
    "W. Smith",
    "etc.",
    "vs.",
    "No. 5",
    "3.5",
    "60,000",
    "10:30",
    "al-Qaeda",
    "AK-47",
    "O'Brien",
    "Trump's",
    "\u0645\u0635\u0637\u0641\u0649 \u0628\u0627\u0644\u064a",  # Arabic words
    "\u0645\u064f\u0635\u0652\u0637\u064e\u0641\u064e\u0649",  # with marks
    "\u061f",  # Arabic question mark
    "\U0001f600",
    "\U0001f1f8\U0001f1fe",  # a flag
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # a ZWJ family
    "\U0001f44d\U0001f3fd",  # a skin tone
    "cafe\u0301",
    "\U0001d400",
    "\u00a0",
    "\u200b",
    "soft\u00adhyphen",
    "\u2026",
    '"Quoted."',
    "(aside)",
    "Rebels",
    "attacked",
    "Raqqa",
    "on",
    "Tuesday",
    "the",
    "army",
    "said",
    ",",
    ".",
    "!",
    "?",
]
BREAKS = [
    " ",
    " ",
    " ",
    " ",
    " ",
    "\r\n",
    "\n",
    "\n\n",
    "\r\n\r\n",
    "\r",
    "\u2029",
    "\u2028",
    "\t",
    ". ",
    ".\n\n",
]


def _random_document(rng: random.Random, number: int) -> DocumentRecord:
    parts: list[str] = []
    for _ in range(rng.randint(0, 60)):
        parts.append(rng.choice(PIECES))
        parts.append(rng.choice(BREAKS))
    text = "".join(parts)
    tokens = tokenize(text)
    entities: list[EntityRecord] = []
    for n in range(rng.randint(0, 12)):
        kind = rng.random()
        if tokens and kind < 0.7:  # on token edges: one token or a run, so nested and overlapping ones too
            a = rng.randrange(len(tokens))
            b = min(len(tokens) - 1, a + rng.choice([0, 0, 1, 2, 5]))
            start, end = tokens[a][0], tokens[b][1]
        elif text:  # anywhere: misaligned, empty or only spaces
            start = rng.randrange(len(text))
            end = min(len(text), start + rng.randint(0, 8))
        else:
            start, end = 0, 0
        label = rng.choice(["PER", "ORG", "GPE", "LOC", "PER", "ORG", "", "A B"])
        entities.append(EntityRecord(f"T{n}", start, end, label, text[start:end]))
    events = [EventRecord("E1", "Attack", 0, 1)] if text and rng.random() < 0.2 else []
    return DocumentRecord(text, ext_id=f"doc{number}", entities=tuple(entities), events=tuple(events))


def _aligned_entities(text: str) -> tuple[EntityRecord, ...]:
    """An entity on every token, one on each pair of neighbours (overlapping) and one over each sentence."""
    tokens = tokenize(text)
    found = [EntityRecord(f"T{i}", s, e, "X", text[s:e]) for i, (s, e) in enumerate(tokens)]
    found += [EntityRecord(f"P{i}", a[0], b[1], "Y") for i, (a, b) in enumerate(pairwise(tokens))]
    found += [EntityRecord(f"S{i}", s, e, "Z") for i, (s, e) in enumerate(_sentences_by_paragraph(text))]
    return tuple(found)


def _documents() -> list[DocumentRecord]:
    texts = [*ADVERSARIAL_TEXTS.values(), *TOKEN_ADVERSARIAL.values(), ADVERSARIAL, ARTICLE_TEXT]
    texts += [path.read_text(encoding="utf-8") for path in sorted(DEMO.glob("*.txt"))]
    documents = [
        DocumentRecord(text, ext_id=f"t{i}", entities=_aligned_entities(text)) for i, text in enumerate(texts)
    ]
    documents += [
        DocumentRecord(ADVERSARIAL, ext_id="nested", entities=nested_entities(ADVERSARIAL)),
        article(),
        DocumentRecord("", ext_id="empty"),
        DocumentRecord(" \r\n\u200b ", ext_id="blank", entities=(EntityRecord("T1", 0, 2, "PER"),)),
    ]
    rng = random.Random(20261201)
    documents += [_random_document(rng, number) for number in range(600)]
    return documents


DOCUMENTS = _documents()


@pytest.mark.parametrize("scheme", ["iob2", "bioes"])
def test_the_writer_gives_the_bytes_and_report_of_the_writer_it_replaced(scheme: str) -> None:
    expected, expected_report = _reference(DOCUMENTS, scheme)
    stream = io.StringIO()
    report = write_conll(DOCUMENTS, stream, scheme=scheme)
    assert report == expected_report
    assert stream.getvalue() == expected
    # The comparison has something to compare: tags of every kind, skips of every kind, blank lines.
    assert report.spans > 500
    assert {s.why.split(" ")[-1] for s in report.skipped} >= {"kept", "boundary"}
    assert expected.count("\n\n") > len(DOCUMENTS)


def test_each_document_alone_gives_its_part_of_the_whole() -> None:
    for record in DOCUMENTS[:80]:
        stream = io.StringIO()
        write_conll([record], stream)
        assert stream.getvalue() == _reference([record], "iob2")[0], record.ext_id

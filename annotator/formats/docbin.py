"""spaCy DocBin export: a ``.spacy`` file of Docs that ``spacy train`` and ``DocBin.from_disk`` read.

Each record becomes a Doc built on a blank ``Vocab`` (no model) from the app's tokens, with
``doc.text`` equal to the record's text character for character. spaCy gives a token at most one
trailing space, so any other whitespace between tokens (a second space, a CRLF, a tab, a zero-width
space) is a whitespace token of its own, as spaCy's tokenizer makes it::

    "Alice  left\\r\\nBob"  ->  words ["Alice", " ", "left", "\\r\\n", "Bob"], spaces [T, F, F, F, F]

Sentence starts follow the app's sentences. Entities that cover whole tokens of one sentence all go in
``doc.spans["sc"]`` (the span group spaCy's span categorizer trains on); ``doc.ents`` holds those that
do not overlap, the longest (then earliest) kept, since spaCy refuses overlapping entities (E103).
``doc.user_data`` holds the document's ``id``, ``title``, ``annotator``, ``status`` and ``meta``.
Reported and left out: entities that do not align with tokens or cross a sentence boundary (spaCy's
W030) and events, which a Doc cannot hold.

spaCy is an optional dependency (``annotator[spacy]``), imported only when a DocBin is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.formats.placing import DocumentKeys, place_entities
from annotator.formats.report import FormatReport
from annotator.formats.tokenized import Tokenized, tokenize_document, without_overlaps
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord
from annotator.model.schema import Schema

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

SPANS_KEY = "sc"


def spacy_words(doc: Tokenized) -> tuple[list[str], list[bool], list[int]]:
    """The words and trailing spaces of a spaCy Doc whose text is ``doc.text`` exactly.

    Returns (words, spaces, the word number of each of our tokens). Whitespace and other separators
    between tokens become words of their own, except one plain space after a word.
    """
    text = doc.text
    words: list[str] = []
    spaces: list[bool] = []
    index: list[int] = []

    def gap(start: int, end: int) -> None:
        if start < end and text[start] == " " and words and not spaces[-1]:
            spaces[-1] = True
            start += 1
        if start < end:
            # A run of separators is one word; a plain space at its end is that word's trailing space.
            trailing = end - start > 1 and text[end - 1] == " "
            words.append(text[start : end - 1] if trailing else text[start:end])
            spaces.append(trailing)

    position = 0
    for start, end in doc.tokens:
        gap(position, start)
        index.append(len(words))
        words.append(text[start:end])
        spaces.append(False)
        position = end
    gap(position, len(text))
    return words, spaces, index


def write_docbin(
    records: Iterable[DocumentRecord], path: Path | str, *, report: FormatReport | None = None
) -> FormatReport:
    """Write records as a spaCy DocBin file; FormatError when spaCy is not installed.

    ``report`` is filled with counts and skips, if given; it is returned either way.
    """
    try:
        from spacy.tokens import DocBin
        from spacy.vocab import Vocab
    except ImportError as exc:
        raise FormatError(
            "writing a spaCy DocBin (.spacy) needs spaCy; install it with: pip install 'annotator[spacy]'"
        ) from exc
    report = report if report is not None else FormatReport()
    vocab = Vocab()
    docbin = DocBin(store_user_data=True)
    keys = DocumentKeys()
    for record in records:
        docbin.add(to_doc(record, vocab, keys.key(record), report))
    docbin.to_disk(path)
    return report


def export_docbin(
    records: Iterable[DocumentRecord], path: Path, schema: Schema, report: FormatReport
) -> None:
    """The registry's writer."""
    write_docbin(records, path, report=report)


def to_doc(record: DocumentRecord, vocab: Vocab, where: str, report: FormatReport) -> Doc:
    """The spaCy Doc of one record; what it cannot hold goes to the report under ``where``."""
    from spacy.tokens import Doc, Span

    text = record.text
    report.documents += 1
    for event in record.events:
        report.skip("event", "a spaCy Doc cannot hold events", f"{where} ({event.id})")
    tokenized = tokenize_document(text)
    words, spaces, index = spacy_words(tokenized)
    # The first sentence takes in any whitespace before it; a later one starts at its first token.
    starts: list[bool | int | None] = [False] * len(words)
    if starts:
        starts[0] = True
    for first, _stop in tokenized.sentences[1:]:
        starts[index[first]] = True
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=starts)
    if doc.text != text:  # spacy_words guarantees it; a DocBin with shifted offsets would be worse
        raise AssertionError(f"{where}: the Doc text differs from the record text")

    placed = place_entities(record, tokenized, where, report)
    kept, _overlapping = without_overlaps(placed)

    def span(first: int, stop: int, label: str) -> Span:
        return Span(doc, index[first], index[stop - 1] + 1, label=label)

    doc.spans[SPANS_KEY] = [span(p.first, p.stop, p.label) for p in placed]
    doc.ents = [span(p.first, p.stop, p.label) for p in kept]
    doc.user_data.update(
        {
            "id": record.ext_id,
            "title": record.title,
            "annotator": record.annotator,
            "status": record.status,
            "meta": record.meta,
        }
    )
    report.spans += len(placed)
    return doc

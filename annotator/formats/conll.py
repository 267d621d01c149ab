"""CoNLL-2003-style token files: one ``TOKEN TAG`` line per token, entities as IOB2 or BIOES tags.

Written files have two columns separated by one space (the tokenizer never puts whitespace in a token).
Each document starts with ``-DOCSTART- -X- O O`` and a blank line; each sentence ends with a blank line::

    -DOCSTART- -X- O O

    Alice B-PER
    left O
    . O

Sentences and tokens come from ``annotator.model.tokens``. CoNLL holds no original spacing: reading
rebuilds the text by joining tokens with single spaces and sentences with a newline, and computes the
entity offsets on that text. Reading accepts 2 or more columns (token first, tag last) and IOB1, IOB2
and BIOES tags; an I- or E- tag that does not continue an entity of its type starts one (like seqeval)
and is reported as repaired, unless ``strict`` is set, which makes it an error. Lines end in LF or
CRLF. Write then read then write gives the same file when the tokenizer splits the rebuilt text as it
split the original (``Alice's`` is written as ``Alice`` ``'s``, which reads back as ``Alice 's`` and
tokenizes as ``'`` ``s``) and each sentence ends in . ! ? (a newline alone does not end a sentence).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from annotator.formats.report import FormatReport
from annotator.formats.tokenized import Placed, describe, tag_run, tokenize_document, without_overlaps
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord, EntityRecord

SCHEMES = ("iob2", "bioes")
DOCSTART = "-DOCSTART-"
_DOCSTART_LINE = "-DOCSTART- -X- O O"
_PREFIXES = frozenset("BIES")


# ---------------------------------------------------------------------------------------------- writing


def write_conll(
    records: Iterable[DocumentRecord], target: Path | str | TextIO, *, scheme: str = "iob2"
) -> FormatReport:
    """Write records as CoNLL (UTF-8, LF) to a file or an open text stream; report what was skipped.

    Args:
        records: the documents to write.
        target: a path or an open text stream.
        scheme: ``"iob2"`` (B-/I-) or ``"bioes"`` (S-/B-/I-/E-).
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r} (use one of {', '.join(SCHEMES)})")
    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="\n") as stream:
            return write_conll(records, stream, scheme=scheme)
    report = FormatReport()
    for record in records:
        target.write(_document_lines(record, scheme, report))
    return report


def _document_lines(record: DocumentRecord, scheme: str, report: FormatReport) -> str:
    """The CoNLL text of one record, DOCSTART line included; skipped things go to the report."""
    return document_conll(
        record.text,
        [(entity.start, entity.end, entity.label) for entity in record.entities],
        [event.id for event in record.events],
        record.ext_id or record.where,
        scheme,
        report,
    )


def render_conll(
    jobs: Sequence[tuple[str, Sequence[tuple[int, int, str]], Sequence[str], str]], scheme: str
) -> tuple[str, FormatReport]:
    """The CoNLL text of a batch of documents and what was skipped: plain values in and out, so that a
    worker process can render a batch (see ``annotator.formats.pool``)."""
    report = FormatReport()
    text = "".join([document_conll(*job, scheme, report) for job in jobs])
    return text, report


def document_conll(
    text: str,
    entities: Sequence[tuple[int, int, str]],
    event_ids: Iterable[str],
    where: str,
    scheme: str,
    report: FormatReport,
) -> str:
    """The CoNLL text of one document, DOCSTART line included; skipped things go to the report.

    Args:
        text: the document's text.
        entities: its entities as (start, end, label) code-point offsets, in reading order.
        event_ids: the ids of its events, which CoNLL cannot hold (each is reported as skipped).
        where: the document, for the report (its id, or the project file).
        scheme: ``"iob2"`` or ``"bioes"``.
        report: counts and skips are added to it.
    """
    report.documents += 1
    for event_id in event_ids:
        report.skip("event", "CoNLL cannot hold events", f"{where} ({event_id})")

    doc = tokenize_document(text)
    if all(map(_good_label, [label for _, _, label in entities])):
        placed, failed = doc.place(entities)
        for start, end, label, why in failed:
            report.skip("entity", f"{describe(text, label, start, end)} {why}", where)
    else:  # rare: one at a time, so that the skips stay in the order of the entities
        placed = []
        for start, end, label in entities:
            span = describe(text, label, start, end)
            if not _good_label(label):
                report.skip("entity", f"{span}: the label {label!r} is empty or holds whitespace", where)
                continue
            one, failed = doc.place([(start, end, label)])
            placed += one
            for *_, why in failed:
                report.skip("entity", f"{span} {why}", where)

    # Keep the longest (then earliest) of overlapping entities, so nothing is ever mis-tagged.
    kept, dropped = without_overlaps(placed)
    _report_dropped(text, dropped, where, report)
    report.spans += len(kept)

    # Each token's line is its text then " TAG\n", and a sentence's last tag carries the blank line. Most
    # tokens are outside every entity: their " O\n" comes from one list repeat, and the lines are the
    # words and the tags interleaved by two slice assignments and one join, all in C.
    words = doc.words()
    labels = [" O\n"] * len(words)
    for item in kept:
        labels[item.first : item.stop] = _tag_lines(item.label, item.stop - item.first, scheme)
    for _first, stop in doc.sentences:
        labels[stop - 1] += "\n"
    lines = [_DOCSTART_LINE + "\n\n"] * (2 * len(words) + 1)
    lines[1::2] = words
    lines[2::2] = labels
    return "".join(lines)


def _report_dropped(
    text: str, dropped: list[tuple[Placed, Placed]], where: str, report: FormatReport
) -> None:
    """Report each entity left out for overlapping one that was kept."""
    for item, taken in dropped:
        overlapped = describe(text, taken.label, taken.start, taken.end)
        report.skip(
            "entity",
            f"{describe(text, item.label, item.start, item.end)} overlaps {overlapped}, which was kept",
            where,
        )


@functools.lru_cache(maxsize=1024)
def _good_label(label: str) -> bool:
    """Whether a label can be a tag's type: not empty, no whitespace (the same few labels recur)."""
    return bool(label) and not any(map(str.isspace, label))


@functools.lru_cache(maxsize=4096)
def _tag_lines(label: str, length: int, scheme: str) -> tuple[str, ...]:
    """The " TAG\n" ends of the lines of an entity's tokens (the same few labels and lengths recur)."""
    return tuple(tag_run(Placed(None, label, 0, 0, 0, length), scheme, " {}\n"))


# ---------------------------------------------------------------------------------------------- reading


@dataclass
class _Token:
    text: str
    prefix: str  # "O", "B", "I", "E" or "S"
    label: str
    line: int


def read_conll(
    path: Path | str, report: FormatReport | None = None, *, strict: bool = False
) -> Iterator[DocumentRecord]:
    """Yield the documents of a CoNLL file; repaired tags and empty documents go to ``report``.

    Args:
        path: the file (UTF-8; a BOM is ignored).
        report: filled with counts and repairs while the documents are read, if given.
        strict: make an I- or E- tag that does not continue its entity an error instead of a repair.
    """
    path = Path(path)
    report = report if report is not None else FormatReport()
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise FormatError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    source = str(path)
    sents: list[list[_Token]] = []
    current: list[_Token] = []
    doc_line = 1
    in_docstart = False  # a -DOCSTART- line was seen and no token after it yet
    with handle:
        for number, raw in enumerate(handle, 1):
            # Decoded line by line, so that a decoding error names its line.
            try:
                columns = raw.decode("utf-8").removeprefix("\ufeff" if number == 1 else "").split()
            except UnicodeDecodeError as exc:
                raise FormatError(
                    f"{source}:{number}: not valid UTF-8 at byte {exc.start + 1} of the line; "
                    "save the file as UTF-8"
                ) from exc
            if not columns:
                if current:
                    sents.append(current)
                    current = []
                continue
            if columns[0] == DOCSTART:
                if current:
                    sents.append(current)
                    current = []
                if sents:
                    yield _document(sents, source, doc_line, report, strict)
                    sents = []
                elif in_docstart:
                    report.skip("document", "has no tokens", f"{source}:{doc_line}")
                doc_line, in_docstart = number, True
                continue
            in_docstart = False
            current.append(_token(columns, f"{source}:{number}", number))
    if current:
        sents.append(current)
    if sents:
        yield _document(sents, source, doc_line, report, strict)
    elif in_docstart:
        report.skip("document", "has no tokens", f"{source}:{doc_line}")


def _token(columns: list[str], where: str, line: int) -> _Token:
    """One token line, checked."""
    if len(columns) == 1:
        raise FormatError(f"{where}: expected a token and a tag, got one column {columns[0]!r}")
    tag = columns[-1]
    if tag == "O":
        return _Token(columns[0], "O", "", line)
    prefix, dash, label = tag.partition("-")
    if not dash or prefix not in _PREFIXES:
        raise FormatError(f"{where}: unknown tag {tag!r} (expected O or B-, I-, E-, S- and a type)")
    if not label:
        raise FormatError(f"{where}: the tag {tag!r} has no entity type")
    return _Token(columns[0], prefix, label, line)


def _document(
    sents: list[list[_Token]], source: str, line: int, report: FormatReport, strict: bool
) -> DocumentRecord:
    """A record from the sentences of one document: text rebuilt with spaces and newlines."""
    parts: list[str] = []
    spans: list[tuple[int, int, str, int]] = []  # (start, end, label, line of its first token)
    offset = 0
    for sent_no, sent in enumerate(sents):
        if sent_no:
            parts.append("\n")
            offset += 1
        open_label = ""
        open_start = open_line = 0
        prev_end = offset
        for tok_no, tok in enumerate(sent):
            if tok_no:
                parts.append(" ")
                offset += 1
            start, end = offset, offset + len(tok.text)
            parts.append(tok.text)
            offset = end
            continues = bool(open_label) and open_label == tok.label and tok.prefix in ("I", "E")
            if open_label and not continues:
                spans.append((open_start, prev_end, open_label, open_line))
                open_label = ""
            if tok.prefix in ("I", "E") and not continues:
                why = f"{tok.prefix}-{tok.label} does not continue an entity of type {tok.label}"
                if strict:
                    raise FormatError(f"{source}:{tok.line}: {why} (strict)")
                repaired = "B" if tok.prefix == "I" else "S"
                report.skip("tag", f"{why}: read as {repaired}-{tok.label}", f"{source}:{tok.line}")
            if tok.prefix != "O" and not continues:
                open_label, open_start, open_line = tok.label, start, tok.line
            prev_end = end
            if open_label and tok.prefix in ("E", "S"):
                spans.append((open_start, end, open_label, open_line))
                open_label = ""
        if open_label:
            spans.append((open_start, prev_end, open_label, open_line))
    text = "".join(parts)
    entities = tuple(
        EntityRecord(f"T{n}", start, end, label, text[start:end], first)
        for n, (start, end, label, first) in enumerate(spans, 1)
    )
    report.documents += 1
    report.spans += len(entities)
    return DocumentRecord(text=text, entities=entities, line=line, source=source)

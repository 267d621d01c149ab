"""CoNLL-2003-style import and export: exact output, round trips, reported skips, exact errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from annotator.formats.conll import read_conll, write_conll
from annotator.formats.report import FormatReport, Skipped
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord, EntityRecord, EventRecord
from annotator.model.tokens import tokenize

TEXT = "Alice Smith met Bob in New York. Bob left."


def entity(text: str, piece: str, label: str, ident: str = "", nth: int = 0) -> EntityRecord:
    """The entity over the nth occurrence of piece in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return EntityRecord(ident or piece, start, start + len(piece), label, piece)


def sample() -> DocumentRecord:
    return DocumentRecord(
        TEXT,
        ext_id="d1",
        entities=(
            entity(TEXT, "Alice Smith", "PER"),
            entity(TEXT, "Bob", "PER"),
            entity(TEXT, "New York", "LOC"),
            entity(TEXT, "Bob", "PER", "Bob2", nth=1),
        ),
    )


def write(records: list[DocumentRecord], scheme: str = "iob2") -> tuple[str, FormatReport]:
    stream = io.StringIO()
    report = write_conll(records, stream, scheme=scheme)
    return stream.getvalue(), report


IOB2 = """\
-DOCSTART- -X- O O

Alice B-PER
Smith I-PER
met O
Bob B-PER
in O
New B-LOC
York I-LOC
. O

Bob B-PER
left O
. O

"""

BIOES = """\
-DOCSTART- -X- O O

Alice B-PER
Smith E-PER
met O
Bob S-PER
in O
New B-LOC
York E-LOC
. O

Bob S-PER
left O
. O

"""


@pytest.mark.parametrize(("scheme", "expected"), [("iob2", IOB2), ("bioes", BIOES)])
def test_write_exact(scheme: str, expected: str) -> None:
    out, report = write([sample()], scheme)
    assert out == expected
    assert report == FormatReport(documents=1, spans=4)


def test_write_to_path(tmp_path: Path) -> None:
    path = tmp_path / "out.conll"
    write_conll([sample(), sample()], path)
    assert path.read_bytes() == (IOB2 * 2).encode("utf-8")


def test_unknown_scheme() -> None:
    with pytest.raises(ValueError, match="unknown scheme 'bilou'"):
        write([sample()], "bilou")


@pytest.mark.parametrize("scheme", ["iob2", "bioes"])
def test_round_trip(tmp_path: Path, scheme: str) -> None:
    first, _ = write([sample(), sample()], scheme)
    path = tmp_path / "a.conll"
    path.write_text(first, encoding="utf-8")
    report = FormatReport()
    records = list(read_conll(path, report))
    assert [r.text for r in records] == ["Alice Smith met Bob in New York .\nBob left ."] * 2
    assert [(e.label, e.text) for e in records[0].entities] == [
        ("PER", "Alice Smith"),
        ("PER", "Bob"),
        ("LOC", "New York"),
        ("PER", "Bob"),
    ]
    assert (records[0].source, records[0].line, records[1].line) == (str(path), 1, 16)
    assert report == FormatReport(documents=2, spans=8)
    second, _ = write(records, scheme)
    assert second == first


ADVERSARIAL = (
    "Flag 🇸🇾🇫🇷 family 👨\u200d👩\u200d👧 ok 👍🏽 cafe\u0301 naïve.\r\n"
    "مصطفى بالي في الرقة. Zalgo Z\u0336a\u0336 end."
)
PIECES = ["🇸🇾", "🇫🇷", "👨\u200d👩\u200d👧", "👍🏽", "cafe\u0301", "مصطفى بالي", "الرقة", "Z\u0336a\u0336"]


def test_adversarial_text_keeps_characters_whole(tmp_path: Path) -> None:
    record = DocumentRecord(ADVERSARIAL, entities=tuple(entity(ADVERSARIAL, p, "X") for p in PIECES))
    out, report = write([record], "bioes")
    assert report.skipped == []
    assert report.spans == len(PIECES)
    lines = [line for line in out.split("\n")[2:] if line]
    assert [line.rsplit(" ", 1)[0] for line in lines] == [ADVERSARIAL[a:b] for a, b in tokenize(ADVERSARIAL)]
    assert all(len(line.split(" ")) == 2 for line in lines)
    assert "🇸🇾 S-X" in lines
    assert "🇫🇷 S-X" in lines
    assert "👨\u200d👩\u200d👧 S-X" in lines
    assert "👍🏽 S-X" in lines
    assert "cafe\u0301 S-X" in lines
    assert "مصطفى B-X" in lines
    assert "بالي E-X" in lines
    assert "\r" not in out
    path = tmp_path / "adv.conll"
    path.write_text(out, encoding="utf-8", newline="")
    (back,) = read_conll(path)
    assert [e.text for e in back.entities] == PIECES
    assert write([back], "bioes")[0] == out


def test_nested_entities_keep_longest_and_report_the_other() -> None:
    text = "The Bank of England said so."
    record = DocumentRecord(
        text,
        ext_id="d9",
        entities=(entity(text, "England", "LOC"), entity(text, "Bank of England", "ORG")),
    )
    out, report = write([record])
    assert "Bank B-ORG\nof I-ORG\nEngland I-ORG\n" in out
    assert report.spans == 1
    assert report.skipped == [
        Skipped(
            "entity",
            "LOC 'England' at 12-19 overlaps ORG 'Bank of England' at 4-19, which was kept",
            "d9",
        )
    ]


def test_equal_overlaps_keep_the_earliest() -> None:
    text = "Big Red Dog"
    record = DocumentRecord(text, entities=(entity(text, "Red Dog", "ORG"), entity(text, "Big Red", "ORG")))
    out, report = write([record])
    assert out.endswith("Big B-ORG\nRed I-ORG\nDog O\n\n")
    assert [s.why for s in report.skipped] == [
        "ORG 'Red Dog' at 4-11 overlaps ORG 'Big Red' at 0-7, which was kept"
    ]


def test_span_inside_a_token_is_reported_as_misaligned() -> None:
    text = "Baghouz-based fighters fled."
    record = DocumentRecord(text, ext_id="d2", entities=(entity(text, "Baghouz", "LOC"),))
    assert next(text[a:b] for a, b in tokenize(text)) == "Baghouz-based"
    out, report = write([record])
    assert "Baghouz-based O\n" in out
    assert report.spans == 0
    assert report.skipped == [
        Skipped(
            "entity",
            "LOC 'Baghouz' at 0-7 does not align with tokens (the nearest tokens are 'Baghouz-based')",
            "d2",
        )
    ]


def test_entity_across_sentences_and_bad_labels_are_reported() -> None:
    text = "He saw Alice. Smith saw him."
    record = DocumentRecord(
        text,
        entities=(
            EntityRecord("a", 7, 19, "PER"),
            EntityRecord("b", 0, 2, "TWO WORDS"),
            EntityRecord("c", 20, 99, "PER"),
        ),
    )
    out, report = write([record])
    assert " B-" not in out
    assert [s.why for s in report.skipped] == [
        "PER 'Alice. Smith' at 7-19 crosses a sentence boundary",
        "TWO WORDS 'He' at 0-2: the label 'TWO WORDS' is empty or holds whitespace",
        "PER 'saw him.' at 20-99 is empty or outside the text",
    ]


def test_events_are_reported_as_skipped() -> None:
    record = DocumentRecord(
        TEXT,
        ext_id="d1",
        events=(EventRecord("E1", "Meet", 12, 15), EventRecord("E2", "Move", 37, 41)),
    )
    _, report = write([record])
    assert report.skipped == [
        Skipped("event", "CoNLL cannot hold events", "d1 (E1)"),
        Skipped("event", "CoNLL cannot hold events", "d1 (E2)"),
    ]
    assert report.lines() == [
        "1 document, 0 spans, 0 events",
        "Skipped 2 events: CoNLL cannot hold events",
    ]


def read(tmp_path: Path, content: str, *, strict: bool = False) -> tuple[list[DocumentRecord], FormatReport]:
    path = tmp_path / "in.conll"
    path.write_text(content, encoding="utf-8")
    report = FormatReport()
    return list(read_conll(path, report, strict=strict)), report


def test_read_four_columns_without_docstart(tmp_path: Path) -> None:
    content = "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\nPeter NNP B-NP B-PER\n"
    (record,), report = read(tmp_path, content)
    assert record.text == "EU rejects German\nPeter"
    assert [(e.id, e.start, e.end, e.label, e.text) for e in record.entities] == [
        ("T1", 0, 2, "ORG", "EU"),
        ("T2", 11, 17, "MISC", "German"),
        ("T3", 18, 23, "PER", "Peter"),
    ]
    assert report == FormatReport(documents=1, spans=3)


def test_read_iob1_and_bioes(tmp_path: Path) -> None:
    content = "a I-PER\nb I-PER\nc B-PER\nd O\ne S-LOC\nf B-ORG\ng I-ORG\nh E-ORG\ni E-LOC\n"
    (record,), report = read(tmp_path, content)
    assert [(e.label, e.text) for e in record.entities] == [
        ("PER", "a b"),
        ("PER", "c"),
        ("LOC", "e"),
        ("ORG", "f g h"),
        ("LOC", "i"),
    ]
    where = str(tmp_path / "in.conll")
    assert report.skipped == [
        Skipped("tag", "I-PER does not continue an entity of type PER: read as B-PER", f"{where}:1"),
        Skipped("tag", "E-LOC does not continue an entity of type LOC: read as S-LOC", f"{where}:9"),
    ]


def test_i_tag_of_another_type_is_repaired_or_strict_error(tmp_path: Path) -> None:
    content = "Bank B-ORG\nEngland I-LOC\n"
    (record,), report = read(tmp_path, content)
    assert [(e.label, e.text) for e in record.entities] == [("ORG", "Bank"), ("LOC", "England")]
    assert [s.why for s in report.skipped] == ["I-LOC does not continue an entity of type LOC: read as B-LOC"]
    with pytest.raises(FormatError) as info:
        read(tmp_path, content, strict=True)
    assert str(info.value) == (
        f"{tmp_path / 'in.conll'}:2: I-LOC does not continue an entity of type LOC (strict)"
    )


def test_docstart_splits_documents_and_empty_documents_are_reported(tmp_path: Path) -> None:
    content = "-DOCSTART- -X- O O\n\na O\n\n-DOCSTART- -X- O O\n\n-DOCSTART- -X- O O\n\nb B-X\n"
    records, report = read(tmp_path, content)
    assert [(r.text, r.line) for r in records] == [("a", 1), ("b", 7)]
    assert report.skipped == [Skipped("document", "has no tokens", f"{tmp_path / 'in.conll'}:5")]


def test_read_crlf_bom_and_tabs(tmp_path: Path) -> None:
    path = tmp_path / "in.conll"
    path.write_bytes("\ufeffParis\tB-LOC\r\nis\tO\r\n\r\n".encode())
    (record,) = read_conll(path)
    assert record.text == "Paris is"
    assert [(e.start, e.end) for e in record.entities] == [(0, 5)]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("a O\nlonely\n", 2, "expected a token and a tag, got one column 'lonely'"),
        ("a O\n\nb X-PER\n", 3, "unknown tag 'X-PER' (expected O or B-, I-, E-, S- and a type)"),
        ("a PER\n", 1, "unknown tag 'PER' (expected O or B-, I-, E-, S- and a type)"),
        ("a B-\n", 1, "the tag 'B-' has no entity type"),
    ],
)
def test_read_errors(tmp_path: Path, content: str, line: int, message: str) -> None:
    with pytest.raises(FormatError) as info:
        read(tmp_path, content)
    assert str(info.value) == f"{tmp_path / 'in.conll'}:{line}: {message}"


def test_read_invalid_utf8_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "in.conll"
    path.write_bytes(b"a O\nb\xff O\n")
    with pytest.raises(FormatError) as info:
        list(read_conll(path))
    assert str(info.value) == f"{path}:2: not valid UTF-8 at byte 2 of the line; save the file as UTF-8"
    with pytest.raises(FormatError, match="cannot read the file"):
        list(read_conll(tmp_path / "missing.conll"))

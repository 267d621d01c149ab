"""spaCy DocBin export: exact text, ents and span groups as spaCy reads them back, reported skips."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats.docbin import spacy_words, write_docbin
from annotator.formats.report import FormatReport, Skipped
from annotator.formats.tokenized import tokenize_document
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord, EntityRecord, EventRecord
from tests.unit.cli_helpers import baghouz_project
from tests.unit.format_samples import ADVERSARIAL, nested_entities

WHITESPACE = [
    "Alice left",
    "Alice  left",
    "Alice   left ",
    "  lead and trail  ",
    " one",
    "tab\there\r\nCRLF\rCR\n\nblank",
    "zero\u200bwidth \u200b space\u00a0nbsp",
    "Sep\u2028line\u2029para",
    ADVERSARIAL,
]


def read_back(path: Path) -> list[object]:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    return list(DocBin().from_disk(path).get_docs(Vocab()))


def ents(doc: object) -> list[tuple[str, int, int]]:
    return [(e.label_, e.start_char, e.end_char) for e in doc.ents]  # type: ignore[attr-defined]


def group(doc: object) -> list[tuple[str, int, int]]:
    return [(s.label_, s.start_char, s.end_char) for s in doc.spans["sc"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", WHITESPACE)
def test_words_and_spaces_give_the_text_back(text: str) -> None:
    words, spaces, index = spacy_words(tokenize_document(text))
    assert "".join(w + (" " if s else "") for w, s in zip(words, spaces, strict=True)) == text
    assert all(words)
    tokens = tokenize_document(text)
    assert [words[i] for i in index] == tokens.words()


def test_whitespace_beyond_one_trailing_space_is_a_word_of_its_own() -> None:
    words, spaces, index = spacy_words(tokenize_document("  Alice   left\r\nnow "))
    assert list(zip(words, spaces, strict=True)) == [
        (" ", True),
        ("Alice", True),
        (" ", True),
        ("left", False),
        ("\r\n", False),
        ("now", True),
    ]
    assert index == [1, 3, 5]


@pytest.mark.parametrize("text", WHITESPACE)
def test_spacy_reads_the_exact_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "out.spacy"
    write_docbin([DocumentRecord(text)], path)
    (doc,) = read_back(path)
    assert doc.text == text  # type: ignore[attr-defined]


def test_spacy_reads_ents_spans_and_user_data(tmp_path: Path) -> None:
    text = "The Bank of England met Alice Smith.  Bob left\r\nParis."
    bank, england = (4, 19, "ORG"), (12, 19, "GPE")
    alice, paris = (24, 35, "PER"), (48, 53, "GPE")
    record = DocumentRecord(
        text,
        title="Banks",
        ext_id="d1",
        meta={"feed": "afp", "n": [1, None]},
        status="done",
        annotator="ana",
        entities=tuple(
            EntityRecord(f"T{n}", s, e, label)
            for n, (s, e, label) in enumerate([england, bank, alice, paris], 1)
        ),
    )
    path = tmp_path / "out.spacy"
    report = write_docbin([record], path)
    assert report == FormatReport(documents=1, spans=4)
    (doc,) = read_back(path)
    assert doc.text == text  # type: ignore[attr-defined]
    assert ents(doc) == [("ORG", *bank[:2]), ("PER", *alice[:2]), ("GPE", *paris[:2])]
    assert group(doc) == [("GPE", *england[:2]), ("ORG", *bank[:2]), ("PER", *alice[:2]), ("GPE", *paris[:2])]
    assert doc.user_data == {  # type: ignore[attr-defined]
        "id": "d1",
        "title": "Banks",
        "annotator": "ana",
        "status": "done",
        "meta": {"feed": "afp", "n": (1, None)},  # spaCy's msgpack gives arrays back as tuples
    }
    assert [s.text for s in doc.sents] == ["The Bank of England met Alice Smith.  ", "Bob left\r\nParis."]  # type: ignore[attr-defined]


def test_adversarial_text_and_nested_spans(tmp_path: Path) -> None:
    entities = nested_entities(ADVERSARIAL)
    path = tmp_path / "out.spacy"
    report = write_docbin([DocumentRecord(ADVERSARIAL, ext_id="adv", entities=entities)], path)
    # The CRLF holds no token, and the outer ORG span ends on the space before "bold".
    assert report.skipped == [
        Skipped("entity", "PER '\\r\\n' at 49-51 does not align with tokens (it covers only spaces)", "adv"),
        Skipped(
            "entity",
            "ORG 'flag 🇸🇾 family 👨\\u200d👩\\u200d👧 ' at 5-26 does not align with tokens "
            "(the nearest tokens are 'flag' '🇸🇾' 'family' '👨\\u200d👩\\u200d👧')",
            "adv",
        ),
    ]
    (doc,) = read_back(path)
    assert doc.text == ADVERSARIAL  # type: ignore[attr-defined]
    placed = [(e.label, e.start, e.end) for e in entities if e.id not in ("T7", "T8")]
    assert group(doc) == placed
    # The LOC span over "مصطفى بالي\r\nend" is longer than the PER span on "مصطفى": the LOC is kept.
    assert ents(doc) == [p for p in placed if p[1:] != (39, 44)]
    assert [e.text for e in doc.ents][-1] == "مصطفى بالي\r\nend"  # type: ignore[attr-defined]
    assert report.spans == len(placed)


def test_events_and_spans_across_sentences_are_reported(tmp_path: Path) -> None:
    text = "He saw Alice. Smith left."
    record = DocumentRecord(
        text,
        entities=(EntityRecord("a", 7, 19, "PER"), EntityRecord("b", 14, 19, "PER")),
        events=(EventRecord("E1", "Move", 20, 24),),
    )
    path = tmp_path / "out.spacy"
    report = write_docbin([record, record], path)
    assert report.skipped == [
        Skipped("event", "a spaCy Doc cannot hold events", "doc1 (E1)"),
        Skipped("entity", "PER 'Alice. Smith' at 7-19 crosses a sentence boundary", "doc1"),
        Skipped("event", "a spaCy Doc cannot hold events", "doc2 (E1)"),
        Skipped("entity", "PER 'Alice. Smith' at 7-19 crosses a sentence boundary", "doc2"),
    ]
    assert [ents(doc) for doc in read_back(path)] == [[("PER", 14, 19)]] * 2


def test_without_spacy_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(FormatError) as info:
        write_docbin([DocumentRecord("Alice")], tmp_path / "out.spacy")
    assert str(info.value) == (
        "writing a spaCy DocBin (.spacy) needs spaCy; install it with: pip install 'annotator[spacy]'"
    )
    assert not (tmp_path / "out.spacy").exists()


def test_cli_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "tester")
    text = "Rescue 😀 teams\r\nreached  Baghouz on Tuesday."
    source = baghouz_project(tmp_path / "source.annotator", text, event=True)
    start = text.index("Baghouz")
    out = tmp_path / "out.spacy"
    result = CliRunner().invoke(
        cli, ["export", "--format", "docbin", "--out", str(out), "--project", str(source)]
    )
    assert (result.exit_code, result.output) == (
        0,
        f"Exported 1 document (1 span) to {out}\nSkipped 1 event: a spaCy Doc cannot hold events\n",
    )
    (read,) = read_back(out)
    assert read.text == text  # type: ignore[attr-defined]
    assert ents(read) == [("GPE", start, start + 7)]
    assert read.user_data["title"] == "one"  # type: ignore[attr-defined]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []

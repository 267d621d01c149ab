"""Plain text files: exact text, BOM, bad UTF-8, titles, and read_any's choice of reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats import read_any
from annotator.formats.text import read_text
from annotator.model.errors import FormatError

ADVERSARIAL = (
    "Flags 🇸🇾 and family 👨\u200d👩\u200d👧 and math \U0001d400 and cafe\u0301.\r\n"
    "مصطفى بالي قال\rlone CR\u2028line sep\u2029para sep\u00a0nbsp\ttab\n"
)


def test_text_is_kept_exactly(tmp_path: Path) -> None:
    path = tmp_path / "syria_report-2024.txt"
    path.write_bytes(ADVERSARIAL.encode("utf-8"))
    record = read_text(path)
    assert record.text == ADVERSARIAL
    assert record.title == "syria report 2024"
    assert record.meta == {"file": "syria_report-2024.txt"}
    assert record.source == str(path)
    assert record.entities == ()
    assert record.status is None
    assert record.annotator is None


def test_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfAlice\r\n")
    assert read_text(path).text == "Alice\r\n"


def test_invalid_utf8_names_file_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café".encode("latin-1"))
    with pytest.raises(FormatError) as info:
        read_text(path)
    assert str(info.value) == f"{path}: not valid UTF-8 at byte 3 (0xe9); save the file as UTF-8"


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfab\xff")
    with pytest.raises(FormatError) as info:
        read_text(path)
    assert str(info.value) == f"{path}: not valid UTF-8 at byte 5 (0xff); save the file as UTF-8"


@pytest.mark.parametrize("content", [b"", b" \r\n\t"])
def test_empty_file_is_an_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(FormatError) as info:
        read_text(path)
    assert str(info.value) == f"{path}: the file is empty (nothing to label)"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(FormatError) as info:
        read_text(path)
    assert str(info.value) == f"{path}: cannot read the file (No such file or directory)"


def test_title_falls_back_to_the_name(tmp_path: Path) -> None:
    path = tmp_path / "___.txt"
    path.write_text("x", encoding="utf-8")
    assert read_text(path).title == "___.txt"


def test_read_any_picks_the_reader_by_suffix(tmp_path: Path) -> None:
    text = tmp_path / "A.TXT"
    text.write_text("Alice", encoding="utf-8")
    assert [r.text for r in read_any(text)] == ["Alice"]
    for suffix in (".jsonl", ".json", ".ndjson"):
        path = tmp_path / f"docs{suffix}"
        path.write_text('{"text": "Bob"}\n', encoding="utf-8")
        assert [r.text for r in read_any(path)] == ["Bob"]


def test_read_any_refuses_unknown_suffixes_at_once(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as info:
        read_any(tmp_path / "doc.docx")
    assert (
        str(info.value) == f"{tmp_path / 'doc.docx'}: unknown file type '.docx' "
        "(expected .ann, .bio, .bioes, .conll, .iob, .json, .jsonl, .ndjson, .txt or a folder; "
        "or name the format with --format)"
    )
    with pytest.raises(FormatError) as info:
        read_any(tmp_path / "README")
    assert (
        str(info.value) == f"{tmp_path / 'README'}: the file name has no extension "
        "(expected .ann, .bio, .bioes, .conll, .iob, .json, .jsonl, .ndjson, .txt or a folder; "
        "or name the format with --format)"
    )

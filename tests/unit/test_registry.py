"""The format registry: lookup, detection by suffix and content, and the formats listing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.formats import FORMATS, detect_format, find_format, read_any
from annotator.model.errors import FormatError


def write(path: Path, *lines: object) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_names_are_unique_and_every_format_goes_somewhere() -> None:
    names = [f.name for f in FORMATS]
    assert len(names) == len(set(names))
    assert all(f.can_import or f.can_export for f in FORMATS)
    assert all(f.suffixes and f.title and f.summary for f in FORMATS)


def test_find_format_names_the_choices() -> None:
    assert find_format("brat").folder
    with pytest.raises(FormatError, match=r"^unknown format 'csv' \(use one of txt, jsonl, brat, "):
        find_format("csv")


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ({"text": "Alice", "entities": [{"start": 0, "end": 5, "label": "PER"}]}, "jsonl"),
        ({"id": "a", "text": "Alice", "annotator": "bob"}, "jsonl"),
        ({"text": "Alice", "label": [[0, 5, "PER"]]}, "doccano"),
        ({"text": "Alice", "entities": [{"start_offset": 0, "end_offset": 5, "label": "PER"}]}, "doccano"),
        ({"id": 1, "text": "Alice", "entities": [], "relations": []}, "doccano"),
        ({"data": {"text": "Alice"}, "annotations": []}, "label-studio"),
    ],
)
def test_json_lines_are_told_apart_by_their_first_record(
    tmp_path: Path, first: object, expected: str
) -> None:
    assert detect_format(write(tmp_path / "in.jsonl", first, {"text": "x"})).name == expected


def test_a_json_array_is_label_studio_and_broken_json_goes_to_the_strict_reader(tmp_path: Path) -> None:
    tasks = tmp_path / "tasks.json"
    tasks.write_text('\n[\n  {"data": {"text": "Alice"}}\n]\n', encoding="utf-8")
    assert detect_format(tasks).name == "label-studio"
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": \n', encoding="utf-8")
    assert detect_format(broken).name == "jsonl"
    with pytest.raises(FormatError, match=r"broken.jsonl:1: invalid JSON"):
        list(read_any(broken))


def test_folders_are_brat_or_plain_text(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "b.txt").write_text("Bob", encoding="utf-8")
    (articles / "a.txt").write_text("Alice", encoding="utf-8")
    assert detect_format(articles).name == "txt"
    assert [r.text for r in read_any(articles)] == ["Alice", "Bob"]
    (articles / "a.ann").write_text("", encoding="utf-8")
    assert detect_format(articles).name == "brat"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FormatError) as info:
        detect_format(empty)
    assert str(info.value) == (
        f"{empty}: a folder can be imported as brat standoff (.ann files) or plain text (.txt files); "
        "this one holds neither"
    )


def test_suffixes_pick_the_token_formats(tmp_path: Path) -> None:
    assert detect_format(tmp_path / "x.conll").name == "conll"
    assert detect_format(tmp_path / "x.BIOES").name == "conll-bioes"
    assert detect_format(tmp_path / "x.ann").name == "brat"


def test_export_names() -> None:
    assert find_format("brat").export_name("news") == "news"
    assert find_format("conll").export_name("news") == "news.conll"

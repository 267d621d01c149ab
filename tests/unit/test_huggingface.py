"""Hugging Face token classification export: exact files, label ids, skips, and datasets reading it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats.huggingface import dataset_card, write_huggingface, yaml_string
from annotator.formats.report import FormatReport, Skipped
from annotator.model.records import DocumentRecord, EntityRecord, EventRecord
from annotator.model.schema import EntityType, Schema
from tests.unit.cli_helpers import baghouz_project
from tests.unit.format_samples import ADVERSARIAL, nested_entities

SCHEMA = Schema(
    "test",
    (
        EntityType("PER", "", "#ffcccc", "#550000", "p"),
        EntityType("ORG", "", "#ccffcc", "#005500", "o"),
        EntityType("LOC", "", "#ccccff", "#000055", "l"),
    ),
    (),
)
TEXT = "Alice Smith met Bob in New York. Bob left."


def entity(text: str, piece: str, label: str, nth: int = 0) -> EntityRecord:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return EntityRecord(piece, start, start + len(piece), label, piece)


def rows(folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (folder / "train.jsonl").read_text(encoding="utf-8").splitlines()]


def load(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """The folder as datasets loads it, offline, with its cache under tmp_path."""
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    import datasets

    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    return datasets.load_dataset(str(folder), cache_dir=str(tmp_path / "hf-cache"))


def test_write_exact(tmp_path: Path) -> None:
    record = DocumentRecord(
        TEXT,
        ext_id="d1",
        entities=(
            entity(TEXT, "Alice Smith", "PER"),
            entity(TEXT, "New York", "LOC"),
            entity(TEXT, "Bob", "PER", nth=1),
        ),
    )
    folder = tmp_path / "hf"
    report = write_huggingface([record], folder, SCHEMA)
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "labels.json", "train.jsonl"]
    assert (folder / "train.jsonl").read_text(encoding="utf-8") == (
        '{"id": "d1-0", "tokens": ["Alice", "Smith", "met", "Bob", "in", "New", "York", "."], '
        '"ner_tags": [1, 2, 0, 0, 0, 5, 6, 0]}\n'
        '{"id": "d1-1", "tokens": ["Bob", "left", "."], "ner_tags": [1, 0, 0]}\n'
    )
    names = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
    assert json.loads((folder / "labels.json").read_text(encoding="utf-8")) == names
    assert (folder / "README.md").read_text(encoding="utf-8") == dataset_card(names)
    assert report == FormatReport(documents=1, spans=3)


def test_card_declares_the_class_labels_and_the_data_file() -> None:
    card = dataset_card(["O", "B-PER", "I-PER"])
    assert card.startswith(
        "---\n"
        "dataset_info:\n"
        "  features:\n"
        "  - name: id\n"
        "    dtype: string\n"
        "  - name: tokens\n"
        "    sequence: string\n"
        "  - name: ner_tags\n"
        "    sequence:\n"
        "      class_label:\n"
        "        names:\n"
        "          '0': \"O\"\n"
        "          '1': \"B-PER\"\n"
        "          '2': \"I-PER\"\n"
        "configs:\n"
        "- config_name: default\n"
        "  data_files:\n"
        "  - split: train\n"
        "    path: train.jsonl\n"
    )


def test_labels_follow_the_schema_then_the_order_met(tmp_path: Path) -> None:
    text = "Rebels hit Raqqa."
    record = DocumentRecord(text, entities=(entity(text, "Raqqa", "GPE"), entity(text, "Rebels", "ORG")))
    write_huggingface(
        [record, DocumentRecord("Quiet day.", entities=(EntityRecord("x", 0, 5, "TIME"),))],
        tmp_path / "hf",
        SCHEMA,
    )
    names = json.loads((tmp_path / "hf" / "labels.json").read_text(encoding="utf-8"))
    assert names == [
        "O",
        "B-PER",
        "I-PER",
        "B-ORG",
        "I-ORG",
        "B-LOC",
        "I-LOC",
        "B-GPE",
        "I-GPE",
        "B-TIME",
        "I-TIME",
    ]
    assert [r["ner_tags"] for r in rows(tmp_path / "hf")] == [[3, 0, 7, 0], [9, 0, 0]]
    assert [r["id"] for r in rows(tmp_path / "hf")] == ["doc1-0", "doc2-0"]


def test_without_a_schema_labels_come_in_the_order_met(tmp_path: Path) -> None:
    record = DocumentRecord("Bob left", entities=(EntityRecord("T1", 0, 3, "PER"),))
    write_huggingface([record], tmp_path / "hf")
    assert json.loads((tmp_path / "hf" / "labels.json").read_text(encoding="utf-8")) == [
        "O",
        "B-PER",
        "I-PER",
    ]


def test_overlaps_misaligned_spans_events_and_repeated_ids_are_reported(tmp_path: Path) -> None:
    text = "The Bank of England said so. Baghouz-based fighters fled."
    record = DocumentRecord(
        text,
        ext_id="d9",
        entities=(
            entity(text, "England", "LOC"),
            entity(text, "Bank of England", "ORG"),
            entity(text, "Baghouz", "LOC"),
            entity(text, "so. Baghouz-based", "ORG"),
        ),
        events=(EventRecord("E1", "Move", 52, 56),),
    )
    report = write_huggingface([record, record], tmp_path / "hf", SCHEMA)
    assert [r["id"] for r in rows(tmp_path / "hf")] == ["d9-0", "d9-1", "d9-2-0", "d9-2-1"]
    assert rows(tmp_path / "hf")[0]["ner_tags"] == [0, 3, 4, 4, 0, 0, 0]
    skipped = [
        Skipped("event", "Hugging Face token classification cannot hold events", "d9 (E1)"),
        Skipped(
            "entity",
            "LOC 'Baghouz' at 29-36 does not align with tokens (the nearest tokens are 'Baghouz-based')",
            "d9",
        ),
        Skipped("entity", "ORG 'so. Baghouz-based' at 25-42 crosses a sentence boundary", "d9"),
        Skipped(
            "entity", "LOC 'England' at 12-19 overlaps ORG 'Bank of England' at 4-19, which was kept", "d9"
        ),
    ]
    assert report.skipped == skipped + [
        Skipped(s.what, s.why, s.where.replace("d9", "d9-2")) for s in skipped
    ]
    assert (report.documents, report.spans, report.events) == (2, 2, 0)


def test_adversarial_text_and_nested_spans(tmp_path: Path) -> None:
    record = DocumentRecord(ADVERSARIAL, ext_id="adv", entities=nested_entities(ADVERSARIAL))
    report = write_huggingface([record], tmp_path / "hf", SCHEMA)
    (row,) = rows(tmp_path / "hf")
    assert row["tokens"] == [
        "Hi", "😀", "flag", "🇸🇾", "family", "👨\u200d👩\u200d👧", "bold", "\U0001d400", "cafe\u0301", "مصطفى",
        "بالي", "end",
    ]  # fmt: skip
    assert row["ner_tags"] == [0, 1, 0, 1, 0, 1, 0, 1, 1, 5, 6, 6]
    assert [s.why for s in report.skipped] == [
        "PER '\\r\\n' at 49-51 does not align with tokens (it covers only spaces)",
        "ORG 'flag 🇸🇾 family 👨\\u200d👩\\u200d👧 ' at 5-26 does not align with tokens (the nearest tokens "
        "are 'flag' '🇸🇾' 'family' '👨\\u200d👩\\u200d👧')",
        "PER 'مصطفى' at 39-44 overlaps LOC 'مصطفى بالي\\r\\nend' at 39-54, which was kept",
    ]
    assert report.spans == 6


def test_a_document_without_tokens_is_reported(tmp_path: Path) -> None:
    report = write_huggingface([DocumentRecord("\u200b\u200b", ext_id="z")], tmp_path / "hf")
    assert rows(tmp_path / "hf") == []
    assert report.skipped == [Skipped("document", "has no tokens", "z")]


@pytest.mark.parametrize(
    "value", ["O", 'B-Q"uo:te #x', "a\\b 'c'", "line\u2028sep\x85nel\ttab\nnl", "é 😀 مصطفى", "\ufeffbom", ""]
)
def test_yaml_strings_read_back_exactly(value: str) -> None:
    import yaml

    assert yaml.safe_load(f"key: {yaml_string(value)}\n") == {"key": value}


def test_datasets_loads_the_folder_with_our_label_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    odd = 'Odd: "label" #1 \u2028 😀'
    records = [
        DocumentRecord(ADVERSARIAL, ext_id="adv", entities=nested_entities(ADVERSARIAL)),
        DocumentRecord(TEXT, entities=(entity(TEXT, "Alice Smith", odd), entity(TEXT, "New York", "LOC"))),
    ]
    folder = tmp_path / "hf"
    write_huggingface(records, folder, SCHEMA)
    loaded = load(folder, tmp_path, monkeypatch)
    train = loaded["train"]  # type: ignore[index]
    names = train.features["ner_tags"].feature.names
    assert names == json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    assert names == ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", f"B-{odd}", f"I-{odd}"]
    assert train.num_rows == 3
    assert train[:] == {
        "id": [r["id"] for r in rows(folder)],
        "tokens": [r["tokens"] for r in rows(folder)],
        "ner_tags": [r["ner_tags"] for r in rows(folder)],
    }
    assert [names[i] for i in train[1]["ner_tags"][:3]] == [f"B-{odd}", f"I-{odd}", "O"]


def test_cli_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "tester")
    text = "Rescue teams reached Baghouz on Tuesday."
    source = baghouz_project(tmp_path / "source.annotator", text)
    out = tmp_path / "hf"
    result = CliRunner().invoke(
        cli, ["export", "--format", "huggingface", "--out", str(out), "--project", str(source)]
    )
    assert (result.exit_code, result.output) == (0, f"Exported 1 document (1 span) to {out}\n")
    (row,) = rows(out)
    names = json.loads((out / "labels.json").read_text(encoding="utf-8"))
    assert [names[i] for i in row["ner_tags"]] == ["O", "O", "O", "B-GPE", "O", "O", "O"]
    assert names.index("B-GPE") > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".hf")] == []

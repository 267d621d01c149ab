"""The review commands: merge, review-status, export --gold and import --gold, with exact output and codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import EXPORT_CHOICES
from annotator.model.review import GOLD
from annotator.store.project import Project
from annotator.store.review import DocumentReview
from tests.conftest import ADVERSARIAL_TEXTS
from tests.unit.cli_helpers import isolate, jsonl, run

MEETING = "Alice met Bob in Aleppo."


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate(tmp_path, monkeypatch)


def doc(text: str, *entities: tuple[str, str], **fields: object) -> dict[str, object]:
    """A JSONL line labelling the first occurrence of each word."""
    found = [{"start": text.index(w), "end": text.index(w) + len(w), "label": label} for w, label in entities]
    return {"text": text, "entities": found, **fields}


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    """ana's and bob's projects, made with `annotator import`: one shared article, one of each alone."""
    ana_file = jsonl(
        tmp_path / "ana.jsonl",
        doc(MEETING, ("Alice", "PER"), ("Aleppo", "GPE"), title="Meeting"),
        doc("Only Ana has this one about Raqqa.", ("Raqqa", "GPE")),
    )
    bob_file = jsonl(
        tmp_path / "bob.jsonl",
        doc(MEETING, ("Alice", "ORG"), ("Aleppo", "GPE"), title="Meeting"),
        doc("Bob has this one about Homs.", ("Homs", "GPE")),
    )
    ana, bob = tmp_path / "ana.annotator", tmp_path / "bob.annotator"
    assert run("import", ana_file, "-p", ana, "-a", "ana")[0] == 0
    assert run("import", bob_file, "-p", bob, "-a", "bob")[0] == 0
    return ana, bob


def state(path: Path) -> dict[str, list[tuple[object, ...]]]:
    project = Project.open(path)
    try:
        db = project.db
        return {
            t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("documents", "spans", "annotators")
        }
    finally:
        project.close()


def adjudicate(path: Path) -> None:
    """Review the shared article as a reviewer would: agreements first, then bob's Alice."""
    project = Project.open(path)
    review = DocumentReview(project, project.find_document(MEETING) or 0)
    review.accept_agreements("rev")
    review.accept("span:0-5", "bob", "rev")
    project.close()


# -- merge --------------------------------------------------------------------------------------------


def test_merge_adds_documents_and_layers(two: tuple[Path, Path]) -> None:
    ana, bob = two
    assert run("merge", bob, "-p", ana) == (
        0,
        f"Merged {bob}: 1 new document; 1 was already in the project\nAdded 2 layers (3 spans)\n",
    )
    assert run("merge", bob, "-p", ana) == (
        0,
        f"Merged {bob}: 0 new documents; 2 were already in the project\n"
        "Added 0 layers (0 spans)\n"
        "Skipped 2 identical layers (already in the project)\n",
    )
    project = Project.open(ana)
    assert DocumentReview(project, 1).annotators == ["ana", "bob"]
    project.close()


def test_merge_into_a_new_project_file(two: tuple[Path, Path], tmp_path: Path) -> None:
    ana, bob = two
    review = tmp_path / "review.annotator"
    code, output = run("merge", ana, bob, "-p", review)
    assert code == 0
    assert output == (
        f"Merged {ana}: 2 new documents\nAdded 2 layers (3 spans)\n"
        f"Merged {bob}: 1 new document; 1 was already in the project\nAdded 2 layers (3 spans)\n"
    )


def test_a_collision_fails_with_the_layers_listed_and_merges_nothing(
    two: tuple[Path, Path], tmp_path: Path
) -> None:
    ana, bob = two
    other = jsonl(tmp_path / "bob2.jsonl", doc(MEETING, ("Bob", "PER"), annotator="bob"))
    before = state(bob)
    # The first file would merge cleanly: it is rolled back with the second.
    code, output = run("merge", ana, other, "-p", bob)
    assert code == 1
    assert output == (
        f"Error: cannot merge {other}: 1 layer would replace different labels (nothing was merged; use "
        f"--replace to take the labels of {other}):\n"
        f"  document 'Meeting' (id 1): annotator bob has different labels here and in {other}\n"
    )
    assert state(bob) == before
    assert run("merge", other, "-p", bob, "--replace") == (
        0,
        f"Merged {other}: 0 new documents; 1 was already in the project\n"
        f"Added 0 layers and replaced 1 with the labels of {other} (1 span)\n",
    )
    project = Project.open(bob)
    assert [(s.start, s.end, s.label) for s in project.spans(1, "bob")] == [(10, 13, "PER")]
    project.close()


def test_merge_jsonl_lines_without_an_annotator_are_yours_or_named(
    two: tuple[Path, Path], tmp_path: Path
) -> None:
    ana, _ = two
    lines = jsonl(tmp_path / "more.jsonl", doc(MEETING, ("Bob", "PER")))
    assert run("merge", lines, "-p", ana)[0] == 0
    assert run("merge", lines, "-p", ana, "-a", "cem")[0] == 0
    project = Project.open(ana)
    assert project.annotators() == ["ana", "cem", "tester"]
    project.close()


def test_merge_leaves_out_gold_unless_asked(two: tuple[Path, Path]) -> None:
    ana, bob = two
    run("merge", bob, "-p", ana)
    adjudicate(ana)
    assert run("merge", ana, "-p", bob) == (
        0,
        f"Merged {ana}: 1 new document; 2 were already in the project\n"
        "Added 2 layers (3 spans)\n"
        "Skipped 2 identical layers (already in the project)\n"
        f"Skipped: the gold layer of 1 document in {ana} (use --gold to bring it in)\n",
    )
    assert run("merge", ana, "-p", bob, "--gold") == (
        0,
        f"Merged {ana}: 0 new documents; 3 were already in the project\n"
        "Added 1 layer (2 spans)\n"
        "Skipped 4 identical layers (already in the project)\n"
        "Brought the review (status and decisions) of 1 document with its gold layer\n",
    )
    code, output = run("review-status", "-p", bob)
    assert code == 0
    assert "1 adjudicated" in output


def test_merge_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run("merge", tmp_path / "nope.annotator")
    assert code == 2
    assert output.endswith(
        f"Error: Invalid value for 'OTHER...': File '{tmp_path / 'nope.annotator'}' does not exist.\n"
    )


def test_merge_a_file_that_is_not_a_project(tmp_path: Path) -> None:
    other = tmp_path / "notes.annotator"
    other.write_text("hello", encoding="utf-8")
    code, output = run("merge", other, "-p", tmp_path / "p.annotator")
    assert code == 1
    assert output.startswith(f"Error: {other}: cannot read as a project (")
    assert not (tmp_path / "p.annotator").exists()  # the project it would have created is not left behind


# -- review-status ------------------------------------------------------------------------------------


def test_review_status(two: tuple[Path, Path]) -> None:
    ana, bob = two
    run("merge", bob, "-p", ana)
    assert run("review-status", "-p", ana) == (
        0,
        "Documents: 3 (3 unreviewed, 0 in review, 0 adjudicated)\nGold layer: 0 documents\n",
    )
    adjudicate(ana)
    assert run("review-status", "-p", ana) == (
        0,
        "Documents: 3 (2 unreviewed, 0 in review, 1 adjudicated)\n"
        "Gold layer: 1 document\n"
        "  1  Adjudicated  Meeting\n",
    )
    code, output = run("review-status", "-p", ana, "--json")
    assert code == 0
    assert json.loads(output) == {
        "documents": 3,
        "by_review": {"unreviewed": 2, "in_review": 0, "adjudicated": 1},
        "gold_documents": 1,
        "reviewed": [{"id": 1, "title": "Meeting", "review": "adjudicated"}],
    }


def test_review_status_of_the_default_project() -> None:
    assert run("review-status") == (
        0,
        "Documents: 1 (1 unreviewed, 0 in review, 0 adjudicated)\nGold layer: 0 documents\n",
    )


# -- export --gold and import --gold -------------------------------------------------------------------


def test_export_gold_needs_a_gold_layer(two: tuple[Path, Path], tmp_path: Path) -> None:
    ana, _ = two
    out = tmp_path / "gold.jsonl"
    assert run("export", "--gold", "-p", ana, "-o", out) == (
        1,
        "Error: the project has no gold layer yet: adjudicate in review mode first\n",
    )
    code, output = run("export", "--gold", "-a", "ana", "-p", ana, "-o", out)
    assert code == 2
    assert output.endswith("Error: --gold and --annotator cannot be used together\n")
    assert not out.exists()


def test_export_gold_as_jsonl_and_back_in_with_import_gold(two: tuple[Path, Path], tmp_path: Path) -> None:
    ana, bob = two
    run("merge", bob, "-p", ana)
    adjudicate(ana)
    out = tmp_path / "gold.jsonl"
    assert run("export", "--gold", "-p", ana, "-o", out) == (
        0,
        f"Exported 3 documents (2 spans) to {out}\n"
        "Note: 2 documents without gold labels yet (exported without labels; "
        "add --review adjudicated for adjudicated documents only)\n",
    )
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert (first["annotator"], first["title"]) == (GOLD, "Meeting")
    assert [(e["start"], e["end"], e["label"], e["text"]) for e in first["entities"]] == [
        (0, 5, "ORG", "Alice"),
        (17, 23, "GPE", "Aleppo"),
    ]
    back = tmp_path / "back.annotator"
    code, output = run("import", out, "-p", back)
    assert code == 1
    assert output == (
        f"Error: {out}:1: the annotator name 'gold' is reserved for the adjudicated layer that review mode "
        "builds; import these labels under another name, or with --gold if they are a gold layer "
        "(an earlier export --gold)\n"
    )
    assert run("import", out, "-p", back, "--gold") == (0, "Imported 3 new documents\nAdded 2 spans\n")
    code, output = run("import", out, "-p", back, "--gold", "-a", "x")
    assert code == 2
    assert output.endswith("Error: --gold and --annotator cannot be used together\n")


def test_import_gold_refuses_lines_that_name_another_annotator(tmp_path: Path) -> None:
    source = jsonl(
        tmp_path / "ana.jsonl",
        doc(MEETING, ("Alice", "PER"), annotator="gold"),
        doc("Only Ana has this one about Raqqa.", ("Raqqa", "GPE"), annotator="ana"),
    )
    project = tmp_path / "p.annotator"
    code, output = run("import", source, "-p", project, "--gold")
    assert (code, output) == (
        1,
        f"Error: {source}:2: these are ana's labels, not a gold layer; import them without --gold "
        "(into their own layer), or give the gold layer's file\n",
    )
    assert not project.exists()


def test_import_as_gold_by_name_is_refused(tmp_path: Path) -> None:
    source = jsonl(tmp_path / "a.jsonl", doc(MEETING, ("Alice", "PER")))
    project = tmp_path / "p.annotator"
    code, output = run("import", source, "-p", project, "-a", "gold")
    assert code == 1
    assert output.startswith("Error: the annotator name 'gold' is reserved for the adjudicated layer")
    assert not project.exists()


def test_export_gold_as_conll(two: tuple[Path, Path], tmp_path: Path) -> None:
    ana, bob = two
    run("merge", bob, "-p", ana)
    adjudicate(ana)
    out = tmp_path / "gold.conll"
    code, output = run("export", "--gold", "--format", "conll", "-p", ana, "-o", out)
    assert code == 0
    assert output.startswith(f"Exported 3 documents (2 spans) to {out}\n")
    blocks = out.read_text(encoding="utf-8").split("-DOCSTART- -X- O O\n")
    assert blocks[1] == "\nAlice B-ORG\nmet O\nBob O\nin O\nAleppo B-GPE\n. O\n\n"
    assert "Raqqa O" in blocks[2]  # ana's own label is not gold


def test_export_gold_keeps_adversarial_offsets(tmp_path: Path) -> None:
    lines = []
    for name in ("emoji", "zwj", "arabic", "crlf", "mixed"):
        text = ADVERSARIAL_TEXTS[name]
        last = text.split()[-1]
        lines.append(
            {"text": text, "entities": [{"start": text.rindex(last), "end": len(text), "label": "PER"}]}
        )
    source = jsonl(tmp_path / "adv.jsonl", *lines)
    path = tmp_path / "adv.annotator"
    assert run("import", source, "-p", path, "-a", "ana")[0] == 0
    assert run("import", source, "-p", path, "-a", "bob")[0] == 0
    project = Project.open(path)
    for doc_id in project.document_ids():
        DocumentReview(project, doc_id).accept_agreements("rev")
        assert project.review_status(doc_id) == "adjudicated"
    project.close()
    out = tmp_path / "gold.jsonl"
    assert run("export", "--gold", "-p", path, "-o", out)[0] == 0
    for line, sent in zip(out.read_text(encoding="utf-8").splitlines(), lines, strict=True):
        record = json.loads(line)
        assert record["text"] == sent["text"]
        (entity,) = record["entities"]
        expected = sent["entities"][0]  # type: ignore[index]
        assert (entity["start"], entity["end"]) == (expected["start"], expected["end"])
        assert entity["text"] == record["text"][entity["start"] : entity["end"]]


@pytest.mark.parametrize("fmt", EXPORT_CHOICES)
def test_export_gold_works_in_every_format(two: tuple[Path, Path], tmp_path: Path, fmt: str) -> None:
    ana, bob = two
    run("merge", bob, "-p", ana)
    adjudicate(ana)
    out = tmp_path / f"gold-{fmt}"
    code, output = run("export", "--gold", "--format", fmt, "-p", ana, "-o", out)
    assert code == 0
    assert output.startswith(f"Exported 3 documents (2 spans) to {out}\n")  # then what the format skips
    assert output.endswith(
        "Note: 2 documents without gold labels yet (exported without labels; "
        "add --review adjudicated for adjudicated documents only)\n"
    )
    assert out.exists()


def test_export_gold_of_adjudicated_documents_only(two: tuple[Path, Path], tmp_path: Path) -> None:
    ana, bob = two
    run("merge", bob, "-p", ana)
    adjudicate(ana)
    out = tmp_path / "gold.jsonl"
    assert run("export", "--gold", "--review", "adjudicated", "-p", ana, "-o", out) == (
        0,
        f"Exported 1 document (2 spans) to {out}\n",
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["Meeting"]
    conll = tmp_path / "gold.conll"
    assert run("export", "--gold", "--review", "in_review", "--format", "conll", "-p", ana, "-o", conll) == (
        0,
        f"Exported 0 documents (0 spans) to {conll}\n",
    )
    assert conll.read_text(encoding="utf-8") == ""

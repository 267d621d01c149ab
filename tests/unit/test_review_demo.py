"""The review demo: the shipped sample annotators' labels, imported into a project of the demo articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.jsonl import read_jsonl
from annotator.formats.review_demo import REVIEW_DEMO, create_review_demo, open_review_demo, review_demo_path
from annotator.model.review import GOLD
from annotator.paths import demo_dir
from annotator.store.agreement import project_agreement
from annotator.store.default import demo_articles
from annotator.store.review import DocumentReview
from tests.unit.cli_helpers import run


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data folder in tmp_path; the demo articles are the real ones the labels were made on."""
    data = tmp_path / "data"
    monkeypatch.setattr("annotator.store.default.data_dir", lambda: data)
    monkeypatch.setattr("getpass.getuser", lambda: "tester")
    return data


def test_the_shipped_labels_are_of_the_shipped_articles() -> None:
    texts = {text for _, text in demo_articles()}
    records = list(read_jsonl(demo_dir() / REVIEW_DEMO))
    assert {r.annotator for r in records} == {"maria", "omar", "lena"}
    for record in records:
        assert record.text in texts, record.title
        for entity in record.entities:
            assert record.text[entity.start : entity.end] == entity.text


def test_a_review_demo_has_disagreements_to_review(tmp_path: Path) -> None:
    project = create_review_demo(tmp_path / "demo.annotator")
    assert project.document_count() == 5
    assert sorted(project.annotators()) == ["lena", "maria", "omar"]
    assert GOLD not in project.annotators()
    agreement = project_agreement(project)
    assert agreement.documents == 4
    assert agreement.pairs[0].span_f1_exact is not None
    assert 0 < agreement.pairs[0].span_f1_exact < 1  # they disagree, on purpose
    first = project.document_ids()[0]
    review = DocumentReview(project, first)
    assert review.annotators == ["lena", "maria", "omar"]
    assert review.disagreements()
    assert any(unit.kind == "event" for unit in review.units())


def test_open_review_demo_makes_it_once(data_dir: Path) -> None:
    project = open_review_demo()
    assert review_demo_path() == data_dir / "review-demo.annotator"
    doc = project.document_ids()[0]
    project.add_span(doc, "maria", 0, 5, "ORG")
    spans = len(project.spans(doc))
    project.close()
    again = open_review_demo()  # opened, not made anew: the edit is still there
    assert len(again.spans(doc)) == spans
    again.close()
    assert not list(data_dir.glob("*.partial*"))


def test_new_review_demo_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "team.annotator"
    assert run("new", path, "--review-demo") == (
        0,
        f"Created {path} (5 documents, schema ACE 2005, labels by lena, maria, omar)\n",
    )
    code, output = run("agreement", "-p", path, "--json")
    assert code == 0
    assert '"a": "lena"' in output

"""``annotator agreement`` on projects made with ``annotator import``: exact tables, JSON and errors."""

from __future__ import annotations

import json
import sqlite3
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest

from annotator.cli.agreement import agreement_lines
from annotator.model.agreement import DocumentLayers, Layer, compute_agreement
from annotator.model.agreement_stats import cohen_kappa, krippendorff_alpha
from annotator.model.review import GOLD
from annotator.model.tokens import tokenize
from annotator.store.agreement import project_agreement
from annotator.store.export import ExportLayer, export_layers
from annotator.store.project import NewSpan, Project
from tests.unit.cli_helpers import isolate, run

T1 = "Alice Smith met Bob in Aleppo."
T2 = "Bob left Raqqa."
T3 = "Carol stayed home."


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the default project in tmp_path and fix the user name, as tests/unit/test_cli.py does."""
    return isolate(tmp_path, monkeypatch)


def entity(text: str, piece: str, label: str) -> dict[str, object]:
    start = text.index(piece)
    return {"start": start, "end": start + len(piece), "label": label}


def meet(text: str, *entities: str) -> dict[str, object]:
    start = text.index("met")
    return {
        "type": "Contact:Meet",
        "trigger": {"start": start, "end": start + 3},
        "arguments": [{"role": "Entity", "entity": e} for e in entities],
    }


ALICE = [
    {
        "text": T1,
        "entities": [entity(T1, "Alice Smith", "PER"), entity(T1, "Bob", "PER"), entity(T1, "Aleppo", "GPE")],
        "events": [meet(T1, "T1", "T2")],
    },
    {"text": T2, "entities": [entity(T2, "Bob", "PER"), entity(T2, "Raqqa", "GPE")]},
    {"text": T3, "entities": [entity(T3, "Carol", "PER")]},  # only alice labelled this one
]
BOB = [
    {
        "text": T1,
        "entities": [entity(T1, "Alice", "PER"), entity(T1, "Bob", "PER"), entity(T1, "Aleppo", "GPE")],
        "events": [meet(T1, "T1", "T2")],  # Alice (not Alice Smith) and Bob
    },
    {"text": T2, "entities": [entity(T2, "Bob", "PER"), entity(T2, "Raqqa", "LOC")]},
]
CAROL = [
    {
        "text": T1,
        "entities": [entity(T1, "Alice Smith", "PER"), entity(T1, "Bob", "PER"), entity(T1, "Aleppo", "GPE")],
    },
    {"text": T2, "entities": [entity(T2, "Bob", "PER"), entity(T2, "Raqqa", "GPE")]},
]


def imported(tmp_path: Path, **layers: list[dict[str, object]]) -> Path:
    """A project made by ``annotator import FILE --annotator NAME``, one native JSONL file per name."""
    project = tmp_path / "team.annotator"
    for name, records in layers.items():
        source = tmp_path / f"{name}.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        code, output = run("import", source, "--project", project, "--annotator", name)
        assert code == 0, output
    return project


# -- the table ----------------------------------------------------------------------------------------


TWO = """\
Agreement of alice, bob over 2 documents labelled by both

Pair         Docs  Tokens  Span F1 exact  overlap  Cohen kappa  Trigger F1  Argument F1
alice / bob     2      11          0.600    0.800        0.714       1.000        0.500

Krippendorff's alpha (nominal, token labels): 0.724
Fleiss' kappa: n/a (no document has 3 or more annotators)

Per label (the token figures: this label or not):
Label  Spans  Span F1 exact  overlap  Cohen kappa  Alpha
GPE        3          0.667    0.667        0.621  0.632
LOC        1          0.000    0.000        0.000  0.000
PER        6          0.667    1.000        0.792  0.800

Least agreement (2 of 2 documents with disagreements):
Doc  Alpha  Disagreements  Title
  2  0.667              2  Bob left Raqqa.
  1  0.780              4  Alice Smith met Bob in Aleppo.
"""


def test_two_annotators_table(tmp_path: Path) -> None:
    project = imported(tmp_path, alice=ALICE, bob=BOB)
    assert run("agreement", "--project", project) == (0, TWO)


def test_the_table_figures_by_hand(tmp_path: Path) -> None:
    """The figures of TWO worked out from the token labels, so that the table is not just a snapshot."""
    alice = ["PER", "PER", "O", "PER", "O", "GPE", "O", "PER", "O", "GPE", "O"]
    bob = ["PER", "O", "O", "PER", "O", "GPE", "O", "PER", "O", "LOC", "O"]
    assert len(alice) == len(tokenize(T1)) + len(tokenize(T2)) == 11
    assert cohen_kappa(alice, bob) == pytest.approx(55 / 77)  # Po 99/121, Pe 44/121
    assert krippendorff_alpha(list(zip(alice, bob, strict=True))) == pytest.approx(1 - 21 * 4 / 304)
    # Spans: 5 each side, 3 exact (Bob, Aleppo, Bob), 4 by overlap (+ Alice Smith / Alice): 0.6, 0.8.
    # Arguments: Entity Bob matches, Entity Alice Smith / Alice does not: 2 * 1 / 4.
    project = imported(tmp_path, alice=ALICE, bob=BOB)
    data = json.loads(run("agreement", "-p", project, "--json")[1])
    (pair,) = data["pairs"]
    assert pair["cohen_kappa"] == pytest.approx(55 / 77, abs=1e-12)
    assert data["krippendorff_alpha"] == pytest.approx(1 - 21 * 4 / 304, abs=1e-12)


def test_three_annotators_table(tmp_path: Path) -> None:
    project = imported(tmp_path, alice=ALICE, bob=BOB, carol=CAROL)
    assert run("agreement", "-p", project) == (
        0,
        """\
Agreement of alice, bob, carol over 2 documents labelled by two or more of them

Pair           Docs  Tokens  Span F1 exact  overlap  Cohen kappa  Trigger F1  Argument F1
alice / bob       2      11          0.600    0.800        0.714       1.000        0.500
alice / carol     2      11          1.000    1.000        1.000       0.000        0.000
bob / carol       2      11          0.600    0.800        0.714       0.000        0.000
All pairs         2      33          0.733    0.867        0.810       0.500        0.250

Krippendorff's alpha (nominal, token labels): 0.813
Fleiss' kappa (token labels, 2 documents with 3 or more annotators): 0.808

Per label (the token figures: this label or not):
Label  Spans  Span F1 exact  overlap  Cohen kappa  Alpha  Fleiss
GPE        5          0.800    0.800        0.747  0.771   0.764
LOC        1          0.000    0.000        0.000  0.000  -0.031
PER        9          0.778    1.000        0.862  0.868   0.864

Least agreement (2 of 2 documents with disagreements):
Doc  Alpha  Disagreements  Title
  2  0.766              2  Bob left Raqqa.
  1  0.851              6  Alice Smith met Bob in Aleppo.
""",
    )


def test_full_agreement(tmp_path: Path) -> None:
    project = imported(tmp_path, alice=ALICE[1:2], bob=CAROL[1:2])
    code, output = run("agreement", "-p", project)
    assert code == 0
    assert output.endswith(
        "Krippendorff's alpha (nominal, token labels): 1.000\n"
        "Fleiss' kappa: n/a (no document has 3 or more annotators)\n"
        "\n"
        "Per label (the token figures: this label or not):\n"
        "Label  Spans  Span F1 exact  overlap  Cohen kappa  Alpha\n"
        "GPE        2          1.000    1.000        1.000  1.000\n"
        "PER        2          1.000    1.000        1.000  1.000\n"
        "\n"
        "Every document: full agreement.\n"
    )


def test_annotators_who_share_no_document(tmp_path: Path) -> None:
    project = imported(tmp_path, alice=ALICE[:1], bob=BOB[1:])
    assert run("agreement", "-p", project) == (
        0,
        "Agreement of alice, bob over 0 documents labelled by both\n"
        "\n"
        "Pair         Docs  Tokens  Span F1 exact  overlap  Cohen kappa  Trigger F1  Argument F1\n"
        "alice / bob     0       0            n/a      n/a          n/a         n/a          n/a\n"
        "\n"
        "Krippendorff's alpha (nominal, token labels): n/a\n"
        "Fleiss' kappa: n/a (no document has 3 or more annotators)\n"
        "\n"
        "No document was labelled by both.\n",
    )


# -- JSON ---------------------------------------------------------------------------------------------


def test_json(tmp_path: Path) -> None:
    project = imported(tmp_path, alice=ALICE, bob=BOB, carol=CAROL)
    code, output = run("agreement", "-p", project, "--json")
    assert code == 0
    data = json.loads(output)
    assert {"pairs", "krippendorff_alpha", "fleiss_kappa", "per_label", "per_document"} <= set(data)
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [
        ("alice", "bob"),
        ("alice", "carol"),
        ("bob", "carol"),
    ]
    alice_bob = data["pairs"][0]
    assert {
        key: alice_bob[key]
        for key in ("span_f1_exact", "span_f1_overlap", "event_trigger_f1", "event_argument_f1")
    } == {"span_f1_exact": 0.6, "span_f1_overlap": 0.8, "event_trigger_f1": 1.0, "event_argument_f1": 0.5}
    assert alice_bob["cohen_kappa"] == pytest.approx(55 / 77, abs=1e-12)
    assert data["pairs"][1]["event_argument_f1"] == 0.0  # carol has no events: alice's 2 arguments miss
    assert data["fleiss_documents"] == 2
    # 9 tokens all agree, 2 have P_i = 1/3; label shares 11, 16, 5 and 1 of 33 ratings.
    assert data["fleiss_kappa"] == pytest.approx((29 / 33 - 403 / 1089) / (1 - 403 / 1089), abs=1e-12)
    assert data["krippendorff_alpha"] == pytest.approx(1 - 32 * 4 / 686, abs=1e-12)
    assert sorted(data["per_label"]) == ["GPE", "LOC", "PER"]
    assert data["per_label"]["LOC"] == {
        "spans": 1,
        "compared": 2,
        "exact_matches": 0,
        "overlap_matches": 0,
        "span_f1_exact": 0.0,
        "span_f1_overlap": 0.0,
        # LOC or not: bob's Raqqa is the only LOC token of 11, so agreement is what chance gives.
        "cohen_kappa": 0.0,
        "krippendorff_alpha": 0.0,
        "fleiss_kappa": pytest.approx(-2 / 64, abs=1e-12),  # P = 31/33, P_e = 1025/1089
    }
    assert sorted(data["per_document"]) == ["1", "2"]  # document 3 has alice's labels only
    second = data["per_document"]["2"]
    assert (second["title"], second["annotators"], second["tokens"]) == (T2, ["alice", "bob", "carol"], 4)
    assert second["disagreements"] == 2
    assert [(p["a"], p["b"], p["span_f1_exact"]) for p in second["pairs"]] == [
        ("alice", "bob", 0.5),
        ("alice", "carol", 1.0),
        ("bob", "carol", 0.5),
    ]
    assert output.endswith("}\n")


def test_annotators_option_picks_and_orders(tmp_path: Path) -> None:
    project = imported(tmp_path, alice=ALICE, bob=BOB, carol=CAROL)
    code, output = run("agreement", "-p", project, "--annotators", " carol, alice ,carol", "--json")
    assert code == 0
    data = json.loads(output)
    assert data["annotators"] == ["carol", "alice"]
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [("carol", "alice")]
    assert data["fleiss_kappa"] is None
    assert data["pairs"][0]["span_f1_exact"] == 1.0


# -- the gold layer -----------------------------------------------------------------------------------


def add_gold(path: Path, records: list[dict[str, Any]]) -> None:
    """Write records' spans as the gold layer, as review mode does (import refuses the name)."""
    project = Project.open(path)
    try:
        for record in records:
            doc_id = project.find_document(record["text"])
            assert doc_id is not None
            spans = [NewSpan(e["start"], e["end"], e["label"]) for e in record["entities"]]
            project.add_spans(doc_id, GOLD, spans)
    finally:
        project.close()


def test_the_gold_layer_is_left_out_unless_named(tmp_path: Path) -> None:
    project = imported(tmp_path, alice=ALICE, bob=BOB)
    add_gold(project, CAROL)
    assert run("agreement", "-p", project) == (0, TWO)
    code, output = run("agreement", "-p", project, "-a", "alice,gold")
    assert code == 0
    assert output.startswith("Agreement of alice, gold over 2 documents labelled by both\n")
    assert "alice / gold     2      11          1.000    1.000        1.000" in output


def test_gold_and_one_annotator_is_too_few(tmp_path: Path) -> None:
    project = imported(tmp_path, alice=ALICE)
    add_gold(project, CAROL)
    assert run("agreement", "-p", project) == (
        1,
        "Error: agreement needs labels by at least two annotators; the project has labels by alice only\n",
    )


# -- errors -------------------------------------------------------------------------------------------


def test_one_annotator_is_too_few(tmp_path: Path) -> None:
    project = imported(tmp_path, alice=ALICE)
    assert run("agreement", "-p", project) == (
        1,
        "Error: agreement needs labels by at least two annotators; the project has labels by alice only\n",
    )
    assert run("agreement", "-p", project, "--annotators", "alice") == (
        1,
        "Error: agreement needs labels by at least two annotators; only alice was named\n",
    )
    assert run("agreement", "-p", project, "--annotators", " , ") == (
        1,
        "Error: agreement needs labels by at least two annotators; none were named\n",
    )


def test_a_project_without_labels(tmp_path: Path) -> None:
    project = imported(tmp_path, alice=[{"text": T3}])
    assert run("agreement", "-p", project) == (
        1,
        "Error: agreement needs labels by at least two annotators; the project has no labels yet\n",
    )


def test_an_unknown_annotator(tmp_path: Path) -> None:
    project = imported(tmp_path, alice=ALICE, bob=BOB)
    assert run("agreement", "-p", project, "-a", "alice,zed,ann") == (
        1,
        "Error: no annotator 'zed', 'ann' in the project (annotators: alice, bob)\n",
    )


def test_a_missing_project_file(tmp_path: Path) -> None:
    missing = tmp_path / "gone.annotator"
    assert run("agreement", "-p", missing) == (1, f"Error: {missing}: no such project file\n")
    assert not missing.exists()


def test_the_default_project(data_dir: Path, tmp_path: Path) -> None:
    for name, records in (("alice", ALICE), ("bob", BOB)):
        source = tmp_path / f"{name}.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        assert run("import", source, "--annotator", name)[0] == 0
    code, output = run("agreement")
    assert code == 0
    # The demo article has no labels, so it changes nothing; its id shifts the others by one.
    assert output == TWO.replace("\n  2  0.667", "\n  3  0.667").replace("\n  1  0.780", "\n  2  0.780")


# -- the store's reader ---------------------------------------------------------------------------------


def export_layer(layer: ExportLayer) -> Layer:
    """An exported layer as the model takes it: arguments name their filler's offsets and label."""
    events = [
        (kind, start, end, tuple((role, *layer.entities[int(t[1:]) - 1]) for role, t in arguments))
        for kind, start, end, arguments in layer.events
    ]
    return Layer(layer.entities, events)


def test_the_reader_gives_what_the_export_holds(tmp_path: Path) -> None:
    """project_agreement reads its own four queries; the figures are those of the export's layers."""
    path = imported(tmp_path, alice=ALICE, bob=BOB, carol=CAROL)
    add_gold(path, CAROL[:1])
    project = Project.open(path)
    try:
        documents = []
        for doc_id, group in groupby(export_layers(project), attrgetter("doc_id")):
            layers = {
                str(layer.annotator): export_layer(layer)
                for layer in group
                if layer.annotator in ("alice", "bob", "carol")
            }
            document = project.document(doc_id)
            documents.append(DocumentLayers(doc_id, tokenize(document.text), layers, document.title))
        assert project_agreement(project) == compute_agreement(documents, ["alice", "bob", "carol"])
        assert project_agreement(project, ["carol", "gold"]).pairs[0].span_f1_exact == 1.0
    finally:
        project.close()


def test_an_argument_outside_its_layer_is_reported(tmp_path: Path) -> None:
    path = imported(tmp_path, alice=ALICE, bob=BOB)
    conn = sqlite3.connect(path)
    with conn:
        # Point alice's first argument at one of bob's spans: no command makes this, a broken file might.
        (bob_span,) = conn.execute(
            "SELECT s.id FROM spans s JOIN annotators a ON a.id = s.annotator_id "
            "WHERE a.name = 'bob' ORDER BY s.id LIMIT 1"
        ).fetchone()
        (argument, event) = conn.execute("SELECT id, event_id FROM arguments ORDER BY id LIMIT 1").fetchone()
        conn.execute("UPDATE arguments SET span_id = ? WHERE id = ?", [bob_span, argument])
    conn.close()
    assert run("agreement", "-p", path) == (
        1,
        f"Error: {path}: event {event} has an argument (Entity) that points at span {bob_span}, "
        "which is not in its layer\n",
    )


def test_a_layer_of_events_only_counts(tmp_path: Path) -> None:
    events_only = [{"text": T1, "events": [meet(T1)]}]
    path = imported(tmp_path, alice=ALICE[:1], bob=events_only)
    code, output = run("agreement", "-p", path, "--json")
    assert code == 0
    data = json.loads(output)
    assert data["documents"] == 1
    (pair,) = data["pairs"]
    assert (pair["span_f1_exact"], pair["event_trigger_f1"], pair["event_argument_f1"]) == (0.0, 1.0, 0.0)


def test_counts_in_the_report_have_thousands_separators() -> None:
    same = Layer([(0, 5, "PER")])
    other = Layer([(0, 5, "ORG")])
    documents = [
        DocumentLayers(n, [(0, 5), (6, 9)], {"a": same, "b": other if n % 2 else same, "c": same}, f"d{n}")
        for n in range(1, 1202)
    ]
    lines = agreement_lines(compute_agreement(documents, ["a", "b", "c"]))
    assert lines[0] == "Agreement of a, b, c over 1,201 documents labelled by two or more of them"
    assert lines[3:7] == [
        "a / b      1,201   2,402          0.500    0.500        0.600         n/a          n/a",
        "a / c      1,201   2,402          1.000    1.000        1.000         n/a          n/a",
        "b / c      1,201   2,402          0.500    0.500        0.600         n/a          n/a",
        "All pairs  1,201   7,206          0.666    0.666        0.733         n/a          n/a",
    ]
    # 1,801 of 2,402 tokens agree, 601 have P_i = 1/3; shares 3,002 PER, 601 ORG, 3,603 O of 7,206.
    assert "Fleiss' kappa (token labels, 1,201 documents with 3 or more annotators): 0.707" in lines
    assert "Least agreement (10 of 601 documents with disagreements):" in lines

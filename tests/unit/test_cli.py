"""The command line: window start-up, import, export and stats, with exact output and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import click
import pytest

from annotator.cli import cli
from annotator.model.errors import FormatError
from annotator.store.project import Project
from tests.unit.cli_helpers import baghouz_project, isolate, jsonl, run

REPO = Path(__file__).resolve().parents[2]
ADVERSARIAL = [
    "Flag 🇸🇾 over Raqqa, said Alice.",
    "Family 👨\u200d👩\u200d👧 of Alice fled.",
    "Bold \U0001d400 and cafe\u0301, Alice.",
    "مصطفى بالي قال Alice",
    "Line one\r\nAlice\r\n",
    "Old Mac\rAlice\r",
    "Sep\u2028Alice\u2029para",
    "No\u00a0break\tAlice",
]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate(tmp_path, monkeypatch)


@pytest.fixture
def gui_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """Replace the window with a stub that records the project it was asked to open."""
    calls: list[Path | None] = []
    module = types.ModuleType("annotator.ui.app")

    def run_app(path: Path | None) -> int:
        calls.append(path)
        return 0

    module.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "annotator.ui.app", module)
    return calls


def alice(text: str, label: str = "PER", **fields: object) -> dict[str, object]:
    start = text.index("Alice")
    return {"text": text, "entities": [{"start": start, "end": start + 5, "label": label}], **fields}


# Contact:Meet at "met" with the first entity as its Entity (a COMPANY filler is only a warning).
MEET = {
    "type": "Contact:Meet",
    "trigger": {"start": 12, "end": 15},
    "arguments": [{"role": "Entity", "entity": "T1"}],
}


def counts(path: Path) -> tuple[int, int, list[str]]:
    project = Project.open(path)
    try:
        return project.document_count(), project.span_count(), project.schema.label_names
    finally:
        project.close()


# -- the window ---------------------------------------------------------------------------------------


def test_no_arguments_opens_the_default_project(gui_calls: list[Path | None]) -> None:
    assert run() == (0, "")
    assert gui_calls == [None]


def test_a_project_path_opens_that_project(gui_calls: list[Path | None], tmp_path: Path) -> None:
    existing = tmp_path / "mine.annotator"
    existing.write_bytes(b"")
    assert run(existing) == (0, "")
    assert run(tmp_path / "new.annotator") == (0, "")
    assert gui_calls == [existing, tmp_path / "new.annotator"]


def test_the_window_exit_status_is_passed_on(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("annotator.ui.app")
    module.run_app = lambda path: 3  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "annotator.ui.app", module)
    assert run()[0] == 3


def test_a_mistyped_command_is_not_opened_as_a_project(gui_calls: list[Path | None]) -> None:
    code, output = run("improt")
    assert code == 2
    assert output.endswith("Error: No such command or project file 'improt'. Did you mean 'import'?\n")
    assert gui_calls == []


def test_a_folder_is_not_a_project(gui_calls: list[Path | None], tmp_path: Path) -> None:
    code, output = run(tmp_path)
    assert code == 2
    assert output.endswith(f"Error: {tmp_path} is a folder, not a project file\n")
    assert gui_calls == []


def test_importing_the_cli_does_not_import_qt() -> None:
    code = "import annotator.cli, sys; assert not any(m.startswith('PySide6') for m in sys.modules)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# -- version and help ---------------------------------------------------------------------------------


def test_version() -> None:
    assert run("--version") == (0, "annotator 0.1.0\n")


def test_help_lists_the_commands() -> None:
    code, output = run("--help")
    assert code == 0
    assert output.startswith("Usage: annotator [OPTIONS] [PROJECT | COMMAND [ARGS]...]\n")
    assert output.endswith(
        "Commands:\n"
        "  agreement      Measure how far annotators agree: F1, kappa and alpha.\n"
        "  export         Export documents with their labels in any format.\n"
        "  formats        List the file formats, what each one holds and which way...\n"
        "  import         Import documents and their labels from files or folders in...\n"
        "  merge          Merge other annotators' projects (or JSONL) into this one.\n"
        "  new            Create a project file, with the ACE 2005 schema or your own.\n"
        "  review-status  Count documents by review status; list the reviewed ones.\n"
        "  stats          Count documents by status, labels, event types and...\n"
    )


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name: str) -> None:
    command = cli.commands[name]
    code, output = run(name, "--help")
    assert code == 0
    assert output.startswith(f"Usage: annotator {name} [OPTIONS]")
    assert command.help
    assert command.help.splitlines()[0] in output
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.name} has no help"


# -- import -------------------------------------------------------------------------------------------


def test_import_into_a_new_project(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    source = jsonl(tmp_path / "in.jsonl", alice("Alice met Bob."), {"text": "No one."})
    code, output = run("import", source, "--project", project)
    assert (code, output) == (0, "Imported 2 new documents\nAdded 1 span\n")
    p = Project.open(project)
    assert p.annotators() == ["tester"]
    assert p.schema.name == "ACE 2005"
    p.close()


def test_import_into_the_default_project(data_dir: Path, tmp_path: Path) -> None:
    source = jsonl(tmp_path / "in.jsonl", alice("Alice met Bob.", annotator="ana"))
    assert run("import", source, "--annotator", "zed") == (0, "Imported 1 new document\nAdded 1 span\n")
    p = Project.open(data_dir / "default.annotator")
    assert [p.document(i).title for i in p.document_ids()] == ["Demo", "Alice met Bob."]
    assert p.annotators() == ["ana"]
    p.close()


def test_import_text_files_keeps_them_exact(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    files = []
    for number, text in enumerate(ADVERSARIAL):
        path = tmp_path / f"doc_{number}.txt"
        path.write_bytes(text.encode("utf-8"))
        files.append(path)
    code, output = run("import", *files, "-p", project)
    assert (code, output) == (0, f"Imported {len(ADVERSARIAL)} new documents\nAdded 0 spans\n")
    p = Project.open(project)
    assert [p.document(i).text for i in p.document_ids()] == ADVERSARIAL
    assert p.document(p.document_ids()[0]).title == "doc 0"
    p.close()


def test_import_with_unknown_label_fails_and_leaves_no_new_project(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    source = jsonl(tmp_path / "in.jsonl", alice("Alice met Bob."), alice("Alice Corp.", "COMPANY"))
    code, output = run("import", source, "--project", project)
    assert (code, output) == (
        1,
        f"Error: {source}:2: label 'COMPANY' is not in the project schema (use --add-labels to add it)\n",
    )
    assert not project.exists()


def test_an_error_in_a_label_names_the_line_that_holds_it(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "a.txt").write_text("Alice met Bob.\n", encoding="utf-8")
    (brat / "a.ann").write_text("T1\tPER 0 5\tAlice\nT2\tWIZARD 10 13\tBob\n", encoding="utf-8")
    code, output = run("import", brat, "--project", project)
    assert (code, output) == (
        1,
        f"Error: {brat / 'a.ann'}:2: label 'WIZARD' is not in the project schema "
        "(use --add-labels to add it)\n",
    )
    (brat / "a.ann").write_text(
        "T1\tPER 0 5\tAlice\nT2\tPER 6 9\tmet\nE1\tWizardry:T2 Agent:T1\n", encoding="utf-8"
    )
    code, output = run("import", brat, "--project", project)
    assert (code, output) == (
        1,
        f"Error: {brat / 'a.ann'}:3: event E1 type 'Wizardry' is not in the project schema\n",
    )
    conll = tmp_path / "in.conll"
    conll.write_text("Alice B-PER\nmet O\n\nBob B-WIZ\nleft O\n", encoding="utf-8")
    code, output = run("import", conll, "--project", project)
    assert (code, output) == (
        1,
        f"Error: {conll}:4: label 'WIZ' is not in the project schema (use --add-labels to add it)\n",
    )
    assert not project.exists()


def test_an_error_in_a_label_studio_label_names_its_task(tmp_path: Path) -> None:
    def task(label: str) -> dict[str, object]:
        value = {"start": 0, "end": 5, "labels": [label]}
        result = {"from_name": "label", "to_name": "text", "type": "labels", "value": value}
        return {"data": {"text": "Alice left."}, "annotations": [{"result": [result]}]}

    source = tmp_path / "tasks.json"
    source.write_text(json.dumps([task("PER"), task("WIZ")]), encoding="utf-8")
    code, output = run("import", source, "--project", tmp_path / "p.annotator")
    assert (code, output) == (
        1,
        f"Error: {source}: task 2: label 'WIZ' is not in the project schema (use --add-labels to add it)\n",
    )


def test_an_error_in_any_file_imports_nothing(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    assert run("import", jsonl(tmp_path / "first.jsonl", {"text": "Seed."}), "-p", project)[0] == 0
    before = counts(project)
    good = jsonl(tmp_path / "good.jsonl", alice("Alice met Bob."))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": "x", "entities": [{"start": 0, "end": 2, "label": "PER"}]}\n')
    code, output = run("import", good, bad, "-p", project)
    assert (code, output) == (
        1,
        f"Error: {bad}:2: 'entities[0]' offsets 0-2 are outside the text (length 1)\n",
    )
    assert counts(project) == before == (1, 0, before[2])


def test_unknown_file_type_is_refused_before_anything_is_opened(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    doc = tmp_path / "doc.docx"
    doc.write_bytes(b"PK")
    good = jsonl(tmp_path / "good.jsonl", {"text": "Fine."})
    code, output = run("import", good, doc, "-p", project)
    assert (code, output) == (
        1,
        f"Error: {doc}: unknown file type '.docx' "
        "(expected .ann, .bio, .bioes, .conll, .iob, .json, .jsonl, .ndjson, .txt or a folder; "
        "or name the format with --format)\n",
    )
    assert not project.exists()


def test_add_labels(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    source = jsonl(
        tmp_path / "in.jsonl",
        alice("Alice Corp. met.", "COMPANY", events=[MEET]),
    )
    code, output = run("import", source, "-p", project, "--add-labels")
    assert (code, output) == (
        0,
        "Imported 1 new document\nAdded 1 span\nAdded 1 event\nAdded 1 label to the schema: COMPANY\n",
    )
    assert counts(project)[2][-1] == "COMPANY"


def test_import_events_and_refuse_an_unknown_event_type(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    source = jsonl(tmp_path / "in.jsonl", alice("Alice Corp. met.", events=[MEET]))
    assert run("import", source, "-p", project) == (
        0,
        "Imported 1 new document\nAdded 1 span\nAdded 1 event\n",
    )
    bad = jsonl(
        tmp_path / "bad.jsonl",
        alice("Alice again met.", events=[{**MEET, "trigger": {"start": 12, "end": 15}}]),
        alice("Alice Corp. met.", events=[{**MEET, "type": "Contact:Meat"}]),
    )
    code, output = run("import", bad, "-p", project)
    assert (code, output) == (
        1,
        f"Error: {bad}:2: event E1 type 'Contact:Meat' is not in the project schema "
        "(did you mean 'Contact:Meet'?)\n",
    )
    p = Project.open(project)
    assert (p.document_count(), p.span_count(), p.event_count()) == (1, 1, 1)
    p.close()


def test_export_then_import_round_trips_events(tmp_path: Path) -> None:
    first, second = tmp_path / "a.annotator", tmp_path / "b.annotator"
    lines = []
    for text in ADVERSARIAL:
        line = alice(text + " met", annotator="ana")
        start = len(text) + 1
        line["events"] = [{**MEET, "trigger": {"start": start, "end": start + 3, "text": "met"}}]
        lines.append(line)
    assert run("import", jsonl(tmp_path / "in.jsonl", *lines), "-p", first)[0] == 0
    out1, out2 = tmp_path / "out1.jsonl", tmp_path / "out2.jsonl"
    assert run("export", "-o", out1, "-p", first)[0] == 0
    assert run("import", out1, "-p", second) == (
        0,
        f"Imported {len(ADVERSARIAL)} new documents\nAdded {len(ADVERSARIAL)} spans\n"
        f"Added {len(ADVERSARIAL)} events\n",
    )
    assert run("export", "-o", out2, "-p", second)[0] == 0
    assert out1.read_bytes() == out2.read_bytes()
    for line in out1.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        (event,) = record["events"]
        assert event["id"] == "E1"
        assert event["trigger"]["text"] == "met"
        assert event["arguments"] == [{"role": "Entity", "entity": "T1"}]


def test_import_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run("import", tmp_path / "gone.jsonl")
    assert code == 2
    assert output.endswith(
        f"Error: Invalid value for 'PATH...': Path '{tmp_path / 'gone.jsonl'}' does not exist.\n"
    )


# -- export -------------------------------------------------------------------------------------------


def test_export_then_import_round_trips_exactly(tmp_path: Path) -> None:
    first, second = tmp_path / "a.annotator", tmp_path / "b.annotator"
    lines = [
        alice(text, title=f"t{n}", id=f"x{n}", meta={"n": n}, status="done", annotator="ana")
        for n, text in enumerate(ADVERSARIAL)
    ]
    assert run("import", jsonl(tmp_path / "in.jsonl", *lines), "-p", first)[0] == 0
    out1, out2 = tmp_path / "out1.jsonl", tmp_path / "out2.jsonl"
    n = len(ADVERSARIAL)
    assert run("export", "--format", "jsonl", "--out", out1, "-p", first) == (
        0,
        f"Exported {n} documents ({n} spans) to {out1}\n",
    )
    assert run("import", out1, "-p", second)[0] == 0
    assert run("export", "--out", out2, "-p", second)[0] == 0
    assert out1.read_bytes() == out2.read_bytes()
    for line, original in zip(out1.read_text(encoding="utf-8").splitlines(), ADVERSARIAL, strict=True):
        record = json.loads(line)
        assert record["text"] == original
        (entity,) = record["entities"]
        assert original[entity["start"] : entity["end"]] == entity["text"] == "Alice"


def test_export_filters(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    source = jsonl(
        tmp_path / "in.jsonl",
        alice("Alice one.", annotator="ana", status="done"),
        alice("Alice two.", annotator="bob"),
        {"text": "Nobody."},
    )
    assert run("import", source, "-p", project)[0] == 0
    out = tmp_path / "out.jsonl"
    assert run("export", "-o", out, "-p", project, "--status", "done") == (
        0,
        f"Exported 1 document (1 span) to {out}\n",
    )
    assert run("export", "-o", out, "-p", project, "--annotator", "bob") == (
        0,
        f"Exported 3 documents (1 span) to {out}\n",
    )
    annotators = [json.loads(line)["annotator"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert annotators == [None, "bob", None]


def test_export_jobs_give_the_same_conll(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    records = [alice(f"Alice saw {n} \U0001f600 in Raqqa.\r\nThen she left.") for n in range(450)]
    assert run("import", jsonl(tmp_path / "in.jsonl", *records), "-p", project)[0] == 0
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.conll"
        assert run("export", "--format", "conll", "-o", out, "-p", project, "--jobs", jobs) == (
            0,
            f"Exported 450 documents (450 spans) to {out}\n",
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"-DOCSTART-") == 450
    assert b"\nAlice B-PER\nsaw O\n449 O\n\xf0\x9f\x98\x80 O\n" in outputs[0]
    code, output = run("export", "--format", "conll", "-o", tmp_path / "x.conll", "-p", project, "-j", "0")
    assert code == 2
    assert "Invalid value for '--jobs' / '-j': 0 is not in the range x>=1." in output


def test_export_errors_leave_no_file(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    assert run("import", jsonl(tmp_path / "in.jsonl", alice("Alice.")), "-p", project)[0] == 0
    out = tmp_path / "out.jsonl"
    code, output = run("export", "-o", out, "-p", project, "-a", "nobody")
    assert (code, output) == (1, "Error: no annotator 'nobody' in the project (annotators: tester)\n")
    missing = tmp_path / "no" / "out.jsonl"
    code, output = run("export", "-o", missing, "-p", project)
    assert (code, output) == (
        1,
        f"Error: {missing}: cannot write (the folder {missing.parent} does not exist)\n",
    )
    code, output = run("export", "-o", out, "-p", tmp_path / "gone.annotator")
    assert (code, output) == (1, f"Error: {tmp_path / 'gone.annotator'}: no such project file\n")
    assert not (tmp_path / "gone.annotator").exists()
    code, output = run("export", "--format", "csv", "-o", out, "-p", project)
    assert code == 2
    assert (
        "Invalid value for '--format': 'csv' is not one of "
        "'jsonl', 'brat', 'conll', 'conll-bioes', 'doccano', 'label-studio', " in output
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "p.annotator"]


def test_a_failed_export_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "p.annotator"
    assert run("import", jsonl(tmp_path / "in.jsonl", alice("Alice.")), "-p", project)[0] == 0
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")

    def broken(project: object, path: Path, **filters: object) -> int:
        path.write_text('{"half": ', encoding="utf-8")
        raise FormatError("disk went away")

    monkeypatch.setattr("annotator.formats.exporting.export_jsonl", broken)
    assert run("export", "-o", out, "-p", project) == (1, "Error: disk went away\n")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl", "p.annotator"]


# -- stats --------------------------------------------------------------------------------------------


def test_stats(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    source = jsonl(
        tmp_path / "in.jsonl",
        alice("Alice one.", annotator="ana", status="done"),
        alice("Alice two.", "GPE", annotator="bob"),
        alice("Alice three met.", annotator="bob", events=[MEET]),
        alice("Alice four met.", annotator="bob", events=[{**MEET, "trigger": {"start": 11, "end": 14}}]),
        alice(
            "Alice Five met.", annotator="ana", events=[{**MEET, "type": "Conflict:Attack", "arguments": []}]
        ),
    )
    assert run("import", source, "-p", project)[0] == 0
    assert run("stats", "-p", project) == (
        0,
        f"Project: {project}\n"
        "Documents: 5\n"
        "  New: 4\n"
        "  In progress: 0\n"
        "  Done: 1\n"
        "Spans: 5\n"
        "  PER: 4\n"
        "  GPE: 1\n"
        "Events: 3\n"
        "  Contact:Meet: 2\n"
        "  Conflict:Attack: 1\n"
        "Annotators: 2\n"
        "  ana: 2 spans\n"
        "  bob: 3 spans\n",
    )
    code, output = run("stats", "-p", project, "--json")
    assert code == 0
    assert json.loads(output) == {
        "project": str(project),
        "documents": 5,
        "by_status": {"new": 4, "in_progress": 0, "done": 1},
        "spans": 5,
        "by_label": {"PER": 4, "GPE": 1},
        "events": 3,
        "by_event_type": {"Contact:Meet": 2, "Conflict:Attack": 1},
        "by_annotator": {"ana": 2, "bob": 3},
    }


def test_stats_of_the_default_project(data_dir: Path) -> None:
    code, output = run("stats")
    assert (code, output.splitlines()[:3]) == (
        0,
        [f"Project: {data_dir / 'default.annotator'}", "Documents: 1", "  New: 1"],
    )


def test_stats_of_a_missing_project(tmp_path: Path) -> None:
    assert run("stats", "-p", tmp_path / "gone.annotator") == (
        1,
        f"Error: {tmp_path / 'gone.annotator'}: no such project file\n",
    )


def test_new_creates_a_project_from_a_schema_file(tmp_path: Path) -> None:
    schema = tmp_path / "mine.json"
    schema.write_text(
        json.dumps({"name": "Mine", "entity_types": [{"name": "DRUG", "hotkey": "d"}], "event_types": []}),
        encoding="utf-8",
    )
    target = tmp_path / "mine.annotator"
    code, output = run("new", str(target), "--schema", str(schema))
    assert (code, output) == (0, f"Created {target} (0 documents, schema Mine)\n")
    code, output = run("new", str(target))
    assert (code, output) == (1, f"Error: {target}: already exists; open it instead\n")


def test_new_refuses_an_invalid_schema_naming_file_and_entry(tmp_path: Path) -> None:
    schema = tmp_path / "bad.json"
    schema.write_text(json.dumps({"entity_types": [{"name": "A B"}], "event_types": []}), encoding="utf-8")
    target = tmp_path / "bad.annotator"
    code, output = run("new", str(target), "--schema", str(schema))
    assert code == 1
    assert output.startswith(f"Error: {schema}: entity_types[0]")
    assert not target.exists()


def test_new_with_demo_has_the_sample_articles(tmp_path: Path) -> None:
    target = tmp_path / "demo.annotator"
    code, output = run("new", str(target), "--demo")
    # The fixture stands one known article in for the shipped ones.
    assert (code, output) == (0, f"Created {target} (1 document, schema ACE 2005)\n")


def test_brat_export_reimports_identically(tmp_path: Path) -> None:
    from annotator.store.project import Project

    text = "Rescue 😀 teams\r\nreached Baghouz on Tuesday."
    source = baghouz_project(tmp_path / "source.annotator", text, title="../escape attempt", event=True)
    start = text.index("Baghouz")
    trigger = text.index("reached")
    out = tmp_path / "brat"
    code, output = run("export", "--format", "brat", "--out", out, "--project", source)
    assert (code, output) == (0, f"Exported 1 document (1 span, 1 event) to {out}\n")
    assert sorted(p.name for p in out.iterdir()) == [
        "_escape attempt.ann",
        "_escape attempt.txt",
        "annotation.conf",
    ]
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".brat")] == []
    target = tmp_path / "again.annotator"
    code, output = run("import", out, "--project", target, "--annotator", "bob")
    assert code == 0, output
    again = Project.open(target)
    (doc_id,) = again.document_ids()
    assert again.document(doc_id).text == text
    assert [(s.start, s.end, s.label) for s in again.spans(doc_id)] == [(start, start + 7, "GPE")]
    (moved,) = again.events(doc_id)
    assert (moved.type, moved.start, [a.role for a in moved.arguments]) == (
        "Movement:Transport",
        trigger,
        ["Destination"],
    )


def test_brat_export_needs_an_annotator_when_there_are_layers(tmp_path: Path) -> None:
    from annotator.store.project import Project

    source = tmp_path / "two.annotator"
    project = Project.open(source, create=True)
    doc = project.add_document("Mustafa Bali spoke.")
    project.add_span(doc, "alice", 0, 12, "PER")
    project.add_span(doc, "bob", 0, 7, "PER")
    project.close()
    out = tmp_path / "brat"
    code, output = run("export", "--format", "brat", "--out", out, "--project", source)
    assert (code, output) == (
        1,
        "Error: the project has labels by alice, bob; brat standoff holds one annotator's labels per "
        "document: choose one (--annotator NAME, or --gold for the adjudicated layer)\n",
    )
    assert not out.exists()
    code, _output = run("export", "--format", "brat", "--out", out, "--project", source, "--annotator", "bob")
    assert code == 0
    (ann,) = out.glob("*.ann")
    assert "PER 0 7\tMustafa" in ann.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("conll", ".conll"), ("doccano", ".jsonl"), ("label-studio", ".json")]
)
def test_export_then_import_in_each_file_format(tmp_path: Path, fmt: str, suffix: str) -> None:
    from annotator.store.project import Project

    text = "Rescue 😀 teams reached Baghouz on Tuesday."
    source = baghouz_project(tmp_path / "source.annotator", text)
    out = tmp_path / f"out{suffix}"
    code, output = run("export", "--format", fmt, "--out", out, "--project", source)
    assert code == 0
    assert output.splitlines()[0] == f"Exported 1 document (1 span) to {out}"  # then what it skipped
    target = tmp_path / "again.annotator"
    code, output = run("import", out, "--format", fmt, "--project", target, "--annotator", "bob")
    assert code == 0, output
    again = Project.open(target)
    (doc_id,) = again.document_ids()
    stored = again.document(doc_id).text
    (span,) = again.spans(doc_id)
    assert (stored[span.start : span.end], span.label) == ("Baghouz", "GPE")
    if fmt != "conll":  # CoNLL keeps tokens, not the original spacing
        assert stored == text

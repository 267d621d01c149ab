"""What the command-line tests share: a default project kept in tmp_path, running a command, input files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.store.project import Project


def isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default project at tmp_path, with one known demo article, and fix the user name.

    Returns the data folder; each CLI test module calls this from its own autouse ``data_dir`` fixture.
    """
    data = tmp_path / "data"
    monkeypatch.setattr("annotator.store.default.data_dir", lambda: data)
    monkeypatch.setattr("annotator.store.default.demo_articles", lambda: [("Demo", "Demo about Alice.\n")])
    monkeypatch.setattr("getpass.getuser", lambda: "tester")
    return data


def run(*args: str | Path) -> tuple[int, str]:
    """Run ``annotator ARGS...``: its exit code and output; an exception other than an exit is raised."""
    result = CliRunner().invoke(cli, [str(a) for a in args], prog_name="annotator")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def jsonl(path: Path, *objects: object) -> Path:
    """Write one JSON object per line (UTF-8, characters as themselves); the path."""
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8")
    return path


def baghouz_project(path: Path, text: str, *, title: str = "one", event: bool = False) -> Path:
    """A new project file with one document where alice labelled ``Baghouz`` GPE and, with ``event``,
    ``reached`` as a Movement:Transport with Baghouz as its Destination."""
    project = Project.open(path, create=True)
    doc = project.add_document(text, title=title)
    start = text.index("Baghouz")
    place = project.add_span(doc, "alice", start, start + 7, "GPE")
    if event:
        trigger = text.index("reached")
        transport = project.add_event(doc, "alice", "Movement:Transport", trigger, trigger + 7)
        project.add_argument(transport.id, "Destination", place.id)
    project.close()
    return path

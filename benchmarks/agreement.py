"""Agreement over 10,000 documents x 3 annotators (issue 7: under 5 s).

Set-up, not timed: short news articles from ``data.news_corpus``, each labelled by three annotators who
partly disagree (dropped, relabelled and shortened spans, extra spans, moved triggers, missing
arguments; the second and third annotator skip some documents), written as native JSONL with each
record's ``annotator`` and imported with ``import_records`` (the command line's bulk path).

Timed: ``project_agreement(project)`` on the project opened afresh, which is what ``annotator agreement``
and the agreement dialog run. Floor, in the same process: a bare pass that reads the same rows with
sqlite3 (documents, spans, events, arguments) and tokenizes every text with the app's tokenizer.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import data
from benchmarks.harness import ChildResult, Row, out, peak_mb, profile
from benchmarks.sizes import Sizes

SEED = 2024
NAMES = ("ann", "ben", "cat")
LABELS = ("PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA", "TIME", "VALUE")
TARGET_S = 5.0
# (drop, relabel, shorten) chances per span, and the chance of skipping a document, per annotator.
HABITS = {"ann": (0.03, 0.04, 0.04, 0.0), "ben": (0.06, 0.08, 0.06, 0.05), "cat": (0.10, 0.10, 0.08, 0.10)}


def _layer(
    rng: random.Random,
    name: str,
    text: str,
    mentions: list[tuple[int, int, str]],
    spare: list[tuple[int, int]],
    trigger: tuple[int, int],
) -> dict[str, Any]:
    """One annotator's record of a document: the mentions as this annotator sees them, and one event."""
    drop, relabel, shorten, _ = HABITS[name]
    ids: dict[tuple[int, int, str], str] = {}  # the same span twice is one entity
    kept: dict[int, str] = {}  # mention index -> entity id
    for index, (start, end, label) in enumerate(mentions):
        roll = rng.random()
        if roll < drop:
            continue
        if roll < drop + relabel:
            label = rng.choice([other for other in LABELS if other != label])
        elif roll < drop + relabel + shorten and " " in text[start:end]:
            end = start + text[start:end].rindex(" ")  # the last word left out: still on token boundaries
        kept[index] = ids.setdefault((start, end, label), f"T{len(ids) + 1}")
    if spare and rng.random() < 0.3:
        start, end = spare[-1]
        ids.setdefault((start, end, rng.choice(LABELS)), f"T{len(ids) + 1}")
    entities = [
        {"id": ident, "start": s, "end": e, "label": label, "text": text[s:e]}
        for (s, e, label), ident in ids.items()
    ]
    events = []
    if rng.random() > drop:
        start, end = trigger if rng.random() > relabel or len(spare) < 2 else spare[0]
        fillers = [kept[i] for i in (0, 1) if i in kept and rng.random() > shorten]
        events.append(
            {
                "type": "Contact:Meet",
                "trigger": {"start": start, "end": end},
                "arguments": [{"role": "Entity", "entity": ident} for ident in dict.fromkeys(fillers)],
            }
        )
    return {"text": text, "annotator": name, "entities": entities, "events": events}


def records(documents: int) -> Iterator[dict[str, Any]]:
    """Three annotators' records of each document, one after another (seeded: the same every run)."""
    rng = random.Random(SEED)
    for number, obj in enumerate(data.news_corpus(SEED, documents, 10)):
        text = str(obj["text"])
        mentions = [(e["start"], e["end"], e["label"]) for e in obj["entities"]]  # type: ignore[attr-defined]
        words = data.free_words(text, {(s, e) for s, e, _ in mentions}, 3, SEED + number)
        trigger, spare = words[0], words[1:]
        skipped = False
        for name in NAMES:
            if not skipped and rng.random() < HABITS[name][3]:
                skipped = True  # at most one of the three skips a document: two or more label each
                continue
            record = _layer(rng, name, text, mentions, spare, trigger)
            if name == NAMES[0]:
                record.update(id=obj["id"], title=obj["title"], meta=obj["meta"])
            yield record


def build(path: Path, jsonl: Path, documents: int) -> dict[str, Any]:
    """Write the JSONL and import it into a new project file; return what was made."""
    from annotator.formats import read_any
    from annotator.store.project import Project
    from annotator.store.transfer import import_records

    started = time.perf_counter()
    with jsonl.open("w", encoding="utf-8", newline="\n") as stream:
        lines = 0
        for record in records(documents):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            lines += 1
    generated = time.perf_counter() - started
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    project = Project.open(path, create=True)
    try:
        summary = import_records(project, read_any(jsonl), annotator=NAMES[0])
    finally:
        project.close()
    if summary.documents_added != documents:
        raise RuntimeError(f"the import added {summary.documents_added} documents, not {documents}")
    return {
        "records": lines,
        "generate_s": generated,
        "import_s": time.perf_counter() - started,
        "spans": summary.spans_added,
        "events": summary.events_added,
    }


def app_agreement(path: Path) -> Any:
    """What ``annotator agreement`` computes, on the project opened afresh."""
    from annotator.store.agreement import project_agreement
    from annotator.store.project import Project

    project = Project.open(path)
    try:
        return project_agreement(project)
    finally:
        project.close()


def floor(path: Path) -> tuple[int, int, int]:
    """The same rows read with bare sqlite3, every text tokenized: (documents, tokens, label rows)."""
    from annotator.model.tokens import tokenize

    conn = sqlite3.connect(str(path))
    try:
        documents = tokens = rows = 0
        for (text,) in conn.execute("SELECT text FROM documents ORDER BY id"):
            documents += 1
            tokens += len(tokenize(text))
        queries = (
            "SELECT doc_id, annotator_id, id, start, end, label FROM spans "
            "ORDER BY doc_id, start, end DESC, id",
            "SELECT doc_id, annotator_id, id, type, start, end FROM events "
            "ORDER BY doc_id, start, end DESC, id",
            "SELECT e.doc_id, g.event_id, g.role, g.span_id FROM events e "
            "JOIN arguments g ON g.event_id = e.id ORDER BY e.doc_id, g.id",
        )
        for query in queries:
            for _ in conn.execute(query):
                rows += 1
    finally:
        conn.close()
    return documents, tokens, rows


def run(workdir: Path, sizes: Sizes, with_profile: bool) -> ChildResult:
    """Build the three annotators' project, time project_agreement on it, then the floor."""
    result = ChildResult("agreement")
    # Quick runs use the smaller of the two document counts; full runs the 10,000.
    documents = min(sizes.agreement_documents, sizes.documents)
    if len(NAMES) != sizes.agreement_annotators:
        raise RuntimeError(f"this scenario makes {len(NAMES)} annotators, not {sizes.agreement_annotators}")
    path, jsonl = workdir / "agreement.annotator", workdir / "agreement.jsonl"
    made = build(path, jsonl, documents)
    result.info.update(made)
    result.peaks["build"] = peak_mb()
    out(
        f"  made {documents:,} documents, {made['records']:,} layers, {made['spans']:,} spans, "
        f"{made['events']:,} events (generate {made['generate_s']:.1f} s, import {made['import_s']:.1f} s)"
    )

    started = time.perf_counter()
    agreement = app_agreement(path)
    app_s = time.perf_counter() - started
    result.peaks["app_agreement"] = result.peaks["measured"] = peak_mb()
    if agreement.documents != documents or len(agreement.pairs) != 3 or agreement.krippendorff_alpha is None:
        raise RuntimeError(
            f"unexpected figures: {agreement.documents} documents, {len(agreement.pairs)} pairs"
        )
    out(f"  project_agreement: {app_s:.2f} s")

    started = time.perf_counter()
    floor_documents, tokens, rows = floor(path)
    floor_s = time.perf_counter() - started
    result.peaks["floor"] = peak_mb()
    out(f"  sqlite3 reads + tokenize: {floor_s:.2f} s ({tokens:,} tokens, {rows:,} rows)")
    if floor_documents != documents:
        raise RuntimeError(f"the floor read {floor_documents} documents")

    overall = agreement.overall
    figures = {
        "alpha": agreement.krippendorff_alpha,
        "fleiss": agreement.fleiss_kappa,
        "kappa": overall.cohen_kappa,
        "span_f1_exact": overall.span_f1_exact,
        "span_f1_overlap": overall.span_f1_overlap,
        "trigger_f1": overall.event_trigger_f1,
        "argument_f1": overall.event_argument_f1,
    }
    result.info.update(app_s=app_s, floor_s=floor_s, tokens=tokens, rows=rows, figures=figures)
    shown = ", ".join(f"{k} {v:.3f}" for k, v in figures.items() if v is not None)
    result.rows.append(
        Row(
            "agreement",
            f"Agreement over {documents:,} documents x {len(NAMES)} annotators",
            "wall time, project_agreement",
            app_s,
            floor_s,
            "sqlite3 reads + tokenize",
            f"< {TARGET_S:.0f} s",
            app_s < TARGET_S,
            note=f"{made['spans']:,} spans, {made['events']:,} events, {tokens:,} tokens; {shown}",
        )
    )
    if with_profile:
        result.profiles["agreement"] = profile("agreement", lambda: app_agreement(path))
    return result

"""Agreement between the annotators of a project: their layers read in one pass, then the model's figures."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from annotator.model.agreement import Agreement, DocumentLayers, EventUnit, Layer, compute_agreement
from annotator.model.errors import ProjectError
from annotator.model.review import GOLD
from annotator.model.tokens import tokenize
from annotator.store.export import EventRow, ExportLayer, export_layers
from annotator.store.project import Project


def labelling_annotators(project: Project) -> list[str]:
    """The annotators who have at least one span or event in the project, by name; not the gold layer.

    The gold layer is the review's outcome, not one more annotator to compare (name it to compare with it).
    """
    rows = project.db.conn.execute(
        "SELECT name FROM annotators WHERE (id IN (SELECT annotator_id FROM spans) "
        "OR id IN (SELECT annotator_id FROM events)) AND name != ? ORDER BY name",
        [GOLD],
    )
    return [str(row[0]) for row in rows]


def project_agreement(project: Project, annotators: Sequence[str] | None = None) -> Agreement:
    """The agreement figures of ``annotators`` (default: everyone with labels but gold), in the order given.

    Raises ProjectError for a name the project does not have, or for fewer than two annotators.
    """
    names = _annotators(project, annotators)
    return compute_agreement(_documents(project, set(names)), names)


def _annotators(project: Project, annotators: Sequence[str] | None) -> list[str]:
    labelling = labelling_annotators(project)
    if annotators is None:
        if len(labelling) < 2:
            has = f"labels by {labelling[0]} only" if labelling else "no labels yet"
            raise ProjectError(f"agreement needs labels by at least two annotators; the project has {has}")
        return labelling
    names = list(dict.fromkeys(name.strip() for name in annotators if name.strip()))
    known = project.annotators()
    unknown = [name for name in names if name not in known]
    if unknown:
        listed = ", ".join(known) or "none yet"
        missing = ", ".join(repr(name) for name in unknown)
        raise ProjectError(f"no annotator {missing} in the project (annotators: {listed})")
    if len(names) < 2:
        asked = f"only {names[0]} was" if names else "none were"
        raise ProjectError(f"agreement needs labels by at least two annotators; {asked} named")
    return names


def _documents(project: Project, wanted: set[str]) -> Iterator[DocumentLayers]:
    """Each document with layers of two or more of the wanted annotators, tokenised."""
    doc_id = -1
    group: list[ExportLayer] = []
    for layer in export_layers(project):
        if layer.doc_id != doc_id:
            if len(group) >= 2:
                yield _document(group)
            doc_id, group = layer.doc_id, []
        if layer.annotator in wanted:
            group.append(layer)
    if len(group) >= 2:
        yield _document(group)


def _document(group: list[ExportLayer]) -> DocumentLayers:
    first = group[0]
    layers = {
        layer.annotator: Layer(layer.entities, _events(layer.events, layer.entities))
        for layer in group
        if layer.annotator is not None
    }
    return DocumentLayers(first.doc_id, tokenize(first.text), layers, first.title)


def _events(events: list[EventRow], entities: list[tuple[int, int, str]]) -> list[EventUnit]:
    """Events with their fillers' offsets and labels in place of entity ids (``Tn``: the n-th entity)."""
    out: list[EventUnit] = []
    for kind, start, end, arguments in events:
        fillers = []
        for role, entity_id in arguments:
            filler_start, filler_end, label = entities[int(entity_id[1:]) - 1]
            fillers.append((role, filler_start, filler_end, label))
        out.append((kind, start, end, tuple(fillers)))
    return out

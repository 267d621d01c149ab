"""``annotator agreement``: how far the annotators agree, as a table or as JSON.

Registered by ``annotator.cli`` with ``cli.add_command(agreement_command)``; the shared option and
helpers come from ``annotator.cli.common``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.cli.common import PROJECT_OPTION, open_project, user_errors
from annotator.model.agreement import Agreement, DocumentAgreement, PairAgreement
from annotator.store.agreement import project_agreement

WORST_DOCUMENTS = 10


@click.command("agreement")
@PROJECT_OPTION
@click.option(
    "--annotators",
    "-a",
    metavar="NAME,NAME...",
    help="Compare only these annotators, comma-separated [default: everyone with labels, not gold].",
)
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON.")
def agreement_command(project_path: Path | None, annotators: str | None, as_json: bool) -> None:
    """Measure how far annotators agree: F1, kappa and alpha.

    Pairs compare the documents both annotators labelled. Token figures give each token the label of the
    longest span over it (O for none); per label they compare that label with all the others. The gold
    layer is left out unless named in --annotators. n/a (null in JSON) marks a figure with nothing to
    measure.
    """
    names = None if annotators is None else [n.strip() for n in annotators.split(",") if n.strip()]
    with user_errors(), open_project(project_path) as project:
        agreement = project_agreement(project, names)
    if as_json:
        click.echo(json.dumps(agreement.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in agreement_lines(agreement):
            click.echo(line)


def _plural(count: int, word: str) -> str:
    """``1 document``, ``10,000 documents``: with thousands separators, as the tables have them."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    """Columns padded to their widest cell, each aligned as ``align`` says (``l`` or ``r`` per column)."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.ljust(width) if side == "l" else cell.rjust(width)
            for cell, width, side in zip(cells, widths, align, strict=True)
        ]
        return "  ".join(padded).rstrip()

    return [line(header)] + [line(row) for row in rows]


def _pair_row(name: str, pair: PairAgreement) -> list[str]:
    return [
        name,
        f"{pair.documents:,}",
        f"{pair.tokens:,}",
        _figure(pair.span_f1_exact),
        _figure(pair.span_f1_overlap),
        _figure(pair.cohen_kappa),
        _figure(pair.event_trigger_f1),
        _figure(pair.event_argument_f1),
    ]


def agreement_lines(agreement: Agreement) -> list[str]:
    """The readable report: pairs, the coefficients over everyone, labels and the worst documents."""
    who = "both" if len(agreement.annotators) == 2 else "two or more of them"
    lines = [
        f"Agreement of {', '.join(agreement.annotators)} over "
        f"{_plural(agreement.documents, 'document')} labelled by {who}",
        "",
    ]
    header = [
        "Pair",
        "Docs",
        "Tokens",
        "Span F1 exact",
        "overlap",
        "Cohen kappa",
        "Trigger F1",
        "Argument F1",
    ]
    rows = [_pair_row(f"{pair.a} / {pair.b}", pair) for pair in agreement.pairs]
    if len(agreement.pairs) > 1:
        rows.append(_pair_row("All pairs", agreement.overall))
    lines += _table(header, rows, "lrrrrrrr")
    lines += ["", f"Krippendorff's alpha (nominal, token labels): {_figure(agreement.krippendorff_alpha)}"]
    if agreement.fleiss_documents:
        documents = _plural(agreement.fleiss_documents, "document")
        kappa = _figure(agreement.fleiss_kappa)
        lines.append(f"Fleiss' kappa (token labels, {documents} with 3 or more annotators): {kappa}")
    else:
        lines.append("Fleiss' kappa: n/a (no document has 3 or more annotators)")
    if agreement.per_label:
        lines += ["", "Per label (the token figures: this label or not):"]
        header = ["Label", "Spans", "Span F1 exact", "overlap", "Cohen kappa", "Alpha"]
        label_rows = [
            [
                label,
                f"{figures.spans:,}",
                _figure(figures.span_f1_exact),
                _figure(figures.span_f1_overlap),
                _figure(figures.cohen_kappa),
                _figure(figures.krippendorff_alpha),
            ]
            + ([_figure(figures.fleiss_kappa)] if agreement.fleiss_documents else [])
            for label, figures in agreement.per_label.items()
        ]
        if agreement.fleiss_documents:
            header.append("Fleiss")
        lines += _table(header, label_rows, "l" + "r" * (len(header) - 1))
    lines.append("")
    lines += _worst_documents(list(agreement.per_document.values()), who)
    return lines


def _worst_documents(documents: list[DocumentAgreement], who: str) -> list[str]:
    disputed = [d for d in documents if d.disagreements or d.disagreeing_tokens]
    if not documents:
        return [f"No document was labelled by {who}."]
    if not disputed:
        return ["Every document: full agreement."]

    def order(document: DocumentAgreement) -> tuple[float, int, int]:
        alpha = document.krippendorff_alpha
        return (2.0 if alpha is None else alpha, -document.disagreements, document.doc_id)

    worst = sorted(disputed, key=order)[:WORST_DOCUMENTS]
    rows = [
        [
            str(d.doc_id),
            _figure(d.krippendorff_alpha),
            f"{d.disagreements:,}",
            _short(d.title),
        ]
        for d in worst
    ]
    title = f"Least agreement ({len(worst)} of {_plural(len(disputed), 'document')} with disagreements):"
    return [title, *_table(["Doc", "Alpha", "Disagreements", "Title"], rows, "rrrl")]


def _short(title: str) -> str:
    """A title on one line (line and paragraph separators too), shortened to 50 characters."""
    title = " ".join(title.split())
    return title if len(title) <= 50 else title[:49] + "…"

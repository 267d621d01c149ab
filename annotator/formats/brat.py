"""brat standoff: a folder of ``X.txt`` + ``X.ann`` pairs, and an ``annotation.conf`` for the schema.

Decisions (see the tests for the exact behaviour):

- Offsets are code points over the ``.txt`` exactly as stored (CRLF, lone CR, U+2028 all kept).
- Only ``T`` and ``E`` lines are in our model. ``R``, ``A``/``M``, ``#``, ``*`` and ``N`` lines are
  skipped and listed in the FormatReport, as are event arguments that name another event or a trigger.
- A ``T`` line named as the trigger of an ``E`` line is that event's trigger, never an entity.
- Event type names cannot hold ':' in brat. ``Type:Subtype`` is written as ``Subtype`` when no other
  event or entity type of the schema would get that name, else as ``Type_Subtype``; reading with the
  same schema maps the names back, reading without one keeps the brat names.
- A repeated role gets a number (``Target``, ``Target2``); reading strips the trailing digits unless the
  schema knows the numbered name as a role of that event type.
- A ``T`` line's text cannot hold a line break, so a span that crosses lines is written as brat does:
  fragments split at the line breaks (``0 5;6 10``), text joined by spaces. Reading joins fragments
  whose gaps are only line-break characters; other discontinuous spans are skipped and reported. A span
  that starts or ends with a line break cannot be written this way and is skipped and reported.
- A ``.txt`` without its ``.ann`` is a document without annotations; a ``.ann`` without its ``.txt``
  is reported. A BOM at the start of a ``.txt`` is kept as U+FEFF, as brat counts it in the offsets.
- Entity ids are renumbered ``T1``.. in record order, triggers follow, events are ``E1``...
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.formats.report import FormatReport
from annotator.formats.text import BOM, decode_utf8, read_bytes
from annotator.model.errors import FormatError
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord
from annotator.model.schema import Schema

# The characters str.splitlines (and brat's codecs-based reader) treat as line ends.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RUN = re.compile(f"[{LINE_BREAKS}]+")
_NOT_BREAK_RUN = re.compile(f"[^{LINE_BREAKS}]+")
_OFFSETS = re.compile(r"\d+ \d+(;\d+ \d+)*")
_DOTS = re.compile(r"\.{2,}")
_TRAILING_DIGITS = re.compile(r"\d+$")
_UNSAFE = re.compile(r'[/\\:*?"<>|]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(10)}
_SKIPPED_LINES = {
    "R": ("relation", "relations are not in our model"),
    "A": ("attribute", "attributes are not in our model"),
    "M": ("attribute", "attributes are not in our model"),
    "#": ("note", "notes are not in our model"),
    "*": ("equivalence", "equivalences are not in our model"),
    "N": ("normalization", "normalizations are not in our model"),
}
MAX_NAME_BYTES = 100


def brat_event_names(schema: Schema) -> dict[str, str]:
    """Our event type name -> its brat name (no ':'), one to one."""
    taken = {et.name for et in schema.entity_types}
    subtypes: dict[str, int] = {}
    for ev in schema.event_types:
        sub = ev.name.rsplit(":", 1)[-1]
        subtypes[sub] = subtypes.get(sub, 0) + 1
    names: dict[str, str] = {}
    # Names without ':' stay as they are and are claimed first.
    for ev in schema.event_types:
        if ":" not in ev.name:
            names[ev.name] = ev.name
            taken.add(ev.name)
    for ev in schema.event_types:
        if ":" in ev.name:
            sub = ev.name.rsplit(":", 1)[-1]
            name = sub if subtypes[sub] == 1 and sub not in taken else ev.name.replace(":", "_")
            base, number = name, 2
            while name in taken:
                name, number = f"{base}-{number}", number + 1
            names[ev.name] = name
            taken.add(name)
    return names


def _brat_event_name(kind: str, names: dict[str, str]) -> str:
    return names.get(kind, kind.replace(":", "_"))


# --- reading -----------------------------------------------------------------------------------------


@dataclass
class _Bound:
    """A parsed ``T`` line."""

    ident: str
    kind: str
    start: int
    end: int
    text: str
    line: int


def read_brat(
    path: Path | str, schema: Schema | None = None, report: FormatReport | None = None
) -> Iterator[DocumentRecord]:
    """Yield one document per ``.txt``/``.ann`` pair of a folder (sorted), or of one given file.

    Args:
        path: a folder, or one ``.ann`` or ``.txt`` file.
        schema: maps brat event type and role names back to the schema's; without it they are kept.
        report: filled with counts and with every line or argument our model cannot hold.
    """
    path = Path(path)
    report = report if report is not None else FormatReport()
    if path.is_dir():
        pairs = [(txt, txt.with_suffix(".ann")) for txt in sorted(path.glob("*.txt")) if txt.is_file()]
        for ann in sorted(path.glob("*.ann")):
            if not ann.with_suffix(".txt").is_file():
                report.skip(f"brat file {ann.name}", "it has no .txt file beside it", str(ann))
    elif path.suffix in (".ann", ".txt"):
        pairs = [(path.with_suffix(".txt"), path.with_suffix(".ann"))]
    else:
        raise FormatError(f"{path}: expected a folder, a .ann or a .txt file")
    for txt, ann in pairs:
        yield _read_pair(txt, ann, schema, report)


def read_brat_with_report(
    path: Path | str, schema: Schema | None = None
) -> tuple[list[DocumentRecord], FormatReport]:
    """Every document of read_brat, with the report of what was read and skipped."""
    report = FormatReport()
    return list(read_brat(path, schema, report)), report


def _read_pair(txt: Path, ann: Path, schema: Schema | None, report: FormatReport) -> DocumentRecord:
    data = read_bytes(txt)
    # brat counts a BOM as a character, so it stays in the text to keep the offsets right.
    text = ("\ufeff" if data.startswith(BOM) else "") + decode_utf8(data, str(txt))
    content = decode_utf8(read_bytes(ann), str(ann)) if ann.exists() else ""
    bounds: dict[str, _Bound] = {}
    events: list[tuple[int, str, str]] = []  # (line, id, the rest)
    ids: set[str] = set()
    for number, raw in enumerate(content.split("\n"), 1):
        line = raw.removesuffix("\r")
        where = f"{ann}:{number}"
        if not line.strip():
            continue
        kind = line[0]
        if kind in _SKIPPED_LINES:
            what, why = _SKIPPED_LINES[kind]
            report.skip(f"brat {what} {line.split(maxsplit=1)[0]}", why, where)
            continue
        parts = line.split("\t", 2)
        ident = parts[0]
        if ident in ids:
            raise FormatError(f"{where}: the id {ident!r} is used twice")
        if kind == "T":
            bound = _parse_bound(parts, text, where, number, report)
            if bound is not None:
                bounds[ident] = bound
            ids.add(ident)
        elif kind == "E":
            if len(parts) < 2 or not parts[1].strip():
                raise FormatError(f"{where}: expected 'E1<TAB>Type:T1 Role:T2 ...'")
            events.append((number, ident, parts[1]))
            ids.add(ident)
        else:
            raise FormatError(f"{where}: unknown annotation id {ident!r} (expected T, E, R, A, M, N, # or *)")

    event_ids = {ident for _, ident, _ in events}
    triggers: set[str] = set()
    parsed: list[tuple[int, str, str, str, list[tuple[str, str]]]] = []
    for number, ident, rest in events:
        where = f"{ann}:{number}"
        head, *args = rest.split()
        kind, sep, trigger = head.partition(":")
        if not sep or not kind or not trigger:
            raise FormatError(f"{where}: event {ident} starts with {head!r}, expected 'Type:T1'")
        if trigger not in bounds:
            if trigger in ids:  # a T line skipped (reported) above
                report.skip(f"brat event {ident}", f"its trigger {trigger} was skipped", where)
                continue
            raise FormatError(
                f"{where}: event {ident} names trigger {trigger!r}, which is not a T line of {ann.name}"
            )
        roles: list[tuple[str, str]] = []
        for arg in args:
            role, sep, target = arg.partition(":")
            if not sep or not role or not target:
                raise FormatError(f"{where}: event {ident} argument {arg!r} is not 'Role:Id'")
            if target not in ids:
                raise FormatError(
                    f"{where}: event {ident} argument {arg!r} names {target!r}, "
                    f"which is not defined in {ann.name}"
                )
            roles.append((role, target))
        triggers.add(trigger)
        parsed.append((number, ident, kind, trigger, roles))

    entities = [
        EntityRecord(b.ident, b.start, b.end, b.kind, b.text, b.line)
        for b in bounds.values()
        if b.ident not in triggers
    ]
    entity_ids = {e.id for e in entities}
    reverse = {v: k for k, v in brat_event_names(schema).items()} if schema else {}
    records: list[EventRecord] = []
    for number, ident, kind, trigger, roles in parsed:
        where = f"{ann}:{number}"
        our_kind = reverse.get(kind, kind)
        event_type = schema.event_type(our_kind) if schema else None
        arguments: list[ArgumentRecord] = []
        for role, target in roles:
            if target not in entity_ids:
                why = (
                    "nested events are not in our model"
                    if target in event_ids
                    else "it names a trigger or a skipped span, not an entity"
                )
                report.skip(f"brat argument {ident} {role}:{target}", why, where)
                continue
            known = event_type is not None and event_type.role(role) is not None
            stripped = _TRAILING_DIGITS.sub("", role)
            arguments.append(ArgumentRecord(role if known or not stripped else stripped, target))
        t = bounds[trigger]
        records.append(EventRecord(ident, our_kind, t.start, t.end, t.text, tuple(arguments), number))

    report.documents += 1
    report.spans += len(entities)
    report.events += len(records)
    return DocumentRecord(
        text=text,
        title=txt.stem,
        ext_id=txt.stem,
        entities=tuple(entities),
        events=tuple(records),
        source=str(ann),
    )


def _parse_bound(parts: list[str], text: str, where: str, number: int, report: FormatReport) -> _Bound | None:
    """One ``T`` line, checked against the text; None (and a report entry) for an unjoinable span."""
    if len(parts) != 3:
        raise FormatError(f"{where}: expected 'T1<TAB>Type start end<TAB>text'")
    ident, middle, given = parts
    kind, _, offsets = middle.partition(" ")
    if not kind or not _OFFSETS.fullmatch(offsets):
        raise FormatError(
            f"{where}: {ident} expected 'Type start end' (or 'start end;start end'), got {middle!r}"
        )
    fragments = [tuple(int(n) for n in frag.split(" ")) for frag in offsets.split(";")]
    for start, end in fragments:
        if start >= end:
            raise FormatError(f"{where}: {ident} start {start} is not before end {end}")
        if end > len(text):
            raise FormatError(
                f"{where}: {ident} offsets {start}-{end} are outside the text (length {len(text)})"
            )
    actual = " ".join(text[start:end] for start, end in fragments)
    if given != actual:
        raise FormatError(
            f"{where}: {ident} text {given!r} does not match the document text {actual!r} at {offsets}"
        )
    for (_, end), (start, _) in itertools.pairwise(fragments):
        if start <= end or _BREAK_RUN.fullmatch(text[end:start]) is None:
            report.skip(
                f"brat span {ident}",
                "discontinuous spans are not in our model (only line-break gaps are joined)",
                where,
            )
            return None
    start, end = fragments[0][0], fragments[-1][1]
    return _Bound(ident, kind, start, end, text[start:end], number)


# --- writing -----------------------------------------------------------------------------------------


def safe_name(raw: str) -> str:
    """A file stem that stays inside its folder on every system: no separators, '..', controls or CON."""
    name = "".join("_" if unicodedata.category(ch).startswith("C") else ch for ch in raw)
    name = _DOTS.sub(".", _UNSAFE.sub("_", name))
    name = name.strip(" .")
    encoded = name.encode("utf-8")[:MAX_NAME_BYTES]
    name = encoded.decode("utf-8", errors="ignore").strip(" .")
    if not name:
        name = "document"
    if name.split(".")[0].upper() in _RESERVED:
        name = f"_{name}"
    return name


def _unique(name: str, used: set[str]) -> str:
    candidate, number = name, 2
    while candidate.casefold() in used:  # case-insensitive systems would merge them
        candidate, number = f"{name}-{number}", number + 1
    used.add(candidate.casefold())
    return candidate


def write_brat(records: Iterable[DocumentRecord], folder: Path | str, schema: Schema) -> FormatReport:
    """Write ``<name>.txt`` and ``<name>.ann`` per record and ``annotation.conf`` into folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    report = FormatReport()
    names = brat_event_names(schema)
    used: set[str] = set()
    for record in records:
        name = _unique(safe_name(record.ext_id or record.title), used)
        txt, ann = root / f"{name}.txt", root / f"{name}.ann"
        if txt.parent != root or ann.parent != root:  # safe_name makes this impossible; keep the guard
            raise FormatError(f"{record.where}: unsafe file name {name!r}")
        if record.ext_id and name != record.ext_id:
            # One line in the summary however many; where says what each id became.
            why = (
                "not a safe file name as it is: the file name is the id made safe, which re-import reads back"
            )
            report.skip("document id", why, f"{record.where}: {record.ext_id!r} written as {name}.txt")
        lines = _ann_lines(record, names, report)
        with txt.open("w", encoding="utf-8", newline="") as handle:
            handle.write(record.text)
        with ann.open("w", encoding="utf-8", newline="") as handle:
            handle.write("".join(f"{line}\n" for line in lines))
        report.documents += 1
    (root / "annotation.conf").write_text(annotation_conf(schema), encoding="utf-8", newline="")
    return report


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The span split at line breaks, or None when it starts or ends with one (not reversible)."""
    covered = text[start:end]
    if covered[0] in LINE_BREAKS or covered[-1] in LINE_BREAKS:
        return None
    return [(start + m.start(), start + m.end()) for m in _NOT_BREAK_RUN.finditer(covered)]


def _t_line(ident: str, kind: str, text: str, start: int, end: int) -> str | None:
    frags = _fragments(text, start, end)
    if frags is None:
        return None
    offsets = ";".join(f"{s} {e}" for s, e in frags)
    return f"{ident}\t{kind} {offsets}\t{' '.join(text[s:e] for s, e in frags)}"


def _brat_safe(name: str) -> bool:
    return bool(name) and not any(ch.isspace() or ch == ":" for ch in name)


def _ann_lines(record: DocumentRecord, names: dict[str, str], report: FormatReport) -> list[str]:
    text, where = record.text, record.ext_id or record.title or record.where
    lines: list[str] = []
    ids: dict[str, str] = {}
    number = 0
    for entity in record.entities:
        if not (0 <= entity.start < entity.end <= len(text)):
            report.skip(
                f"span {entity.id}", f"offsets {entity.start}-{entity.end} are outside the text", where
            )
            continue
        if not _brat_safe(entity.label):
            report.skip(f"span {entity.id}", f"label {entity.label!r} cannot be a brat type", where)
            continue
        line = _t_line(f"T{number + 1}", entity.label, text, entity.start, entity.end)
        if line is None:
            report.skip(
                f"span {entity.id}", "it starts or ends with a line break (brat cannot hold it)", where
            )
            continue
        number += 1
        ids[entity.id] = f"T{number}"
        lines.append(line)
        report.spans += 1
    for index, event in enumerate(record.events, 1):
        kind = _brat_event_name(event.type, names)
        start, end = event.trigger_start, event.trigger_end
        if not (0 <= start < end <= len(text)):
            report.skip(f"event {event.id}", f"trigger offsets {start}-{end} are outside the text", where)
            continue
        if not _brat_safe(kind):
            report.skip(f"event {event.id}", f"type {event.type!r} cannot be a brat type", where)
            continue
        line = _t_line(f"T{number + 1}", kind, text, start, end)
        if line is None:
            report.skip(f"event {event.id}", "its trigger starts or ends with a line break", where)
            continue
        number += 1
        lines.append(line)
        args: list[str] = []
        seen: dict[str, int] = {}
        for arg in event.arguments:
            if arg.entity not in ids:
                report.skip(
                    f"argument {event.id} {arg.role}", f"entity {arg.entity!r} was not written", where
                )
                continue
            seen[arg.role] = seen.get(arg.role, 0) + 1
            suffix = str(seen[arg.role]) if seen[arg.role] > 1 else ""
            args.append(f" {arg.role}{suffix}:{ids[arg.entity]}")
        lines.append(f"E{index}\t{kind}:T{number}{''.join(args)}")
        report.events += 1
    return lines


_CARDINALITY = {"1": "", "?": "?", "*": "*", "+": "+"}


def annotation_conf(schema: Schema) -> str:
    """The brat ``annotation.conf`` for a schema: entities, events with their roles, empty relations."""
    names = brat_event_names(schema)
    lines = ["[entities]", *(et.name for et in schema.entity_types), "", "[relations]", "", "[events]"]
    for ev in schema.event_types:
        roles = ", ".join(f"{r.name}{_CARDINALITY[r.cardinality]}:{'|'.join(r.types)}" for r in ev.roles)
        lines.append(f"{names[ev.name]}\t{roles}" if roles else names[ev.name])
    lines += ["", "[attributes]", ""]
    return "\n".join(lines)

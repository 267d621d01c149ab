"""brat standoff: round trips over adversarial text, a hand-written example, errors, safe names, conf."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.brat import (
    annotation_conf,
    brat_event_names,
    read_brat,
    read_brat_with_report,
    safe_name,
    write_brat,
)
from annotator.formats.report import FormatReport, Skipped
from annotator.model.errors import FormatError
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord
from annotator.model.schema import EntityType, EventType, Role, Schema

SCHEMA = Schema(
    "test",
    (
        EntityType("PER", "", "#ffcccc", "#550000", "p"),
        EntityType("GPE", "", "#ccffcc", "#005500", "g"),
    ),
    (
        EventType(
            "Conflict:Attack",
            "",
            (
                Role("Attacker", ("PER", "GPE"), "?"),
                Role("Target", ("PER", "GPE"), "*"),
                Role("Place", ("GPE",), "1"),
            ),
        ),
    ),
)

ADVERSARIAL = (
    "Flags 🇸🇾 and 😀 and family 👨\u200d👩\u200d👧 and cafe\u0301.\r\n"
    "مصطفى بالي قال\rlone CR\u2028line sep then Alice attacked Bob in Paris\n"
)


def _entity(ident: str, text: str, needle: str, label: str, *, nth: int = 0) -> EntityRecord:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return EntityRecord(ident, start, start + len(needle), label, needle)


def _adversarial_record() -> DocumentRecord:
    text = ADVERSARIAL
    entities = (
        _entity("T1", text, "🇸🇾", "GPE"),
        _entity("T2", text, "👨\u200d👩\u200d👧", "PER"),
        _entity("T3", text, "cafe\u0301", "GPE"),
        _entity("T4", text, "مصطفى بالي", "PER"),
        _entity("T5", text, "مصطفى", "PER"),  # nested inside T4
        _entity("T6", text, "Alice", "PER"),
        _entity("T7", text, "Bob", "PER"),
        _entity("T8", text, "Paris", "GPE"),
        _entity("T9", text, "cafe\u0301.\r\nمصطفى", "GPE"),  # crosses CRLF
        _entity("T10", text, "CR\u2028line", "PER"),  # crosses U+2028
        _entity("T11", text, "😀", "PER"),
        _entity("T12", text, "قال\rlone", "PER"),  # crosses a lone CR
    )
    trigger = text.index("attacked")
    event = EventRecord(
        "E1",
        "Conflict:Attack",
        trigger,
        trigger + len("attacked"),
        "attacked",
        (
            ArgumentRecord("Attacker", "T6"),
            ArgumentRecord("Target", "T7"),
            ArgumentRecord("Target", "T2"),
            ArgumentRecord("Place", "T8"),
        ),
    )
    return DocumentRecord(text=text, title="Adversarial", ext_id="adv", entities=entities, events=(event,))


def _key(record: DocumentRecord) -> tuple[object, ...]:
    return (record.text, record.entities, record.events)


def test_round_trip_keeps_text_offsets_labels_and_events(tmp_path: Path) -> None:
    record = _adversarial_record()
    plain = DocumentRecord(text="Bob\r\n", ext_id="plain", entities=(EntityRecord("T1", 0, 3, "PER", "Bob"),))
    report = write_brat([record, plain], tmp_path, SCHEMA)
    assert report == FormatReport(documents=2, spans=13, events=1)
    assert (tmp_path / "adv.txt").read_bytes() == ADVERSARIAL.encode("utf-8")
    read_report = FormatReport()
    back = list(read_brat(tmp_path, SCHEMA, read_report))
    assert [r.ext_id for r in back] == ["adv", "plain"]
    assert [r.title for r in back] == ["adv", "plain"]
    assert _key(back[0]) == _key(record)
    assert _key(back[1]) == _key(plain)
    assert read_report == FormatReport(documents=2, spans=13, events=1)


def test_written_ann_uses_brat_names_numbered_roles_and_fragments(tmp_path: Path) -> None:
    write_brat([_adversarial_record()], tmp_path, SCHEMA)
    lines = (tmp_path / "adv.ann").read_text(encoding="utf-8").split("\n")
    text = ADVERSARIAL
    start = text.index("cafe\u0301")
    arabic = text.index("مصطفى")
    assert lines[8] == f"T9\tGPE {start} {start + 6};{arabic} {arabic + 5}\tcafe\u0301. مصطفى"
    assert lines[-2].startswith("E1\tAttack:T13 Attacker:T6 Target:T7 Target2:T2 Place:T8")
    assert lines[-1] == ""


def test_round_trip_single_file_and_without_schema(tmp_path: Path) -> None:
    write_brat([_adversarial_record()], tmp_path, SCHEMA)
    (back,) = read_brat(tmp_path / "adv.ann")
    assert back.events[0].type == "Attack"  # no schema: the brat name is kept
    assert [a.role for a in back.events[0].arguments] == ["Attacker", "Target", "Target", "Place"]
    (again,) = read_brat(tmp_path / "adv.txt", SCHEMA)
    assert again.events[0].type == "Conflict:Attack"


def test_spans_that_start_or_end_with_a_line_break_are_reported(tmp_path: Path) -> None:
    record = DocumentRecord(
        text="Bob\nAlice",
        ext_id="d",
        entities=(EntityRecord("a", 0, 4, "PER"), EntityRecord("b", 4, 9, "PER")),
        events=(EventRecord("E1", "Conflict:Attack", 0, 3, None, (ArgumentRecord("Target", "a"),)),),
    )
    report = write_brat([record], tmp_path, SCHEMA)
    assert report.skipped == [
        Skipped("span a", "it starts or ends with a line break (brat cannot hold it)", "d"),
        Skipped("argument E1 Target", "entity 'a' was not written", "d"),
    ]
    assert (tmp_path / "d.ann").read_text(encoding="utf-8") == (
        "T1\tPER 4 9\tAlice\nT2\tAttack 0 3\tBob\nE1\tAttack:T2\n"
    )


HAND_TEXT = "Alice attacked Bob and Carol in Paris.\n"
HAND_ANN = (
    "T1\tPER 0 5\tAlice\n"
    "T2\tPER 15 18\tBob\n"
    "T3\tPER 23 28\tCarol\n"
    "T4\tGPE 32 37\tParis\n"
    "T5\tAttack 6 14\tattacked\n"
    "E1\tAttack:T5 Attacker:T1 Target:T2 Target2:T3 Place:T4\n"
    "R1\tLocated Arg1:T1 Arg2:T4\n"
    "A1\tNegated E1\n"
    "#1\tAnnotatorNotes T1\tthe attacker\n"
    "*\tEquiv T2 T3\n"
)


def _hand(tmp_path: Path, ann: str = HAND_ANN, text: str = HAND_TEXT) -> Path:
    (tmp_path / "doc1.txt").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "doc1.ann").write_text(ann, encoding="utf-8", newline="")
    return tmp_path / "doc1.ann"


def test_hand_written_example(tmp_path: Path) -> None:
    ann = _hand(tmp_path)
    (record,), report = read_brat_with_report(tmp_path, SCHEMA)
    assert record.text == HAND_TEXT
    assert record.ext_id == record.title == "doc1"
    assert record.entities == (
        EntityRecord("T1", 0, 5, "PER", "Alice"),
        EntityRecord("T2", 15, 18, "PER", "Bob"),
        EntityRecord("T3", 23, 28, "PER", "Carol"),
        EntityRecord("T4", 32, 37, "GPE", "Paris"),
    )
    assert record.events == (
        EventRecord(
            "E1",
            "Conflict:Attack",
            6,
            14,
            "attacked",
            (
                ArgumentRecord("Attacker", "T1"),
                ArgumentRecord("Target", "T2"),
                ArgumentRecord("Target", "T3"),
                ArgumentRecord("Place", "T4"),
            ),
        ),
    )
    assert report.skipped == [
        Skipped("brat relation R1", "relations are not in our model", f"{ann}:7"),
        Skipped("brat attribute A1", "attributes are not in our model", f"{ann}:8"),
        Skipped("brat note #1", "notes are not in our model", f"{ann}:9"),
        Skipped("brat equivalence *", "equivalences are not in our model", f"{ann}:10"),
    ]
    assert report.lines()[0] == "1 document, 4 spans, 1 event"


def test_discontinuous_span_and_nested_event_argument_are_reported(tmp_path: Path) -> None:
    ann = _hand(
        tmp_path,
        "T1\tPER 0 5;15 18\tAlice Bob\n"
        "T2\tAttack 6 14\tattacked\n"
        "T3\tGPE 32 37\tParis\n"
        "E1\tAttack:T2 Place:T3\n"
        "E2\tAttack:T2 Target:E1\n",
    )
    report = FormatReport()
    (record,) = read_brat(ann, None, report)
    assert record.entities == (EntityRecord("T3", 32, 37, "GPE", "Paris"),)
    assert [e.arguments for e in record.events] == [(ArgumentRecord("Place", "T3"),), ()]
    assert report.skipped == [
        Skipped(
            "brat span T1",
            "discontinuous spans are not in our model (only line-break gaps are joined)",
            f"{ann}:1",
        ),
        Skipped("brat argument E2 Target:E1", "nested events are not in our model", f"{ann}:5"),
    ]


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tPER 0 5\tAlicf\n", "{ann}:1: T1 text 'Alicf' does not match the document text 'Alice' at 0 5"),
        (
            "T1\tPER 0 5\tAlice\nT2\tPER 30 99\tx\n",
            "{ann}:2: T2 offsets 30-99 are outside the text (length 39)",
        ),
        (
            "T1\tPER 0 5\tAlice\nE1\tAttack:T9 Attacker:T1\n",
            "{ann}:2: event E1 names trigger 'T9', which is not a T line of doc1.ann",
        ),
        (
            "T5\tAttack 6 14\tattacked\nE1\tAttack:T5 Attacker:T1\n",
            "{ann}:2: event E1 argument 'Attacker:T1' names 'T1', which is not defined in doc1.ann",
        ),
        ("T1\tPER 5 5\t\n", "{ann}:1: T1 start 5 is not before end 5"),
        ("T1\tPER 0 5\tAlice\nT1\tPER 0 5\tAlice\n", "{ann}:2: the id 'T1' is used twice"),
        ("X1\tfoo\n", "{ann}:1: unknown annotation id 'X1' (expected T, E, R, A, M, N, # or *)"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, ann: str, message: str) -> None:
    path = _hand(tmp_path, ann)
    with pytest.raises(FormatError) as info:
        list(read_brat(path))
    assert str(info.value) == message.format(ann=path)


UNSAFE = [
    "../../etc/passwd",
    "a/b",
    "CON",
    "",
    "..",
    "ü😀",
    "a\\b",
    "con.txt",
    ".hidden",
    "x\x00y\n",
    "😀" * 60,
]


def test_unsafe_names_never_escape_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    records = [DocumentRecord(text="Bob", ext_id=name) for name in UNSAFE]
    records.append(DocumentRecord(text="Bob", title="a_b"))  # collides with the safe "a/b"
    records.append(DocumentRecord(text="Bob", ext_id="A_B"))  # differs only in case
    write_brat(records, out, SCHEMA)
    outside = {p for p in tmp_path.rglob("*") if out not in p.parents and p != out}
    assert outside == set()
    files = sorted(p.name for p in out.iterdir())
    assert all(p.parent == out and p.is_file() for p in out.iterdir())
    stems = sorted(p.name.removesuffix(".txt") for p in out.glob("*.txt"))
    assert stems == sorted(
        [
            *("_._etc_passwd", "a_b", "_CON", "document", "document-2", "ü😀", "a_b-2", "_con.txt"),
            *("hidden", "x_y_", "😀" * 25, "a_b-3", "A_B-4"),
        ]
    )
    assert all(len(stem.encode("utf-8")) <= 100 for stem in stems)
    assert "annotation.conf" in files
    assert len(list(read_brat(out))) == len(records)


def test_an_id_that_cannot_be_a_file_name_is_reported_with_its_new_name(tmp_path: Path) -> None:
    records = [
        DocumentRecord(text="Bob", ext_id="../evil", source="in.jsonl", line=1),
        DocumentRecord(text="Bob", ext_id="fine"),
        DocumentRecord(text="Bob", ext_id="FINE"),
        DocumentRecord(text="Bob", title="no id"),
    ]
    report = write_brat(records, tmp_path / "out", SCHEMA)
    why = "not a safe file name as it is: the file name is the id made safe, which re-import reads back"
    assert report.skipped == [
        Skipped("document id", why, "in.jsonl:1: '../evil' written as _evil.txt"),
        Skipped("document id", why, "<records>: 'FINE' written as FINE-2.txt"),
    ]
    assert report.lines()[1:] == [f"Skipped 2 document ids: {why}"]


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "_._etc_passwd"),
        ("a/b", "a_b"),
        ("CON", "_CON"),
        ("lpt1.x", "_lpt1.x"),
        ("", "document"),
        ("..", "document"),
        (" .hidden. ", "hidden"),
        ("ü😀", "ü😀"),
        ("tab\there", "tab_here"),
    ],
)
def test_safe_name(raw: str, safe: str) -> None:
    assert safe_name(raw) == safe


def test_annotation_conf() -> None:
    assert annotation_conf(SCHEMA) == (
        "[entities]\n"
        "PER\n"
        "GPE\n"
        "\n"
        "[relations]\n"
        "\n"
        "[events]\n"
        "Attack\tAttacker?:PER|GPE, Target*:PER|GPE, Place:GPE\n"
        "\n"
        "[attributes]\n"
    )


def test_event_names_fall_back_to_type_underscore_subtype() -> None:
    schema = Schema(
        "s",
        (EntityType("Attack", "", "#ffcccc", "#550000", "a"),),
        (
            EventType("Conflict:Attack", "", ()),
            EventType("Life:Die", "", ()),
            EventType("Other:Die", "", ()),
            EventType("Meet", "", ()),
        ),
    )
    assert brat_event_names(schema) == {
        "Meet": "Meet",
        "Conflict:Attack": "Conflict_Attack",
        "Life:Die": "Life_Die",
        "Other:Die": "Other_Die",
    }


def test_bom_is_kept_and_orphan_ann_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfBob")
    (tmp_path / "a.ann").write_text("T1\tPER 1 4\tBob\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("no annotations", encoding="utf-8")
    (tmp_path / "orphan.ann").write_text("", encoding="utf-8")
    records, report = read_brat_with_report(tmp_path)
    assert [(r.text, r.entities) for r in records] == [
        ("\ufeffBob", (EntityRecord("T1", 1, 4, "PER", "Bob"),)),
        ("no annotations", ()),
    ]
    assert report.skipped == [
        Skipped("brat file orphan.ann", "it has no .txt file beside it", str(tmp_path / "orphan.ann"))
    ]

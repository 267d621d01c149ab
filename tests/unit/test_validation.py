"""Event validation: every kind of issue, its severity, message, jump target and order."""

from __future__ import annotations

from annotator.model.events import Argument, Event
from annotator.model.schema import Schema, parse_schema
from annotator.model.spans import Span
from annotator.model.validation import Issue, validate_events

TEXT = "The SDF bombed Baghouz; Mustafa Bali met reporters in\r\nHasakah."
ATTACK_ROLES = "Attacker, Target, Instrument, Place"


def schema() -> Schema:
    return parse_schema(
        {
            "name": "events",
            "entity_types": [{"name": n} for n in ("PER", "ORG", "GPE", "WEA")],
            "event_types": [
                {
                    "name": "Conflict:Attack",
                    "roles": [
                        {"name": "Attacker", "types": ["PER", "ORG"]},
                        {"name": "Target", "types": ["PER", "ORG", "GPE"], "cardinality": "+"},
                        {"name": "Instrument", "types": ["WEA"], "cardinality": "?"},
                        {"name": "Place", "types": ["GPE"], "cardinality": "1"},
                    ],
                },
                {"name": "Contact:Meet", "roles": [{"name": "Entity", "types": ["PER", "ORG"]}]},
            ],
        },
        "events",
    )


SPANS = {
    1: Span(1, 4, 7, "ORG"),  # SDF
    2: Span(2, 15, 22, "GPE"),  # Baghouz
    3: Span(3, 24, 36, "PER"),  # Mustafa Bali
    4: Span(4, 55, 62, "GPE"),  # Hasakah
}


def attack(*arguments: tuple[int, str, int], ident: int = 10, kind: str = "Conflict:Attack") -> Event:
    return Event(ident, kind, 8, 14, arguments=tuple(Argument(*a) for a in arguments))


def check(*events: Event) -> list[Issue]:
    return validate_events(events, SPANS, schema(), TEXT)


def test_a_complete_event_has_no_issues() -> None:
    assert check(attack((1, "Attacker", 1), (2, "Target", 2), (3, "Place", 2))) == []
    assert check(Event(11, "Contact:Meet", 37, 40)) == []


def test_missing_required_roles_point_at_the_trigger() -> None:
    assert check(attack((1, "Attacker", 1))) == [
        Issue(
            "error",
            "missing_role",
            "Conflict:Attack “bombed”: required role Target is empty",
            10,
            None,
            8,
            14,
        ),
        Issue(
            "error", "missing_role", "Conflict:Attack “bombed”: required role Place is empty", 10, None, 8, 14
        ),
    ]


def test_too_many_fillers() -> None:
    issues = check(attack((1, "Target", 2), (2, "Place", 2), (3, "Place", 4)))
    assert issues == [
        Issue(
            "error",
            "too_many",
            "Conflict:Attack “bombed”: role Place takes at most 1 filler but has 2",
            10,
            None,
            8,
            14,
        )
    ]


def test_a_filler_of_a_disallowed_type_is_a_warning_at_the_filler() -> None:
    (issue,) = check(attack((1, "Attacker", 2), (2, "Target", 1), (3, "Place", 2)))
    assert issue == Issue(
        "warning",
        "disallowed_type",
        "Conflict:Attack “bombed”: Attacker “Baghouz” is GPE; the role allows PER, ORG",
        10,
        1,
        15,
        22,
    )


def test_a_role_the_type_lacks_after_retyping() -> None:
    issues = check(
        Event(10, "Contact:Meet", 8, 14, arguments=(Argument(1, "Attacker", 1), Argument(2, "Entity", 3)))
    )
    assert issues == [
        Issue(
            "error",
            "unknown_role",
            "Contact:Meet “bombed”: Attacker “SDF” fills a role this event type does not have "
            "(roles: Entity)",
            10,
            1,
            4,
            7,
        )
    ]


def test_an_unknown_type_and_a_dangling_argument() -> None:
    issues = check(attack((1, "Target", 99), kind="Conflict:Riot"))
    assert issues == [
        Issue(
            "error",
            "unknown_type",
            "Conflict:Riot “bombed”: the event type Conflict:Riot is not in the project schema",
            10,
            None,
            8,
            14,
        ),
        Issue(
            "error",
            "dangling",
            "Conflict:Riot “bombed”: the Target argument points at span 99, which no longer exists",
            10,
            1,
            8,
            14,
        ),
    ]


def test_issues_come_in_reading_order_of_the_events() -> None:
    later = Event(20, "Contact:Meet", 37, 40, arguments=(Argument(5, "Entity", 4),))
    # A trigger across a line break is shown on one line.
    spread = Event(30, "Contact:Meet", 51, 62, arguments=(Argument(6, "Place", 4),))
    issues = check(spread, later, attack((1, "Attacker", 1)))
    assert [(i.event_id, i.kind) for i in issues] == [
        (10, "missing_role"),
        (10, "missing_role"),
        (20, "disallowed_type"),
        (30, "unknown_role"),
    ]
    assert issues[3].message == (
        "Contact:Meet “in Hasakah”: Place “Hasakah” fills a role this event type does not have "
        "(roles: Entity)"
    )
    assert [i.severity for i in issues] == ["error", "error", "warning", "error"]


def test_long_triggers_are_shortened() -> None:
    (issue,) = check(Event(1, "Conflict:Attack", 0, len(TEXT), arguments=(Argument(1, "Target", 1),)))
    assert issue.message == (
        "Conflict:Attack “The SDF bombed Baghouz; Mustafa Bali me…”: required role Place is empty"
    )

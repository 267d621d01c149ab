"""Tests for the label schema: the shipped ACE 2005 file, validation messages, round trips, added labels."""

from __future__ import annotations

import copy
import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.model.errors import SchemaError
from annotator.model.schema import (
    EntityType,
    Role,
    Schema,
    default_schema,
    load_schema,
    parse_schema,
)
from annotator.paths import default_schema_path

ACE_EVENT_TYPES = [
    "Life:Be-Born", "Life:Marry", "Life:Divorce", "Life:Injure", "Life:Die",
    "Movement:Transport",
    "Transaction:Transfer-Ownership", "Transaction:Transfer-Money",
    "Business:Start-Org", "Business:Merge-Org", "Business:Declare-Bankruptcy", "Business:End-Org",
    "Conflict:Attack", "Conflict:Demonstrate",
    "Contact:Meet", "Contact:Phone-Write",
    "Personnel:Start-Position", "Personnel:End-Position", "Personnel:Nominate", "Personnel:Elect",
    "Justice:Arrest-Jail", "Justice:Release-Parole", "Justice:Trial-Hearing", "Justice:Charge-Indict",
    "Justice:Sue", "Justice:Convict", "Justice:Sentence", "Justice:Fine", "Justice:Execute",
    "Justice:Extradite", "Justice:Acquit", "Justice:Appeal", "Justice:Pardon",
]  # fmt: skip


def _luminance(color: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _assert_readable_and_distinct(entity_types: tuple[EntityType, ...]) -> None:
    """Light tints carry black text, dark tints white text, and no two types share a colour."""
    for et in entity_types:
        assert _contrast(et.color, "#000000") >= 7, et
        assert _contrast(et.dark_color, "#ffffff") >= 4.5, et
    assert len({et.color for et in entity_types}) == len(entity_types)
    assert len({et.dark_color for et in entity_types}) == len(entity_types)


# --- the shipped ACE 2005 schema ---


def test_ace2005_entity_types() -> None:
    schema = default_schema()
    assert schema.name == "ACE 2005"
    assert schema.label_names == ["PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA", "TIME", "VALUE"]
    assert [et.hotkey for et in schema.entity_types] == list("poglfvwtn")
    _assert_readable_and_distinct(schema.entity_types)


def test_ace2005_event_types() -> None:
    schema = default_schema()
    assert [ev.name for ev in schema.event_types] == ACE_EVENT_TYPES
    for ev in schema.event_types:
        assert ev.description
        assert ev.roles[-1] == Role("Time", ("TIME",), "*"), ev.name
        assert all(role.cardinality in ("?", "*") for role in ev.roles), ev.name


def test_ace2005_attack_roles() -> None:
    attack = default_schema().event_type("Conflict:Attack")
    assert attack is not None
    assert [role.name for role in attack.roles] == ["Attacker", "Target", "Instrument", "Place", "Time"]
    assert attack.role("Target") == Role("Target", ("PER", "ORG", "VEH", "FAC", "WEA"), "*")
    assert attack.role("Place") == Role("Place", ("GPE", "LOC", "FAC"), "?")
    assert attack.role("Victim") is None


def test_default_schema_is_cached_and_matches_the_file() -> None:
    assert default_schema() is default_schema()
    assert load_schema(default_schema_path()) == default_schema()


# --- lookups and round trip ---


def test_lookups() -> None:
    schema = default_schema()
    assert schema.entity_type("GPE") == schema.entity_types[2]
    assert schema.entity_type("gpe") is None
    assert schema.event_type("Conflict:Attack") is not None
    assert schema.event_type("Attack") is None
    assert schema.by_hotkey("p") == schema.entity_types[0]
    assert schema.by_hotkey("P") == schema.entity_types[0]
    assert schema.by_hotkey("n") == schema.entity_type("VALUE")
    assert schema.by_hotkey("z") is None
    assert schema.by_hotkey("") is None


@pytest.mark.parametrize(
    ("cardinality", "required", "max_fillers"),
    [("1", True, 1), ("?", False, 1), ("*", False, None), ("+", True, None)],
)
def test_role_cardinality(cardinality: str, required: bool, max_fillers: int | None) -> None:
    role = Role("Target", ("PER",), cardinality)
    assert role.required is required
    assert role.max_fillers == max_fillers


def test_round_trip_through_dict_and_json() -> None:
    schema = default_schema()
    assert parse_schema(schema.to_dict(), "x") == schema
    assert parse_schema(json.loads(json.dumps(schema.to_dict())), "x") == schema
    assert schema.to_dict() == json.loads(default_schema_path().read_text(encoding="utf-8"))


# --- validation ---


def _minimal() -> dict[str, Any]:
    return {
        "name": "Mini",
        "entity_types": [
            {
                "name": "PER",
                "description": "Person",
                "color": "#aabbcc",
                "dark_color": "#112233",
                "hotkey": "p",
            },
            {"name": "ORG", "description": "", "color": "#ccbbaa", "dark_color": "#332211", "hotkey": "o"},
        ],
        "event_types": [
            {
                "name": "Conflict:Attack",
                "description": "",
                "roles": [{"name": "Attacker", "types": ["PER", "ORG"], "cardinality": "*"}],
            }
        ],
    }


def _entity(data: dict[str, Any], **fields: Any) -> None:
    data["entity_types"][1].update(fields)


def _role(data: dict[str, Any], **fields: Any) -> None:
    data["event_types"][0]["roles"][0].update(fields)


EV = "my.json: event_types[0] ('Conflict:Attack')"
ORG = "my.json: entity_types[1] ('ORG')"
INVALID = [
    pytest.param(
        lambda d: d.update(x=1),
        "my.json: unknown key 'x' (allowed: entity_types, name, event_types)",
        id="top-unknown-key",
    ),
    pytest.param(lambda d: d.pop("entity_types"), "my.json: 'entity_types' is missing", id="no-entity-types"),
    pytest.param(
        lambda d: d.update(entity_types=[]),
        "my.json: 'entity_types' must list at least one entity type",
        id="empty-entity-types",
    ),
    pytest.param(
        lambda d: d.update(entity_types={}),
        "my.json: 'entity_types' must be a list, not an object",
        id="entity-types-object",
    ),
    pytest.param(
        lambda d: d.update(event_types=None),
        "my.json: 'event_types' must be a list, not null",
        id="event-types-null",
    ),
    pytest.param(lambda d: d.update(name=" "), "my.json: 'name' must not be empty", id="empty-schema-name"),
    pytest.param(
        lambda d: d["entity_types"].__setitem__(1, "ORG"),
        "my.json: entity_types[1]: expected an object, found a string",
        id="entity-not-object",
    ),
    pytest.param(
        lambda d: d["entity_types"][1].pop("name"),
        "my.json: entity_types[1]: 'name' is missing",
        id="entity-no-name",
    ),
    pytest.param(
        lambda d: _entity(d, name=3),
        "my.json: entity_types[1]: 'name' must be a string, not a number",
        id="entity-name-number",
    ),
    pytest.param(
        lambda d: _entity(d, name=""),
        "my.json: entity_types[1]: 'name' must not be empty",
        id="entity-name-empty",
    ),
    pytest.param(
        lambda d: _entity(d, name="NEWS ORG"),
        "my.json: entity_types[1] ('NEWS ORG'): name 'NEWS ORG' must not contain spaces",
        id="entity-name-space",
    ),
    pytest.param(
        lambda d: _entity(d, name="ORG:GOV"),
        "my.json: entity_types[1] ('ORG:GOV'): name 'ORG:GOV' must not contain ':' (brat cannot store it)",
        id="entity-name-colon",
    ),
    pytest.param(
        lambda d: _entity(d, name="PER"),
        "my.json: entity_types[1] ('PER'): the name is already used by entity_types[0]",
        id="entity-name-duplicate",
    ),
    pytest.param(
        lambda d: _entity(d, colour="#000000"),
        f"{ORG}: unknown key 'colour' (allowed: name, description, color, dark_color, hotkey)",
        id="entity-unknown-key",
    ),
    pytest.param(
        lambda d: _entity(d, color="red"),
        f"{ORG}: color 'red' is not a colour of the form #rrggbb",
        id="color-name",
    ),
    pytest.param(
        lambda d: _entity(d, dark_color="#12345"),
        f"{ORG}: dark_color '#12345' is not a colour of the form #rrggbb",
        id="dark-color-short",
    ),
    pytest.param(
        lambda d: _entity(d, color=0xFF0000),
        f"{ORG}: 'color' must be a string, not a number",
        id="color-number",
    ),
    pytest.param(
        lambda d: _entity(d, description=[]),
        f"{ORG}: 'description' must be a string, not a list",
        id="description-list",
    ),
    pytest.param(
        lambda d: _entity(d, hotkey="ctrl+o"),
        f"{ORG}: hotkey 'ctrl+o' must be a single letter or digit, or \"\" for none",
        id="hotkey-long",
    ),
    pytest.param(
        lambda d: _entity(d, hotkey="."),
        f"{ORG}: hotkey '.' must be a single letter or digit, or \"\" for none",
        id="hotkey-punctuation",
    ),
    pytest.param(
        lambda d: _entity(d, hotkey=True),
        f"{ORG}: 'hotkey' must be a string, not true/false",
        id="hotkey-bool",
    ),
    pytest.param(
        lambda d: _entity(d, hotkey="P"),
        f"{ORG}: hotkey 'p' is already used by PER",
        id="hotkey-duplicate-any-case",
    ),
    pytest.param(
        lambda d: d["event_types"].append(None),
        "my.json: event_types[1]: expected an object, found null",
        id="event-not-object",
    ),
    pytest.param(
        lambda d: d["event_types"][0].update(name="Conflict: Attack"),
        "my.json: event_types[0] ('Conflict: Attack'): name 'Conflict: Attack' must not contain spaces",
        id="event-name-space",
    ),
    pytest.param(
        lambda d: d["event_types"].append(copy.deepcopy(d["event_types"][0])),
        "my.json: event_types[1] ('Conflict:Attack'): the name is already used by event_types[0]",
        id="event-duplicate",
    ),
    pytest.param(
        lambda d: d["event_types"][0].update(args=[]),
        f"{EV}: unknown key 'args' (allowed: name, description, roles)",
        id="event-unknown-key",
    ),
    pytest.param(
        lambda d: d["event_types"][0].update(roles={}),
        f"{EV}: 'roles' must be a list, not an object",
        id="roles-object",
    ),
    pytest.param(
        lambda d: d["event_types"][0]["roles"][0].pop("types"),
        f"{EV}: roles[0]: 'types' is missing",
        id="role-no-types",
    ),
    pytest.param(
        lambda d: _role(d, type="PER"),
        f"{EV}: roles[0]: unknown key 'type' (allowed: name, types, cardinality)",
        id="role-unknown-key",
    ),
    pytest.param(
        lambda d: _role(d, name="Attacker:1"),
        f"{EV}: roles[0]: name 'Attacker:1' must not contain ':' (brat cannot store it)",
        id="role-name-colon",
    ),
    pytest.param(
        lambda d: d["event_types"][0]["roles"].append({"name": "Attacker", "types": ["PER"]}),
        f"{EV}: role 'Attacker' is listed twice",
        id="role-duplicate",
    ),
    pytest.param(
        lambda d: _role(d, types=["PER", "PERSON"]),
        f"{EV}: role 'Attacker' allows unknown entity type 'PERSON'",
        id="role-unknown-type",
    ),
    pytest.param(
        lambda d: _role(d, types=["PER", "PER"]),
        f"{EV}: role 'Attacker' lists entity type 'PER' twice",
        id="role-type-twice",
    ),
    pytest.param(
        lambda d: _role(d, types=[]),
        f"{EV}: role 'Attacker' must allow at least one entity type",
        id="role-types-empty",
    ),
    pytest.param(
        lambda d: _role(d, types="PER"),
        f"{EV}: role 'Attacker': 'types' must be a list, not a string",
        id="role-types-string",
    ),
    pytest.param(
        lambda d: _role(d, types=[1]),
        f"{EV}: role 'Attacker': 'types' must hold strings, not a number",
        id="role-type-number",
    ),
    pytest.param(
        lambda d: _role(d, cardinality="2"),
        f'{EV}: role \'Attacker\' has cardinality \'2\'; use "1", "?", "*" or "+"',
        id="role-cardinality",
    ),
]


@pytest.mark.parametrize(("mutate", "message"), INVALID)
def test_invalid_schema_message(mutate: Callable[[dict[str, Any]], object], message: str) -> None:
    data = _minimal()
    mutate(data)
    with pytest.raises(SchemaError) as info:
        parse_schema(data, "my.json")
    assert str(info.value) == message


@pytest.mark.parametrize("data", [[], "schema", None, 3])
def test_top_level_must_be_an_object(data: object) -> None:
    with pytest.raises(SchemaError, match=r"^my\.json: expected an object, found "):
        parse_schema(data, "my.json")


def test_minimal_schema_is_valid() -> None:
    schema = parse_schema(_minimal(), "my.json")
    assert schema.label_names == ["PER", "ORG"]
    assert parse_schema(schema.to_dict(), "x") == schema


def test_optional_fields_get_defaults_and_values_are_normalised() -> None:
    data = {
        "entity_types": [
            {"name": "PER", "color": "#AABBCC", "hotkey": "P"},
            {"name": "ORG"},
            {"name": "GPE"},
        ],
        "event_types": [{"name": "Contact:Meet", "roles": [{"name": "Entity", "types": ["PER", "ORG"]}]}],
    }
    schema = parse_schema(data, "/some/where/mine.json")
    assert schema.name == "mine"
    per, org, gpe = schema.entity_types
    assert (per.color, per.hotkey, per.description) == ("#aabbcc", "p", "")
    assert (org.hotkey, gpe.hotkey) == ("", "")
    _assert_readable_and_distinct((org, gpe))
    assert len({per.color, org.color, gpe.color}) == 3
    meet = schema.event_type("Contact:Meet")
    assert meet is not None
    assert meet.description == ""
    assert meet.roles == (Role("Entity", ("PER", "ORG"), "*"),)
    assert parse_schema({"entity_types": [{"name": "PER"}]}, "x").event_types == ()


# --- load_schema ---


def test_load_schema_broken_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(
        '{\n  "name": "x",\n  "entity_types": [\n    {"name": "PER",}\n  ]\n}\n', encoding="utf-8"
    )
    with pytest.raises(SchemaError) as info:
        load_schema(path)
    assert str(info.value) == f"{path}:4:20: invalid JSON: Expecting property name enclosed in double quotes"


def test_load_schema_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    with pytest.raises(SchemaError) as info:
        load_schema(path)
    assert str(info.value) == f"{path}: cannot read the schema: {os.strerror(errno.ENOENT)}"


def test_load_schema_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "Caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(SchemaError) as info:
        load_schema(path)
    assert str(info.value) == f"{path}: not UTF-8 text (bad byte at offset 13)"


def test_load_schema_invalid_content_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    data = _minimal()
    data["entity_types"][1]["hotkey"] = "p"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_schema(path)
    assert str(info.value) == f"{path}: entity_types[1] ('ORG'): hotkey 'p' is already used by PER"


# --- with_labels ---


def test_with_labels_adds_new_labels_and_keeps_existing() -> None:
    schema = default_schema()
    extended = schema.with_labels(["PER", "MISC", "EVENT", "MISC", "TIME"])
    assert extended.entity_types[:9] == schema.entity_types
    assert extended.event_types == schema.event_types
    assert extended.name == schema.name
    assert extended.label_names[9:] == ["MISC", "EVENT"]
    assert [et.hotkey for et in extended.entity_types[9:]] == ["m", "e"]
    _assert_readable_and_distinct(extended.entity_types)
    assert len(schema.entity_types) == 9  # the original is unchanged
    assert parse_schema(extended.to_dict(), "x") == extended


def test_with_labels_nothing_new_gives_an_equal_schema() -> None:
    schema = default_schema()
    assert schema.with_labels(["GPE", "LOC"]) == schema
    assert schema.with_labels([]) == schema


def test_with_labels_hotkey_falls_back_to_free_letters_then_digits_then_none() -> None:
    schema = default_schema()
    # "PER2": p is taken, e is free. "POW": p, o and w are all taken, so the first free letter.
    extended = schema.with_labels(["PER2", "POW"])
    assert [et.hotkey for et in extended.entity_types[9:]] == ["e", "a"]
    many = schema.with_labels(f"X{i}" for i in range(40))
    hotkeys = [et.hotkey for et in many.entity_types]
    assert hotkeys[9] == "x"
    assert sorted(hotkeys[:36]) == sorted("abcdefghijklmnopqrstuvwxyz0123456789")
    assert all(et.hotkey == "" for et in many.entity_types[36:])


def test_with_labels_many_labels_keep_distinct_readable_colours() -> None:
    many = default_schema().with_labels(f"L{i}" for i in range(60))
    assert len(many.entity_types) == 69
    _assert_readable_and_distinct(many.entity_types)


def test_with_labels_rejects_bad_names() -> None:
    with pytest.raises(SchemaError) as info:
        default_schema().with_labels(["B-PER", "NEWS ORG"])
    assert str(info.value) == "cannot add label 'NEWS ORG': name 'NEWS ORG' must not contain spaces"


def test_schema_objects_are_hashable_values() -> None:
    schema = parse_schema(_minimal(), "a.json")
    assert hash(schema) == hash(parse_schema(_minimal(), "b.json"))
    assert isinstance(schema, Schema)

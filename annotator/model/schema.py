"""The label schema: entity types, event types and their roles, read from and written to JSON."""

from __future__ import annotations

import colorsys
import functools
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from annotator.model.errors import SchemaError
from annotator.paths import default_schema_path

CARDINALITIES = ("1", "?", "*", "+")
_COLOR = re.compile(r"#[0-9a-f]{6}")
_HOTKEY = re.compile(r"[a-z0-9]")
_HOTKEYS = "abcdefghijklmnopqrstuvwxyz0123456789"
_KINDS: dict[type, str] = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
_KINDS |= {int: "a number", float: "a number", type(None): "null"}


@dataclass(frozen=True)
class EntityType:
    """A label for entity mentions; hotkey is one lowercase letter or digit, or "" for none."""

    name: str
    description: str
    color: str
    dark_color: str
    hotkey: str


@dataclass(frozen=True)
class Role:
    """An argument slot of an event type: who may fill it and how many times."""

    name: str
    types: tuple[str, ...]
    cardinality: str

    @property
    def required(self) -> bool:
        """Whether an event needs at least one filler for this role."""
        return self.cardinality in ("1", "+")

    @property
    def max_fillers(self) -> int | None:
        """The most fillers the role takes, or None for no limit."""
        return 1 if self.cardinality in ("1", "?") else None


@dataclass(frozen=True)
class EventType:
    """A kind of event (``Conflict:Attack``) with its roles."""

    name: str
    description: str
    roles: tuple[Role, ...]

    def role(self, name: str) -> Role | None:
        """The role called name, or None."""
        return next((role for role in self.roles if role.name == name), None)


@dataclass(frozen=True)
class Schema:
    """The entity and event types a project annotates with."""

    name: str
    entity_types: tuple[EntityType, ...]
    event_types: tuple[EventType, ...]

    def entity_type(self, name: str) -> EntityType | None:
        """The entity type called name, or None."""
        return self._entity_types_by_name.get(name)

    def event_type(self, name: str) -> EventType | None:
        """The event type called name, or None."""
        return self._event_types_by_name.get(name)

    # Imports look a label up once or twice per span, so a scan of the tuple showed in profiles. The
    # dicts are built on first use; the schema is frozen, so they never go stale (replace() makes a new
    # instance). The first of two equal names wins, as a scan would have it.
    @functools.cached_property
    def _entity_types_by_name(self) -> dict[str, EntityType]:
        return {et.name: et for et in reversed(self.entity_types)}

    @functools.cached_property
    def _event_types_by_name(self) -> dict[str, EventType]:
        return {et.name: et for et in reversed(self.event_types)}

    @property
    def label_names(self) -> list[str]:
        """The entity type names, in schema order."""
        return [et.name for et in self.entity_types]

    def by_hotkey(self, key: str) -> EntityType | None:
        """The entity type whose hotkey is key (any case), or None."""
        key = key.lower()
        return next((et for et in self.entity_types if key and et.hotkey == key), None)

    def with_labels(self, names: Iterable[str]) -> Schema:
        """A copy with an entity type added for each name not yet present, with its own colours and hotkey."""
        added = list(self.entity_types)
        for name in names:
            if any(et.name == name for et in added):
                continue
            _check_name(name, f"cannot add label {name!r}", entity=True)
            color, dark_color = _auto_colors(et.color for et in added)
            hotkey = _free_hotkey(name, {et.hotkey for et in added})
            added.append(EntityType(name, "", color, dark_color, hotkey))
        return replace(self, entity_types=tuple(added))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form that parse_schema reads back."""
        events = [
            {"name": ev.name, "description": ev.description, "roles": [_role_dict(r) for r in ev.roles]}
            for ev in self.event_types
        ]
        return {
            "name": self.name,
            "entity_types": [asdict(et) for et in self.entity_types],
            "event_types": events,
        }


def _role_dict(role: Role) -> dict[str, Any]:
    return {"name": role.name, "types": list(role.types), "cardinality": role.cardinality}


def parse_schema(data: object, source: str) -> Schema:
    """Check the JSON form of a schema and build it; faults raise SchemaError naming source and entry."""
    top = _object(data, source, required=("entity_types",), optional=("name", "event_types"))
    name = _string(top, "name", source, default=Path(source).stem)
    if not name.strip():
        raise SchemaError(f"{source}: 'name' must not be empty")
    raw_entities = _list(top, "entity_types", source)
    if not raw_entities:
        raise SchemaError(f"{source}: 'entity_types' must list at least one entity type")
    entities: list[EntityType] = []
    for i, raw in enumerate(raw_entities):
        entities.append(_parse_entity(raw, _context(f"{source}: entity_types[{i}]", raw), entities))
    events: list[EventType] = []
    known = {et.name for et in entities}
    for i, raw in enumerate(_list(top, "event_types", source, default=[])):
        events.append(_parse_event(raw, _context(f"{source}: event_types[{i}]", raw), events, known))
    return Schema(name, tuple(entities), tuple(events))


def load_schema(path: Path) -> Schema:
    """Read and check a schema JSON file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from exc
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read the schema: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
    return parse_schema(data, str(path))


@functools.cache
def default_schema() -> Schema:
    """The bundled ACE 2005 schema (read once)."""
    return load_schema(default_schema_path())


def _parse_entity(raw: object, ctx: str, earlier: list[EntityType]) -> EntityType:
    obj = _object(raw, ctx, required=("name",), optional=("description", "color", "dark_color", "hotkey"))
    name = _string(obj, "name", ctx)
    _check_name(name, ctx, entity=True)
    for i, other in enumerate(earlier):
        if other.name == name:
            raise SchemaError(f"{ctx}: the name is already used by entity_types[{i}]")
    auto_color, auto_dark = _auto_colors(et.color for et in earlier)
    color = _color(obj, "color", ctx, auto_color)
    dark_color = _color(obj, "dark_color", ctx, auto_dark)
    hotkey = _string(obj, "hotkey", ctx, default="").lower()
    if hotkey and not _HOTKEY.fullmatch(hotkey):
        raise SchemaError(f'{ctx}: hotkey {hotkey!r} must be a single letter or digit, or "" for none')
    clash = next((et for et in earlier if hotkey and et.hotkey == hotkey), None)
    if clash:
        raise SchemaError(f"{ctx}: hotkey {hotkey!r} is already used by {clash.name}")
    return EntityType(name, _string(obj, "description", ctx, default=""), color, dark_color, hotkey)


def _parse_event(raw: object, ctx: str, earlier: list[EventType], known: set[str]) -> EventType:
    obj = _object(raw, ctx, required=("name",), optional=("description", "roles"))
    name = _string(obj, "name", ctx)
    _check_name(name, ctx, entity=False)
    for i, other in enumerate(earlier):
        if other.name == name:
            raise SchemaError(f"{ctx}: the name is already used by event_types[{i}]")
    roles: list[Role] = []
    for i, raw_role in enumerate(_list(obj, "roles", ctx, default=[])):
        role_obj = _object(
            raw_role, f"{ctx}: roles[{i}]", required=("name", "types"), optional=("cardinality",)
        )
        role_name = _string(role_obj, "name", f"{ctx}: roles[{i}]")
        _check_name(role_name, f"{ctx}: roles[{i}]", entity=True)
        where = f"{ctx}: role {role_name!r}"
        if any(role.name == role_name for role in roles):
            raise SchemaError(f"{where} is listed twice")
        types: list[str] = []
        for type_name in _list(role_obj, "types", where):
            if not isinstance(type_name, str):
                raise SchemaError(f"{where}: 'types' must hold strings, not {_kind(type_name)}")
            if type_name not in known:
                raise SchemaError(f"{where} allows unknown entity type {type_name!r}")
            if type_name in types:
                raise SchemaError(f"{where} lists entity type {type_name!r} twice")
            types.append(type_name)
        if not types:
            raise SchemaError(f"{where} must allow at least one entity type")
        cardinality = _string(role_obj, "cardinality", where, default="*")
        if cardinality not in CARDINALITIES:
            raise SchemaError(f'{where} has cardinality {cardinality!r}; use "1", "?", "*" or "+"')
        roles.append(Role(role_name, tuple(types), cardinality))
    return EventType(name, _string(obj, "description", ctx, default=""), tuple(roles))


def _context(base: str, raw: object) -> str:
    """base followed by the entry's name in brackets, when it has a usable one."""
    name = raw.get("name") if isinstance(raw, Mapping) else None
    return f"{base} ({name!r})" if isinstance(name, str) and name else base


def _kind(value: object) -> str:
    """How JSON calls value's type, for messages."""
    return _KINDS.get(type(value), type(value).__name__)


def _object(
    raw: object, ctx: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> Mapping[str, object]:
    if not isinstance(raw, Mapping):
        raise SchemaError(f"{ctx}: expected an object, found {_kind(raw)}")
    allowed = required + optional
    for key in raw:
        if key not in allowed:
            raise SchemaError(f"{ctx}: unknown key {key!r} (allowed: {', '.join(allowed)})")
    for key in required:
        if key not in raw:
            raise SchemaError(f"{ctx}: {key!r} is missing")
    return raw


def _string(obj: Mapping[str, object], key: str, ctx: str, default: str | None = None) -> str:
    value = obj.get(key, default)
    if not isinstance(value, str):
        raise SchemaError(f"{ctx}: {key!r} must be a string, not {_kind(value)}")
    return value


def _list(obj: Mapping[str, object], key: str, ctx: str, default: list[object] | None = None) -> list[object]:
    value = obj.get(key, default)
    if not isinstance(value, list):
        raise SchemaError(f"{ctx}: {key!r} must be a list, not {_kind(value)}")
    return value


def _color(obj: Mapping[str, object], key: str, ctx: str, default: str) -> str:
    value = _string(obj, key, ctx, default=default)
    if not _COLOR.fullmatch(value.lower()):
        raise SchemaError(f"{ctx}: {key} {value!r} is not a colour of the form #rrggbb")
    return value.lower()


def _check_name(name: str, ctx: str, *, entity: bool) -> None:
    """Entity type and role names end up in brat files, which split on whitespace and ':'."""
    if not name:
        raise SchemaError(f"{ctx}: 'name' must not be empty")
    if any(ch.isspace() for ch in name):
        raise SchemaError(f"{ctx}: name {name!r} must not contain spaces")
    if entity and ":" in name:
        raise SchemaError(f"{ctx}: name {name!r} must not contain ':' (brat cannot store it)")


def _free_hotkey(name: str, used: set[str]) -> str:
    """The first unused key among the name's letters, then any letter or digit; "" when all are taken."""
    candidates = [ch for ch in name.lower() if ch in _HOTKEYS] + list(_HOTKEYS)
    return next((key for key in candidates if key not in used), "")


def _auto_colors(used: Iterable[str]) -> tuple[str, str]:
    """A (light, dark) colour pair whose light tint is as far as possible from every used one.

    The 72 candidate hues stay distinct from each other, so up to 72 added labels never share a colour.
    """
    taken = [_oklab(color) for color in used if _COLOR.fullmatch(color)]
    best_hue, best_distance = 0.0, -1.0
    for step in range(72):
        hue = step / 72
        lab = _oklab(_hls_hex(hue, 0.85, 0.7))
        distance = min((math.dist(lab, other) for other in taken), default=math.inf)
        if distance > best_distance:
            best_hue, best_distance = hue, distance
    # Lightness 0.85 keeps black text readable (contrast > 9); 0.27 keeps white text above 4.5.
    return _hls_hex(best_hue, 0.85, 0.7), _hls_hex(best_hue, 0.27, 0.6)


def _hls_hex(hue: float, lightness: float, saturation: float) -> str:
    rgb = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in rgb)


def _oklab(color: str) -> tuple[float, float, float]:
    """The colour in the OKLab space, where distances match perceived differences."""
    r, g, b = (_linear(int(color[i : i + 2], 16) / 255) for i in (1, 3, 5))
    lc = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3)
    mc = (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3)
    sc = (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3)
    return (
        0.2104542553 * lc + 0.7936177850 * mc - 0.0040720468 * sc,
        1.9779984951 * lc - 2.4285922050 * mc + 0.4505937099 * sc,
        0.0259040371 * lc + 0.7827717662 * mc - 0.8086757660 * sc,
    )


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

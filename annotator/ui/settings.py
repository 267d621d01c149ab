"""Typed access to the user's settings; the only module that touches QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


def _settings() -> QSettings:
    return QSettings()


def annotator_name() -> str:
    """The name recorded on every annotation, or "" before it was asked."""
    return str(_settings().value("annotator/name", "") or "")


def set_annotator_name(name: str) -> None:
    """Remember the annotator's name."""
    _settings().setValue("annotator/name", name.strip())


def recent_projects() -> list[Path]:
    """Recently opened project files, most recent first, existing ones only."""
    raw = _settings().value("projects/recent", []) or []
    # QSettings' INI backend returns a one-item list as a plain string.
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
    return [Path(str(p)) for p in items if Path(str(p)).exists()]


def add_recent_project(path: Path) -> None:
    """Put a project at the top of the recent list."""
    path = path.resolve()
    paths = [p for p in recent_projects() if p.resolve() != path]
    _settings().setValue("projects/recent", [str(p) for p in [path, *paths][:MAX_RECENT]])


def last_project() -> Path | None:
    """The project open when the app was last closed."""
    raw = _settings().value("projects/last", "")
    return Path(str(raw)) if raw and Path(str(raw)).exists() else None


def set_last_project(path: Path | None) -> None:
    """Remember the open project for the next start."""
    _settings().setValue("projects/last", str(path) if path else "")


def last_document(project: Path) -> int | None:
    """The document that was open in a project."""
    raw = _settings().value(f"documents/{_key(project)}", None)
    try:
        return int(str(raw)) if raw is not None else None
    except ValueError:
        return None


def set_last_document(project: Path, doc_id: int) -> None:
    """Remember the open document of a project."""
    _settings().setValue(f"documents/{_key(project)}", doc_id)


def _key(path: Path) -> str:
    return str(path.resolve()).replace("/", "|").replace("\\", "|")


def snap_to_tokens() -> bool:
    """Whether selections snap to token boundaries (the default) or to characters."""
    return str(_settings().value("annotate/snap_tokens", "true")).lower() == "true"


def set_snap_to_tokens(on: bool) -> None:
    """Remember the snapping mode."""
    _settings().setValue("annotate/snap_tokens", "true" if on else "false")


def font_size() -> int:
    """The reading font size in points."""
    try:
        return int(str(_settings().value("view/font_size", 12)))
    except ValueError:
        return 12


def set_font_size(size: int) -> None:
    """Remember the reading font size."""
    _settings().setValue("view/font_size", size)


def window_geometry() -> QByteArray | None:
    """The main window's saved geometry."""
    value = _settings().value("window/geometry")
    return value if isinstance(value, QByteArray) else None


def window_state() -> QByteArray | None:
    """The saved layout of docks and toolbars."""
    value = _settings().value("window/state")
    return value if isinstance(value, QByteArray) else None


def save_window(geometry: QByteArray, state: QByteArray) -> None:
    """Remember the window geometry and dock layout."""
    s = _settings()
    s.setValue("window/geometry", geometry)
    s.setValue("window/state", state)


def shortcut_overrides() -> dict[str, str]:
    """User shortcut overrides by action objectName (only those differing from the defaults)."""
    s = _settings()
    s.beginGroup("shortcuts")
    try:
        return {key: str(s.value(key)) for key in s.childKeys()}
    finally:
        s.endGroup()

"""Which Qt plugins and translations the frozen app gets: what a desktop widgets app loads, nothing more.

PyInstaller's own hooks for the PySide6 modules collect every plugin of a kind (the virtual keyboard
input plugin alone pulls in QtQuick and QtQml; the GTK theme plugin pulls in half of GTK's libraries)
and all of Qt's translations. The hooks beside this file run the same collection and keep only the
files below, so the libraries that dropped plugins need are never analysed nor bundled.
"""

from __future__ import annotations

from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# Plugin folders and the words one of which a kept plugin's file name contains; None keeps the whole
# folder. A folder not listed is dropped (eglfs device integrations, generic input, TLS, network...).
PLUGINS: dict[str, tuple[str, ...] | None] = {
    # Linux: X11, Wayland, offscreen (the smoke test), minimal; Windows; macOS.
    "platforms": ("qxcb", "qwayland", "qoffscreen", "qminimal.", "qwindows", "qcocoa", "qdirect2d"),
    # Not GTK 3: it loads the host's GTK against the bundled GLib and Cairo. The XDG portal theme gives
    # native file dialogs in sandboxes and the desktop's dark/light preference.
    "platformthemes": ("xdgdesktopportal",),
    "platforminputcontexts": ("compose", "ibus"),  # not the virtual keyboard: it needs QtQuick
    "iconengines": ("svg",),
    "imageformats": ("svg", "ico", "jpeg", "gif"),  # PNG and BMP are built into QtGui
    "styles": None,  # Windows 11 and macOS native styles
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
}


def _keep_plugin(dest: str, src: str) -> bool:
    parts = Path(dest).parts
    if "plugins" not in parts:
        return True
    folder = parts[parts.index("plugins") + 1] if len(parts) > parts.index("plugins") + 1 else ""
    if folder not in PLUGINS:
        return False
    words = PLUGINS[folder]
    return words is None or any(word in Path(src).name for word in words)


def collect(hook_file: str) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """The (hiddenimports, binaries, datas) of a PySide6 module's hook, without the unused Qt files."""
    hiddenimports, binaries, datas = add_qt6_dependencies(hook_file)
    binaries = [(src, dest) for src, dest in binaries if _keep_plugin(dest, src)]
    # The UI is English only; Qt's translations (60 MB for all modules) would only translate its dialogs.
    datas = [(src, dest) for src, dest in datas if "translations" not in Path(dest).parts]
    return hiddenimports, binaries, datas

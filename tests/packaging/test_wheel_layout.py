"""The packaging configuration matches the source tree: every package and resource reaches the wheel."""

from __future__ import annotations

import struct
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
HICOLOR = RESOURCES / "icons" / "hicolor"
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_is_listed_for_the_wheel() -> None:
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "annotator").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    listed = {name for name in SETUPTOOLS["packages"] if not name.startswith("annotator.resources")}
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == set(), "remove these from [tool.setuptools] packages in pyproject.toml"


def test_every_resource_folder_is_listed_for_the_wheel() -> None:
    # setuptools warns about a data folder whose name could be a package's unless it is listed.
    needed = set()
    for path in RESOURCES.rglob("*"):
        if path.is_file():
            parts = path.parent.relative_to(RESOURCES).parts
            for end in range(1, len(parts) + 1):
                if not parts[end - 1].isidentifier():
                    break
                needed.add(".".join(("annotator.resources", *parts[:end])))
    listed = {name for name in SETUPTOOLS["packages"] if name.startswith("annotator.resources.")}
    assert needed - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    # A listed folder that a fresh clone lacks (git keeps no empty folder) breaks every install.
    assert listed - needed == set(), "remove these from [tool.setuptools] packages in pyproject.toml"


def test_resources_ship_as_annotator_resources() -> None:
    assert "annotator.resources" in SETUPTOOLS["packages"]
    assert SETUPTOOLS["package-dir"] == {"annotator.resources": "resources"}
    assert SETUPTOOLS["package-data"] == {"annotator.resources": ["**/*"]}
    # annotator.paths.resource_dir() recognises the folder by its schemas/.
    assert (RESOURCES / "schemas").is_dir()


def test_app_icon_exists_as_svg() -> None:
    svg = (RESOURCES / "icons" / "annotator.svg").read_text(encoding="utf-8")
    assert 'viewBox="0 0 128 128"' in svg


@pytest.mark.parametrize("size", [16, 22, 24, 32, 48, 64, 128, 256, 512])
def test_hicolor_png_has_its_size(size: int) -> None:
    png = (HICOLOR / f"{size}x{size}" / "apps" / "annotator.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (size, size)


def test_windows_and_macos_icons_exist() -> None:
    assert (ROOT / "packaging" / "icons" / "annotator.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (ROOT / "packaging" / "icons" / "annotator.icns").read_bytes()[:4] == b"icns"

"""Render resources/icons/annotator.svg to the PNG, ICO and ICNS icons the desktops and installers want.

Uses only PySide6 (QSvgRenderer on the offscreen platform), so no extra tool is needed:

    .venv/bin/python packaging/make_icons.py          # or: make icons

Writes ``resources/icons/hicolor/NxN/apps/annotator.png`` (the freedesktop icon theme layout, which
packaging/linux/install.sh copies as is), ``packaging/icons/annotator.ico`` (Windows) and
``packaging/icons/annotator.icns`` (macOS). Both containers hold PNG images, which Windows Vista and
later and macOS 10.7 and later read. Run it again after editing the SVG and commit the results.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "annotator.svg"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
OUT = ROOT / "packaging" / "icons"

# The sizes of the hicolor theme that desktops ask for; 512 covers HiDPI launchers and software centres.
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (the @2x types reuse the larger renderings).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    """The icon as PNG bytes, size x size pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"cannot encode the {size}px icon as PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico file holding one PNG image per size (a width of 256 is written as 0)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = size if size < 256 else 0
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(images))
        images += data
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns file: big-endian (type, length, PNG data) elements after an 8-byte header."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Write every icon file; report each one."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG}: not a valid SVG", file=sys.stderr)  # noqa: T201
        return 1
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: render(renderer, size) for size in sizes}
    written = []
    for size in PNG_SIZES:
        path = HICOLOR / f"{size}x{size}" / "apps" / "annotator.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
        written.append(path)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "annotator.ico").write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    (OUT / "annotator.icns").write_bytes(icns(pngs))
    written += [OUT / "annotator.ico", OUT / "annotator.icns"]
    for path in written:
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")  # noqa: T201
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

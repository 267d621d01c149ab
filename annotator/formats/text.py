"""Plain text files: one UTF-8 ``.txt`` file is one document, its text kept exactly."""

from __future__ import annotations

from pathlib import Path

from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord

BOM = b"\xef\xbb\xbf"


def read_bytes(path: Path) -> bytes:
    """The bytes of a file, or a FormatError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc


def decode_utf8(data: bytes, where: str) -> str:
    """Decode UTF-8 exactly (no newline translation), dropping a leading BOM."""
    skipped = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[skipped:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skipped
        raise FormatError(
            f"{where}: not valid UTF-8 at byte {offset} (0x{data[offset]:02x}); save the file as UTF-8"
        ) from exc


def title_from_name(path: Path) -> str:
    """A title from a file name: the stem with underscores and dashes as spaces."""
    title = " ".join(path.stem.replace("_", " ").replace("-", " ").split())
    return title or path.name


def read_text(path: Path | str) -> DocumentRecord:
    """Read one ``.txt`` file as one document; CRLF, lone CR and every other character are kept."""
    path = Path(path)
    text = decode_utf8(read_bytes(path), str(path))
    if not text.strip():
        raise FormatError(f"{path}: the file is empty (nothing to label)")
    return DocumentRecord(text=text, title=title_from_name(path), meta={"file": path.name}, source=str(path))

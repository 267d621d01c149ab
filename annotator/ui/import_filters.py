"""The name filters of File > Import, built from the registry's import formats when the dialog opens.

"All supported" and "All files" leave the format to ``detect_format`` (``auto``); a format's own filter
reads every chosen file in that format, which settles the cases a suffix cannot (``.jsonl`` is native
JSONL or doccano, ``.conll`` IOB2 or BIOES).
"""

from __future__ import annotations

from annotator.formats.registry import Format, import_formats

AUTO = "auto"
ALL_FILES = "All files (*)"


def _patterns(suffixes: tuple[str, ...]) -> str:
    return " ".join(f"*{suffix}" for suffix in suffixes)


def format_filter(fmt: Format) -> str:
    """``brat standoff (*.ann *.txt)``: a format's entry in the file dialog."""
    suffixes = fmt.suffixes
    if fmt.folder and ".txt" not in suffixes:
        suffixes = (*suffixes, ".txt")  # a pair's .txt file names the document as well as its .ann
    return f"{fmt.title} ({_patterns(suffixes)})"


def import_filters() -> tuple[str, dict[str, str]]:
    """The dialog's filter string and, for each filter, the format it reads with (``auto`` or a name)."""
    formats = import_formats()
    suffixes = tuple(dict.fromkeys(s for fmt in formats for s in fmt.suffixes))
    chosen = {f"All supported ({_patterns(suffixes)})": AUTO}
    for fmt in formats:
        chosen[format_filter(fmt)] = fmt.name
    chosen[ALL_FILES] = AUTO
    return ";;".join(chosen), chosen


def format_for_filter(selected: str) -> str:
    """The format a selected filter stands for; ``auto`` for an unknown one."""
    return import_filters()[1].get(selected, AUTO)

"""What a format reader or writer did, and everything it could not carry, with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Skipped:
    """One thing a format could not hold: what it was, why, and where (document id or file:line)."""

    what: str
    why: str
    where: str = ""


@dataclass
class FormatReport:
    """Counts of what was read or written, and what was skipped (never silently)."""

    documents: int = 0
    spans: int = 0
    events: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def skip(self, what: str, why: str, where: str = "") -> None:
        """Record something the format cannot hold."""
        self.skipped.append(Skipped(what, why, where))

    def lines(self) -> list[str]:
        """A human summary: the counts, then each kind of skip with how many and why."""
        counts = ", ".join(
            counted(n, what)
            for n, what in ((self.documents, "document"), (self.spans, "span"), (self.events, "event"))
        )
        lines = [counts]
        kinds: dict[tuple[str, str], int] = {}
        for item in self.skipped:
            kinds[(item.what, item.why)] = kinds.get((item.what, item.why), 0) + 1
        lines += [f"Skipped {counted(count, what)}: {why}" for (what, why), count in kinds.items()]
        return lines


_PLURALS = {"entity": "entities", "status": "statuses"}


def counted(count: int, what: str) -> str:
    """``1 event``, ``3 events``, ``2 overlapping entities``; a ``what`` that names one thing (an id, a
    quoted name or a file) or is plural already is left as it is: ``2 meta field 'id'``."""
    *head, last = what.split(" ")
    one_thing = "'" in what or not (last.isalpha() and last.islower())
    if count == 1 or one_thing or (last.endswith("s") and last not in _PLURALS):
        return f"{count} {what}"
    return " ".join([str(count), *head, _PLURALS.get(last, last + "s")])

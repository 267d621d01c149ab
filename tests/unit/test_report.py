"""The summary a format reader or writer gives: counts and skips, in words that agree with the numbers."""

from __future__ import annotations

from annotator.formats.report import FormatReport, counted


def test_the_summary_agrees_with_its_numbers() -> None:
    report = FormatReport(documents=1, spans=2, events=0)
    for _ in range(3):
        report.skip("event", "CoNLL cannot hold events")
    report.skip("overlapping entity", "IOB tags cannot nest")
    report.skip("overlapping entity", "IOB tags cannot nest")
    report.skip("status", "no status")
    assert report.lines() == [
        "1 document, 2 spans, 0 events",
        "Skipped 3 events: CoNLL cannot hold events",
        "Skipped 2 overlapping entities: IOB tags cannot nest",
        "Skipped 1 status: no status",
    ]


def test_a_name_of_one_thing_or_a_plural_is_left_as_it_is() -> None:
    assert [counted(2, w) for w in ("status", "token range", "document fields", "predictions")] == [
        "2 statuses",
        "2 token ranges",
        "2 document fields",
        "2 predictions",
    ]
    assert [counted(2, w) for w in ("meta field 'id'", "brat event E1", "brat file a.ann")] == [
        "2 meta field 'id'",
        "2 brat event E1",
        "2 brat file a.ann",
    ]

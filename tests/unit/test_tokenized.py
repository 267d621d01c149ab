"""The token view shared by every token format: sentences, token ranges, overlaps, tags."""

from __future__ import annotations

from annotator.formats.tokenized import Placed, tags, tokenize_document, without_overlaps
from tests.unit.format_samples import ADVERSARIAL


def test_tokens_are_numbered_through_the_document_in_sentences() -> None:
    doc = tokenize_document("Alice left. Bob\r\nstayed!\n\nEnd")
    assert doc.words() == ["Alice", "left", ".", "Bob", "stayed", "!", "End"]
    assert doc.sentences == [(0, 3), (3, 6), (6, 7)]
    assert [doc.sentence_of(i) for i in range(7)] == [0, 0, 0, 1, 1, 1, 2]


def test_token_range_maps_exact_spans_and_explains_the_rest() -> None:
    text = "Baghouz-based fighters fled. Then"
    doc = tokenize_document(text)
    assert doc.token_range(0, 22) == (0, 2)
    assert doc.token_range(0, 7) == "does not align with tokens (the nearest tokens are 'Baghouz-based')"
    assert doc.token_range(14, 33) == "crosses a sentence boundary"
    assert doc.token_range(13, 14) == "does not align with tokens (it covers only spaces)"
    assert doc.token_range(5, 5) == "is empty or outside the text"
    assert doc.token_range(0, 99) == "is empty or outside the text"


def test_place_agrees_with_token_range_span_by_span() -> None:
    text = "Baghouz-based fighters fled. Then Mr. Bali \U0001f1f8\U0001f1fe left."
    doc = tokenize_document(text)
    spans = [(a, b, "X") for a in range(-1, len(text) + 2) for b in range(a, len(text) + 2)]
    placed, failed = doc.place(spans, key="k")
    assert [(p.start, p.end, p.first, p.stop) for p in placed] == [
        (a, b, *found) for a, b, _ in spans if not isinstance(found := doc.token_range(a, b), str)
    ]
    assert {p.key for p in placed} == {"k"}
    assert failed == [(a, b, "X", why) for a, b, _ in spans if isinstance(why := doc.token_range(a, b), str)]
    assert len(placed) > 20
    assert len(failed) > 1000


def test_adversarial_tokens_keep_code_point_offsets() -> None:
    doc = tokenize_document(ADVERSARIAL)
    for start, end in doc.tokens:
        assert ADVERSARIAL[start:end].strip() == ADVERSARIAL[start:end] != ""
    flag = ADVERSARIAL.index("🇸🇾")
    i = doc.tokens.index((flag, flag + 2))
    assert doc.token_range(flag, flag + 2) == (i, i + 1)


def test_overlaps_keep_the_longest_then_earliest_and_tags_follow_the_scheme() -> None:
    outer = Placed("outer", "ORG", 0, 0, 0, 3)
    inner = Placed("inner", "PER", 0, 0, 1, 2)
    later = Placed("later", "LOC", 0, 0, 2, 4)
    single = Placed("single", "GPE", 0, 0, 5, 6)
    kept, dropped = without_overlaps([inner, later, outer, single])
    assert kept == [outer, single]
    assert dropped == [(later, outer), (inner, outer)]
    assert tags(6, kept) == ["B-ORG", "I-ORG", "I-ORG", "O", "O", "B-GPE"]
    assert tags(6, kept, "bioes") == ["B-ORG", "I-ORG", "E-ORG", "O", "O", "S-GPE"]

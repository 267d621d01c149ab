"""A text and nested entities that exercise every offset trap, shared by the format round-trip tests."""

from __future__ import annotations

from annotator.model.records import EntityRecord

ADVERSARIAL = "Hi 😀 flag 🇸🇾 family 👨\u200d👩\u200d👧 bold \U0001d400 cafe\u0301 مصطفى بالي\r\nend"


def nested_entities(text: str) -> tuple[EntityRecord, ...]:
    """One entity per tricky piece, plus spans that nest and overlap them."""
    pieces = ["😀", "🇸🇾", "👨\u200d👩\u200d👧", "\U0001d400", "cafe\u0301", "مصطفى", "\r\n"]
    entities = []
    for number, piece in enumerate(pieces, 1):
        start = text.index(piece)
        entities.append(EntityRecord(f"T{number}", start, start + len(piece), "PER", piece))
    outer = (text.index("flag"), text.index("bold"))
    entities.append(EntityRecord("T8", *outer, "ORG", text[outer[0] : outer[1]]))
    whole = (text.index("مصطفى"), len(text))
    entities.append(EntityRecord("T9", *whole, "LOC", text[whole[0] :]))
    return tuple(entities)

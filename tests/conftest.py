"""Test setup shared by every suite: Qt runs offscreen and never touches the user's settings or data."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Adversarial texts every offset path is tested with.
ADVERSARIAL_TEXTS = {
    "emoji": "Rescue 😀 team reached Aleppo.",
    "flag": "Flag 🇸🇾 over Baghouz today.",
    "zwj": "Family 👨\u200d👩\u200d👧 fled Raqqa.",
    "skin": "Thumbs 👍🏽 from Mosul.",
    "astral": "Letter 𝐀𝐁 and 𐍈 Gothic.",
    "combining": "Cafe\u0301 owner Jose\u0301 spoke.",
    "arabic": "قال مصطفى بالي إن قسد سيطرت على الباغوز.",
    "crlf": "First line\r\nSecond line\r\n\r\nThird Bali",
    "lone_cr": "Old Mac\rline two\rline three",
    "separators": "Line\u2028break and\u2029paragraph end",
    "nbsp_tab": "Mustafa\u00a0Bali\tsaid\u00a0so",
    "mixed": "😀\r\n🇸🇾 e\u0301 مصطفى\u2028x\ttab\u00a0nb\r\r\n👨\u200d👩\u200d👧 end",
}

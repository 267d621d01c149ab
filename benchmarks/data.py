"""Synthetic news in English with Arabic passages and emoji: articles, entity mentions (some nested), JSONL.

Every mention is a run of whole words inside its sentence, so spans sit on token boundaries. Nested
mentions come from fillers such as ``Aleppo University Hospital`` (FAC over ORG over GPE). Astral emoji
(flags, skin tones, ZWJ families) and Arabic sentences give the offset map and the text layout real work.
Everything is drawn from a seeded ``random.Random``, so a run is repeatable.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

Mention = tuple[int, int, str]  # start, end (code points, exclusive), label

PEOPLE = [
    "Mustafa Bali", "Mazloum Abdi", "Ilham Ahmed", "Antonio Guterres", "Geir Pedersen", "Lina Khatib",
    "Bashar al-Assad", "Recep Tayyip Erdogan", "Fidan Hakan", "Sarah Leah Whitson", "Martin Griffiths",
    "Najat Rochdi", "Ahmed al-Sharaa", "Joel Rayburn", "Hussein Arnous", "Farhad Shami", "Kino Gabriel",
    "Aron Lund", "Rami Abdulrahman", "Mona Yacoubian",
]  # fmt: skip
PEOPLE_AR = ["مصطفى بالي", "مظلوم عبدي", "إلهام أحمد", "فرهاد شامي", "رامي عبد الرحمن", "نجاة رشدي"]
GPES = [
    "Syria", "Aleppo", "Damascus", "Raqqa", "Deir ez-Zor", "Hasakah", "Qamishli", "Idlib", "Homs", "Kobani",
    "Manbij", "Iraq", "Mosul", "Baghdad", "Turkey", "Ankara", "Lebanon", "Beirut", "Jordan", "Geneva",
    "Russia", "Iran", "France", "Baghouz",
]  # fmt: skip
GPES_AR = ["الرقة", "حلب", "دمشق", "الحسكة", "الباغوز", "القامشلي", "دير الزور"]
ORGS = [
    "Syrian Democratic Forces", "SDF", "United Nations", "Security Council", "World Food Programme",
    "Human Rights Watch", "Amnesty International", "Reuters", "Agence France-Presse", "Islamic State",
    "Hayat Tahrir al-Sham", "European Union", "NATO", "White Helmets", "Syrian Observatory for Human Rights",
    "International Committee of the Red Cross", "Kurdish Red Crescent", "Doctors Without Borders",
]  # fmt: skip
ORGS_AR = ["قوات سوريا الديمقراطية", "الأمم المتحدة", "الهلال الأحمر", "المرصد السوري لحقوق الإنسان"]
LOCS = [
    "Euphrates",
    "Euphrates valley",
    "Tigris",
    "Khabur river",
    "Syrian desert",
    "Mediterranean",
    "Orontes",
]
FACS = ["Tishrin Dam", "al-Hol camp", "Bab al-Hawa crossing", "Semalka crossing", "Ghwayran prison"]
VEHS = ["helicopter", "armoured convoy", "pickup truck", "ambulance", "fuel tanker"]
WEAS = ["drone", "artillery", "mortar", "rocket", "car bomb", "airstrike"]
TIMES = [
    "Tuesday", "Monday night", "last week", "early on Friday", "March 2019", "the past 24 hours", "dawn",
    "Sunday afternoon", "late on Wednesday", "this month",
]  # fmt: skip
VALUES = [
    "3,000 people", "$2 million", "40 percent", "12 civilians", "dozens of families", "1.2 million",
    "about 70,000 residents", "two tonnes", "€15 million", "hundreds of fighters",
]  # fmt: skip
EMOJI = ["🙏", "🇸🇾", "💔", "😢", "🙏🏽", "👨\u200d👩\u200d👧", "🕊️", "📷", "⚠️", "🔴"]

SENTENCES = [
    "{PER}, a spokesman for the {ORG}, said on {TIME} that {VALUE} had fled {GPE}.",
    "Fighting near {FAC} forced {VALUE} to leave their homes, according to the {ORG}.",
    "The {ORG} said a {WEA} strike hit {GPE} {TIME}, killing {VALUE}.",
    'In a post on X, {PER} wrote: "We will not abandon {GPE} {EMOJI}".',
    "Residents of {GPE} told {ORG} that water from the {LOC} was running low.",
    "The {ORG} convoy reached {FAC} after a two-day journey from {GPE}.",
    "{PER} met {PER} in {GPE} on {TIME} to discuss aid deliveries to {GPE}.",
    "A {VEH} carrying {VALUE} of flour crossed at {FAC}, the {ORG} said.",
    "Prices in {GPE} have risen by {VALUE} since {TIME}, the {ORG} reported.",
    "Doctors at {FAC} said they had treated {VALUE} since {TIME}.",
    "{ORG} fighters pushed along the {LOC} towards {GPE}, a commander told {ORG}.",
    "Families sheltering on the outskirts of {GPE} said they had not received aid since {TIME}.",
    "Photos shared by {ORG} showed a burnt {VEH} outside {FAC} {EMOJI}.",
    "قال {PER_AR} إن {ORG_AR} سيطرت على {GPE_AR} بعد معارك استمرت أياما.",
    "وأفاد {ORG_AR} بنزوح آلاف العائلات من {GPE_AR} باتجاه {GPE_AR}.",
    "{PER} urged the {ORG} to reopen {FAC} before winter.",
    "The {ORG} estimates that {VALUE} in {GPE} depend on deliveries across the {LOC}.",
    "Local officials in {GPE} blamed {ORG} for the {WEA} attack on {TIME}.",
    "Aid workers described the conditions as dire, and several families asked not to be named.",
    "Volunteers posted messages of support {EMOJI} {EMOJI} as the convoy left {GPE}.",
]
HEADLINES = [
    "{GPE}: {ORG} says {VALUE} displaced",
    "{PER} visits {GPE} as fighting continues",
    "Aid convoy reaches {FAC} after talks in {GPE}",
    "{ORG} warns of hunger in {GPE}",
    "Clashes along the {LOC} leave {VALUE} dead",
    "{WEA} strike on {GPE} kills {VALUE}, {ORG} says",
    "{ORG} and {ORG} agree truce in {GPE}",
]
CONNECTORS = ["Meanwhile, ", "On {TIME}, ", "Separately, ", "According to the {ORG}, ", ""]

_SLOT = re.compile(r"\{(\w+)\}")


def _nested_gpe(rng: random.Random, outer: str, pattern: str) -> tuple[str, list[Mention]]:
    gpe = rng.choice(GPES)
    text = pattern.format(gpe)
    at = text.index(gpe)
    return text, [(0, len(text), outer), (at, at + len(gpe), "GPE")]


def _org(rng: random.Random) -> tuple[str, list[Mention]]:
    if rng.random() < 0.25:
        return _nested_gpe(
            rng, "ORG", rng.choice(["{} Civil Defence", "{} Red Crescent", "University of {}"])
        )
    return _flat(rng, ORGS, "ORG")


def _fac(rng: random.Random) -> tuple[str, list[Mention]]:
    roll = rng.random()
    if roll < 0.3:
        # Two levels: FAC over ORG over GPE.
        gpe = rng.choice(GPES)
        org = f"{gpe} University"
        text = f"{org} Hospital"
        return text, [(0, len(text), "FAC"), (0, len(org), "ORG"), (0, len(gpe), "GPE")]
    if roll < 0.55:
        return _nested_gpe(rng, "FAC", rng.choice(["{} International Airport", "{} Central Prison"]))
    return _flat(rng, FACS, "FAC")


def _per(rng: random.Random) -> tuple[str, list[Mention]]:
    if rng.random() < 0.15:
        gpe = rng.choice(GPES)
        name = rng.choice(PEOPLE)
        text = f"Governor of {gpe} {name}"
        at = text.index(gpe)
        return text, [(0, len(text), "PER"), (at, at + len(gpe), "GPE")]
    return _flat(rng, PEOPLE, "PER")


def _flat(rng: random.Random, words: list[str], label: str) -> tuple[str, list[Mention]]:
    text = rng.choice(words)
    return text, [(0, len(text), label)]


Filler = Callable[[random.Random], tuple[str, list[Mention]]]
FILLERS: dict[str, Filler] = {
    "PER": _per,
    "ORG": _org,
    "FAC": _fac,
    "GPE": lambda rng: _flat(rng, GPES, "GPE"),
    "LOC": lambda rng: _flat(rng, LOCS, "LOC"),
    "VEH": lambda rng: _flat(rng, VEHS, "VEH"),
    "WEA": lambda rng: _flat(rng, WEAS, "WEA"),
    "TIME": lambda rng: _flat(rng, TIMES, "TIME"),
    "VALUE": lambda rng: _flat(rng, VALUES, "VALUE"),
    "PER_AR": lambda rng: _flat(rng, PEOPLE_AR, "PER"),
    "GPE_AR": lambda rng: _flat(rng, GPES_AR, "GPE"),
    "ORG_AR": lambda rng: _flat(rng, ORGS_AR, "ORG"),
    "EMOJI": lambda rng: (rng.choice(EMOJI), []),
}


def fill(template: str, rng: random.Random, base: int, mentions: list[Mention]) -> str:
    """The template with its slots filled; mentions are appended with offsets shifted by ``base``."""
    parts: list[str] = []
    pos = base
    last = 0
    for match in _SLOT.finditer(template):
        literal = template[last : match.start()]
        parts.append(literal)
        pos += len(literal)
        text, spans = FILLERS[match.group(1)](rng)
        mentions.extend((pos + s, pos + e, label) for s, e, label in spans)
        parts.append(text)
        pos += len(text)
        last = match.end()
    parts.append(template[last:])
    return "".join(parts)


def sentence(rng: random.Random, base: int, mentions: list[Mention]) -> str:
    """One news sentence, sometimes after a connector such as ``Meanwhile,``."""
    template = rng.choice(SENTENCES)
    connector = rng.choice(CONNECTORS) if rng.random() < 0.3 and template[0].isascii() else ""
    if not connector:
        return fill(template, rng, base, mentions)
    head = fill(connector, rng, base, mentions)
    if template[0] != "{":  # "The ORG said" -> "Meanwhile, the ORG said"; a name keeps its capital
        template = template[0].lower() + template[1:]
    return head + fill(template, rng, base + len(head), mentions)


def article(
    rng: random.Random, *, min_bytes: int = 0, sentences: int = 0, newline: str = "\n"
) -> tuple[str, list[Mention]]:
    """A headline line, then paragraphs of 3-6 sentences, until both the UTF-8 size reaches
    ``min_bytes`` and there are at least ``sentences`` sentences."""
    mentions: list[Mention] = []
    parts: list[str] = []
    pos = 0
    size = 0

    def add(piece: str) -> None:
        nonlocal pos, size
        parts.append(piece)
        pos += len(piece)
        size += len(piece.encode("utf-8"))

    add(fill(rng.choice(HEADLINES), rng, 0, mentions))
    count = 0
    while size < min_bytes or count < sentences:
        add(newline + newline)
        for number in range(rng.randint(3, 6)):
            if number:
                add(" ")
            add(sentence(rng, pos, mentions))
            count += 1
    return "".join(parts), mentions


def choose(rng: random.Random, mentions: list[Mention], count: int) -> list[Mention]:
    """``count`` mentions in reading order (both parts of a nested pair are often kept)."""
    if len(mentions) < count:
        raise ValueError(f"only {len(mentions)} mentions generated, {count} needed")
    return sorted(rng.sample(mentions, count), key=lambda m: (m[0], -m[1]))


def big_article(seed: int, *, size: int, spans: int) -> tuple[str, list[Mention]]:
    """An article of at least ``size`` UTF-8 bytes carrying exactly ``spans`` mentions."""
    rng = random.Random(seed)
    text, mentions = article(rng, min_bytes=size)
    return text, choose(rng, mentions, spans)


def news_corpus(seed: int, documents: int, spans_per_doc: int) -> Iterator[dict[str, object]]:
    """Native JSONL objects: short news articles of 6-12 sentences with exactly ``spans_per_doc`` spans."""
    rng = random.Random(seed)
    statuses = [None] * 8 + ["in_progress", "done"]
    for number in range(1, documents + 1):
        newline = "\r\n" if rng.random() < 0.05 else "\n"
        text, mentions = article(rng, sentences=rng.randint(6, 12), newline=newline)
        while len(mentions) < spans_per_doc:  # rare: a few entity-poor sentences
            text += newline + newline
            text += sentence(rng, len(text), mentions)
        chosen = choose(rng, mentions, spans_per_doc)
        title = text.split(newline, 1)[0]
        yield {
            "id": f"bench-{number:06d}",
            "title": title,
            "text": text,
            "meta": {
                "source": "benchmark",
                "date": f"2019-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            },
            "status": rng.choice(statuses),
            "entities": [
                {"id": f"T{i}", "start": s, "end": e, "label": label, "text": text[s:e]}
                for i, (s, e, label) in enumerate(chosen, 1)
            ],
        }


def write_corpus(path: Path, seed: int, documents: int, spans_per_doc: int) -> int:
    """Write the corpus as native JSONL (UTF-8, LF) and return its size in bytes."""
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        for obj in news_corpus(seed, documents, spans_per_doc):
            stream.write(json.dumps(obj, ensure_ascii=False))
            stream.write("\n")
    return path.stat().st_size


_WORD = re.compile(r"(?<![\w'-])[a-z]{4,}(?![\w'-])")


def free_words(text: str, taken: set[tuple[int, int]], count: int, seed: int) -> list[tuple[int, int]]:
    """``count`` lowercase words spread over the text that are not already exactly a span."""
    rng = random.Random(seed)
    words = [m.span() for m in _WORD.finditer(text) if m.span() not in taken]
    step = max(1, len(words) // count)
    picked = [words[min(i * step + rng.randrange(step), len(words) - 1)] for i in range(count)]
    rng.shuffle(picked)
    return picked

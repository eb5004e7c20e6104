"""The article's event: its trigger noun (قمة، منتدى، لقاء …), title, kind, dates, place, edition and organizers.

An article reports an event when its headline names one (a trigger noun) or its lead paragraphs name one
next to a hosting or organizing verb or a date. Opinion pieces and analyses whose headline names no event
give None. The event's dates come from the lead only, never from the publication line, so a past event
recalled later in the text (سبق أن نظما يوم …) does not leak in.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .normalize import fold
from .orgs import _chain_end, normalize
from .places import locate_event
from .text import Token, tokenize
from .types import CountryMention, DateMention, Event, Organization, PartialDate, Person, PlaceMention, Sentence, Span

# Trigger nouns (folded, without ال) → kind, per SCHEMA.md's Kind convention. Two-word triggers first.
TRIGGER_PAIRS: dict[tuple[str, str], str] = {
    ("يوم", "دراسي"): "conference", ("ايام", "دراسيه"): "conference", ("دوره", "تكوينيه"): "training",
    ("لقاء", "تكويني"): "training", ("لقاءا", "تكوينيا"): "training", ("حفل", "تتويج"): "award",
    ("حفل", "توزيع"): "award", ("ورشه", "تكوينيه"): "workshop", ("يوم", "تكويني"): "training",
    ("دورات", "تكوينيه"): "training", ("حفل", "تسليم"): "award",
}
TRIGGERS: dict[str, str] = {
    "قمه": "summit", "منتدي": "forum", "ملتقي": "forum", "مؤتمر": "conference", "مناظره": "conference",
    "ندوه": "conference", "لقاء": "meeting", "لقاءا": "meeting", "اجتماع": "meeting", "اجتماعا": "meeting",
    "تجمع": "meeting", "ورشه": "workshop", "معرض": "fair", "قريه": "fair", "سوق": "fair", "صالون": "fair",
    "جائزه": "award", "جوائز": "award", "مهرجان": "other", "قافله": "other", "تظاهره": "other",
    "لقاءات": "meeting", "ملتقيات": "forum",
}
# Verbs and nouns that report an event happening (folded stems, matched as word prefixes after clitics).
_EVENT_VERBS = ("احتضن", "تحتضن", "يحتضن", "نظم", "ينظم", "تنظم", "انطلق", "تنطلق", "افتتح", "اختتم", "تختتم",
                "انعقد", "ينعقد", "تنعقد", "عقد", "شارك", "تشارك", "يشارك", "شهد", "تشهد", "اسدل", "توج", "تتويج",
                "فعاليات", "اشغال", "استضاف", "تستضيف", "يحضر", "حضر", "مشارك", "احتفل", "تحتفل")
# Markers of an opinion piece or an analysis in the lines above the headline or at its start.
OPINION_MARKERS = tuple(fold(w) for w in ("رأي", "مقال رأي", "بقلم", "تحليل", "وجهة نظر", "افتتاحية", "عمود",
                                          "كرونيك", "قراءة في"))
_ORDINALS: dict[str, int] = {
    "الاول": 1, "الاولي": 1, "الثاني": 2, "الثانيه": 2, "الثالث": 3, "الثالثه": 3, "الرابع": 4, "الرابعه": 4,
    "الخامس": 5, "الخامسه": 5, "السادس": 6, "السادسه": 6, "السابع": 7, "السابعه": 7, "الثامن": 8,
    "الثامنه": 8, "التاسع": 9, "التاسعه": 9, "العاشر": 10, "العاشره": 10, "الحادي": 11, "الحاديه": 11,
    "الثاني عشر": 12,
}
_EDITION_WORDS = frozenset({"الدوره", "النسخه", "دوره", "نسخه", "للدوره", "للنسخه", "بالدوره", "بالنسخه",
                            "نسختها", "دورتها", "نسخته", "دورته", "الطبعه", "طبعتها"})
# Words before a date that make it something other than the event's date (منذ 2009، في أفق 2035).
_NOT_EVENT_DATE = frozenset({"منذ", "افق", "بحلول", "قبل", "سنه", "عام", "اواخر", "مطلع"})
_END_MARKERS = frozenset({"غايه", "حتي", "تختتم", "يختتم", "اختتام", "تستمر", "يستمر", "ويستمر", "وتستمر",
                          "تتواصل", "يتواصل", "وتتواصل", "الي", "تنتهي", "ينتهي"})
_ORGANIZER_WORDS = ("نظم", "ينظم", "تنظم", "بتنظيم", "تنظيم", "بمبادره", "اشراف", "بشراكه", "تنظمه", "ينظمه",
                    "تشرف")
_DATE_LINE = re.compile(r"^[\W\d_]*$")


def _bare(norm: str) -> str:
    """Return a folded token without a leading و/ف/ب/ل/ك and ال (للمعرض → معرض، والملتقى → ملتقي)."""
    word = norm
    if len(word) > 3 and word[0] in "وف":
        word = word[1:]
    if len(word) > 3 and word.startswith("لل"):
        word = "ال" + word[2:]
    elif len(word) > 4 and word[0] in "بلك" and word[1:3] == "ال":
        word = word[1:]
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    return word


def _trigger_at(tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
    """Return (kind, token count) when a trigger noun starts at token i."""
    word = _bare(tokens[i].norm)
    if i + 1 < len(tokens):
        pair = (word, _bare(tokens[i + 1].norm))
        if pair in TRIGGER_PAIRS:
            return TRIGGER_PAIRS[pair], 2
    if word in TRIGGERS:
        return TRIGGERS[word], 1
    return None


def _tokens_in(tokens: Sequence[Token], sentence: Sentence) -> range:
    """Return the token indexes inside sentence (tokens are sorted by offset)."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].start < sentence.start:
            lo = mid + 1
        else:
            hi = mid
    end = lo
    while end < len(tokens) and tokens[end].start < sentence.end:
        end += 1
    return range(lo, end)


def _headline(title: str | None, sentences: Sequence[Sentence]) -> int | None:
    """Return the index of the headline sentence; None when the article has none (it starts with its body)."""
    if not title:
        return None
    key = normalize(title)
    for s in sentences[:10]:
        if normalize(s.text) == key or (key and key.startswith(normalize(s.text)) and len(s.text) > 10):
            return s.index
    return None


def _lead(text: str, sentences: Sequence[Sentence], headline: int | None, paragraphs: int = 2) -> list[Sentence]:
    """Return the sentences of the first body paragraphs after the headline, skipping date-only lines."""
    out: list[Sentence] = []
    seen_lines: list[int] = []
    head_key = normalize(sentences[headline].text) if headline is not None else None
    for s in sentences:
        if headline is not None and s.index <= headline:
            continue
        if len(s.text.split()) < 4 and _looks_like_date_line(s.text):
            continue
        if head_key is not None and len(s.text) < len(sentences[headline].text) + 5 and normalize(s.text) == head_key:
            continue  # the headline repeated as the first body line
        line = text.rfind("\n", 0, s.start)  # the paragraph's start identifies it
        if line not in seen_lines:
            if len(seen_lines) == paragraphs:
                break
            seen_lines.append(line)
        out.append(s)
    return out


def _looks_like_date_line(line: str) -> bool:
    return any(ch.isdigit() for ch in line) and len(line) < 40


def _has_event_verb(tokens: Sequence[Token], idx: range) -> bool:
    for k in idx:
        norm = tokens[k].norm
        stripped = norm[1:] if norm[:1] in "وف" and len(norm) > 3 else norm
        if stripped.startswith(_EVENT_VERBS) or norm.startswith(_EVENT_VERBS):
            return True
    return False


def _is_opinion(text: str, headline: int | None, sentences: Sequence[Sentence], raw_head: str | None) -> bool:
    heads = []
    if headline is not None:
        heads.append(fold(sentences[headline].text))
    if raw_head:
        heads.extend(fold(line).strip() for line in raw_head.splitlines() if line.strip())
    for line in heads:
        for marker in OPINION_MARKERS:
            if line == marker or line.startswith((marker + " |", marker + "|", marker + ":", marker + " :")):
                return True
    return False


def find_event(text: str, title: str | None, sentences: Sequence[Sentence], dates: Sequence[DateMention],
               places: Sequence[PlaceMention], countries: Sequence[CountryMention],
               organizations: Sequence[Organization], persons: Sequence[Person],
               published: PartialDate | None, raw_head: str | None = None,
               tokens: Sequence[Token] | None = None) -> Event | None:
    """Return the event the article reports, or None for an article about no event (opinion, analysis).

    raw_head is the raw text above the body (site section lines such as رأي), which cleaning removes.
    """
    tokens = tokens if tokens is not None else tokenize(text)
    headline = _headline(title, sentences)
    lead = _lead(text, sentences, headline)
    trigger = None  # (sentence index, token index, kind, size)
    if headline is not None:
        for k in _tokens_in(tokens, sentences[headline]):
            t = _trigger_at(tokens, k)
            if t:
                trigger = (headline, k, *t)
                break
    opinion = _is_opinion(text, headline, sentences, raw_head)
    event_sentence = None
    if trigger is not None:
        # The event sentence: the first lead sentence naming the same trigger word, else the first lead sentence.
        word = _bare(tokens[trigger[1]].norm)
        for s in lead:
            idx = _tokens_in(tokens, s)
            hit = next((k for k in idx if _bare(tokens[k].norm) == word), None)
            if hit is not None:
                event_sentence = (s, hit)
                break
    elif not opinion:
        for s in lead:
            idx = _tokens_in(tokens, s)
            for k in idx:
                t = _trigger_at(tokens, k)
                if t and _bare(tokens[k].norm) not in ("لقاءات", "ملتقيات") and (
                        _has_event_verb(tokens, idx) or any(s.start <= d.span.start < s.end for d in dates)):
                    trigger = (s.index, k, *t)
                    event_sentence = (s, k)
                    break
            if trigger:
                break
    if trigger is None:
        return None
    kind = trigger[2]
    if event_sentence is None:
        event_sentence = (lead[0], None) if lead else (sentences[trigger[0]], trigger[1])
    ev_sent, ev_tok = event_sentence
    title_tok = ev_tok if ev_tok is not None else trigger[1]
    ev_title, edition = _title(tokens, title_tok, text)
    start, end = _event_dates(tokens, dates, lead, ev_sent)
    location = locate_event(text, list(sentences), list(places), list(countries), ev_sent.index,
                            title_sentence=headline)
    return Event(
        title=ev_title,
        kind=kind,
        start=start,
        end=end,
        city=location.city,
        country=location.country,
        venue=location.venue,
        edition=edition,
        span=Span(ev_sent.start, ev_sent.end, ev_sent.text),
        sentence=ev_sent.index,
        organizers=_organizers(tokens, ev_sent, organizations),
        confidence=0.9 if trigger[0] == headline else 0.7,
    )


def _title(tokens: Sequence[Token], k: int, text: str) -> tuple[str, int | None]:
    """Return (title, edition) for the trigger at token k: edition phrase + trigger + its complement chain."""
    start = k
    edition = None
    # "الدورة الثانية للمعرض"، "النسخة الرابعة من منتدى": the edition phrase before the trigger.
    back = k - 1
    if back >= 0 and tokens[back].norm == "من":
        back -= 1
    if back >= 1 and tokens[back].norm in _ORDINALS and tokens[back - 1].norm in _EDITION_WORDS:
        edition = _ORDINALS[tokens[back].norm]
        start = back - 1
    elif tokens[k].norm[:2] in ("لل",) and back >= 1 and tokens[back].norm in _ORDINALS \
            and tokens[back - 1].norm in _EDITION_WORDS:
        edition = _ORDINALS[tokens[back].norm]
        start = back - 1
    end = _chain_end(tokens, k, "event", tokens[k].norm.startswith(("ال", "لل")), frozenset())
    end = max(end, k + 1)
    for j in range(k + 1, min(end + 4, len(tokens))):
        norm = tokens[j].norm
        if norm in _ORDINALS and edition is None:
            edition = _ORDINALS[norm]
        if norm in _EDITION_WORDS and j + 1 < len(tokens) and tokens[j + 1].norm in _ORDINALS and edition is None:
            edition = _ORDINALS[tokens[j + 1].norm]
    raw = text[tokens[start].start:tokens[end - 1].end]
    first = tokens[start].norm
    if first.startswith("لل"):
        raw = "ال" + raw[2:]
    elif first[:1] in "وبل" and len(first) > 3 and (first[1:3] == "ال" or _bare(first) in TRIGGERS):
        raw = raw[1:]
    return raw.strip(" ،,.:\"«»"), edition


def _event_dates(tokens: Sequence[Token], dates: Sequence[DateMention], lead: Sequence[Sentence],
                 ev_sent: Sentence) -> tuple[PartialDate | None, PartialDate | None]:
    """Return the event's (start, end) from the date mentions of its sentence, then of the lead."""
    order = [ev_sent] + [s for s in lead if s.index != ev_sent.index]
    starts = {t.start: i for i, t in enumerate(tokens)}
    for s in order:
        mentions = [d for d in dates if s.start <= d.span.start < s.end and d.start.year is not None
                    and d.start.month is not None and not _excluded(tokens, starts, d)]
        if not mentions:
            continue
        ranged = [d for d in mentions if d.end is not None]
        if ranged:
            d = ranged[0]
            return d.start, d.end
        first = mentions[0]
        end = None
        for d in mentions[1:]:
            if _after_end_marker(tokens, starts, d) and _later(d.start, first.start):
                end = d.start
                break
        if end is None:
            end = _end_in_other_sentences(tokens, starts, dates, order, s, first.start)
        return first.start, end
    return None, None


def _end_in_other_sentences(tokens, starts, dates, order, used: Sentence, start: PartialDate) -> PartialDate | None:
    for s in order:
        if s.index == used.index:
            continue
        for d in dates:
            if s.start <= d.span.start < s.end and d.start.year and _after_end_marker(tokens, starts, d) \
                    and _later(d.start, start):
                return d.start
    return None


def _later(a: PartialDate, b: PartialDate) -> bool:
    return (a.year or 0, a.month or 0, a.day or 0) > (b.year or 0, b.month or 0, b.day or 0)


def _excluded(tokens: Sequence[Token], starts: dict[int, int], d: DateMention) -> bool:
    i = starts.get(d.span.start)
    if i is None:
        return False
    return any(_bare(tokens[k].norm) in _NOT_EVENT_DATE or tokens[k].norm in _NOT_EVENT_DATE
               for k in range(max(0, i - 2), i))


def _after_end_marker(tokens: Sequence[Token], starts: dict[int, int], d: DateMention) -> bool:
    i = starts.get(d.span.start)
    if i is None:
        return False
    return any(tokens[k].norm in _END_MARKERS or _bare(tokens[k].norm) in _END_MARKERS
               for k in range(max(0, i - 4), i))


def _organizers(tokens: Sequence[Token], sentence: Sentence, organizations: Sequence[Organization]) -> list[str]:
    """Return the organizations named in the event sentence after an organizing word."""
    idx = _tokens_in(tokens, sentence)
    marker = next((k for k in idx if any(w in tokens[k].norm for w in _ORGANIZER_WORDS)), None)
    if marker is None:
        return []
    after = normalize(sentence.text[tokens[marker].start - sentence.start:])
    found = []
    for org in organizations:
        for form in [org.name, *org.aliases]:
            if normalize(form) and normalize(form) in after:
                found.append(org.name)
                break
    return found

"""The article's event: its trigger noun (قمة، منتدى، لقاء …), title, kind, dates, place, edition and organizers.

An article reports an event when its headline names one (a trigger noun) or its lead paragraphs name one
next to a hosting or organizing verb or a date. Opinion pieces and analyses whose headline names no event
give None. The event's dates come from the lead only, never from the publication line, so a past event
recalled later in the text (سبق أن نظما يوم …) does not leak in.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .dates import _WEEKDAYS
from .normalize import fold
from .orgs import STOP, _chain_end, _token_at, normalize, positions, starts_of
from .places import locate_event
from .text import Token, fast_fold, tokenize
from .types import CountryMention, DateMention, Event, Organization, PartialDate, Person, PlaceMention, Sentence, Span

# Trigger nouns (folded, without ال) → kind, per SCHEMA.md's Kind convention. Two-word triggers first.
TRIGGER_PAIRS: dict[tuple[str, str], str] = {
    ("يوم", "دراسي"): "conference", ("ايام", "دراسيه"): "conference", ("دوره", "تكوينيه"): "training",
    ("لقاء", "تكويني"): "training", ("لقاءا", "تكوينيا"): "training", ("حفل", "تتويج"): "award",
    ("حفل", "توزيع"): "award", ("ورشه", "تكوينيه"): "workshop", ("يوم", "تكويني"): "training",
    ("دورات", "تكوينيه"): "training", ("حفل", "تسليم"): "award", ("ايام", "تجاريه"): "fair",
    ("ايام", "وطنيه"): "other", ("ايام", "مفتوحه"): "other", ("ايام", "تحسيسيه"): "other",
    ("يوم", "تحسيسي"): "other", ("يوم", "اعلامي"): "other", ("يوم", "تواصلي"): "other", ("يوم", "مفتوح"): "other",
    ("حفل", "تكريم"): "award", ("ندوه", "صحفيه"): "conference", ("لقاء", "صحفي"): "meeting",
    ("ندوه", "صحافيه"): "conference",
    # A mobile or regional market of cooperatives is a fair; an international or national day is a celebration.
    ("سوق", "متنقل"): "fair", ("سوق", "جهوي"): "fair", ("سوق", "وطني"): "fair", ("اسواق", "متنقله"): "fair",
    ("يوم", "عالمي"): "other", ("يوم", "وطني"): "other", ("جمع", "عام"): "meeting",
    ("جمعها", "عام"): "meeting",
    # A signing ceremony is an event of kind other (حفل توقيع، توقيع اتفاقية شراكة).
    ("حفل", "توقيع"): "other", ("توقيع", "اتفاقيه"): "other", ("توقيع", "اتفاقيات"): "other",
    ("توقيع", "بروتوكول"): "other", ("توقيع", "مذكره"): "other", ("توقيع", "اتفاق"): "other",
    # قرية and سوق alone are a village and a market; the fair is "القرية التضامنية"، "السوق التضامني".
    ("قريه", "تضامنيه"): "fair", ("قريه", "تعاونيات"): "fair", ("سوق", "تضامني"): "fair",
    ("سوق", "تضامنيه"): "fair", ("سوق", "تعاونيات"): "fair", ("سوق", "منتوجات"): "fair",
    # ... and with the noun in the genitive: "سوق التضامن"، "قرية التضامن".
    ("سوق", "تضامن"): "fair", ("قريه", "تضامن"): "fair",
    # A launch ceremony (أعطيت انطلاقة أشغال …): kind other, and weak (انطلاقة أشغال المنتدى is the forum).
    ("انطلاقه", "اشغال"): "other", ("انطلاقه", "مشروع"): "other", ("انطلاقه", "برنامج"): "other",
    ("انطلاقه", "عمليه"): "other",
}
TRIGGERS: dict[str, str] = {
    "قمه": "summit", "منتدي": "forum", "ملتقي": "forum", "مؤتمر": "conference", "مناظره": "conference",
    "ندوه": "conference", "لقاء": "meeting", "لقاءا": "meeting", "اجتماع": "meeting", "اجتماعا": "meeting",
    "تجمع": "meeting", "ورشه": "workshop", "معرض": "fair", "صالون": "fair",
    "جائزه": "award", "جوائز": "award", "مهرجان": "other", "قافله": "other", "تظاهره": "other",
    "لقاءات": "meeting", "ملتقيات": "forum", "مسابقه": "award", "حفل": "other", "تتويج": "award",
}
# Triggers that name the event only when nothing more specific does ("حفل اختتام المعرض" is the fair).
_WEAK_TRIGGERS = frozenset({"حفل", "تظاهره", "لقاءات", "ملتقيات", "تتويج"})
# Two-word triggers that announce another event ("ندوة صحفية لتقديم المعرض" is about the fair).
_WEAK_PAIRS = frozenset({("ندوه", "صحفيه"), ("لقاء", "صحفي"), ("ندوه", "صحافيه")}) | frozenset(
    p for p in TRIGGER_PAIRS if p[0] == "انطلاقه")


def _is_weak(tokens: Sequence[Token], k: int, size: int) -> bool:
    word = _bare(tokens[k].norm)
    if size == 2:
        return (word, _accusative(_bare(tokens[k + 1].norm))) in _WEAK_PAIRS
    return word in _WEAK_TRIGGERS
_PAIR_FIRSTS = frozenset(p[0] for p in TRIGGER_PAIRS)
_PAIR_SECONDS = frozenset(p[1] for p in TRIGGER_PAIRS)
# Verbs and nouns that report an event happening (folded stems, matched as word prefixes after clitics).
_EVENT_VERBS = ("احتضن", "تحتضن", "يحتضن", "نظم", "ينظم", "تنظم", "انطلق", "تنطلق", "افتتح", "اختتم", "تختتم",
                "انعقد", "ينعقد", "تنعقد", "عقد", "شارك", "تشارك", "يشارك", "شهد", "تشهد", "اسدل", "توج", "تتويج",
                "فعاليات", "اشغال", "استضاف", "تستضيف", "يحضر", "حضر", "مشارك", "احتفل", "تحتفل", "اعطي", "اعطت",
                "اقيم", "تقام", "يقام")  # أقيمت/تقام الدورة …: "was held"
# Markers of an opinion piece or an analysis in the lines above the headline or at its start.
OPINION_MARKERS = tuple(fold(w) for w in ("رأي", "مقال رأي", "بقلم", "تحليل", "وجهة نظر", "افتتاحية", "عمود",
                                          "كرونيك", "قراءة في"))
_ORDINALS: dict[str, int] = {
    "الاول": 1, "الاولي": 1, "الثاني": 2, "الثانيه": 2, "الثالث": 3, "الثالثه": 3, "الرابع": 4, "الرابعه": 4,
    "الخامس": 5, "الخامسه": 5, "السادس": 6, "السادسه": 6, "السابع": 7, "السابعه": 7, "الثامن": 8,
    "الثامنه": 8, "التاسع": 9, "التاسعه": 9, "العاشر": 10, "العاشره": 10, "الحادي": 11, "الحاديه": 11,
    "الثاني عشر": 12,
}
_TEENS = frozenset({"عشر", "عشره"})  # the second word of a compound ordinal: السادسة عشرة
_EDITION_WORDS = frozenset({"الدوره", "النسخه", "دوره", "نسخه", "للدوره", "للنسخه", "بالدوره", "بالنسخه",
                            "نسختها", "دورتها", "نسخته", "دورته", "الطبعه", "طبعتها"})
# Words before a date that make it something other than the event's date (منذ 2009، في أفق 2035).
_NOT_EVENT_DATE = frozenset({"منذ", "افق", "بحلول", "قبل", "سنه", "عام", "اواخر", "مطلع"})
_END_MARKERS = frozenset({"غايه", "حتي", "تختتم", "يختتم", "اختتام", "تستمر", "يستمر", "ويستمر", "وتستمر",
                          "تتواصل", "يتواصل", "وتتواصل", "الي", "تنتهي", "ينتهي"})
_ORGANIZER_WORDS = ("نظم", "ينظم", "تنظم", "بتنظيم", "تنظيم", "بمبادره", "اشراف", "بشراكه", "تنظمه", "ينظمه",
                    "تشرف")
_QUOTE_MARKS = frozenset({'"', "'"})
# Indefinite nouns that complete a trigger into a set phrase (ورشة عمل، لقاء تشاوري is an adjective anyway).
# Participles that link an event's name to its topic: "المنتدى المنظم حول …"، "الندوة المنعقدة تحت شعار …".
_PARTICIPLES = frozenset({"المنظم", "المنظمه", "المنعقد", "المنعقده", "المقام", "المقامه", "المنظمين"})
_TITLE_COMPLEMENTS = frozenset({"عمل", "تفكير", "تشاور", "تواصل", "نقاش", "دراسه", "تكوين", "تحسيس", "عملا",
                                "شراكه", "تعاون", "اطار", "تفاهم"})
_ORGANIZER_RE = re.compile("|".join(_ORGANIZER_WORDS))
_DATE_LINE = re.compile(r"^[\W\d_]*$")
_SITE_DATELINE = re.compile(r"^[^:：.،\n]{2,30}\s[:：]\s*[^:：.،\s]+(?:\s[^:：.،\s]+)?$")


def _forms(norm: str) -> list[str]:
    """Return readings of a folded token without clitics and ال, the unstripped one first (ورشة is not و+رشة)."""
    forms = []
    word = norm
    for step in range(3):
        base = word[2:] if word.startswith("ال") and len(word) > 4 else word
        forms.append(base)
        if step == 0 and len(word) > 3 and word[0] in "وف":
            word = word[1:]
        elif len(word) > 3 and word.startswith("لل"):
            word = "ال" + word[2:]
        elif len(word) > 3 and word[0] in "بلك":
            word = word[1:]  # بالمعرض، لمؤتمر
        else:
            break
    return forms


@lru_cache(maxsize=65536)
def _bare(norm: str) -> str:
    """Return the reading of a token that is a trigger noun if any (للمعرض → معرض), else its shortest reading."""
    forms = _forms(norm)
    return next((f for f in forms if f in TRIGGERS or f in _PAIR_FIRSTS or f in _PAIR_SECONDS
                 or f in _ADJECTIVE_TRIGGERS), forms[-1])


@lru_cache(maxsize=65536)
def _accusative(word: str) -> str:
    """Return the word without the alef of an accusative tanween (لقاءا → لقاء، تكوينيا → تكويني)."""
    return word[:-1] if len(word) > 3 and word.endswith("ا") and not word.endswith("اا") else word


@lru_cache(maxsize=1)
def _trigger_spellings() -> frozenset[str]:
    """Return every spelling _trigger_of may accept as a first word (clitics, ال, accusative alef), for a set scan."""
    cores = {v for w in (*TRIGGERS, *_PAIR_FIRSTS, *_ADJECTIVE_TRIGGERS) for v in (w, w + "ا")}
    stems = cores | {"ال" + c for c in cores}
    out = set(stems)
    for c in cores:
        out.update(("لل" + c, "ولل" + c, "فلل" + c))
    for stem in stems:
        for prefix in ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"):
            out.add(prefix + stem)
    return frozenset(out)


# (tokens list, {index: (kind, size)}) of the article being read; one tuple, swapped whole, so threads are safe.
_trigger_cache: tuple[Sequence[Token] | None, dict[int, tuple[str, int]]] = (None, {})


def _triggers(tokens: Sequence[Token]) -> dict[int, tuple[str, int]]:
    """Return every trigger of the article by token index, computed once per token list."""
    global _trigger_cache
    cached, found = _trigger_cache
    if cached is not tokens:
        spellings = _trigger_spellings()
        n = len(tokens)
        found = {}
        for k in positions(tokens, spellings):
            t = _trigger_of(tokens[k].norm, tokens[k + 1].norm if k + 1 < n else "")
            if t:
                found[k] = t
        for k in positions(tokens, _EDITION_HEADS):
            head = _edition_head(tokens, k)
            if head is not None and head not in found:
                found[head] = ("other", 1)
        for k in positions(tokens, _PROGRAMME_WORDS):
            # "انطلقت فعاليات «أسبوع التعاونيات»": a quoted name after فعاليات/أشغال is the event's.
            if k + 2 < n and tokens[k + 1].norm in _QUOTE_MARKS and tokens[k + 2].norm[:1].isalpha():
                inner = next((j for j in range(k + 2, min(n, k + 6)) if j in found), None)
                if inner is None:
                    found[k + 2] = ("other", 1)
        for k in positions(tokens, _SIGNING_VERBS):
            # "وقع الاتحاد والشبكة … بروتوكول اتفاق": what a signing verb signs is the event (kind other).
            for j in range(k + 1, min(n, k + _SIGNING_REACH)):  # the signers may be named at length first
                if _bare(tokens[j].norm) in _SIGNED and j not in found:
                    found[j] = ("other", 1)
                    break
                if tokens[j].norm in (".", "؟", "!"):
                    break
        _trigger_cache = (tokens, found)
    return found


_EDITION_HEADS = frozenset({"الدوره", "النسخه", "الطبعه"})
_SIGNING_REACH = 48  # tokens, to the sentence's end at most
_PROGRAMME_WORDS = frozenset({"فعاليات", "وفعاليات", "اشغال", "واشغال", "انطلاقه", "افتتاح", "اختتام"})
_SIGNING_VERBS = frozenset({"وقع", "وقعت", "ووقع", "ووقعت", "يوقع", "وقعا", "وقعتا", "ووقعا"})
_SIGNED = frozenset({"اتفاقيه", "اتفاقيات", "بروتوكول", "مذكره", "اتفاق", "ميثاق", "اتفاقيتين", "اتفاقيتي"})


def _edition_head(tokens: Sequence[Token], k: int) -> int | None:
    """Return the token index of the event an edition phrase names, whatever its noun.

    "الدورة الأولى من الأسبوع المغربي الإثيوبي"، "النسخة الثالثة لأيام الشباب": an ordinal edition of a definite
    noun names an event even when the noun is no trigger word (أسبوع، أيام). The noun must carry ال (after من)
    or the ل of possession (لل…), so "الدورة الأولى من نوعها" or "الدورة الثانية" alone give nothing.
    """
    n = len(tokens)
    if k + 2 >= n or tokens[k + 1].norm not in _ORDINALS:
        return None
    j = k + 2
    if tokens[j].norm in _TEENS and j + 1 < n:
        j += 1  # "الدورة السادسة عشرة للملتقى"
    if tokens[j].norm == "من" and j + 1 < n:
        j += 1
        ok = tokens[j].norm.startswith("ال")
    else:
        ok = tokens[j].norm.startswith("لل")
    word = tokens[j].norm
    if not ok or len(word) < 5 or not word.isalpha() or word in STOP or _bare(word) in _NOT_EDITION_HEADS:
        return None
    return j


# Nouns after an edition phrase that are not the event ("الدورة الأولى من نوعها"، "للسنة الثانية").
_NOT_EDITION_HEADS = frozenset({"نوعها", "نوعه", "سنه", "عام", "مرحله", "برنامج", "مشروع", "موسم", "ولايه",
                                "انتداب", "جيل"})


def _trigger_at(tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
    """Return (kind, token count) when a trigger noun starts at token i."""
    return _triggers(tokens).get(i)


@lru_cache(maxsize=65536)
def _trigger_of(norm: str, next_norm: str) -> tuple[str, int] | None:
    word = _accusative(_bare(norm))
    if next_norm:
        second = _accusative(_bare(next_norm))
        for first in (word, _bare(norm)):  # لقاءا تكوينيا, and جمعها العام (a possessive, no accusative)
            if (first, second) in TRIGGER_PAIRS:
                return TRIGGER_PAIRS[(first, second)], 2
    if word in TRIGGERS and not (word == "تجمع" and next_norm.endswith("الوطني")):  # حزب التجمع الوطني للأحرار
        return TRIGGERS[word], 1
    if word in _ADJECTIVE_TRIGGERS and next_norm:
        # "الأسبوع المغربي الإثيوبي"، "أسبوع وطني للتعاونيات": a week named by an adjective is an event;
        # "الأسبوع الماضي" is a time.
        adj = next_norm[2:] if next_norm.startswith("ال") else next_norm
        if adj.endswith(("ي", "يه")) and len(adj) > 3 and next_norm not in _TIME_ADJECTIVES \
                and adj not in _TIME_ADJECTIVES:
            return _ADJECTIVE_TRIGGERS[word], 1
    return None


# "الأيام الجهوية للتعاونيات"، "أيام وطنية للاقتصاد التضامني": days named by an adjective are an event too;
# "الأيام الماضية"، "الأيام الأولى" are times.
_ADJECTIVE_TRIGGERS = {"اسبوع": "other", "ايام": "other"}
_TIME_ADJECTIVES = frozenset({"الماضي", "الجاري", "المقبل", "القادم", "الحالي", "الاول", "الثاني", "الثالث",
                              "الرابع", "الاخير", "الموالي", "المنصرم", "الفارط", "المنقضي", "ماضي", "جاري", "مقبل",
                              "الماضيه", "الجاريه", "الحاليه", "المواليه", "الاولي", "العاديه", "ماضيه", "عاديه",
                              "المنصرمه", "الفارطه", "التاليه", "المتبقيه", "متتاليه", "المتتاليه", "الاخيره",
                              "العشر", "الباقيه"})


def _tokens_in(tokens: Sequence[Token], sentence: Sentence) -> range:
    """Return the token indexes inside sentence (tokens are sorted by offset)."""
    starts = starts_of(tokens)
    lo = bisect.bisect_left(starts, sentence.start)
    return range(lo, bisect.bisect_left(starts, sentence.end, lo))


def _headline(title: str | None, text: str, sentences: Sequence[Sentence]) -> Sentence | None:
    """Return the headline as one span (it may hold several sentences: "الحسيمة.. ورشة …"); None if absent."""
    if not title or not sentences:
        return None
    title = title.strip()
    pos = text.find(title, 0, len(title) + 2000)
    if pos < 0:
        key = normalize(title)
        hit = next((x for x in sentences[:10] if normalize(x.text) == key), None)
        return hit
    end = pos + len(title)
    inside = [x for x in sentences if x.start < end and x.end > pos]
    if not inside:
        return None
    return Sentence(inside[0].index, inside[0].start, inside[-1].end, text[inside[0].start:inside[-1].end])


def _lead(text: str, sentences: Sequence[Sentence], headline: Sentence | None,
          paragraphs: int = 2, date_lines: frozenset[int] = frozenset()) -> list[Sentence]:
    """Return the sentences of the first body paragraphs after the headline, skipping date-only lines."""
    out: list[Sentence] = []
    seen_lines: list[int] = []
    head_key = normalize(headline.text) if headline is not None else ""
    for s in sentences:
        if headline is not None and s.start < headline.end:
            continue
        if s.index in date_lines or (len(s.text.split()) < 4 and _looks_like_date_line(s.text)) \
                or _SITE_DATELINE.match(s.text):
            continue  # a date line, or a "SITE : CITY" line: no paragraph of the body
        if not out and head_key and normalize(s.text) in head_key:
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
    return any(_is_event_verb(tokens[k].norm) for k in idx)


@lru_cache(maxsize=65536)
def _is_event_verb(norm: str) -> bool:
    stripped = norm[1:] if norm[:1] in "وف" and len(norm) > 3 else norm
    return stripped.startswith(_EVENT_VERBS) or norm.startswith(_EVENT_VERBS)


def _is_opinion(headline: Sentence | None, raw_head: str | None) -> bool:
    heads = []
    if headline is not None:
        heads.append(fast_fold(headline.text))
    if raw_head:
        heads.extend(fast_fold(line).strip() for line in raw_head.splitlines()[-6:] if line.strip())
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
    triggers = _triggers(tokens)
    headline = _headline(title, text, sentences)
    # A line that is just a date (the publication line) is not a paragraph of the body.
    date_lines = frozenset(x.index for x in sentences[:12] for d in dates
                           if x.start <= d.span.start and d.span.end <= x.end
                           and len(d.span.text) >= 0.7 * len(x.text.strip(" .،")))
    lead = _lead(text, sentences, headline, date_lines=date_lines)
    trigger = None  # (sentence index, token index, kind, size)
    if headline is not None:
        weak = False
        for k in _tokens_in(tokens, headline):
            t = triggers.get(k)
            if t and (trigger is None or weak):
                trigger = (headline.index, k, *t)
                weak = _is_weak(tokens, k, t[1])
                if not weak:
                    break
    opinion = _is_opinion(headline, raw_head)
    event_sentence = None
    if trigger is not None:
        # The event sentence: the first lead sentence naming a trigger of the same kind (the headline's دورة
        # تكوينية is the lead's لقاء تكويني), else one naming the same word, else the first lead sentence.
        word = _bare(tokens[trigger[1]].norm)
        for same_kind in (True, False):
            for s in lead:
                idx = _tokens_in(tokens, s)
                hit = next((k for k in idx if (same_kind and (triggers.get(k) or ("",))[0] == trigger[2])
                            or (not same_kind and _bare(tokens[k].norm) == word)), None)
                if hit is not None:
                    event_sentence = (s, hit)
                    break
            if event_sentence is not None:
                break
        if event_sentence is None and not opinion:
            # The lead names no event of the headline's kind: a headline may be a quote or an angle ("46 تعاونية
            # تعرض …"), while the body's trigger sentence says what was held.
            body = _body_trigger(tokens, triggers, lead, dates)
            if body is not None:
                trigger, event_sentence = body
    elif not opinion:
        body = _body_trigger(tokens, triggers, lead, dates)
        if body is not None:
            trigger, event_sentence = body
    if trigger is None:
        return None
    kind = trigger[2]
    if event_sentence is None:
        event_sentence = (lead[0], None) if lead else (sentences[trigger[0]], trigger[1])
    ev_sent, ev_tok = event_sentence
    title_tok = ev_tok if ev_tok is not None else trigger[1]
    ev_title, edition = _title(tokens, title_tok, text)
    ev_title = _with_occasion(tokens, title_tok, ev_title)
    title_source = "body" if ev_tok is not None else "headline"
    if ev_tok is not None and headline is not None:
        better = _headline_title(tokens, triggers, headline, trigger[2], ev_title, text)
        if better is not None:
            ev_title, title_source = better, "headline"
    # Dates may sit one paragraph further than the trigger ("وانعقد اللقاء … يوم الجمعة الماضي").
    dated = _lead(text, sentences, headline, 3, date_lines) + ([headline] if headline is not None else [])
    when = _event_dates(tokens, dates, dated, ev_sent, title_tok)
    start, end = when.start, when.end
    if opinion and start is None and not _has_event_verb(tokens, _tokens_in(tokens, ev_sent)):
        return None  # an opinion piece that discusses an event ("ماذا بعد المناظرة الوطنية؟") reports none
    location = locate_event(text, list(sentences), list(places), list(countries), ev_sent.index,
                            title_sentence=headline.index if headline is not None else None)
    from_headline = headline is not None and trigger[0] == headline.index
    field_confidence, reasons = _field_evidence(tokens, trigger, ev_tok, ev_sent, ev_title, title_source,
                                                from_headline, when, location)
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
        confidence=0.9 if from_headline else 0.7,
        field_confidence=field_confidence,
        reasons=reasons,
    )


def _field_evidence(tokens: Sequence[Token], trigger: tuple, ev_tok: int | None, ev_sent: Sentence, title: str,
                    title_source: str, from_headline: bool, when: DateChoice,
                    location) -> tuple[dict[str, float], dict[str, str]]:
    """Return Event.field_confidence and Event.reasons for title, kind, date and place (the review queue's input).

    Confidence rises with agreement (the headline and the body name the same kind of event), a specific trigger and
    a full name; it falls for a weak trigger, a bare trigger word as the title, and a title the body never names.
    """
    word = tokens[trigger[1]].text
    in_body = ev_tok is not None
    where = f"sentence {ev_sent.index + 1}" if in_body else "the headline"
    title_where = where if title_source == "body" else "the headline (it gives the topic)"
    size = len(title.split())
    title_conf = 0.9 if in_body and size >= 3 else 0.75 if in_body else 0.6
    if size <= 1:
        title_conf -= 0.2
    title_reason = f"named event phrase from {title_where}" if size >= 3 else f"bare trigger word from {title_where}"
    weak = _is_weak(tokens, trigger[1], trigger[3])
    kind_conf = 0.9 if from_headline and in_body else 0.75
    if weak or trigger[2] == "other":
        kind_conf -= 0.2
    kind_reason = f"trigger «{word}» in {'the headline' if from_headline else where}"
    if from_headline and in_body:
        kind_reason += ", the body names the same kind"
    place_conf = round(location.confidence, 2) if location.city or location.country else 0.0
    return ({"title": round(max(title_conf, 0.1), 2), "kind": round(kind_conf, 2), "date": round(when.confidence, 2),
             "place": place_conf},
            {"title": title_reason, "kind": kind_reason, "date": when.reason,
             "place": location.reason or ("no place found" if not location.city else "")})


_CELEBRATING = frozenset({"احتفالا", "احتفال", "الاحتفال", "واحتفالا", "احتفاء", "احتفاءا", "تخليدا", "تخليد", "وتخليدا"})


def _headline_title(tokens: Sequence[Token], triggers: dict[int, tuple[str, int]], headline: Sentence, kind: str,
                    body_title: str, text: str) -> str | None:
    """Return the headline's name of the event when it says more than the body's: a topic the body leaves out.

    "لقاء تكويني حول الاقتصاد الاجتماعي.. تمكين النساء" (headline) names the meeting the lead calls "لقاء تكوينيا
    لفائدة نساء …". Only a headline trigger of the same kind counts, and only a phrase with a topic (حول …).
    """
    for k in _tokens_in(tokens, headline):
        t = triggers.get(k)
        if not t or t[0] != kind or tokens[k].norm.endswith(("ها", "ه")) and tokens[k].norm not in TRIGGERS:
            continue
        # Read the name inside the headline only: its tokens know no line break, the body's first line would run on.
        local = tokenize(headline.text, headline.start)
        at = next((j for j, tok in enumerate(local) if tok.start == tokens[k].start), None)
        if at is None:
            return None
        title, _ = _title(local, at, text)
        if " حول " in f" {title} " and " حول " not in f" {body_title} " and len(title.split()) > len(body_title.split()):
            return title
        return None
    return None


def _with_occasion(tokens: Sequence[Token], k: int, title: str) -> str:
    """Return the title with the act the text names it by: "احتفالا باليوم العالمي …" → "الاحتفال باليوم العالمي …",
    "وقع … بروتوكول اتفاق" → "توقيع بروتوكول اتفاق"."""
    norm = tokens[k].norm
    if k > 0 and tokens[k - 1].norm in _CELEBRATING and norm.startswith("ب") and not title.startswith("ب"):
        return "الاحتفال ب" + title
    if _bare(norm) in _SIGNED and not title.startswith("توقيع"):
        return "توقيع " + title
    if norm.startswith(("جمعها", "وجمعها")):
        return "الجمع " + title.split(" ", 1)[-1]  # "عقدت الشبكة جمعها العام العادي": the general assembly
    return title


_FRAMES = frozenset({"اطار", "ضمن", "هامش", "مناسبه", "غرار"})


def _framed(tokens: Sequence[Token], k: int) -> bool:
    """True when the trigger at k is the frame of the reported event: "في إطار فعاليات المعرض"، "على هامش المؤتمر"."""
    for j in range(max(0, k - 3), k):
        norm = tokens[j].norm
        if norm in _FRAMES or (norm[:1] in "بو" and norm[1:] in _FRAMES):
            return True
    return False


def _body_trigger(tokens: Sequence[Token], triggers: dict[int, tuple[str, int]], lead: Sequence[Sentence],
                  dates: Sequence[DateMention]):
    """Return (trigger, (sentence, token)) for the first lead sentence that reports an event, else None.

    A sentence reports one when it names a trigger noun and a reporting verb (نظم، احتضن، انطلق، افتتح، اختتم،
    شهد …) or a date; a specific trigger beats a weak one (أعطيت انطلاقة أشغال المعرض → the fair).
    """
    trigger = event_sentence = None
    for s in lead:
        idx = _tokens_in(tokens, s)
        reported = None
        specific = False
        for k in idx:
            t = triggers.get(k)
            if t and _bare(tokens[k].norm) not in ("لقاءات", "ملتقيات"):
                if reported is None:
                    reported = _has_event_verb(tokens, idx) or any(s.start <= d.span.start < s.end for d in dates)
                if not reported:
                    break
                # "في إطار فعاليات المعرض …، نظمت الوزارة ندوة": the framing event yields to the one held in it.
                specific = not _is_weak(tokens, k, t[1]) and not _framed(tokens, k)
                if trigger is None or specific:
                    trigger = (s.index, k, *t)
                    event_sentence = (s, k)
                if specific:
                    break
        if specific:
            break  # else a weak trigger waits for a specific one in the next lead sentences
    return (trigger, event_sentence) if trigger is not None else None


def _title(tokens: Sequence[Token], k: int, text: str, nested: bool = False) -> tuple[str, int | None]:
    """Return (title, edition) for the trigger at token k: edition phrase + trigger + its complement chain.

    "الجائزة الكبرى للنسخة الثانية من الجوائز المغربية …": an edition of another event inside the name makes that
    event the title (the prize is part of the awards).
    """
    if not nested:
        inner = _inner_edition(tokens, k)
        if inner is not None:
            return _title(tokens, inner, text, nested=True)
    start = k
    edition = None
    # "الدورة الثانية للمعرض"، "النسخة الرابعة من منتدى": the edition phrase before the trigger.
    back = k - 1
    if back >= 0 and tokens[back].norm == "من":
        back -= 1
    if back >= 1 and tokens[back].norm in _ORDINALS and tokens[back - 1].norm in _EDITION_WORDS:
        edition = _ORDINALS[tokens[back].norm]
        start = back - 1
    elif back >= 2 and tokens[back].norm in _TEENS and tokens[back - 1].norm in _ORDINALS \
            and tokens[back - 2].norm in _EDITION_WORDS:
        edition = _ORDINALS[tokens[back - 1].norm] % 10 + 10  # "الدورة السادسة عشرة للملتقى"
        start = back - 2
    elif tokens[k].norm[:2] in ("لل",) and back >= 1 and tokens[back].norm in _ORDINALS \
            and tokens[back - 1].norm in _EDITION_WORDS:
        edition = _ORDINALS[tokens[back].norm]
        start = back - 1
    end = _title_end(tokens, k)
    for j in range(k + 1, min(end + 4, len(tokens))):
        norm = tokens[j].norm
        if norm in _ORDINALS and edition is None:
            edition = _ORDINALS[norm]
        if norm in _EDITION_WORDS and j + 1 < len(tokens) and tokens[j + 1].norm in _ORDINALS and edition is None:
            edition = _ORDINALS[tokens[j + 1].norm]
    back = start - 1
    if edition is None and back >= 1 and tokens[back].norm.isdigit() and tokens[back - 1].norm in _EDITION_WORDS:
        edition = int(tokens[back].norm)  # "الدورة 112 لمؤتمر العمل الدولي"
        start = back - 1
    raw = _nominative(tokens, k, start, end, text)
    topic = _topic_after(tokens, end)
    if topic is None and " حول " not in f" {raw} ":
        topic = _topic_past_clause(tokens, end)
    if topic is not None and (topic_end := _topic_end(tokens, topic)) > topic + 1:
        # "لقاء يسائل واقع وآفاق القطاع" is the meeting "لقاء حول واقع وآفاق القطاع".
        raw += " حول " + text[tokens[topic].start:tokens[topic_end - 1].end]
    first = tokens[start].norm
    forms = _forms(first)
    reading = _bare(first) if start == k else next((f for f in forms if f in ("دوره", "نسخه", "طبعه")), forms[0])
    if first.startswith("لل") and reading != forms[0]:
        raw = "ال" + raw[2:]
    elif first[:1] in "وبلف" and reading != forms[0] and len(first) > 3:
        raw = raw[1:]
    raw = _LINKING.sub(" حول ", raw)  # "المنتدى الدولي المنظم حول موضوع «…»" is "المنتدى الدولي حول …"
    return " ".join(raw.replace('"', " ").replace("«", " ").replace("»", " ").replace("“", " ")
                    .replace("”", " ").split()).strip(" ،,.:"), edition


# Words between an event's name and its topic that the name does not keep.
_LINKING = re.compile(r"\s+(?:ال)?(?:منظم|منعقد|مقام)[ةه]?\s+حول(?:\s+(?:موضوع|محور)(?=\s+[\"«“]))?\s+")


def _inner_edition(tokens: Sequence[Token], k: int) -> int | None:
    """Return the head of an edition phrase inside the name at k ("… للنسخة الثانية من الجوائز"), else None."""
    n = len(tokens)
    end = min(_title_end(tokens, k) + 2, n - 2)
    for j in range(k + 1, end):
        if _forms(tokens[j].norm)[-1] in ("نسخه", "دوره", "طبعه") and tokens[j + 1].norm in _ORDINALS:
            h = j + 2
            if h < n and tokens[h].norm == "من":
                h += 1
            if h < n and tokens[h].norm.startswith(("ال", "لل")) and _trigger_of(tokens[h].norm, "") is not None:
                return h
            return None
    return None


# Proper nouns that end in يا or ا by spelling, not by the accusative tanween (معرض إسبانيا، منتدى إفريقيا).
_FINAL_ALEF_NAMES = frozenset({"اسبانيا", "ايطاليا", "المانيا", "افريقيا", "اسيا", "تركيا", "بريطانيا", "روسيا",
                               "سوريا", "ليبيا", "كينيا", "نيجيريا", "كولومبيا", "اوروبا", "امريكا", "فرنسا", "كندا",
                               "اندونيسيا", "ماليزيا", "تونسيا", "دنيا", "عليا", "سيناريو"})
_TANWEEN_MARKS = "\u064b\u064c\u064d"


def _nominative(tokens: Sequence[Token], k: int, start: int, end: int, text: str) -> str:
    """Return text[start:end] with the indefinite head and its adjectives in citation form.

    A title taken from a verb's object keeps the accusative tanween alef (نظمت لقاءا ترافعيا حول …); the catalogue
    names the event in the nominative (لقاء ترافعي حول …). Only the head and the indefinite adjectives right after
    it lose the alef: a root alef (لقاء، ابتداء) never ends in ا, and plurals in ـايا (قضايا) keep it.
    """
    head_word = _bare(tokens[k].norm)
    marked = _accusative(head_word) != head_word and (
        _accusative(head_word) in TRIGGERS or _accusative(head_word) in _PAIR_FIRSTS)
    cuts: dict[int, int] = {}  # token index → characters to drop at its end
    j = k
    while j < end:
        tok = tokens[j]
        norm = tok.norm
        if j > k and (not norm[:1].isalpha() or (norm.startswith(("ال", "و", "ب", "ل", "لل"))
                                                 and norm not in _WAW_ROOT_ADJ) or norm in STOP):
            break
        body = tok.text.rstrip(_TANWEEN_MARKS + "\u064e\u064f\u0650\u0652")
        drop = len(tok.text) - len(body)
        if j == k:
            if marked and body.endswith("ا"):
                drop += 1
        elif norm not in _FINAL_ALEF_NAMES and not norm.endswith(("ايا", "اا")) and body.endswith("ا") \
                and len(norm) > 3 and (norm.endswith("يا") or marked):
            drop += 1
        if drop:
            cuts[j] = drop
        j += 1
    if not cuts:
        return text[tokens[start].start:tokens[end - 1].end]
    parts = []
    pos = tokens[start].start
    for j, drop in sorted(cuts.items()):
        parts.append(text[pos:tokens[j].end - drop])
        pos = tokens[j].end
    parts.append(text[pos:tokens[end - 1].end])
    return "".join(parts)


def _title_end(tokens: Sequence[Token], k: int) -> int:
    """Return the end of the event's name after its trigger at k: complements, adjectives and a "حول …" topic."""
    n = len(tokens)
    end = max(_chain_end(tokens, k, "event", tokens[k].norm.startswith(("ال", "لل")), frozenset()), k + 1)
    paired = k + 1 < n and _accusative(_bare(tokens[k + 1].norm)) in _PAIR_SECONDS
    if paired:
        # حفل توزيع جوائز المسابقة …: the pair's second word takes the complement chain.
        if k + 2 < n and _is_event_verb(tokens[k + 2].norm):
            end = max(end, k + 2)  # "لقاء تواصليا احتضنته المنصة": a verb clause follows the name
        else:
            end = max(end, _chain_end(tokens, k + 1, "event", False, frozenset()), k + 2)
    while end < n:
        tok = tokens[end]
        norm = tok.norm
        if norm in _QUOTE_MARKS:
            close = next((j for j in range(end + 1, min(end + 16, n)) if tokens[j].norm == norm), None)
            return close + 1 if close is not None else end  # a quoted name: لميثاق "من أجل التأثير"
        if norm == "حول":
            if end + 1 < n and tokens[end + 1].norm in ("موضوع", "محور", "شعار") and end + 2 < n \
                    and tokens[end + 2].norm in _QUOTE_MARKS:
                return _topic_end(tokens, end + 2)  # حول موضوع "…": the quoted topic
            return _topic_end(tokens, end + 1)
        nxt = tokens[end + 1].norm if end + 1 < n else ""
        if norm == "في" and nxt in _EDITION_WORDS and paired and end + 2 < n and tokens[end + 2].norm in _ORDINALS:
            # "حفل تتويج الفائزين في الدورة الخامسة للمسابقة الوطنية": the ceremony of a named edition.
            return _title_end(tokens, end + 1)
        if (norm, nxt) in (("في", "موضوع"), ("تحت", "عنوان"), ("تحت", "اسم")):
            return _topic_end(tokens, end + 2)  # ورشة في موضوع …، ندوة تحت عنوان «…»
        if norm[:1].isalpha() and (not norm.startswith(("ال", "و", "ب", "ل")) or norm in _WAW_ROOT_ADJ) \
                and norm.endswith(("ي", "يه", "يا")) and norm not in STOP:
            if end + 1 < n and not _is_event_verb(tokens[end + 1].norm):
                end = _chain_end(tokens, end, "event", False, frozenset())
            else:
                end += 1  # "لقاء تواصليا احتضنته المنصة": the verb after the adjective starts a clause
            continue  # an indefinite adjective: ندوة دولية، لقاء تواصلي
        if norm in _PARTICIPLES and nxt in ("حول", "تحت", "في"):
            end += 1  # "المنتدى الدولي المنظم حول موضوع …": the participle introduces the topic
            continue
        if norm == "لفائده" and end <= k + 3:
            end = _topic_end(tokens, end + 1)  # "ورشة تكوينية لفائدة المقاولات التعاونية": whom it serves
            break
        if norm in _TITLE_COMPLEMENTS and (end == k + 1 or paired and end <= k + 3):
            end += 1  # ورشة عمل، يوم تفكير: a bare noun complement that makes the event's name
            continue
        break
    return end


# Indefinite adjectives whose و is a root letter, not "and" (لقاء وطنيا، اجتماع وزاري، لقاء ودي), folded.
_WAW_ROOT_ADJ = frozenset(w + e for w in ("وطني", "وزاري", "ودي", "وظيفي", "واقعي", "وقائي", "وصفي", "وجداني")
                          for e in ("", "ه", "ا"))


def _topic_end(tokens: Sequence[Token], j: int) -> int:
    """Return the end of a topic phrase starting at j ("حول" X): to a stop word or punctuation, a quote whole."""
    n = len(tokens)
    first = j
    quoted = j < n and tokens[j].norm in _QUOTE_MARKS
    j += quoted
    while j < n and j - first <= 12:
        if tokens[j].norm in _QUOTE_MARKS:
            if not quoted:  # حول موضوع "…": the quoted topic belongs to the title
                close = next((c for c in range(j + 1, min(j + 16, n)) if tokens[c].norm == tokens[j].norm), None)
                return close + 1 if close is not None else j
            j += 1
            break
        if not tokens[j].norm[:1].isalnum() or (not quoted and tokens[j].norm in STOP):
            break
        j += 1
    return j


# Verbs that give an event's topic right after its name: "لقاء يسائل واقع …"، "لقاء خصص لتدارس …".
_TOPIC_VERBS = frozenset(fold(w) for w in """
يسائل تسائل يناقش تناقش ناقش يتناول تتناول يبحث تبحث يتدارس تتدارس يستعرض تستعرض يقارب تقارب
""".split())
_TOPIC_PURPOSE = frozenset(fold(w) for w in "لتدارس لمناقشة لبحث لتناول لمقاربة لدراسة لتدارسه".split())
_DEDICATED = frozenset(fold(w) for w in "خصص خصصت يخصص تخصص المخصص المخصصة".split())


_RELATIVES = frozenset({"التي", "الذي", "اللذين", "اللتين", "المنظم", "المنظمه", "المنعقد", "المنعقده"})
_CLAUSE_SPAN = 18


def _topic_past_clause(tokens: Sequence[Token], end: int) -> int | None:
    """Return the topic's first token when a relative clause stands between the name and "حول موضوع …".

    "الندوة العلمية الدولية الثانية التي نظمتها المدرسة … على مدى يومين حول موضوع «…»": the topic is the
    symposium's. The clause must start right after the name and the topic must follow within the sentence.
    """
    n = len(tokens)
    if end >= n or tokens[end].norm not in _RELATIVES:
        return None
    for j in range(end + 1, min(n, end + _CLAUSE_SPAN)):
        norm = tokens[j].norm
        if norm in (".", "؟", "!", ":") or _trigger_of(norm, "") is not None:
            return None  # the sentence ends, or another event is named first
        if norm == "حول":
            if j + 1 < n and tokens[j + 1].norm in ("موضوع", "محور") and j + 2 < n:
                return j + 2 if tokens[j + 2].norm in _QUOTE_MARKS else j + 1
            return j + 1
    return None


def _topic_after(tokens: Sequence[Token], end: int) -> int | None:
    """Return the first token of a topic given by a verb right after the event's name, else None."""
    n = len(tokens)
    if end >= n:
        return None
    norm = tokens[end].norm
    if norm in _TOPIC_VERBS or norm in _TOPIC_PURPOSE:
        return end + 1
    if norm in _DEDICATED and end + 1 < n and tokens[end + 1].norm in _TOPIC_PURPOSE:
        return end + 2
    return None


class _TokenStarts:
    """Map a character offset to the index of the token starting there (a dict's get, by bisection)."""

    def __init__(self, tokens: Sequence[Token]):
        self.tokens = tokens

    def get(self, offset: int) -> int | None:
        return _token_at(self.tokens, offset)


@dataclass(frozen=True, slots=True)
class DateChoice:
    """The event's dates as assembled from its sentences, with how sure and why (Event.reasons["date"])."""

    start: PartialDate | None
    end: PartialDate | None
    confidence: float
    reason: str


# Words that make a date the event's first day or its last day when they stand before it in its clause.
_START_WORDS = tuple(fold(w) for w in ("انطلق", "تنطلق", "ينطلق", "انطلاق", "انطلاقة", "افتتح", "تفتتح", "يفتتح",
                                       "افتتاح", "بدأ", "تبدأ", "يبدأ", "بداية", "فتح", "فتحت"))
_CLOSE_WORDS = tuple(fold(w) for w in ("اختتم", "تختتم", "يختتم", "اختتام", "أسدل", "يسدل", "تسدل", "إسدال", "ختام",
                                       "تنتهي", "ينتهي", "انتهت", "انتهى", "امتدت", "امتد"))
_UNTIL = frozenset(fold(w) for w in ("غاية", "حتى", "إلى", "الى"))
_ROLE_WINDOW = 10
_LAST_DAY_WORDS = frozenset({"اخر", "الاخير", "الختامي", "ختام"})


def _plain_word(norm: str) -> str:
    return norm[1:] if norm[:1] in "وف" and len(norm) > 3 else norm  # tokens read back from a date for its role, within its clause


def _date_role(tokens: Sequence[Token], i: int | None, lo: int) -> str:
    """Return "start", "end" or "" for the date whose first token is i (lo: its sentence's first token).

    "إلى غاية 18 نونبر"، "وتختتم يوم …"، "أسدل الستار، اليوم الخميس، على …" give the last day; "انطلقت … أمس"
    and "افتتح يوم …" the first. The nearest marker wins; a clause of its own (after و + verb) is not crossed.
    """
    if i is None:
        return ""
    for k in range(i + 1, min(len(tokens), i + 8)):
        # "يوم غد الأربعاء، في ثاني وآخر أيام الدورة": the last day is named after the date.
        if _plain_word(tokens[k].norm) in _LAST_DAY_WORDS:
            return "end"
    for k in range(i - 1, max(lo, i - _ROLE_WINDOW) - 1, -1):
        norm = tokens[k].norm
        word = _plain_word(norm)
        near = k >= i - 3  # "إلى غاية يوم 18 نونبر"، "حتى الأحد": until-words stand right before their date
        if near and (norm in _UNTIL or word in _UNTIL or norm in _END_MARKERS or _bare(norm) in _END_MARKERS):
            return "end"
        if word.startswith(_CLOSE_WORDS):
            return "end"
        if word.startswith(_START_WORDS):
            return "start"
    return ""


_SIDELINES = frozenset({"هامش", "بهامش", "غرار", "بمناسبه", "سياق"})
_OWNER_WINDOW = 16  # tokens, punctuation included: "قمة المناخ «كوب 22»، التي تحتضنها المدينة ما بين …"


def _of_another_event(tokens: Sequence[Token], i: int | None, lo: int, ev_tok: int | None,
                      own: str | None = None) -> bool:
    """True when a date of the event sentence belongs to another event the sentence names.

    "وقعت الشبكتان اتفاقية … على هامش مؤتمر كوب 22 المنعقد ما بين 7 و18 نونبر": the nearest event noun before
    the date is the conference, not the signing. Only another trigger noun (or "على هامش") close before the date
    and after the event's own trigger moves the date to it.
    """
    if i is None or own is None or (ev_tok is not None and i <= ev_tok):
        return False
    triggers = _triggers(tokens)
    floor = max(lo, ev_tok if ev_tok is not None else lo, i - _OWNER_WINDOW)
    for k in range(i - 1, floor - 1, -1):
        if k == ev_tok:
            return False
        norm = tokens[k].norm
        if norm in _SIDELINES or (norm[:1] in "بل" and norm[1:] in _SIDELINES):
            return True
        if k in triggers and _bare(norm) != own and not _is_weak(tokens, k, triggers[k][1]):
            return True
        if ev_tok is None and k in triggers and _bare(norm) == own:
            return False  # another sentence naming our event right before the date
    return False


_BORROW_DAYS = 62  # a yearless day further than two months from the dated one is not the same event's


def _borrowed(d: PartialDate, anchor: PartialDate) -> PartialDate | None:
    """Return d's day and month in the year (anchor's, or the one before or after) that puts it nearest anchor."""
    if anchor.year is None or anchor.month is None or anchor.day is None or d.month is None \
            or d.day is None:
        return None
    base = dt.date(anchor.year, anchor.month, anchor.day)
    best = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            day = dt.date(year, d.month, d.day)
        except ValueError:
            continue
        if abs((day - base).days) <= _BORROW_DAYS and (best is None or abs((day - base).days) < abs((best - base).days)):
            best = day
    return None if best is None else PartialDate(best.year, best.month, best.day)


def _with_borrowed_years(dates: Sequence[DateMention], order: Sequence[Sentence]) -> list[DateMention]:
    """Return the mentions with a yearless day and month given the year of a full date of the same sentence.

    "افتتح يوم 7 فبراير 2025 المعرض الذي يستمر إلى غاية 16 فبراير"، "اختتمت يوم 16 نونبر 2025 … الذي انطلق يوم
    12 نونبر": the writer names the year once for the event. Without a dated day in the sentence, or further than
    two months from it, the day keeps no year (SCHEMA: no guess).
    """
    out = list(dates)
    for n, d in enumerate(out):
        if d.start.year is not None or d.start.month is None or d.start.day is None:
            continue
        sent = next((s for s in order if s.start <= d.span.start < s.end), None)
        if sent is None:
            continue
        dated = [x for x in dates if x is not d and sent.start <= x.span.start < sent.end
                 and x.start.year is not None and x.start.day is not None]
        if not dated:
            continue
        anchor = min(dated, key=lambda x: abs(x.span.start - d.span.start))
        moved = _borrowed(d.start, anchor.start)
        if moved is not None:
            end = _borrowed(d.end, anchor.start) if d.end is not None else None
            out[n] = DateMention(d.span, moved, end, d.relative, d.confidence)
    return out


def _day_number(d: PartialDate) -> int | None:
    if d.year is None or d.month is None or d.day is None:
        return None
    return dt.date(d.year, d.month, d.day).toordinal()


def _event_dates(tokens: Sequence[Token], dates: Sequence[DateMention], lead: Sequence[Sentence],
                 ev_sent: Sentence, ev_tok: int | None = None) -> DateChoice:
    """Assemble the event's (start, end) from the date mentions of its sentences.

    Candidates are the dates of the event sentence, then of the lead sentences that speak of this event (not an
    earlier one: سبق أن نظما …). Each gets a role from the words before it: a start word (انطلقت، افتتح), an end
    word (إلى غاية، تختتم، أسدل الستار) or none. The start is the first start-role date, else the first plain one
    (the event sentence's first); the end is the latest later end-role date, else a duration from the start
    ("على مدى ثلاثة أيام"), and a closing date with a duration gives the start back. A day beats its own month
    named alone ("في يوليوز … يوم 23 يوليوز").
    """
    order = [ev_sent] + [s for s in lead if s.index != ev_sent.index and _about_this_event(tokens, s)]
    dates = _with_borrowed_years(dates, order)
    starts = _TokenStarts(tokens)
    cands: list[tuple[int, DateMention, str]] = []  # (rank of its sentence, mention, role)
    own = _bare(tokens[ev_tok].norm) if ev_tok is not None else None
    for rank, s in enumerate(order):
        lo = _tokens_in(tokens, s).start
        for d in dates:
            if s.start <= d.span.start < s.end and d.start.year is not None and d.start.month is not None \
                    and not _excluded(tokens, starts, d) and "اسبوع" not in fast_fold(d.span.text):
                # (a week, "الأسبوع الماضي", is a vague time: no event date)
                at = starts.get(d.span.start)
                if _of_another_event(tokens, at, lo, ev_tok if rank == 0 else None, own):
                    continue
                cands.append((rank, d, _date_role(tokens, at, lo)))
    if not cands:
        return DateChoice(None, None, 0.0, "no date found")
    # A month named alone yields to a day of that month.
    days = {(d.start.year, d.start.month) for _, d, _ in cands if d.start.day is not None}
    cands = [c for c in cands if c[1].start.day is not None or (c[1].start.year, c[1].start.month) not in days]

    def where(rank: int) -> str:
        return f"sentence {order[rank].index + 1}" + (" (the event sentence)" if rank == 0 else "")

    def agrees(d: DateMention) -> str:
        folded = fast_fold(d.span.text)
        if not any(w in folded for w in _WEEKDAYS):
            return ""
        return ", weekday agrees" if d.confidence >= 0.9 else ", weekday disagrees"

    ranged = next((c for c in cands if c[1].end is not None and c[2] != "end"), None)
    if ranged is not None and ranged[0] == min(c[0] for c in cands):
        rank, d, _ = ranged
        return DateChoice(d.start, d.end, 0.9 if rank == 0 else 0.8, f"date range from {where(rank)}{agrees(d)}")
    start_c = next((c for c in cands if c[2] == "start"), None) or next((c for c in cands if c[2] == ""), None)
    end_c = None
    if start_c is not None:
        s0 = start_c[1].start
        later = [c for c in cands if c[2] == "end" and _later(c[1].start, s0)]
        end_c = max(later, key=lambda c: (c[1].start.year, c[1].start.month or 0, c[1].start.day or 0), default=None)
        start = s0
        end = end_c[1].start if end_c is not None else None
        if start_c[1].end is not None and end is None:
            end = start_c[1].end
        if end is None:
            # "انطلقت أمس الاثنين …" and elsewhere "يومي 5 و6 ماي": a range that holds the start gives the end.
            key = _day_number(s0)
            holder = next((c for c in cands if c[1].end is not None and key is not None
                           and _day_number(c[1].start) is not None and _day_number(c[1].end) is not None
                           and _day_number(c[1].start) <= key < _day_number(c[1].end)), None)
            if holder is not None:
                end = holder[1].end
                end_c = holder
        reason = f"start from {where(start_c[0])}" + (" (start word)" if start_c[2] == "start" else "")
        reason += agrees(start_c[1])
        if end_c is not None:
            reason += f"; end from {where(end_c[0])}"
        elif end is None and (end := _end_from_duration(order, start)) is not None:
            reason += "; end from the duration"
        confidence = 0.9 if start_c[0] == 0 else 0.75
        if start_c[1].relative:
            confidence -= 0.05
        if start_c[1].confidence < 0.9:
            confidence -= 0.25  # the weekday disagrees with the day (the written date is kept)
        return DateChoice(start, end, confidence, reason)
    # Only closing dates: "أسدل الستار، اليوم الخميس، على … على مدى يومين" ends that day; a duration gives the start.
    rank, d, _ = cands[0]
    last = max((c[1] for c in cands), key=lambda x: (x.start.year, x.start.month or 0, x.start.day or 0))
    days_n = _duration_days(order)
    if days_n and days_n > 1 and (n := _day_number(last.start)) is not None:
        first = dt.date.fromordinal(n - days_n + 1)
        return DateChoice(PartialDate(first.year, first.month, first.day), last.start, 0.7,
                          f"end from {where(rank)}, start from the duration")
    return DateChoice(last.start, None, 0.5, f"only a closing date, in {where(rank)}")


_RECALL = frozenset({"سبق", "سبقه", "سبقت", "السابقه", "السابق", "الماضيه", "الفارط", "حينها", "انذاك"})
_ANAPHORS = frozenset({"التظاهره", "الحدث", "الموعد", "فعاليات", "اشغال", "فعالياته", "فعالياتها", "اشغاله",
                       "اشغالها", "الافتتاح", "الاختتام", "الدوره", "النسخه", "افتتاح", "اختتام"})


def _about_this_event(tokens: Sequence[Token], sentence: Sentence) -> bool:
    idx = _tokens_in(tokens, sentence)
    words = {tokens[k].norm for k in idx}
    if not _RECALL.isdisjoint(words) or not _RECALL.isdisjoint([w[1:] for w in words if w[:1] in "وف"]):
        return False
    return not _ANAPHORS.isdisjoint(words) or not _triggers(tokens).keys().isdisjoint(idx)


_DURATION = re.compile(
    r"(?:علي\s+مدي|علي\s+مدار|علي\s+امتداد|الممتد(?:ه)?\s+علي|لمده|طيله|خلال|تستمر|يستمر|تدوم|يدوم)\s+"  # folded
    r"(يومين|ثلاثه\s+ايام|اربعه\s+ايام|خمسه\s+ايام|سته\s+ايام|سبعه\s+ايام|ثمانيه\s+ايام|تسعه\s+ايام"
    r"|عشره\s+ايام|اسبوعين|اسبوع)(?![\w])")  # (أسبوعين is two weeks, not a week and a suffix)
_DURATION_DAYS = {"يومين": 2, "ثلاث": 3, "اربع": 4, "خمس": 5, "ست": 6, "سبع": 7, "ثماني": 8, "تسع": 9, "عشر": 10,
                  "اسبوعين": 14, "اسبوع": 7}


def _duration_days(order: Sequence[Sentence]) -> int | None:
    """Return the length in days an event sentence gives ("على مدى ثلاثة أيام" → 3), else None."""
    for s in order:
        m = _DURATION.search(fast_fold(s.text))
        if m:
            word = m.group(1).split()[0]
            return next((v for k, v in _DURATION_DAYS.items() if word.startswith(k)), None)
    return None


def _end_from_duration(order: Sequence[Sentence], start: PartialDate) -> PartialDate | None:
    """Return the last day of an event "على مدى ثلاثة أيام" that starts on a known day."""
    if start.day is None or start.year is None:
        return None
    days = _duration_days(order)
    if not days:
        return None
    last = dt.date(start.year, start.month, start.day) + dt.timedelta(days=days - 1)
    return PartialDate(last.year, last.month, last.day)


def _later(a: PartialDate, b: PartialDate) -> bool:
    return (a.year or 0, a.month or 0, a.day or 0) > (b.year or 0, b.month or 0, b.day or 0)


def _excluded(tokens: Sequence[Token], starts: _TokenStarts, d: DateMention) -> bool:
    i = starts.get(d.span.start)
    if i is None:
        return False
    if any(_bare(tokens[k].norm) in _NOT_EVENT_DATE or tokens[k].norm in _NOT_EVENT_DATE
           for k in range(max(0, i - 2), i)):
        return True
    # "الدورة السابقة، التي نظمت في دجنبر 2023": a date of an earlier edition.
    if any(tokens[k].norm in _RECALL for k in range(max(0, i - 6), i)):
        return True
    # "التسجيلات مفتوحة إلى غاية 30 مارس"، "آخر أجل لإيداع الترشيحات": a deadline, not the event's day.
    return any(_is_deadline_word(tokens, k) for k in range(max(0, i - 8), i))


def _is_deadline_word(tokens: Sequence[Token], k: int) -> bool:
    word = _plain_word(tokens[k].norm)
    if word not in _DEADLINE_WORDS:
        return False
    # "من أجل" is "for" (جمعية شباب من أجل التنمية، لقاء من أجل …), not a deadline (أجل).
    return not (word == "اجل" and k > 0 and tokens[k - 1].norm in ("من", "ومن"))


_DEADLINE_WORDS = frozenset({"التسجيل", "التسجيلات", "الترشيح", "الترشيحات", "اجل", "الاجل", "ايداع", "الطلبات",
                             "للتسجيل", "للترشيح", "لايداع"})


def _organizers(tokens: Sequence[Token], sentence: Sentence, organizations: Sequence[Organization]) -> list[str]:
    """Return the organizations named in the event sentence after an organizing word."""
    idx = _tokens_in(tokens, sentence)
    marker = next((k for k in idx if _ORGANIZER_RE.search(tokens[k].norm)), None)
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

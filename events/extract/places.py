"""Find places (cities, provinces, regions) in an article and decide where its event took place."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import attrgetter

from . import gazetteers as gz
from .countries import sentence_at
from .types import CountryMention, PlaceMention, Sentence, Span

_KIND_ORDER = {"city": 0, "commune": 1, "province": 2, "region": 3}


def find_places(text: str, sentences: list[Sentence], index: gz.PlaceIndex | None = None) -> list[PlaceMention]:
    """Return every gazetteer place named in text, in order.

    A name that is also a common word (الجديدة، المحمدية) counts only after a place word (مدينة، إقليم …);
    a name that is also a word but rarely (العيون، بركان) counts after a place word, a glued ب/ل, or as a dateline.
    """
    index = index or gz.place_index()
    words = gz.words_of(text)
    out: list[PlaceMention] = []
    matches = index.scan(words)
    covered = {i for m in matches for i in range(m.first, m.last + 1)}
    out += _unknown_towns(text, sentences, words, covered)
    resolved = [(m, _resolve(m, words, index, text)) for m in matches]
    # A commune name the gazetteer holds but context did not confirm ("بأسني" with no جماعة before it) may still be
    # confirmed by its apposition ("بأسني، الجماعة التابعة للإقليم"): only accepted names cover their words.
    accepted = {i for m, row in resolved if row is not None for i in range(m.first, m.last + 1)}
    out += _unknown_communes(text, sentences, words, accepted)
    for m, row in resolved:
        if row is None:
            continue
        out.append(PlaceMention(
            name=row["name_ar"],
            kind=row["kind"],
            country=row["country"],
            span=Span(m.start, m.end, text[m.start:m.end]),
            sentence=sentence_at(sentences, m.start),
            confidence=1.0 if row["kind"] != "region" else 0.9,
        ))
    out.sort(key=lambda p: p.span.start)
    return out


def _unknown_towns(text: str, sentences: list[Sentence], words: Sequence[gz.Word], covered: set[int]) -> list[PlaceMention]:
    """Return towns missing from the gazetteer but named with their country: "بمدينة أرشون الفرنسية"."""
    out = []
    countries = gz.country_index()
    for i in compress(range(len(words) - 2), map(_has_madina, map(attrgetter("norm"), words))):
        if i + 1 in covered or gz.place_word_before(words, i + 1) != "مدينه":
            continue
        name, after = words[i + 1], words[i + 2]
        if after.after_punct or not name.norm[:1].isalpha() or len(name.norm) < 3:
            continue
        m = countries.match_at(words, i + 2)
        if m is None or m.prefix or m.first != m.last:
            continue
        entry = next((e for e in m.entries if e.via == "nisba" and e.value), None)
        if entry is None:
            continue
        out.append(PlaceMention(
            name=text[name.start:name.end], kind="city", country=entry.value,
            span=Span(name.start, name.end, text[name.start:name.end]),
            sentence=sentence_at(sentences, name.start), confidence=0.6,
        ))
    return out


# Words that, after a comma, describe the town just named: "بالضويات، الجماعة التابعة للإقليم".
_TOWN_APPOSITIVES = frozenset({"الجماعه", "البلده", "القريه", "المركز", "الجماعه القرويه", "الدوار"})
# Place words that name a rural commune, village or hamlet before its name: "بجماعة تمصلوحت"، "بدوار آيت علي".
_COMMUNE_WORDS = frozenset({"جماعه", "بلده", "قريه", "دوار"})
_COMMUNE_ADJECTIVES = frozenset({"الترابيه", "القرويه", "الحضريه", "المحليه"})
# Words that are never a town's name (geography and common nouns after جماعة/قرية): "قرية الصيادين"، "البحر الميت".
_NOT_TOWNS = frozenset({"البحر", "الجبل", "الوادي", "الصحراء", "المنطقه", "الاقليم", "الجهه", "المدينه", "الصيادين",
                        "التضامن", "العدل", "المغرب", "التابعه", "الواقعه", "المجاوره"})
_NAME_PARTS = frozenset({"سيدي", "اولاد", "ايت", "عين", "بني", "مولاي", "دار", "سوق"})


@lru_cache(maxsize=1)
def _commune_spellings() -> frozenset[str]:
    """Every spelling of a commune word with its clitics (بجماعة، وبالجماعة …), for a set lookup per word."""
    out = set()
    for w in _COMMUNE_WORDS:
        for stem in (w, "ال" + w):
            out.add(stem)
            out.update(p + stem for p in ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"))
    return frozenset(out)


def _unknown_communes(text: str, sentences: list[Sentence], words: Sequence[gz.Word],
                      covered: set[int]) -> list[PlaceMention]:
    """Return towns the gazetteer lacks, named the way the press names a commune or a village.

    "بالضويات، الجماعة التابعة للإقليم" (a glued ب, then a comma and an apposition that says it is a commune) and
    "بجماعة تمصلوحت"، "بدوار آيت علي" (a commune word before a name the gazetteer does not know). They are Moroccan
    towns (the apposition and the words are the Moroccan press's); kind commune, lower confidence.
    """
    out: list[PlaceMention] = []
    n = len(words)
    spellings = _commune_spellings()
    # Few words can start such a town: a ب-word before a comma, or a commune word. Filter them first (C-level).
    maybe = [i for i, w in enumerate(words)
             if w.norm in spellings or (w.norm[:1] == "ب" and i + 1 < n and words[i + 1].after_punct)]
    for i in maybe:
        w = words[i]
        if i in covered:
            continue
        name_first = name_last = None
        if w.norm.startswith("ب") and len(w.norm) >= 5 and i + 1 < n and words[i + 1].after_punct \
                and text[w.end:words[i + 1].start].strip() in ("،", ","):
            nxt = words[i + 1].norm
            pair = nxt + " " + words[i + 2].norm if i + 2 < n else nxt
            if nxt in _TOWN_APPOSITIVES or pair in _TOWN_APPOSITIVES:
                bare = w.norm[1:]
                if bare not in _NOT_TOWNS and not bare.startswith("ال" + "ال"):
                    name_first = name_last = i
        else:
            forms = {f for f, _ in gz.clitic_variants(w.norm)}
            if forms & _COMMUNE_WORDS and i + 1 < n and not words[i + 1].after_punct:
                j = i + 1
                if words[j].norm in _COMMUNE_ADJECTIVES and j + 1 < n and not words[j + 1].after_punct:
                    j += 1
                if j in covered or words[j].norm in _NOT_TOWNS or not words[j].norm.isalpha():
                    continue
                last = j
                if words[j].norm in _NAME_PARTS and j + 1 < n and not words[j + 1].after_punct:
                    last = j + 1  # سيدي بوعثمان، أولاد تايمة
                elif words[j].norm.startswith("ال") and not (last + 1 >= n or words[last + 1].after_punct):
                    continue  # "جماعة العدل والإحسان": a definite common noun runs on, no town name
                if last in covered or len(words[j].norm) < 3:
                    continue
                name_first, name_last = j, last
        if name_first is None:
            continue
        a, b = words[name_first].start, words[name_last].end
        name = text[a:b]
        if name_first == name_last and name_first == i:
            name = name[1:]  # the glued ب of "بالضويات" (the span keeps it, as for every glued place)
        out.append(PlaceMention(name=name, kind="commune", country="MA", span=Span(a, b, text[a:b]),
                                sentence=sentence_at(sentences, a), confidence=0.6))
    return out


@lru_cache(maxsize=1 << 16)
def _has_madina(token: str) -> bool:
    return "مدين" in token


def _resolve(m: gz.Match, words: Sequence[gz.Word], index: gz.PlaceIndex, text: str) -> dict | None:
    """Return the row a match stands for, or None when context says the name is a common word here."""
    key = m.entries[0].key
    place_word = gz.place_word_before(words, m.first)
    if key in index.strict and place_word is None:
        return None
    if key in index.needs_context and place_word is None:
        glued = m.prefix.endswith(("ب", "ل"))
        prev = words[m.first - 1].norm if m.first > 0 and not words[m.first].after_punct else ""
        if not (glued or prev in ("في", "الي", "من") or _is_dateline(m, words, text)):
            return None
    wanted = gz.place_word_kind(place_word)
    rows = [e.value for e in m.entries]
    if wanted:
        rows.sort(key=lambda r: (r["kind"] != wanted, _KIND_ORDER.get(r["kind"], 9)))
    else:
        rows.sort(key=lambda r: _KIND_ORDER.get(r["kind"], 9))
    return rows[0]


def _is_dateline(m: gz.Match, words: Sequence[gz.Word], text: str) -> bool:
    """True for "الرباط - (ومع)" / "العيون: " at the start of a line."""
    return words[m.first].line_start and _dateline_follows(text, m.end)


def _dateline_follows(text: str, end: int) -> bool:
    rest = text[end:end + 4].lstrip(" ")
    return rest[:1] in ("-", "–", "—", ":", "(", "/", "،", ",") or rest.startswith("..")


# ---------- where the event took place ----------

@dataclass(slots=True)
class EventLocation:
    city: str | None
    country: str | None
    venue: str | None = None
    region: str | None = None
    confidence: float = 0.0
    reason: str = ""  # why this place: "city from the dateline", "online event: no city" (Event.reasons["place"])


# Verbs and nouns that put the event at the place that follows (احتضنت مدينة X، نظم … بـX، انطلقت … بـX).
_HOST_STEMS = (
    "احتضن", "تحتضن", "يحتضن", "احتضان", "استضاف", "تستضيف", "يستضيف", "استضافه", "انطلق", "تنطلق", "ينطلق",
    "نظم", "تنظم", "ينظم", "تنظيم", "المنظم", "افتتح", "تفتتح", "يفتتح", "اختتم", "تختتم", "يختتم", "اقيم", "تقام", "يقام",
    "عقد", "تعقد", "يعقد", "ينعقد", "تنعقد", "انعقد", "انعقاد", "جرت", "تجري", "يجري", "شهدت", "تشهد", "يشهد", "اسدل",
    "احتفل", "تحتفل", "يحتفل", "التام", "تلتئم", "انطلاق", "فعاليات", "اشغال", "شارك", "تشارك", "يشارك", "مشاركه",
    "المنعقد", "المقام", "المحتضن",
)
# Venue words: "بقصر المؤتمرات بمراكش", "بفندق … بالرباط", "بالمركز الثقافي … بطنجة".
_VENUE_WORDS = frozenset([
    "متحف", "قصر", "القصر", "قاعه", "القاعه", "فندق", "كليه", "جامعه", "مقر", "المقر", "المركب", "مركب", "دار",
    "المركز", "مركز", "فضاء", "ساحه", "مسرح", "المسرح", "المعهد", "معهد", "حرم", "رحاب", "مدرج", "قبه", "خيمه",
    "منتجع", "نادي", "مكتبه", "المكتبه", "الفضاء", "المدرسه", "مدرسه", "قصبه", "رياض", "منتزه",
])
# Words after which a place belongs to a title or a body, not to the event: "والي جهة الشرق", "جمعية … بالناظور".
_TITLE_WORDS = frozenset([
    "والي", "عامل", "رئيس", "رئيسه", "نائب", "عضو", "مجلس", "غرفه", "مندوب", "مدير", "المدير",
    "سفير", "قنصل", "القنصل", "جمعيه", "تعاونيه", "اتحاد", "الاتحاد", "شبكه", "منظمه", "جامعه", "نادي", "مؤسسه",
    "فرع", "مكتب", "ابن", "بنت", "ابناء", "اصيل", "المنحدر", "المنحدره", "منحدر", "سكان", "ساكنه",
])
# Words that end a venue phrase: prepositions, time words and event nouns ("بمقر البرلمان ندوة حول …").
# Every vocabulary table here holds folded forms (ى→ي، ة→ه، أ→ا), the form words are compared in.
_VENUE_STOP = frozenset([
    "حول", "تحت", "علي", "من", "في", "الي", "مع", "عن", "يوم", "يومي", "امس", "اليوم", "صباح", "مساء", "خلال",
    "ندوه", "لقاء", "لقاءا", "ملتقي", "منتدي", "مؤتمر", "معرض", "معرضا", "ورشه", "حفل", "دوره", "الدوره", "فعاليات",
    "اشغال", "بحضور", "بمشاركه", "وذلك", "التي", "الذي",
])
_ORIGIN_WORDS = frozenset(["من", "قادمين", "قادما", "قادمه", "القادمين", "القادمه", "قدموا", "قدمن", "ينحدر", "تنحدر"])
# Verbs of coming from a place, before "من": "قدمت من"، "حلوا من"، "الوافدين من".
_ORIGIN_VERBS = frozenset(["قدمت", "قدم", "قدموا", "قدمن", "حلوا", "حل", "حلت", "جاءت", "جاؤوا", "جاءوا", "الوافدين",
                           "الوافدات", "وافدين", "القادمين", "القادمات", "قادمين", "قادمات", "ينحدرون", "تنحدر",
                           "ينحدر", "المنحدرين"])
_ONLINE_WORDS = ("عن بعد", "افتراضي", "افتراضيه", "التناظر المرئي", "عبر الانترنت", "اونلاين", "زووم", "zoom", "online",
                 "تقنيه الفيديو", "عبر الفيديو", "ويبينار", "webinar", "المناظره المرئيه", "مايكروسوفت تيمز",
                 "microsoft teams", "google meet", "عبر منصه رقميه", "بالمناظره المرئيه")


def locate_event(
    text: str,
    sentences: list[Sentence],
    places: list[PlaceMention],
    countries: list[CountryMention],
    event_sentence: int | None,
    title_sentence: int | None = None,
) -> EventLocation:
    """Return where the article's event took place.

    title_sentence defaults to the first sentence of four words or more.

    Scores each place mention: in the event's sentence or the title, introduced by ب/في after a hosting
    verb or a venue, or as a dateline (weak). Places inside a title or an organization's name (والي جهة…،
    جمعية … بالناظور) or given as an origin (قادمين من …) are discounted. A well-known venue implies its city.
    """
    words = gz.words_of(text)
    starts = _starts(text)
    if title_sentence is None:
        title_sentence = _title_sentence(sentences)
    if _is_online(sentences, event_sentence) and not any(
            p.sentence == event_sentence and _hosted_here(p, words, starts) for p in places):
        # An online event (عن بعد، افتراضيا، عبر تقنية التناظر المرئي) has no city; the towns its participants
        # joined from ("بمشاركة فاعلين من الرباط") are not where it was held.
        return EventLocation(None, None, confidence=0.6, reason="online event: no city or country")

    scores: dict[tuple[str, str, str], float] = {}
    first_seen: dict[tuple[str, str, str], int] = {}
    at = {starts[p.span.start] for p in places if p.span.start in starts}
    # A place inside a body's name (جمعية … بمراكش) does not cut a hosting verb off from the place after it.
    barriers = {i for i in at if not _in_title_or_body(words, i)}
    scored = []
    for p in places:
        i = starts.get(p.span.start)
        if i is None:
            continue
        scored.append((p, _place_score(p, i, words, text, event_sentence, title_sentence, barriers), _is_future(words, i)))
    # A place named for a future edition ("على أن تحتضن مدينة أكادير الدورة المقبلة") is not where the reported
    # event was held, unless every place is so (an announcement of the coming event).
    reported = any(s > 0 and not future for _, s, future in scored)
    single: dict[tuple[str, str, str], float] = {}  # each place's best single mention
    best_mention: dict[tuple[str, str, str], PlaceMention] = {}  # the mention behind single[k], for the reason
    why: dict[tuple[str, str, str], str] = {}
    for p, s, future in scored:
        if future and reported:
            continue
        k = (p.name, p.kind, p.country)
        scores[k] = scores.get(k, 0.0) + s
        if s >= single.get(k, float("-inf")):
            single[k] = s
            best_mention[k] = p
        first_seen.setdefault(k, p.span.start)

    venue_hit = _venue(text, words, sentences, event_sentence)
    if venue_hit is not None:
        row, bonus = venue_hit
        k = (row["city"], "city", row["country"])
        scores[k] = scores.get(k, 0.0) + bonus
        if bonus >= single.get(k, float("-inf")):
            single[k] = bonus
            best_mention.pop(k, None)
            why[k] = f"the venue «{row['venue']}»"
        first_seen.setdefault(k, len(text))

    cities = {k: v for k, v in scores.items() if k[1] in ("city", "commune", "province") and v > 0}
    region = _best(({k: v for k, v in scores.items() if k[1] == "region" and v > 0}), first_seen)
    abroad = _country_as_place(countries, words, starts, text, event_sentence, title_sentence, barriers)
    if abroad is not None and abroad[1] > max(cities.values(), default=0.0):
        same = {k: v for k, v in cities.items() if k[2] == abroad[0]}
        if not same:  # "شارك … في الملتقى الذي انعقد بتونس" beats the towns the participants came from
            return EventLocation(None, abroad[0], confidence=min(1.0, abroad[1] / 8),
                                 reason="country named as the place, no city")
        cities = same  # "مشاركة مغربية بفرنسا" … "بمدينة أرشون": the town in that country
    if cities:
        k = _smaller_host(_best(cities, first_seen), cities, single)
        name, kind, country = k
        city = name if kind != "province" else _province_city(name)
        confidence = min(1.0, cities[k] / 8)
        if k in best_mention:
            reason = _mention_reason(best_mention[k], text, words, starts, event_sentence, title_sentence)
        else:
            reason = why.get(k, "a mention")
        if kind == "province":
            reason = f"province from {reason}"
        if city is None:
            return EventLocation(None, country, region=region[0] if region else None, confidence=confidence,
                                 reason=f"{reason}; its city is unknown")
        return EventLocation(city, country, venue=_venue_text(text, words, sentences, event_sentence, at),
                             region=_region_of(name, kind) or (region[0] if region else None), confidence=confidence,
                             reason=reason if reason.startswith("province") else f"{kind} from {reason}")
    if region:
        return EventLocation(None, region[2], region=region[0], confidence=0.4, reason="only a region: no city")
    country = _country_from_mentions(countries, event_sentence, title_sentence, words, starts)
    return EventLocation(None, country, confidence=0.3 if country else 0.0,
                         reason="country from the event sentence, no city" if country else "no place found")


def _mention_reason(p: PlaceMention, text: str, words: Sequence[gz.Word], starts: dict[int, int],
                    event_sentence: int | None, title_sentence: int | None) -> str:
    """Return where a place mention stands, in a few words: "the dateline", "the event sentence" …"""
    i = starts.get(p.span.start)
    if _is_site_dateline(p, text) or (i is not None and _is_dateline_word(i, words, text)):
        return "the dateline"
    if p.sentence == event_sentence:
        return "the event sentence"
    if p.sentence == title_sentence:
        return "the headline"
    return f"sentence {p.sentence + 1}"


_HOSTED = 6.0  # a single mention this strong was introduced as where the event is (its sentence + ب + a verb)


def _smaller_host(best: tuple[str, str, str], cities: dict, single: dict) -> tuple[str, str, str]:
    """Return a commune or town hosting the event inside the best-scored province or city, else best.

    Reports name the province (or its chief town) several times and the small town once, where it matters:
    "نظمت اللجنة الإقليمية بإقليم مولاي يعقوب … لقاء احتضنته … بالضويات". Counting mentions favours the
    province; the town introduced as the host is where the event took place.
    """
    name, kind, _ = best
    rows = gz.places_by_name()
    province = name if kind == "province" else (rows.get((name, "city")) or {}).get("parent")
    for k in sorted(cities, key=lambda c: -single.get(c, 0.0)):
        if k == best or k[1] not in ("commune", "city") or single.get(k, 0.0) < _HOSTED:
            continue
        if single.get(k, 0.0) < single.get(best, 0.0) - 1.0:
            continue
        row = rows.get((k[0], k[1]))
        parent = row.get("parent") if row else None
        if parent is None or parent == province or parent == name:
            return k
    return best


@lru_cache(maxsize=8)
def _starts(text: str) -> dict[int, int]:
    """Return word start offset → word index (callers must not modify it)."""
    words = gz.words_of(text)
    return dict(zip(map(attrgetter("start"), words), range(len(words)), strict=True))


def _title_sentence(sentences: list[Sentence]) -> int | None:
    """Return the first sentence long enough to be a headline (site menus above it are one or two words)."""
    for s in sentences[:8]:
        if len(s.text.split()) >= 4:
            return s.index
    return None


def _best(scored: dict, first_seen: dict):
    if not scored:
        return None
    return max(scored, key=lambda k: (scored[k], -first_seen.get(k, 0)))


def _place_score(p: PlaceMention, i: int, words: Sequence[gz.Word], text: str,
                 event_sentence: int | None, title_sentence: int | None, at: set[int]) -> float:
    w = words[i]
    score = 1.0
    if event_sentence is not None and p.sentence == event_sentence:
        score += 3.0
    elif title_sentence is not None and p.sentence == title_sentence:
        score += 2.0
    elif event_sentence is not None and p.sentence == event_sentence + 1:
        score += 0.5
    m = gz.place_index().match_at(words, i)
    glued = m.prefix if m is not None else ""
    place_word = gz.place_word_before(words, i)
    prev = words[i - 1].norm if i > 0 and not w.after_punct else ""
    prev2 = words[i - 2].norm if i > 1 and not words[i - 1].after_punct and prev else ""
    locative = glued.endswith("ب") or prev == "في"
    if place_word is not None:
        locative = locative or (_glue_of(prev, gz.PLACE_WORDS) or "").endswith("ب") or prev2 == "في"
    if locative:
        score += 1.0
    if _hosting_before(words, i, at) or _hosting_after(words, i):
        score += 3.0
    if _venue_before(words, i):
        score += 2.0
    if _is_dateline_word(i, words, text):
        score += 1.5
    # In a title or an organization's name: والي جهة الشرق، جمعية البيئة ببركان، رئيس مجلس جهة …
    if _in_title_or_body(words, i):
        score -= 3.0
    origin = _origin_strength(words, i)
    if not origin and glued.startswith("و"):
        # "قدمت من بني ملال والفقيه بنصالح": a place coordinated with an origin is one too.
        origin = next((_origin_strength(words, j) for j in range(i - 1, max(-1, i - 4), -1) if j in at), 0)
    if origin == 2:
        return -1.0  # "تعاونيات قدمت من بني ملال": where participants came from is never the venue
    if origin:
        score -= 2.5
    if _is_site_dateline(p, text):
        score += 4.0
    if p.kind == "region":
        score -= 0.5
    return score


def _origin_strength(words: Sequence[gz.Word], i: int) -> int:
    """Return 2 for a place after a verb of coming + من (قدمت من), 1 after an origin word (من، قادمين), else 0."""
    w = words[i]
    prev = words[i - 1].norm if i > 0 and not w.after_punct else ""
    prev2 = words[i - 2].norm if i > 1 and not words[i - 1].after_punct and prev else ""
    if prev == "من" and any(f in _ORIGIN_VERBS for f, _ in gz.clitic_variants(prev2)):
        return 2
    return 1 if _is_origin(prev) or _is_origin(prev2) else 0


def _is_site_dateline(p: PlaceMention, text: str) -> bool:
    """True for the city of a "SITE : CITY" line ("شرق بريس : وجدة"): a short line, a colon, the place ending it."""
    line_start = text.rfind("\n", 0, p.span.start) + 1
    line_end = text.find("\n", p.span.end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start:p.span.start], text[p.span.end:line_end]
    return (after.strip(" .") == "" and before.rstrip().endswith((":", "：")) and 1 <= len(before.split()) <= 5
            and len(before.strip()) > 2)


# Nouns of an event's edition: "الدورة المقبلة", "النسخة القادمة", "في دورتها المقبلة".
_EDITION_STEMS = ("دور", "الدور", "نسخ", "النسخ", "طبع", "الطبع", "محط", "المحط")
_NEXT_WORDS = frozenset(["المقبله", "القادمه", "المقبل", "القادم"])


def _is_future(words: Sequence[gz.Word], i: int) -> bool:
    """True when the clause of word i speaks of a coming edition: "على أن تحتضن مدينة X الدورة المقبلة",
    "الدورة القادمة ستنظم بـX", "وستنظم بـX السنة المقبلة".

    A future verb alone is not enough: "المنتدى الذي ستحتضنه مدينة بوردو" announces the article's own event.
    """
    lo = i
    while lo > 0 and i - lo < 12 and not words[lo].after_punct:
        lo -= 1
    hi = i + 1
    while hi < len(words) and hi - i < 8 and not words[hi].after_punct:
        hi += 1
    future_verb = next_word = False
    for j in range(lo, hi):
        w = words[j].norm
        if w in _NEXT_WORDS:
            if j > lo and words[j - 1].norm.startswith(_EDITION_STEMS):
                return True  # الدورة المقبلة، النسخة القادمة
            next_word = True
        elif w == "علي" and j + 2 < hi and words[j + 1].norm == "ان" and _is_host(words[j + 2].norm):
            return True  # على أن تحتضن / على أن تنظم
        elif _is_future_host(w):
            future_verb = True
    return future_verb and next_word


@lru_cache(maxsize=1 << 14)
def _is_future_host(token: str) -> bool:
    """True for a hosting verb in the future tense: ستحتضن، سينظم، وستنعقد."""
    for form, _ in gz.clitic_variants(token):
        if form[:1] == "س" and form[1:2] in ("ي", "ت", "ن") and form[1:].startswith(_HOST_STEMS):
            return True
    return False


def _is_origin(token: str) -> bool:
    return any(form in _ORIGIN_WORDS for form, _ in gz.clitic_variants(token)) if token else False


def _in_title_or_body(words: Sequence[gz.Word], i: int) -> bool:
    """True when a title or body word (والي، رئيس، جمعية …) heads the clause the place ends, within 5 words.

    A venue word or a hosting verb met first means the place is where something happens: no penalty.
    """
    for j in range(i - 1, max(-1, i - 6), -1):
        if words[j + 1].after_punct:
            return False
        kind = _clause_word(words[j].norm)
        if kind:
            return kind == _TITLE
    return False


_VENUE, _HOST, _TITLE = 1, 2, 3


@lru_cache(maxsize=1 << 16)
def _clause_word(token: str) -> int:
    """Return _VENUE or _HOST (checked first) or _TITLE for a word that heads a place's clause, else 0."""
    forms = {f for f, _ in gz.clitic_variants(token)}
    if forms & _VENUE_WORDS:
        return _VENUE
    if _is_host(token):
        return _HOST
    return _TITLE if forms & _TITLE_WORDS else 0


@lru_cache(maxsize=1 << 16)
def _glue_of(token: str, vocabulary: frozenset[str]) -> str | None:
    """Return the proclitic glued to a word of vocabulary ("بمدينه" → "ب", "مدينه" → ""), None for other words."""
    for form, prefix in gz.clitic_variants(token):
        if form in vocabulary:
            return prefix
    return None


def _hosting_before(words: Sequence[gz.Word], i: int, at: set[int]) -> bool:
    """True when a hosting verb/noun occurs within 12 words before word i, with no other place between."""
    lo = max(0, i - 12)
    for j in range(i - 1, lo - 1, -1):
        if _is_host(words[j].norm):
            return True
        if j in at:
            return False
        if words[j].after_punct and j < i - 1 and j != lo:
            # a clause boundary: stop unless the verb is right before it (احتضنت، أمس، بمدينة …)
            if i - j > 6:
                return False
    return False


def _hosting_after(words: Sequence[gz.Word], i: int) -> bool:
    """True for "ابن جرير تحتضن …" and "احتضنت مدينة شفشاون" (the city is the verb's subject or object)."""
    j = i + 1
    while j < len(words) and j <= i + 2:
        if words[j].after_punct:
            return False
        if _is_host(words[j].norm):
            return True
        j += 1
    return False


@lru_cache(maxsize=1 << 16)
def _is_host(token: str) -> bool:
    for form, _ in gz.clitic_variants(token):
        if form.startswith(_HOST_STEMS):
            return True
        if form[:1] == "س" and form[1:2] in ("ي", "ت", "ن") and form[1:].startswith(_HOST_STEMS):  # ستحتضن، سينظم
            return True
    return False


def _venue_before(words: Sequence[gz.Word], i: int) -> bool:
    lo = max(0, i - 8)
    for j in range(i - 1, lo - 1, -1):
        if _clause_word(words[j].norm) == _VENUE:
            return True
        if words[j].after_punct:
            return False
    return False


def _is_dateline_word(i: int, words: Sequence[gz.Word], text: str) -> bool:
    w = words[i]
    return w.line_start and _dateline_follows(text, w.end)


def _venue(text: str, words: Sequence[gz.Word], sentences: list[Sentence], event_sentence: int | None):
    """Return (venue row, score) for a well-known venue (مجلس النواب → الرباط) in the event's sentence or anywhere."""
    best = None
    for m in gz.venue_index().scan(words):
        sent = sentence_at(sentences, m.start)
        bonus = 4.0 if sent == event_sentence else 1.0
        if m.prefix.endswith("ب") or (m.first > 0 and words[m.first - 1].norm == "في"):
            bonus += 2.0
        if best is None or bonus > best[1]:
            best = (m.entries[0].value, bonus)
    return best


def _venue_text(text: str, words: Sequence[gz.Word], sentences: list[Sentence], event_sentence: int | None,
                at: set[int]) -> str | None:
    """Return the venue phrase of the event's sentence: a venue word introduced by ب ("بالمركز الثقافي …"),
    else one right after a hosting verb ("احتضن فندق …"), up to the next place, preposition or punctuation."""
    if event_sentence is None or not (0 <= event_sentence < len(sentences)):
        return None
    sent = sentences[event_sentence]
    offsets = list(_starts(text))  # word starts in text order
    idx = range(bisect_left(offsets, sent.start), bisect_left(offsets, sent.end))
    glued, after_host = [], []
    for n, i in enumerate(idx):
        prefix = _glue_of(words[i].norm, _VENUE_WORDS)
        if prefix is None:
            continue
        if prefix.endswith("ب"):
            glued.append((n, i, prefix))
        elif n > 0 and _is_host(words[idx[n - 1]].norm) and not words[i].after_punct:
            after_host.append((n, i, prefix))
    for n, i, prefix in (glued or after_host)[:1]:
        end = i
        for j in idx[n + 1:n + 7]:
            w = words[j]
            if (w.after_punct or (j in at and _located(words, j)) or (_glue_of(w.norm, gz.PLACE_WORDS) or "").endswith("ب")
                    or w.norm in _VENUE_STOP or _is_host(w.norm)):
                break
            end = j
        return text[words[i].start + len(prefix):words[end].end]
    return None


def _located(words: Sequence[gz.Word], j: int) -> bool:
    """True when the place at word j carries a glued ب (بطنجة): it closes a venue phrase."""
    m = gz.place_index().match_at(words, j)
    return m is not None and m.prefix.endswith("ب")


def _hosted_here(p: PlaceMention, words: Sequence[gz.Word], starts: dict[int, int]) -> bool:
    """True when a place is introduced as a location (a glued ب or في before it), not as an origin or a title."""
    i = starts.get(p.span.start)
    if i is None:
        return False
    m = gz.place_index().match_at(words, i)
    prev = words[i - 1].norm if i > 0 and not words[i].after_punct else ""
    if gz.place_word_before(words, i) is not None and i > 1:
        prev = words[i - 2].norm if not words[i - 1].after_punct else ""
        glued = (_glue_of(words[i - 1].norm, gz.PLACE_WORDS) or "").endswith("ب")
    else:
        glued = m is not None and m.prefix.endswith("ب")
    return (glued or prev == "في") and not _in_title_or_body(words, i)


def _is_online(sentences: list[Sentence], event_sentence: int | None) -> bool:
    if event_sentence is None or not (0 <= event_sentence < len(sentences)):
        return False
    s = gz.fast_normalize(sentences[event_sentence].text)
    return any(w in s for w in _ONLINE_WORDS)


def _province_city(name: str) -> str | None:
    """Return the city a province is named after (إقليم شفشاون → شفشاون), or None (إقليم الحوز)."""
    rows = gz.places_by_name()
    if (name, "city") in rows:
        return name
    row = rows.get((name, "province"))
    return row.get("parent") if row else None  # عين الشق → الدار البيضاء


def _region_of(name: str, kind: str) -> str | None:
    row = gz.places_by_name().get((name, kind))
    return row.get("region") if row else None


def _country_as_place(countries: list[CountryMention], words: Sequence[gz.Word], starts: dict[int, int], text: str,
                      event_sentence: int | None, title_sentence: int | None, at: set[int]) -> tuple[str, float] | None:
    """Return (code, score) of the best country named as a place (بإسبانيا، في فرنسا), scored like towns."""
    best = None
    for c in countries:
        i = starts.get(c.span.start)
        if i is None or c.via == "nisba":
            continue
        m = gz.country_index().match_at(words, i)
        prev = words[i - 1].norm if i > 0 and not words[i].after_punct else ""
        if not ((m is not None and m.prefix.endswith("ب")) or prev == "في"):
            continue
        score = 2.0  # the base and the locative bonus of a town
        if event_sentence is not None and c.sentence == event_sentence:
            score += 3.0
        elif title_sentence is not None and c.sentence == title_sentence:
            score += 2.0
        if _hosting_before(words, i, at) or _hosting_after(words, i):
            score += 3.0
        if _in_title_or_body(words, i):
            score -= 3.0
        if _is_origin(prev) or (i > 1 and _is_origin(words[i - 2].norm)):
            score -= 2.5
        if best is None or score > best[1]:
            best = (c.code, score)
    return best


def _country_from_mentions(countries: list[CountryMention], event_sentence: int | None,
                           title_sentence: int | None, words: Sequence[gz.Word], starts: dict[int, int]) -> str | None:
    """Return the country of the event when no place is known: a country named with ب/في in the event's sentence."""
    for c in countries:
        if c.sentence not in (event_sentence, title_sentence) or c.via == "nisba":
            continue
        i = starts.get(c.span.start)
        if i is None:
            continue
        prev = words[i - 1].norm if i > 0 else ""
        m = gz.country_index().match_at(words, i)
        if (m is not None and m.prefix.endswith("ب")) or prev == "في":
            return c.code
    return None

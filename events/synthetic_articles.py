"""Realistic benchmark articles for bench_load: Moroccan SSE news written from templates, with names drawn from
seed_synthetic's vocabulary (gazetteer cities, the extractor's person-name lexicon, organization head nouns).

Each article reports one event in the style of the regional press (see eval/extra/): a headline naming the kind of
event (معرض، ملتقى، ندوة، يوم دراسي، قافلة …) and the city, a dateline and a date sentence, an organizer sentence
with one to four bodies, officials and presidents quoted with their roles, figures ("بمشاركة 120 تعاونية"), and
a few sentences of real press text. Who is named follows a Zipf–Mandelbrot law, as in real coverage: national
bodies and their officials recur in hundreds of articles, most cooperatives and their presidents in one or two,
so a load meets both names it has stored and new ones. Names come with the variants real articles have (hamza or
not, a surname with or without ال, an honorific, an acronym beside a national body's name, a surname alone on a
second mention), and about one article in seven reports an event an earlier article reported (its closing, its
second day), so entity resolution and event matching both work as in a real load.

Pure Python, no database: the same seed and count give the same articles.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from events.extract import gazetteers
from events.management.commands.seed_synthetic import (
    EVENT_KINDS,
    NATIONAL_ORGS,
    ORDINALS,
    SCOPES,
    SOURCES,
    THEMES,
    ZipfPicker,
    article_sentences,
    local_organization,
    person_name,
    person_names,
)

# Popularity of organizations and persons (Zipf exponent, Mandelbrot offset): with these, 10,000 articles name
# about 4,000 distinct organizations and 5,000 persons, the most cited body in about one article in seven.
ORG_ZIPF = (1.05, 8.0)
PERSON_ZIPF = (1.0, 10.0)
SAME_EVENT = 0.15  # share of articles about an event an earlier article reported

MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
# Definite forms the plain "ال + each word" rule gets wrong.
_DEFINITE = {"حفل توزيع جوائز": "حفل توزيع الجوائز", "لقاء تواصلي": "اللقاء التواصلي"}

# Roles of a person in the body they represent, by kind of body (masculine forms: the lexicon does not say who
# is a woman, and the press mostly writes these titles so).
_ROLES = {
    "ministry": ["الكاتب العام ل", "مدير الاقتصاد الاجتماعي ب", "المدير الجهوي ل"],
    "public_agency": ["المدير الجهوي ل", "المدير العام ل", "المنسق الجهوي ل"],
    "international": ["الممثل المقيم ل", "رئيس بعثة", "منسق برامج"],
    "local_authority": ["رئيس", "نائب رئيس", "عضو"],
    "network": ["رئيس", "المنسق الوطني ل", "الكاتب العام ل"],
    "university": ["رئيس", "أستاذ الاقتصاد ب", "عميد كلية العلوم القانونية والاقتصادية ب"],
    "foundation": ["رئيس", "المدير التنفيذي ل"],
}
_DEFAULT_ROLES = ["رئيس", "رئيس", "رئيس", "أمين مال", "الكاتب العام ل", "نائب رئيس"]
_HONORIFICS = ["", "", "", "السيد ", "الدكتور "]

_OPENINGS = [
    "انطلقت، يوم {weekday} {day}، بمدينة {city}، فعاليات {edition}{title}",
    "تحتضن مدينة {city}، {span}، فعاليات {edition}{title}",
    "افتتحت، {day_ago} {weekday} ب{city}، أشغال {edition}{title}",
    "احتضنت مدينة {city}، يوم {day}، {edition}{title}",
]
_ORGANIZERS = [
    "، الذي ينظمه {first} بشراكة مع {rest}",
    "، المنظم من طرف {first} بتعاون مع {rest}",
    "، بمبادرة من {first} وبدعم من {rest}",
]
_SLOGANS = [
    "الاقتصاد الاجتماعي والتضامني رافعة للتنمية المجالية", "من الموروث المحلي إلى الأسواق الوطنية",
    "التعاونيات في خدمة التشغيل الذاتي للشباب", "تمكين المرأة القروية مدخل للتنمية", "نحو تسويق أفضل للمنتوج المحلي",
    "الرقمنة في خدمة التعاونيات", "التضامن أساس الإقلاع الاقتصادي",
]
_CLAIMS = [
    "الاقتصاد الاجتماعي والتضامني أصبح رافعة أساسية للتنمية المحلية وخلق فرص الشغل",
    "الرهان اليوم هو ضمان استدامة ولوج التعاونيات إلى الأسواق وعدم الاكتفاء بالمعارض الموسمية",
    "المؤسسة واكبت خلال السنوات الأخيرة عشرات التعاونيات عبر برامج للتكوين والتأطير والدعم التقني",
    "هذه التظاهرة تشكل فرصة لتبادل التجارب بين الفاعلين وتثمين المنتوجات المجالية",
    "تبسيط مساطر الولوج إلى الصفقات العمومية لفائدة التعاونيات أولوية في المرحلة المقبلة",
    "التكوين والمواكبة شرطان أساسيان لنجاح المقاولات الاجتماعية الناشئة",
    "إدماج النساء والشباب في النسيج التعاوني يظل في صلب الاستراتيجية الجهوية",
]
_QUOTE_VERBS = [("أكد", "أن"), ("أوضح", "أن"), ("أبرز", "أن"), ("اعتبر", "أن"), ("قال", "إن")]
_FIGURES = [
    "ويشارك في هذه الدورة {n} تعاونية وجمعية قادمة من مختلف أقاليم الجهة، تعرض منتوجات متنوعة من قبيل {products}.",
    "وعرف {title_short} مشاركة {n} تعاونية، إلى جانب عدد من المقاولات الاجتماعية والمؤسسات المواكبة.",
    "وشارك في هذا اللقاء نحو {n} مشارك من منتخبين وجامعيين وممثلي التعاونيات والجمعيات.",
    "وقد رصد لهذه الدورة غلاف مالي يناهز {m} مليون درهم، يستفيد منه {n} مستفيد.",
]
_PRODUCTS = ["زيت الأركان", "العسل", "الزعفران", "التمور", "الكسكس", "الزرابي", "الخزف", "النباتات العطرية",
             "الحلي التقليدية", "زيت الزيتون", "الأعشاب الطبية"]
_CLOSINGS = [
    "واختتمت أشغال {title_short} بتوصيات دعت إلى إدماج الاقتصاد الاجتماعي والتضامني في برامج التنمية الجهوية.",
    "ويتضمن برنامج {title_short} ندوات وورشات تكوينية حول التسويق الرقمي والتغليف وشروط الحصول على علامات الجودة.",
    "وتم على هامش اللقاء توقيع اتفاقيات شراكة تهم التكوين والبحث العلمي وتثمين المنتوجات المحلية.",
]


@dataclass(frozen=True)
class Body:
    name: str
    kind: str
    acronym: str = ""


@dataclass(frozen=True)
class Official:
    name: str
    role: str  # with the body: "رئيس جمعية الأمل للتنمية بأكادير"
    body: int  # index in Corpus.bodies


@dataclass
class Happening:
    title: str  # indefinite: "معرض جهوي حول التعاونيات"
    definite: str  # "المعرض الجهوي حول التعاونيات"
    short: str  # "المعرض"
    city: str
    start: date
    days: int
    edition: int | None


def definite(phrase: str) -> str:
    """Return the definite form of an indefinite noun phrase: "يوم دراسي" → "اليوم الدراسي"."""
    if phrase in _DEFINITE:
        return _DEFINITE[phrase]
    return " ".join(w if w.startswith("ال") else f"ال{w}" for w in phrase.split())


def spelling_variant(rng: random.Random, name: str) -> str:
    """Return the name as another article may spell it: a hamza dropped, or a surname without its ال."""
    r = rng.random()
    if r < 0.12:
        return name.replace("أ", "ا").replace("إ", "ا")
    if r < 0.2:
        words = name.split()
        if len(words) >= 2 and words[-1].startswith("ال") and len(words[-1]) > 4:
            return " ".join([*words[:-1], words[-1][2:]])
    return name


class Corpus:
    """The bodies, officials and events of a seeded corpus of n articles, and the articles themselves."""

    def __init__(self, n: int, seed: int = 4):
        self.n = n
        self.rng = rng = random.Random(seed)
        cities = sorted({p["name_ar"] for p in gazetteers.places() if p["country"] == "MA" and p["kind"] == "city"})
        self.cities = cities
        city_picker = ZipfPicker(rng, len(cities), 0.9)  # big cities host most events
        self.city_picker = city_picker
        # Bodies: the national ones first (the top ranks), then local associations, cooperatives, councils ...
        bodies = [Body(name, kind, acronym) for name, kind, acronym in NATIONAL_ORGS]
        seen = {b.name for b in bodies}
        wanted = max(60, int(n * 0.8))
        while len(bodies) < wanted:
            name, kind = local_organization(rng, [cities[city_picker.one()] for _ in range(1)])
            if name not in seen:
                seen.add(name)
                bodies.append(Body(name, kind))
        self.bodies = bodies
        self.body_picker = ZipfPicker(rng, len(bodies), *ORG_ZIPF)
        # Officials: each speaks for one body, picked with the bodies' own skew (ministries have many officials).
        given, surnames = person_names()
        officials: list[Official] = []
        taken: set[str] = set()
        while len(officials) < max(60, n):
            name = person_name(rng, given, surnames)
            if name in taken:
                continue
            taken.add(name)
            body = self.body_picker.one()
            role = rng.choice(_ROLES.get(bodies[body].kind, _DEFAULT_ROLES))
            officials.append(Official(name, _with_body(role, bodies[body].name), body))
        self.officials = officials
        self.official_picker = ZipfPicker(rng, len(officials), *PERSON_ZIPF)
        self.sentences = article_sentences()
        self.happenings: list[Happening] = []

    def articles(self) -> Iterator[tuple[str, str]]:
        """Yield (file name, text) of the n articles."""
        for i in range(self.n):
            yield f"{i:05d}.txt", self.article(i)

    def happening(self) -> tuple[Happening, bool]:
        """Return the event an article reports and whether an earlier article reported it."""
        rng = self.rng
        if self.happenings and rng.random() < SAME_EVENT:
            return self.happenings[-1 - min(int(rng.expovariate(0.3)), len(self.happenings) - 1)], True
        _kind, nouns, gender, _ = rng.choices(EVENT_KINDS, [w for *_, w in EVENT_KINDS])[0]
        noun = rng.choice(nouns)
        scope = rng.choice(SCOPES[gender])
        theme = rng.choice(THEMES[: 8 + int(rng.expovariate(0.2))] if rng.random() < 0.5 else THEMES)
        title = " ".join(filter(None, [noun, scope, f"حول {theme}"]))
        phrase = " ".join(filter(None, [noun, scope]))
        start = date(2016, 1, 1) + timedelta(days=rng.randrange(10 * 365))
        edition = rng.randint(1, 10) if rng.random() < 0.3 else None
        event = Happening(title=title, definite=" ".join(filter(None, [definite(phrase), f"حول {theme}"])),
                          short=definite(noun.split()[0]), city=self.cities[self.city_picker.one()], start=start,
                          days=rng.choice([1, 1, 1, 2, 3]), edition=edition)
        self.happenings.append(event)
        return event, False

    def body_mention(self, index: int, first: bool) -> str:
        body = self.bodies[index]
        name = spelling_variant(self.rng, body.name) if not body.acronym else body.name
        if body.acronym and first and self.rng.random() < 0.5:
            return f"{name} ({body.acronym})"
        return name

    def article(self, i: int) -> str:
        rng = self.rng
        event, again = self.happening()
        bodies = list(dict.fromkeys(self.body_picker.one() for _ in range(rng.choices([1, 2, 3, 4], [3, 4, 2, 1])[0])))
        people = list(dict.fromkeys(self.official_picker.one() for _ in range(rng.choices([1, 2, 3, 4], [2, 4, 3, 1])[0])))
        # The organizer often speaks for itself: one of the officials belongs to it.
        if rng.random() < 0.5:
            own = [j for j in people if self.officials[j].body == bodies[0]]
            if not own:
                people[0:0] = [j for j in (self.official_picker.one() for _ in range(3))
                               if self.officials[j].body == bodies[0]][:1]
        day = event.start + timedelta(days=event.days - 1 if again else 0)
        edition = f"الدورة {ORDINALS[event.edition - 1]} من " if event.edition else ""
        end = event.start + timedelta(days=event.days - 1)
        span = (f"من {event.start.day} إلى {end.day} {MONTHS[end.month - 1]} {end.year}" if event.days > 1
                and end.month == event.start.month else f"يوم {_written(event.start)}")
        opening = rng.choice(_OPENINGS).format(
            weekday=WEEKDAYS[day.weekday()], day=_written(day), city=event.city, edition=edition,
            title=event.definite, span=span, day_ago="يوم")
        mentions = [self.body_mention(b, True) for b in bodies]
        if len(mentions) > 1:
            rest = " و".join(mentions[1:])
            opening += rng.choice(_ORGANIZERS).format(first=mentions[0], rest=rest)
        else:
            opening += f"، من تنظيم {mentions[0]}"
        opening += f"، تحت شعار \"{rng.choice(_SLOGANS)}\"." if rng.random() < 0.5 else "."
        paragraphs = [f"{event.city} - {opening}"]
        said = []
        for k, j in enumerate(people):
            official = self.officials[j]
            name = spelling_variant(rng, official.name)
            verb, that = rng.choice(_QUOTE_VERBS)
            claim = rng.choice(_CLAIMS)
            if k == 0:
                text = f"و{verb} {official.role}، {rng.choice(_HONORIFICS)}{name}، في كلمة بالمناسبة، {that} {claim}."
            else:
                text = f"من جهته، {verb} {rng.choice(_HONORIFICS)}{name}، {official.role}، {that} {claim}."
            surname = official.name.split()[-1]
            if rng.random() < 0.35:
                text += f" وأضاف {surname} أن {rng.choice(_CLAIMS)}."
            said.append(text)
        paragraphs += said
        figure = rng.choice(_FIGURES).format(n=rng.choice([12, 25, 40, 60, 85, 120, 150, 180, 240, 300, 500]),
                                             m=rng.choice([1.5, 2, 3.2, 4, 6.5, 12]), title_short=event.short,
                                             products=" و".join(rng.sample(_PRODUCTS, 3)))
        paragraphs.insert(1 + rng.randrange(len(paragraphs)), figure)
        paragraphs += rng.sample(self.sentences, rng.randint(2, 4))
        paragraphs.append(rng.choice(_CLOSINGS).format(title_short=event.short))
        lead = rng.choice(["اختتام", "ختام"]) if again and rng.random() < 0.6 else rng.choice(
            ["", "", "انطلاق فعاليات", "افتتاح"])
        where = f"ب{event.city}"
        headline = " ".join(filter(None, [lead, (edition + event.definite) if lead else event.definite, where]))
        if not lead and rng.random() < 0.4:
            headline = f"{event.city} تحتضن {edition}{event.definite}"
        published = day + timedelta(days=rng.choice([0, 0, 1, 1, 2]))
        header = (f"العنوان: {headline}\nالتاريخ: {published.isoformat()}\nالمصدر: {rng.choice(SOURCES)}\n\n"
                  if rng.random() < 0.7 else f"{headline}\n\n{_written(published)}\n\n")
        return header + "\n\n".join(paragraphs) + "\n"


def _written(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _with_body(role: str, body: str) -> str:
    """"رئيس" + "جمعية الأمل" → "رئيس جمعية الأمل"; "المدير الجهوي ل" + "مكتب" → "المدير الجهوي لمكتب"."""
    if role.endswith((" ل", " ب")):
        glue = role[-1]
        if glue == "ل" and body.startswith("ال"):
            return f"{role[:-2]} لل{body[2:]}"
        return f"{role[:-2]} {glue}{body}"
    return f"{role} {body}"

"""Build a large synthetic catalogue for benchmarks (issue 6): events, actors, links and figures with real skew.

The vocabulary comes from the real data: place and country gazetteers and person names under
events/extract/data/, sentences of the sample articles in fixtures/articles/, and the head nouns of
organization names as the press writes them. Who takes part in events follows a Zipf law, as in real
coverage: a ministry or a national agency appears in thousands of events, most cooperatives in one or two.
"""
from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import random
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.utils.text import slugify

from events import models as m
from events.extract.normalize import name_key
from events.ingest.extraction import fast_search_text  # normalize.search_text, faster: what the loader stores
from events.ingest.resolve import index_rows_for

DATA = Path(m.__file__).resolve().parent / "extract" / "data"
SOURCE_TAG = "synthetic"  # Article.extractor_version of every synthetic article

# Head noun → kind. Ordered by how often each kind appears in SSE coverage.
ORG_HEADS = [
    ("جمعية", m.Organization.Kind.ASSOCIATION, 36),
    ("تعاونية", m.Organization.Kind.COOPERATIVE, 34),
    ("شركة", m.Organization.Kind.COMPANY, 5),
    ("جماعة", m.Organization.Kind.LOCAL_AUTHORITY, 4),
    ("مؤسسة", m.Organization.Kind.FOUNDATION, 4),
    ("شبكة", m.Organization.Kind.NETWORK, 3),
    ("اتحاد", m.Organization.Kind.NETWORK, 3),
    ("جامعة", m.Organization.Kind.UNIVERSITY, 2),
    ("مجموعة ذات النفع الاقتصادي", m.Organization.Kind.OTHER, 2),
    ("حزب", m.Organization.Kind.POLITICAL_GROUP, 1),
]
# The prominent actors of real coverage: they take the top Zipf ranks.
NATIONAL_ORGS = [
    ("وزارة السياحة والصناعة التقليدية والاقتصاد الاجتماعي والتضامني", m.Organization.Kind.MINISTRY, ""),
    ("مكتب تنمية التعاون", m.Organization.Kind.PUBLIC_AGENCY, "ODCO"),
    ("المبادرة الوطنية للتنمية البشرية", m.Organization.Kind.PUBLIC_AGENCY, "INDH"),
    ("وزارة الفلاحة والصيد البحري والتنمية القروية والمياه والغابات", m.Organization.Kind.MINISTRY, ""),
    ("الوكالة الوطنية لإنعاش التشغيل والكفاءات", m.Organization.Kind.PUBLIC_AGENCY, "ANAPEC"),
    ("وزارة الداخلية", m.Organization.Kind.MINISTRY, ""),
    ("المجلس الاقتصادي والاجتماعي والبيئي", m.Organization.Kind.PUBLIC_AGENCY, "CESE"),
    ("وزارة التضامن والإدماج الاجتماعي والأسرة", m.Organization.Kind.MINISTRY, ""),
    ("مجلس جهة سوس ماسة", m.Organization.Kind.LOCAL_AUTHORITY, ""),
    ("برنامج الأمم المتحدة الإنمائي", m.Organization.Kind.INTERNATIONAL, "PNUD"),
    ("منظمة العمل الدولية", m.Organization.Kind.INTERNATIONAL, "OIT"),
    ("الوكالة الوطنية لتنمية الواحات وشجر الأركان", m.Organization.Kind.PUBLIC_AGENCY, "ANDZOA"),
    ("دار الصانع", m.Organization.Kind.PUBLIC_AGENCY, ""),
    ("وزارة الاقتصاد والمالية", m.Organization.Kind.MINISTRY, ""),
    ("الاتحاد الأوروبي", m.Organization.Kind.INTERNATIONAL, "UE"),
    ("الوكالة الألمانية للتعاون الدولي", m.Organization.Kind.INTERNATIONAL, "GIZ"),
    ("البنك الدولي", m.Organization.Kind.INTERNATIONAL, ""),
    ("مجلس جهة الدار البيضاء سطات", m.Organization.Kind.LOCAL_AUTHORITY, ""),
    ("الشبكة المغربية للاقتصاد الاجتماعي والتضامني", m.Organization.Kind.NETWORK, "REMESS"),
    ("مؤسسة محمد الخامس للتضامن", m.Organization.Kind.FOUNDATION, ""),
]
ORG_PURPOSES = [
    "التنمية", "التنمية المحلية", "النهوض بالمرأة القروية", "الأمل", "الخير", "المستقبل", "الفتح", "النور", "الوحدة",
    "الأركان", "الزعفران", "العسل", "الصناعة التقليدية", "النسيج", "الخزف", "التمور", "الكسكس", "النباتات العطرية",
    "الحليب", "زيت الزيتون", "الصبار", "الإدماج", "التضامن", "الشباب", "التربية والتكوين", "البيئة", "السياحة القروية",
    "الصيد التقليدي", "الحرفيين", "الفلاحين", "المرأة المقاولة", "الأشخاص في وضعية إعاقة", "الواحات", "الجبل",
]
ORG_QUALIFIERS = ["", "", "", "الجديدة", "للتنمية", "النسائية", "الفلاحية", "الخضراء", "للتضامن", "الحرفية"]
VENUES = ["", "", "", "قاعة الندوات", "مقر العمالة", "مقر الجهة", "دار الشباب", "المركب الثقافي", "فندق", "قصر المؤتمرات"]
SOURCES = ["هسبريس", "الصباح", "المساء", "العلم", "الأحداث المغربية", "مدار21", "اليوم 24", "هبة بريس", "الأيام 24", "كود"]
# Event kinds with their head nouns (feminine nouns take feminine adjectives) and relative frequency.
EVENT_KINDS = [
    (m.Event.Kind.MEETING, ["لقاء", "اجتماع", "لقاء تواصلي"], "m", 24),
    (m.Event.Kind.CONFERENCE, ["ندوة", "مؤتمر"], "f", 15),
    (m.Event.Kind.WORKSHOP, ["ورشة", "ورشة تكوينية"], "f", 15),
    (m.Event.Kind.FORUM, ["منتدى", "ملتقى"], "m", 10),
    (m.Event.Kind.TRAINING, ["دورة تكوينية", "دورة تدريبية"], "f", 10),
    (m.Event.Kind.FAIR, ["معرض", "سوق تضامني"], "m", 9),
    (m.Event.Kind.AWARD, ["جائزة", "حفل توزيع جوائز"], "f", 4),
    (m.Event.Kind.SUMMIT, ["قمة"], "f", 3),
    (m.Event.Kind.OTHER, ["يوم دراسي", "حملة تحسيسية", "قافلة"], "m", 10),
]
SCOPES = {"m": ["وطني", "جهوي", "دولي", "إقليمي", "", ""], "f": ["وطنية", "جهوية", "دولية", "", ""]}
# Themes in decreasing frequency: the last ones are rare, so a benchmark can search a rare word.
THEMES = [
    "الاقتصاد الاجتماعي والتضامني", "التعاونيات", "تسويق المنتجات المحلية", "المقاولة الاجتماعية",
    "التمكين الاقتصادي للمرأة", "التشغيل الذاتي للشباب", "التمويل التضامني", "الصناعة التقليدية",
    "المنتجات المجالية", "التنمية البشرية", "السياحة التضامنية", "الاقتصاد الأخضر", "سلاسل الإنتاج الفلاحي",
    "رقمنة التعاونيات", "الحماية الاجتماعية", "الإدماج الاقتصادي", "الاقتصاد الدائري", "الابتكار الاجتماعي",
    "التجارة العادلة", "تثمين الأركان", "الفلاحة التضامنية", "التعاونيات النسائية", "التكوين المهني",
    "المقاولات الصغيرة جدا", "تسويق الزعفران", "النجاعة الطاقية", "الصيد البحري التقليدي", "تربية النحل",
    "زراعة الصبار", "النباتات الطبية والعطرية",
]
ROLES = ["رئيس", "رئيسة", "مدير", "مديرة", "كاتب عام", "أمين مال", "منسق", "منسقة", "عضو المكتب", "وزير", "عامل",
         "والي", "خبير", "أستاذ جامعي"]
FOREIGN = ["FR", "ES", "SN", "TN", "BE", "CI", "IT", "CA", "DE", "MR", "EG", "DZ", "PT", "NL", "QA"]
FIGURES = [
    ("عدد التعاونيات", "تعاونية", 50, 60000),
    ("عدد المتعاونين", "متعاون", 100, 700000),
    ("حصة الاقتصاد الاجتماعي والتضامني في الناتج الداخلي الخام", "%", 1, 5),
    ("الغلاف المالي", "مليون درهم", 1, 900),
    ("عدد المستفيدين", "مستفيد", 20, 20000),
    ("عدد مناصب الشغل", "منصب شغل", 5, 50000),
    ("عدد المشاركين", "مشارك", 20, 3000),
    ("عدد العارضين", "عارض", 10, 600),
    ("رقم المعاملات", "مليون درهم", 1, 400),
]
COMMUNE_PATTERNS = ["سيدي", "أولاد", "آيت", "بني", "عين", "تاوريرت", "دوار", "واد"]
ORDINALS = ["الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة", "التاسعة",
            "العاشرة"]


@dataclass
class Sizes:
    events: int
    organizations: int
    persons: int
    links: int
    figures: int
    places: int
    years: int


@lru_cache(maxsize=1)
def article_sentences() -> tuple[str, ...]:
    """Return the substantive sentences of the sample articles (real vocabulary for summaries and bodies)."""
    from events.extract.clean import clean
    from events.extract.text import split_sentences

    out = []
    for path in sorted((Path(settings.BASE_DIR) / "fixtures" / "articles").glob("*.txt")):
        cleaned = clean(path.read_text(encoding="utf-8"))
        out.extend(s.text.strip() for s in split_sentences(cleaned.text) if 60 <= len(s.text.strip()) <= 400)
    if not out:
        raise CommandError("fixtures/articles/ has no usable sentences")
    return tuple(out)


@lru_cache(maxsize=1)
def person_names() -> tuple[list[str], list[str]]:
    """Return (given names, surnames) from the person-name lexicon of the extractor."""
    data = json.loads((DATA / "names.json").read_text(encoding="utf-8"))
    return sorted(set(data["given"]) | set(data.get("common_word_given", []))), sorted(data["surname"])


_HEADS = [h for h, _, _ in ORG_HEADS]
_HEAD_KINDS = {h: k for h, k, _ in ORG_HEADS}
_HEAD_WEIGHTS = [w for _, _, w in ORG_HEADS]


def local_organization(rng: random.Random, city_names: list[str]) -> tuple[str, str]:
    """Return (name, kind) of a local body named as the press names them: head noun, purpose, qualifier, city
    ("جمعية الأمل للتنمية بأكادير"). Also used by bench_load's article corpus (events.synthetic_articles)."""
    head = rng.choices(_HEADS, _HEAD_WEIGHTS)[0]
    qualifier = rng.choice(ORG_QUALIFIERS)
    name = " ".join(x for x in (head, rng.choice(ORG_PURPOSES), qualifier) if x)
    name += f" {'ب' if rng.random() < 0.7 else ''}{rng.choice(city_names)}"
    return name, _HEAD_KINDS[head]


def person_name(rng: random.Random, given: list[str], surnames: list[str]) -> str:
    """Return a given name and a surname from the lexicon, with a second given name one time in seven."""
    parts = [rng.choice(given), rng.choice(surnames)]
    if rng.random() < 0.15:
        parts.insert(1, rng.choice(given))
    return " ".join(parts)


def zipf_cum_weights(n: int, s: float, q: float = 0.0) -> list[float]:
    """Return cumulative weights of ranks 1..n under a Zipf–Mandelbrot law 1 / (rank + q) ** s."""
    return list(itertools.accumulate(1.0 / ((r + q) ** s) for r in range(1, n + 1)))


class ZipfPicker:
    """Draw indexes 0..n-1 with Zipf probabilities (rank 1 = index 0)."""

    def __init__(self, rng: random.Random, n: int, s: float, q: float = 0.0):
        self.rng, self.cum = rng, zipf_cum_weights(n, s, q)
        self.total = self.cum[-1]

    def one(self) -> int:
        return bisect.bisect_left(self.cum, self.rng.random() * self.total)

    def distinct(self, k: int) -> list[int]:
        picked: list[int] = []
        while len(picked) < k:
            i = self.one()
            if i not in picked:
                picked.append(i)
        return picked


def spread(rng: random.Random, total: int, slots: int, minimum: int, maximum: int) -> list[int]:
    """Return `slots` counts summing to `total`, each in [minimum, maximum] (total is clamped to what fits)."""
    total = max(min(total, slots * maximum), slots * minimum)
    counts = [minimum] * slots
    extra = total - slots * minimum
    while extra:
        i = rng.randrange(slots)
        if counts[i] < maximum:
            counts[i] += 1
            extra -= 1
    return counts


class Command(BaseCommand):
    help = "Build a large synthetic catalogue (default 100,000 events) for benchmarks; --reset removes an earlier one."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=100_000)
        parser.add_argument("--organizations", type=int, help="default: events / 5")
        parser.add_argument("--persons", type=int, help="default: events * 0.3")
        parser.add_argument("--links", type=int, help="event–organization plus event–person links; default: events * 3")
        parser.add_argument("--figures", type=int, help="default: events / 2")
        parser.add_argument("--places", type=int, default=2000, help="gazetteer places plus synthetic communes")
        parser.add_argument("--years", type=int, default=20)
        # 1.3 and 5: at 100k events the top organization is in ~10,000 events, ~30 are in over 1,000,
        # and three in four are in one or two, as in real coverage.
        parser.add_argument("--zipf", type=float, default=1.3, help="Zipf exponent of actor popularity")
        parser.add_argument("--zipf-offset", type=float, default=5.0, help="Zipf–Mandelbrot offset (flattens the top)")
        parser.add_argument("--seed", type=int, default=6)
        parser.add_argument("--batch", type=int, default=2000, help="events per transaction")
        parser.add_argument("--reset", action="store_true",
                            help="empty the catalogue first (every event, actor, article, figure): benchmark databases only")

    def handle(self, *args, **opts):
        n = opts["events"]
        if n < 10:
            raise CommandError("--events must be at least 10")
        sizes = Sizes(
            events=n,
            organizations=opts["organizations"] or max(len(NATIONAL_ORGS) + 5, n // 5),
            persons=opts["persons"] or max(10, int(n * 0.3)),
            links=opts["links"] or n * 3,
            figures=opts["figures"] if opts["figures"] is not None else n // 2,
            places=opts["places"],
            years=opts["years"],
        )
        self.rng = random.Random(opts["seed"])
        self.zipf = (opts["zipf"], opts["zipf_offset"])
        started = time.monotonic()
        if opts["reset"]:
            self.reset()
        elif m.Article.objects.filter(extractor_version=SOURCE_TAG).exists():
            raise CommandError("A synthetic catalogue is already loaded: run again with --reset to rebuild it.")
        self.verbosity = opts["verbosity"]
        self.step("gazetteers", self.ensure_gazetteers)
        self.step("places", lambda: self.make_places(sizes.places))
        self.step("organizations", lambda: self.make_organizations(sizes.organizations))
        self.step("persons", lambda: self.make_persons(sizes.persons))
        self.step("events and links", lambda: self.make_events(sizes, opts["batch"]), atomic=False)
        self.step("figures", lambda: self.make_figures(sizes.figures))
        if connection.vendor == "postgresql":
            # Fresh statistics, and a visibility map so that facet counts can use index-only scans.
            # VACUUM cannot run inside a transaction (e.g. a test's): statistics only, then.
            sql = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            self.step(sql.lower(), lambda: connection.cursor().execute(sql), atomic=False)
        self.stdout.write(self.style.SUCCESS(
            f"synthetic catalogue: {m.Event.objects.count()} events, {m.Organization.objects.count()} organizations, "
            f"{m.Person.objects.count()} persons, {self.link_count} links, {m.Figure.objects.count()} figures, "
            f"{m.Place.objects.count()} places in {time.monotonic() - started:.1f} s"
        ))

    def step(self, label, fn, atomic=True):
        t = time.monotonic()
        with transaction.atomic() if atomic else nullcontext():
            fn()
        reset_queries()  # DEBUG keeps the SQL of every bulk insert otherwise
        if self.verbosity:
            self.stdout.write(f"  {label}: {time.monotonic() - t:.1f} s")

    # -- reset ---------------------------------------------------------------------------------------------
    def reset(self):
        """Empty the catalogue (events, actors, articles, figures and their links); countries and places stay.

        A benchmark database only: once articles are loaded on top of the synthetic catalogue, real and
        synthetic rows point at each other and cannot be told apart.
        """
        with transaction.atomic():
            for model in (m.EventOrganization, m.EventPerson, m.EventCountry, m.RejectedLink, m.Figure,
                          m.Affiliation, m.NameAlias, m.DuplicateCandidate, m.Event.articles.through, m.Event,
                          m.Article, m.Organization, m.Person):
                model.objects.all()._raw_delete(model.objects.db)

    # -- reference data ------------------------------------------------------------------------------------
    def ensure_gazetteers(self):
        if m.Country.objects.exists() and m.Place.objects.exists():
            return
        try:
            from events.services import sync_gazetteers

            sync_gazetteers()
            return
        except ImportError:  # events.extract.gazetteers not there: read the data files the same way
            pass
        rows = json.loads((DATA / "countries.json").read_text(encoding="utf-8"))
        existing = set(m.Country.objects.values_list("code", flat=True))
        m.Country.objects.bulk_create([
            m.Country(code=r["code"], name_ar=r["name_ar"], name_fr=r["name_fr"], name_en=r["name_en"],
                      aliases=sorted(set(r.get("aliases_ar", [])) | set(r.get("nisba_ar", []))))
            for r in rows if r["code"] not in existing
        ])
        by_code = {c.code: c for c in m.Country.objects.all()}
        places = json.loads((DATA / "places.json").read_text(encoding="utf-8"))
        regions = {}
        for row in sorted(places, key=lambda r: r["kind"] != "region"):
            country = by_code.get(row["country"])
            if country is None:
                continue
            place, _ = m.Place.objects.get_or_create(
                country=country, kind=row["kind"], name_key=name_key(row["name_ar"]),
                defaults={"name_ar": row["name_ar"], "name_fr": row.get("name_fr") or "",
                          "aliases": row.get("aliases_ar", []), "latitude": row.get("lat"),
                          "longitude": row.get("lon"), "region": regions.get(row.get("region") or "")},
            )
            if place.kind == m.Place.Kind.REGION:
                regions[place.name_ar] = place

    def make_places(self, wanted: int):
        """Top the gazetteer up with communes named the way Moroccan communes are (سيدي …, أولاد …, آيت …)."""
        rng = self.rng
        morocco = m.Country.objects.get(code="MA")
        cities = list(m.Place.objects.filter(country=morocco, kind__in=["city", "province"]).exclude(latitude=None))
        if not cities:
            raise CommandError("No Moroccan places with coordinates: the gazetteer data is missing.")
        given, surnames = person_names()
        taken = set(m.Place.objects.filter(country=morocco, kind="commune").values_list("name_key", flat=True))
        new = []
        missing = wanted - m.Place.objects.count()
        while len(new) < missing:
            word = rng.choice(COMMUNE_PATTERNS)
            name = f"{word} {rng.choice(surnames if word in ('آيت', 'بني') else given)}"
            key = name_key(name)
            if key in taken:
                continue
            taken.add(key)
            near = rng.choice(cities)
            new.append(m.Place(
                name_ar=name, name_key=key, kind=m.Place.Kind.COMMUNE, country=morocco, region=near.region,
                latitude=near.latitude + rng.uniform(-0.3, 0.3),
                longitude=near.longitude + rng.uniform(-0.3, 0.3),
            ))
        m.Place.objects.bulk_create(new, batch_size=1000)
        # Events happen mostly in big cities: places ranked cities first, then provinces, then communes.
        order = {"city": 0, "province": 1, "commune": 2, "region": 3}
        moroccan = list(m.Place.objects.filter(country=morocco).exclude(kind="region").order_by("pk"))
        rng.shuffle(moroccan)
        moroccan.sort(key=lambda p: order[p.kind])
        self.places = moroccan
        self.place_picker = ZipfPicker(rng, len(moroccan), 0.9)
        self.countries = {c.code: c for c in m.Country.objects.all()}

    # -- actors --------------------------------------------------------------------------------------------
    def make_organizations(self, wanted: int):
        rng = self.rng
        taken = set(m.Organization.objects.values_list("name_key", "kind"))
        city_names = [p.name_ar for p in self.places[:400]]
        orgs = []
        for name, kind, acronym in NATIONAL_ORGS[:wanted]:
            key = name_key(name)
            if (key, kind) not in taken:
                taken.add((key, kind))
                orgs.append(self._org(name, key, kind, acronym))
        while len(orgs) < wanted:
            name, kind = local_organization(rng, city_names)
            key = name_key(name)
            if (key, kind) in taken:
                continue
            taken.add((key, kind))
            orgs.append(self._org(name, key, kind, ""))
        # Ranks: national actors first, then the rest in random order.
        head, tail = orgs[: len(NATIONAL_ORGS)], orgs[len(NATIONAL_ORGS):]
        rng.shuffle(tail)
        self.orgs = m.Organization.objects.bulk_create(head + tail, batch_size=2000)
        self.org_picker = ZipfPicker(rng, len(self.orgs), *self.zipf)
        self._aliases(self.orgs)

    def _org(self, name, key, kind, acronym):
        country = self.countries["MA"] if kind != m.Organization.Kind.INTERNATIONAL else None
        return m.Organization(name=name, name_key=key, kind=kind, acronym=acronym, country=country,
                              )

    def make_persons(self, wanted: int):
        rng = self.rng
        given, surnames = person_names()
        taken = set(m.Person.objects.values_list("name_key", flat=True))
        persons = []
        while len(persons) < wanted:
            name = person_name(rng, given, surnames)
            key = name_key(name)
            if key in taken or not key:
                continue
            taken.add(key)
            persons.append(m.Person(name=name, name_key=key))
        self.persons = m.Person.objects.bulk_create(persons, batch_size=2000)
        self.person_picker = ZipfPicker(rng, len(self.persons), *self.zipf)
        self._aliases(self.persons)
        # Half the persons hold a role in one organization, picked with the same skew as events.
        m.Affiliation.objects.bulk_create([
            m.Affiliation(person=p, role=rng.choice(ROLES), organization=self.orgs[self.org_picker.one()])
            for p in self.persons if rng.random() < 0.5
        ], batch_size=2000)

    def _aliases(self, rows):
        """Index the names exactly as the loader does (NameAlias rows), so loads resolve against them."""
        aliases = [alias for row in rows for alias in index_rows_for(row)]
        m.NameAlias.objects.bulk_create(aliases, batch_size=2000, ignore_conflicts=True)

    # -- articles and events -------------------------------------------------------------------------------
    def make_articles(self, first: int, count: int) -> list[m.Article]:
        """Create the source articles of a batch of events: a headline and 6 to 14 sentences of real press text."""
        rng = self.rng
        sentences = article_sentences()
        articles = []
        for i in range(first, first + count):
            body = "\n".join(rng.sample(sentences, k=min(len(sentences), rng.randint(6, 14))))
            title = rng.choice(sentences)[:120]
            source = rng.choice(SOURCES)
            articles.append(m.Article(
                title=title, body=body, source_name=source, url=f"https://synthetic.invalid/{slugify(source)}/{i}",
                content_hash=hashlib.sha256(f"{SOURCE_TAG}:{i}:{body}".encode()).hexdigest(),
                extractor_version=SOURCE_TAG, file_name=f"synthetic-{i}.txt",
                search_text=fast_search_text(f"{title}\n{body}"),
            ))
        return m.Article.objects.bulk_create(articles)

    def make_events(self, sizes: Sizes, batch: int):
        rng = self.rng
        n = sizes.events
        # Actor links per event: every organization and person appears at least once, the rest follow Zipf.
        org_total = sizes.links * 2 // 3
        person_total = sizes.links - org_total
        org_counts = spread(rng, org_total, n, 1, 8)
        person_counts = spread(rng, person_total, n, 0, 6)
        org_slots = _seeded_slots(rng, len(self.orgs), org_counts)
        person_slots = _seeded_slots(rng, len(self.persons), person_counts)
        this_year = date.today().year
        years = list(range(this_year - sizes.years + 1, this_year + 1))
        year_weights = [1.12 ** i for i in range(len(years))]  # coverage grows year on year
        kinds = [k for k, _, _, _ in EVENT_KINDS]
        kind_weights = [w for _, _, _, w in EVENT_KINDS]
        kind_info = {k: (nouns, gender) for k, nouns, gender, _ in EVENT_KINDS}
        theme_picker = ZipfPicker(rng, len(THEMES), 1.1)
        sentences = article_sentences()
        self.link_count = 0
        self.event_years: list[tuple[int, int | None, int | None]] = []
        for start in range(0, n, batch):
            with transaction.atomic():
                events, plans = [], []
                articles = self.make_articles(start, min(n, start + batch) - start)
                for i in range(start, min(n, start + batch)):
                    article = articles[i - start]
                    kind = rng.choices(kinds, kind_weights)[0]
                    nouns, gender = kind_info[kind]
                    place, country = self._where()
                    d, precision, end = self._when(rng.choices(years, year_weights)[0])
                    theme = THEMES[theme_picker.one()]
                    orgs = [self.orgs[j] for j in _take(org_slots, i, self.org_picker, org_counts[i])]
                    persons = [self.persons[j] for j in _take(person_slots, i, self.person_picker, person_counts[i])]
                    edition = rng.randint(1, 10) if kind in ("forum", "fair", "award", "summit") and rng.random() < .4 \
                        else None
                    title = " ".join(x for x in (
                        rng.choice(nouns), rng.choice(SCOPES[gender]),
                        f"في {'دورتها' if gender == 'f' else 'دورته'} {ORDINALS[edition - 1]}" if edition else "",
                        f"حول {theme}", f"ب{place.name_ar}" if place else (f"في {country.name_ar}" if country else ""),
                    ) if x)
                    lead = (f"نظمت {orgs[0].name} {title}"
                            + (f" بمشاركة {persons[0].name}" if persons else "") + ".")
                    summary = " ".join([lead, *rng.sample(sentences, k=rng.randint(1, 2))])
                    events.append(m.Event(
                        title=title, title_key=name_key(title)[:500], slug=f"{slugify(title, allow_unicode=True)[:200]}-s{i}",
                        kind=kind, start_date=d, end_date=end, date_precision=precision, place=place,
                        country=country, venue=rng.choice(VENUES), edition=edition, summary=summary,
                        participant_count=rng.randint(20, 2000) if rng.random() < 0.4 else None,
                        # What the loader indexes: the event's own words and names, then its article's text.
                        search_text=fast_search_text("\n".join(
                            [title, summary, *(o.name for o in orgs), *(p.name for p in persons),
                             place.name_ar if place else ""])) + "\n" + article.search_text,
                    ))
                    plans.append((orgs, persons, article.pk, lead, d))
                created = m.Event.objects.bulk_create(events)
                self._links(created, plans)
            reset_queries()
            if self.verbosity and (start // batch) % 10 == 9:
                self.stdout.write(f"    {start + batch} events")

    def _where(self):
        r = self.rng.random()
        if r < 0.85:
            place = self.places[self.place_picker.one()]
            return place, self.countries["MA"]
        if r < 0.95:
            code = FOREIGN[min(int(self.rng.paretovariate(1.2)) - 1, len(FOREIGN) - 1)]
            return None, self.countries.get(code, self.countries["MA"])
        return None, self.countries["MA"] if r < 0.98 else None

    def _when(self, year: int):
        rng = self.rng
        r = rng.random()
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        if r < 0.72:
            end = day + timedelta(days=rng.randint(1, 3)) if rng.random() < 0.25 else None
            return day, m.Event.Precision.DAY, end
        if r < 0.9:
            return day.replace(day=1), m.Event.Precision.MONTH, None
        if r < 0.98:
            return date(year, 1, 1), m.Event.Precision.YEAR, None
        return None, m.Event.Precision.UNKNOWN, None

    def _links(self, events, plans):
        rng = self.rng
        through = m.Event.articles.through
        roles = [m.EventOrganization.Role.PARTNER, m.EventOrganization.Role.PARTICIPANT,
                 m.EventOrganization.Role.FUNDER, m.EventOrganization.Role.MENTIONED]
        org_links, person_links, country_links, article_links = [], [], [], []
        for event, (orgs, persons, article_id, lead, _d) in zip(events, plans, strict=True):
            article_links.append(through(event_id=event.pk, article_id=article_id))
            for k, org in enumerate(orgs):
                org_links.append(m.EventOrganization(
                    event_id=event.pk, organization_id=org.pk, article_id=article_id, sentence=lead,
                    role=m.EventOrganization.Role.ORGANIZER if k == 0 else rng.choice(roles)))
            for person in persons:
                person_links.append(m.EventPerson(
                    event_id=event.pk, person_id=person.pk, article_id=article_id, sentence=lead,
                    role=rng.choice(ROLES), organization_id=orgs[0].pk if rng.random() < 0.5 else None))
            if rng.random() < 0.12:
                for code in rng.sample(FOREIGN, k=rng.randint(1, 3)):
                    if code in self.countries:
                        country_links.append(m.EventCountry(event_id=event.pk, country_id=self.countries[code].pk,
                                                            article_id=article_id))
            self.event_years.append((event.pk, event.start_date.year if event.start_date else None, article_id))
        through.objects.bulk_create(article_links)
        m.EventOrganization.objects.bulk_create(org_links)
        m.EventPerson.objects.bulk_create(person_links)
        m.EventCountry.objects.bulk_create(country_links)
        self.link_count += len(org_links) + len(person_links)

    def make_figures(self, wanted: int):
        rng = self.rng
        figures = []
        for _ in range(wanted):
            quantity, unit, low, high = rng.choice(FIGURES)
            value = Decimal(str(round(rng.uniform(low, high), 2 if unit in ("%", "مليون درهم") else 0)))
            event_id, year, article_id = rng.choice(self.event_years)
            if rng.random() < 0.15:  # a figure the article gives outside any event
                event_id = None
            year = year or rng.randint(date.today().year - 19, date.today().year)
            shown = f"{value.normalize():f}"
            figures.append(m.Figure(
                value=value, unit=unit, unit_key="%" if unit == "%" else name_key(unit), about=quantity,
                quantity=quantity, year=year, event_id=event_id, article_id=article_id,
                sentence=f"بلغ {quantity} سنة {year} ما مجموعه {shown} {unit}.",
            ))
            if len(figures) == 5000:
                m.Figure.objects.bulk_create(figures)
                figures = []
        m.Figure.objects.bulk_create(figures)


def _seeded_slots(rng: random.Random, n_actors: int, counts: list[int]) -> dict[int, list[int]]:
    """Give every actor one event of its own (so none is left out), chosen among events with free slots."""
    slots: dict[int, list[int]] = {}
    events = [i for i, c in enumerate(counts) for _ in range(c)]
    rng.shuffle(events)
    for actor, event in zip(range(n_actors), events, strict=False):
        slots.setdefault(event, []).append(actor)
    return slots


def _take(slots: dict[int, list[int]], event: int, picker: ZipfPicker, count: int) -> list[int]:
    """Return `count` distinct actor indexes for an event: its seeded actors, then Zipf draws."""
    chosen = list(dict.fromkeys(slots.pop(event, [])))[:count]
    while len(chosen) < count:
        j = picker.one()
        if j not in chosen:
            chosen.append(j)
    return chosen


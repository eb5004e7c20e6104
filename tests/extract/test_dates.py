import pytest

from events.extract.dates import find_dates, find_published
from events.extract.types import PartialDate

PUBLISHED = PartialDate(2025, 2, 8)  # a Saturday


def iso(date):
    if date is None:
        return None
    return date.iso() or (None, date.month, date.day)


def dates_of(text, published=None):
    return [(iso(d.start), iso(d.end)) for d in find_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Absolute dates: Maghreb, Mashriq, Levantine and Algerian month names, both digit sets.
        ("يوم الأربعاء 10 يوليو 2024 ابتداء من الساعة 09:30", [("2024-07-10", None)]),
        ("أسدل الستار مساء الاثنين 22 شتنبر 2025", [("2025-09-22", None)]),
        ("يوم 9 نوفمبر 2018", [("2018-11-09", None)]),
        ("في 19 فبراير 2022 بتنغير", [("2022-02-19", None)]),
        ("يوم 27 ابريل 2025", [("2025-04-27", None)]),
        ("يوم 27 إبريل 2025", [("2025-04-27", None)]),
        ("يوم 3 ماي 2023", [("2023-05-03", None)]),
        ("يوم 12 يوليوز 2022", [("2022-07-12", None)]),
        ("يوم 5 غشت 2021", [("2021-08-05", None)]),
        ("يوم 9 دجنبر 2020", [("2020-12-09", None)]),
        ("10 حزيران 2024", [("2024-06-10", None)]),
        ("5 كانون الثاني 2024", [("2024-01-05", None)]),
        ("14 تشرين الأول 2023", [("2023-10-14", None)]),
        ("1 جانفي 2024", [("2024-01-01", None)]),
        ("يوم الأحد ٢٣ فبراير ٢٠٢٥", [("2025-02-23", None)]),
        ("2024/07/10", [("2024-07-10", None)]),
        ("10/07/2024", [("2024-07-10", None)]),
        ("10-07-2024", [("2024-07-10", None)]),
        ("10.07.2024", [("2024-07-10", None)]),
        # Ranges.
        ("من 17 إلى 22 شتنبر 2025", [("2025-09-17", "2025-09-22")]),
        ("ما بين ٢٣ و٢٦ فبراير ٢٠٢٥", [("2025-02-23", "2025-02-26")]),
        ("على مدى يومي 17 و18 يونيو 2025", [("2025-06-17", "2025-06-18")]),
        ("أيام 4 و5 و6 ماي 2023", [("2023-05-04", "2023-05-06")]),
        ("من فاتح إلى 6 ماي 2023", [("2023-05-01", "2023-05-06")]),
        ("من 28 فبراير إلى 2 مارس 2024", [("2024-02-28", "2024-03-02")]),
        ("ما بين 29 سبتمبر و17 أكتوبر 2025", [("2025-09-29", "2025-10-17")]),
        ("من 28 دجنبر إلى 2 يناير 2025", [("2024-12-28", "2025-01-02")]),
        ("يومي الثامن والتاسع من فبراير 2024", [("2024-02-08", "2024-02-09")]),
        ("الفاتح من ماي 2024", [("2024-05-01", None)]),
        # Month and year, year alone.
        ("منذ الإعلان عنه في نونبر 2024", [("2024-11", None)]),
        ("خلال شهر فبراير 2024", [("2024-02", None)]),
        ("تأسست سنة 2017", [("2017", None)]),
        ("في عام 2019", [("2019", None)]),
        # No year and no publication date: the year stays unknown.
        ("يوم 21 أكتوبر", [((None, 10, 21), None)]),
        ("من 6 إلى 8 دجنبر الحالي", [((None, 12, 6), (None, 12, 8))]),
    ],
)
def test_absolute_dates(text, expected):
    assert dates_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أمس الجمعة", [("2025-02-07", None)]),
        ("أول أمس", [("2025-02-06", None)]),
        ("اليوم السبت", [("2025-02-08", None)]),
        ("صباح اليوم", [("2025-02-08", None)]),
        ("غدا الأحد", [("2025-02-09", None)]),
        ("يوم الأربعاء الماضي", [("2025-02-05", None)]),
        ("الخميس المقبل", [("2025-02-13", None)]),
        ("الشهر الجاري", [("2025-02", None)]),
        ("الشهر الحالي", [("2025-02", None)]),
        ("الشهر المقبل", [("2025-03", None)]),
        ("الشهر الماضي", [("2025-01", None)]),
        ("الأسبوع الماضي", [("2025-01-27", "2025-02-02")]),
        ("يوم الجمعة 7 من الشهر الجاري", [("2025-02-07", None), ("2025-02", None)]),
        ("يوم الجمعة 31", [("2025-01-31", None)]),
        ("يوم الخميس 8", []),
        ("السنة المقبلة", [("2026", None)]),
        # A yearless day takes the publication year, or the previous one when it would fall far ahead.
        ("يوم 21 فبراير", [("2025-02-21", None)]),
        ("من 6 إلى 8 دجنبر الحالي", [("2024-12-06", "2024-12-08")]),
        ("30 يناير الجاري", [("2025-01-30", None)]),
        ("شهر مارس المقبل", [("2025-03", None)]),
    ],
)
def test_dates_against_publication(text, expected):
    assert dates_of(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    "text",
    [
        "أمس الأربعاء",
        "اليوم الثلاثاء",
        "غدا",
        "الشهر المقبل",
        "يوم الجمعة",
    ],
)
def test_relative_needs_publication(text):
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "احتضنت مدينة تنغير، مؤخرا، لقاء تكوينيا",
        "خلال الأسبوع الجاري",
        "ابتداء من الساعة 09:30 صباحا",
        "التصميم الجهوي في أفق 2045",
        "برنامج التنمية للفترة 2022-2027",
        "القانون رقم 112.12 المتعلق بالتعاونيات",
        "يضم حوالي 6000 تعاونية",
        "بلغ العدد 1.215.000 منخرط",
        "10/07 و 2024-13-45",
        "اليوم العالمي للمرأة القروية",
        "مارس المشاركون حقهم في التعبير",
    ],
)
def test_not_dates(text):
    assert find_dates(text, PUBLISHED) == []


def test_impossible_day_keeps_only_the_month():
    assert dates_of("32 فبراير 2024") == [("2024-02", None)]
    assert dates_of("30 فبراير") == []


def test_weekday_disagreement_lowers_confidence():
    (agree,) = find_dates("الأربعاء 10 يوليو 2024")
    (disagree,) = find_dates("الخميس 10 يوليو 2024")
    assert agree.confidence == 1.0 and disagree.confidence < 1.0
    (relative,) = find_dates("اليوم الجمعة", PUBLISHED)  # dated Saturday, written on Friday
    assert iso(relative.start) == "2025-02-07" and relative.relative and relative.confidence < 1.0


def test_spans_point_into_text():
    text = "انطلقت يوم الأحد ٢٣ فبراير ٢٠٢٥ فعاليات القرية"
    (mention,) = find_dates(text)
    assert mention.span.text == "يوم الأحد ٢٣ فبراير ٢٠٢٥"
    assert text[mention.span.start:mention.span.end] == mention.span.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مشاركة مغربية بفرنسا\nالسبت 08 فبراير 2025\nصورة\nشاركت التعاضدية من 6 إلى 8 دجنبر.", "2025-02-08"),
        ("العنوان\nنشر في: 12/03/2024\nالنص.", "2024-03-12"),
        ("العنوان\nتاريخ النشر: 5 ماي 2023 - 10:45\nالنص.", "2023-05-05"),
        ("العنوان\nآخر تحديث: الخميس 14 مارس 2024\nالنص.", "2024-03-14"),
        ("العنوان\n08 فبراير 2025 - 14:30\nالنص.", "2025-02-08"),
        ("العنوان\nالرباط - 10 يوليو 2024 (ومع) - انطلقت أشغال المنتدى.", "2024-07-10"),
        ("العنوان\nالثلاثاء 14 ماي 2024 | 10:30\nالنص.", "2024-05-14"),
        ("العنوان\n2024-05-14 10:30:00\nالنص.", "2024-05-14"),
        ("العنوان\nنشر في 14 ماي 2024 على الساعة 10:30\nالنص.", "2024-05-14"),
        ("العنوان\nبتاريخ 14/05/2024\nالنص.", "2024-05-14"),
        ("العنوان\nنشر في: منذ 3 ساعات\nالنص.", None),
        # The event date in the body is not a publication date.
        ("العنوان\nأسدل الستار، مساء الاثنين 22 شتنبر 2025، على المعرض.", None),
        ("ابن جرير تحتضن المناظرة\nابن جرير – على مدى يومي 17 و18 يونيو 2025، تحول الحرم.", None),
        ("العنوان\nشهدت الدار البيضاء، يوم 21 أكتوبر، تنظيم المنتدى.", None),
        ("", None),
    ],
)
def test_find_published(text, expected):
    published = find_published(text)
    assert (published.iso() if published else None) == expected

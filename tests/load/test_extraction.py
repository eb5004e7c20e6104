"""The loader's helpers around the extraction package: duplicate key, dates, fast search text."""
from datetime import date

import pytest

from events.extract.normalize import search_text
from events.extract.types import PartialDate
from events.ingest.extraction import as_date, content_hash, fast_search_text, parse_date

BODY = ("احتضنت مدينة الناظور يوم الإثنين 6 فبراير 2023 أشغال المنتدى المغربي الإسباني للاقتصاد الاجتماعي "
        "والتضامني، بمشاركة أزيد من 200 فاعل.\nوأكد المشاركون على أهمية التعاون بين التعاونيات.")
TITLE = "الناظور تحتضن المنتدى المغربي الإسباني للاقتصاد الاجتماعي والتضامني"


@pytest.mark.parametrize("copy", [
    f"{TITLE}\n\n{BODY}",
    f"  {TITLE}  \r\n\r\n\r\n{BODY.replace(' ', '   ')}\n",
    f"الرئيسية\nأخبار\n{TITLE}\n{BODY}\nاترك تعليقا\nجميع الحقوق محفوظة",
    f"{TITLE}\n{BODY.replace('أ', 'ا')}",  # hamza spelled otherwise
])
def test_the_same_article_has_the_same_hash(copy):
    assert content_hash(copy) == content_hash(f"{TITLE}\n\n{BODY}")


def test_a_headline_given_apart_gives_the_same_hash():
    assert content_hash(BODY, TITLE) == content_hash(f"{TITLE}\n\n{BODY}")


def test_different_articles_differ():
    assert content_hash(f"{TITLE}\n\n{BODY}") != content_hash(f"{TITLE}\n\n{BODY.replace('200', '300')}")
    assert content_hash("وقال محمد البكوري إن التعاونيات مهمة.") != content_hash(
        "وقال مصطفى البكوري إن التعاونيات مهمة.")  # one-line articles are their own headline


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-02-08", date(2025, 2, 8)), ("2025-02-08T10:30:00+01:00", date(2025, 2, 8)),
    ("08/02/2025", date(2025, 2, 8)), ("2025/2/8", date(2025, 2, 8)), ("2025-02-30", None),
    ("السبت 08 فبراير 2025", None), ("", None), (None, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(("partial", "expected"), [
    (PartialDate(2024, 12, 6), (date(2024, 12, 6), "day")), (PartialDate(2024, 12), (date(2024, 12, 1), "month")),
    (PartialDate(2024), (date(2024, 1, 1), "year")), (PartialDate(None), (None, "unknown")), (None, (None, "unknown")),
])
def test_as_date(partial, expected):
    assert as_date(partial) == expected


@pytest.mark.parametrize("text", [
    BODY, TITLE, "«الإقتصاد» الإجتماعي، والتضامني؛ ٢٠٢٥ ﻻ_شيء ـــ مُشارِكٌ ١٠٠٪ و'REMESS' (ODCO)", "", "   ",
])
def test_fast_search_text_equals_search_text(text):
    assert fast_search_text(text) == search_text(text)

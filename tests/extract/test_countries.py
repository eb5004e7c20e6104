import pytest

from events.extract.countries import country_codes, find_countries
from events.extract.text import split_sentences


def codes(text: str) -> list[str]:
    return country_codes(find_countries(text, split_sentences(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names with glued prepositions and conjunctions
        ("شارك المغرب أمس الأربعاء بباريس في القمة الأولى", ["MA"]),
        ("وسفير المغرب بفرنسا شكيب بنموسى", ["MA", "FR"]),
        ("تسع دول هي: أرمينيا، البنين، الكاميرون، ساحل العاج، فرنسا، مدغشقر، جمهورية الكونغو، السنغال، والمغرب.",
         ["AM", "BJ", "CM", "CI", "FR", "MG", "CG", "SN", "MA"]),
        ("وفود من بلجيكا وكندا وإسبانيا وتونس", ["BE", "CA", "ES", "TN"]),
        ("في إطار التعاون بين المغرب وإسبانيا", ["MA", "ES"]),
        ("الدعم الموجه للمغرب والسنغال", ["MA", "SN"]),
        ("زيارة إلى الولايات المتحدة الأمريكية", ["US"]),
        ("شراكة مع الإمارات العربية المتحدة", ["AE"]),
        ("وفد من الكوت ديفوار", ["CI"]),
        ("المملكة المغربية وجمهورية مصر العربية", ["MA", "EG"]),
        ("مقارنة بتجربة ألمانيا وأمريكا", ["DE", "US"]),
        # nisba adjectives
        ("تحت رعاية الرئيس الفرنسي ايمانويل ماكرون", ["FR"]),
        ("الوكالة الإسبانية للتعاون الدولي من أجل التنمية", ["ES"]),
        ("مؤسسة هانس زايدل الألمانية", ["DE"]),
        ("بمشاركة خبراء مغاربة وإسبان", ["MA", "ES"]),
        ("التجربة الكندية والتجربة الفرنسية", ["CA", "FR"]),
        ("السفير البريطاني والقنصل الأمريكي", ["GB", "US"]),
        ("شركة إيفوارية ناشئة", ["CI"]),
        ("تثمين المنتوج المغربي لدى المستهلك التونسي", ["MA", "TN"]),
        ("يبقى أمل المغاربة كبيرا", ["MA"]),  # أمل is a given name too, but a plural is no surname
        # المملكة for Morocco, but not other kingdoms
        ("ممثلين عن المجتمع المدني بالمملكة", ["MA"]),
        ("في مختلف جهات المملكة", ["MA"]),
        ("سفير المملكة المتحدة", ["GB"]),
        ("وزير خارجية المملكة الإسبانية", ["ES"]),
        ("المملكة العربية السعودية", ["SA"]),
        # Mali only where it cannot be "financial"
        ("الشبكة الوطنية للاقتصاد التضامني بمالي", ["ML"]),
        ("شاركت مالي بوفد من 25 مشاركا", ["ML"]),
        ("من السنغال ومالي والنيجر", ["SN", "ML", "NE"]),
    ],
)
def test_find_countries(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "تقديم دعم مالي للتعاونيات",  # مالي = financial
        "تحسين الوضعية المالية للتعاونيات",
        "جامعة الدول العربية والعالم العربي",  # Arab is not a country
        "الاقتصاد الوطني والتعاون الدولي",
        "باللغة الفرنسية وبالإسبانية",  # languages
        "دليل باللغتين العربية والفرنسية",
        "قدموا من إفريقيا وآسيا وأمريكا اللاتينية وأوروبا",  # continents
        "احتضنت مدينة الرباط المعرض",  # a city alone does not name its country
        "بحضور سفيرة المدينة المنورة",
        "دول المغرب العربي",
        "مجرى النهر",  # مجرى folds to المجري (Hungarian)
        "وقال محمد التونسي رئيس الجمعية",  # surnames
        "أكد عبد الله العراقي",
        "بقيمة مليون دولار أمريكي",  # a currency
        "ظل الوزير مصر على موقفه",  # مصر = insistent
        "السيدة فاطمة الزهراء المصري",
    ],
)
def test_no_country(text):
    assert codes(text) == []


def test_mentions_keep_spans_and_sentences():
    text = "العنوان هنا\nشارك وفد من فرنسا. ثم تحدث السفير الإسباني."
    mentions = find_countries(text, split_sentences(text))
    assert [(m.code, m.span.text, m.sentence, m.via) for m in mentions] == [
        ("FR", "فرنسا", 1, "name"),
        ("ES", "الإسباني", 2, "nisba"),
    ]
    for m in mentions:
        assert text[m.span.start:m.span.end] == m.span.text


def test_glued_preposition_is_inside_the_span():
    text = "انعقد اللقاء بفرنسا"
    (m,) = find_countries(text, split_sentences(text))
    assert m.span.text == "بفرنسا" and m.code == "FR"


def test_catalogue_aliases_through_a_custom_index():
    from events.extract import gazetteers as gz

    rows = [dict(r) for r in gz.countries()]
    for r in rows:
        if r["code"] == "GN":
            r["aliases_ar"] = [*r["aliases_ar"], "غينيا الفرنسية سابقا"]
    index = gz.CountryIndex.build(rows, gz.nisba_exceptions())
    text = "وفد من غينيا الفرنسية سابقا"
    assert country_codes(find_countries(text, split_sentences(text), index)) == ["GN"]
    assert country_codes(find_countries(text, split_sentences(text))) == ["GN", "FR"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A media outlet named like the country is not the country.
        ("وبثت قناة المملكة الأردنية تقريرا عن المؤتمر.", ["JO"]),  # the nisba still names Jordan
        ("وقال في تصريح لقناة «المملكة» إن التعاون مثمر.", []),
        ("ونشرت جريدة المغرب مقالا.", []),
        # The Arab Maghreb is a region, not Morocco.
        ("في تصريح لوكالة المغرب العربي للأنباء", []),
        ("تعزيز التعاون بين دول المغرب العربي", []),
        # Still Morocco.
        ("وتعرف المملكة تطورا في هذا القطاع.", ["MA"]),
        ("وشارك المغرب، العربي والإفريقي، في القمة.", ["MA"]),
        ("وقال مراسل القناة إن المغرب شارك.", ["MA"]),
    ],
)
def test_outlets_and_regions_named_like_countries(text, expected):
    assert codes(text) == expected


def test_record_lists_only_named_countries():
    from events.extract.pipeline import extract
    from events.extract.record import to_record

    # The event is in Rabat (MA), but the text names no country: the record's countries stay empty.
    record = to_record(extract("نظمت جمعية الأمل يوم السبت 12 أبريل 2025 بالرباط لقاء حول التعاونيات."), "x")
    assert record["countries"] == []

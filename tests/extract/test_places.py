import pytest

from events.extract.countries import find_countries
from events.extract.places import find_places, locate_event
from events.extract.text import split_sentences


def names(text: str) -> list[tuple[str, str]]:
    return [(p.name, p.kind) for p in find_places(text, split_sentences(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("انطلقت أمس الاثنين بمدينة أكادير فعاليات", [("أكادير", "city")]),
        ("احتضنت مدينة شفشاون الملتقى", [("شفشاون", "city")]),
        ("جمعية ثسغناس للثقافة والتنمية بالناظور", [("الناظور", "city")]),
        ("بمدينة الناضور", [("الناظور", "city")]),  # HCP spelling, canonical press name
        ("ندوة بتزنيت", [("تيزنيت", "city")]),
        ("لقاء بمدينة بنجرير", [("ابن جرير", "city")]),
        ("المعرض الجهوي بجهة درعة تافيلالت", [("درعة-تافيلالت", "region")]),
        ("رئيس مجلس جهة سوس-ماسة", [("سوس-ماسة", "region")]),
        ("جهة الدار البيضاء سطات", [("الدار البيضاء-سطات", "region")]),
        ("عامل إقليم ورزازات", [("ورزازات", "province")]),
        ("بمدينة ورزازات", [("ورزازات", "city")]),
        ("في العاصمة المالية باماكو", [("باماكو", "city")]),
        ("بمدينة بوردو الفرنسية", [("بوردو", "city")]),
        ("نظم بمدنية أرشون الفرنسية", [("أرشون", "city")]),
        ("بمدينة لاروشيل الفرنسية", [("لاروشيل", "city")]),  # unknown town named with its country
        ("بإقليم الجديدة", [("الجديدة", "province")]),
        ("بمدينة الجديدة", [("الجديدة", "city")]),
        ("بالجماعة الترابية إميضر", [("اميضر", "commune")]),  # HCP spells it without hamza
        ("لقاء يسائل واقع الاقتصاد بعاصمة البوغاز", [("طنجة", "city")]),
        ("العيون - انطلقت اليوم", [("العيون", "city")]),  # a dateline
        ("لقاء ببركان", [("بركان", "city")]),
        ("انعقد اللقاء بالبيضاء", [("الدار البيضاء", "city")]),
        ("تنظم الغرفة معرضا جهويا بالمحمدية", [("المحمدية", "city")]),
    ],
)
def test_find_places(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "المقاربة الجديدة للتنمية",  # الجديدة = new
        "الرابطة المحمدية للعلماء",
        "هذه الفكرة ليست بالجديدة",
        "العيون الساهرة",  # العيون = eyes, without a place word
        "البركان الخامد",
        "رفع الراية البيضاء",
        "المدينة الجديدة",  # "the new town", not El Jadida
        "الشرق الأوسط",  # the region الشرق needs جهة
        "النائب البرلماني الحسين بن الطيب",  # a person, not the town Ben Taieb
        "في الساحل والصحراء",  # a rural commune's name needs جماعة
        "شركة البوتان",
        "في حالة القوة القاهرة",  # القاهرة = overpowering
        "توفير سكن ميسور التكلفة",  # ميسور = affordable
        "تنظيم سوق الأربعاء الأسبوعي",
    ],
)
def test_no_place(text):
    assert names(text) == []


def test_place_spans_point_into_the_text():
    text = "العنوان\nاحتضنت مدينة طنجة وتطوان اللقاء."
    for p in find_places(text, split_sentences(text)):
        assert text[p.span.start:p.span.end] == p.span.text
        assert p.sentence == 1


def locate(text: str, event_sentence: int | None = None):
    sentences = split_sentences(text)
    places = find_places(text, sentences)
    countries = find_countries(text, sentences)
    return locate_event(text, sentences, places, countries, event_sentence)


@pytest.mark.parametrize(
    ("text", "event_sentence", "city", "country"),
    [
        # a hosting verb and ب/في point at the event's place
        ("شارك المغرب أمس الأربعاء بباريس في القمة الأولى لميثاق من أجل التأثير.", 0, "باريس", "FR"),
        ("ابن جرير تحتضن الدورة الخامسة للمناظرة الوطنية\nابن جرير – على مدى يومين.", 0, "ابن جرير", "MA"),
        ("الملتقى الإفريقي الذي افتتح اليوم الثلاثاء في العاصمة المالية باماكو.", 0, "باماكو", "ML"),
        # a place in an organization's name or a title is not where the event is
        ("نظم اتحاد العمل النسائي بطنجة وجمعية البيئة والإنسان ببركان لقاء بالقاعة المغربية بمجلس النواب.",
         0, "الرباط", "MA"),
        ("نظمت التعاونية لقاء بمراكش، بحضور والي جهة الشرق وعامل إقليم الناظور.", 0, "مراكش", "MA"),
        ("نظمت جمعية الأمل بمراكش، يوم السبت، بمدينة الصويرة لقاء حول التعاونيات.", 0, "الصويرة", "MA"),
        # an origin is not the event's place
        ("احتضنت مدينة أكادير المعرض بمشاركة تعاونيات قادمة من وجدة ومن الناظور.", 0, "أكادير", "MA"),
        ("شارك في الملتقى المنظم بالدار البيضاء حرفيون قادمون من فاس.", 0, "الدار البيضاء", "MA"),
        # a prefecture of arrondissements lies inside its city
        ("احتضنت عمالة مقاطعات عين الشق الملتقى المحلي للتعاونيات.", 0, "الدار البيضاء", "MA"),
        # a venue implies its city
        ("انعقد اللقاء بمقر مجلس المستشارين.", 0, "الرباط", "MA"),
        # a region alone gives the country, not a city
        ("انطلق المعرض الجهوي بجهة سوس ماسة.", 0, None, "MA"),
        # an unknown town with its country
        ("نظم المنتدى هذه السنة بمدينة أرشون الفرنسية.", 0, "أرشون", "FR"),
        # a country alone
        ("احتضنت إسبانيا القمة الأوروبية للاقتصاد الاجتماعي.", 0, None, None),
        ("انعقد المؤتمر بإسبانيا.", 0, None, "ES"),
        # a country named as the place beats the towns participants came from
        ("شارك وفد يضم ممثلين عن تعاونيات من فاس ومكناس في الملتقى الدولي الذي انعقد بتونس العاصمة.",
         0, "تونس", "TN"),
        ("شارك وفد يضم ممثلين عن تعاونيات من فاس ومكناس في الملتقى الدولي الذي انعقد بالسنغال.", 0, None, "SN"),
        ("شاركت تعاونيات مغربية في المعرض الدولي المنظم بمدينة ميلانو الإيطالية.", 0, "ميلانو", "IT"),
        ("انطلقت في العاصمة الفرنسية فعاليات المنتدى الدولي.", 0, "باريس", "FR"),
        ("الرباط - أعلنت الوزارة مشاركة المغرب في المنتدى الذي ستحتضنه مدينة بوردو الفرنسية.", 0, "بوردو", "FR"),
        ("وجدة: انطلاق الملتقى الجهوي\nانطلقت اليوم بقاعة العروض التابعة لغرفة التجارة فعاليات الملتقى.", 1,
         "وجدة", "MA"),
        ("أشرف عامل إقليم الحوز على افتتاح سوق التعاونيات بجماعة تحناوت.", 0, "تحناوت", "MA"),
        # online events have no place
        ("نظمت الشبكة ندوة عن بعد عبر تقنية التناظر المرئي.", 0, None, None),
    ],
)
def test_locate_event(text, event_sentence, city, country):
    loc = locate(text, event_sentence)
    assert (loc.city, loc.country) == (city, country)


def test_locate_event_prefers_the_event_sentence_over_the_dateline():
    text = "الرباط - (ومع)\nانطلقت اليوم بمدينة طنجة أشغال المنتدى الجهوي للتعاونيات."
    assert locate(text, 1).city == "طنجة"


def test_dateline_is_weak_evidence_when_nothing_else_is_known():
    text = "الرباط - (ومع)\nانطلقت اليوم أشغال المنتدى الوطني للتعاونيات."
    assert locate(text, 1).city == "الرباط"


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        ("نظمت بمقر البرلمان ندوة حول القانون الإطار.", "مقر البرلمان"),
        ("احتضن فندق سوفيتيل بالرباط يوم الخميس الملتقى الجهوي.", "فندق سوفيتيل"),
        ("انطلقت بالقاعة المغربية بمجلس النواب أشغال اللقاء.", "القاعة المغربية بمجلس النواب"),
    ],
)
def test_venue_phrase(text, venue):
    loc = locate(text, 0)
    assert (loc.venue, loc.city) == (venue, "الرباط")


def test_locate_event_reports_region_and_venue():
    text = "نظم فضاء التعاونيات يوم الجمعة بالمركز الثقافي أحمد بوكماخ بطنجة لقاء حول الاقتصاد التضامني."
    loc = locate(text, 0)
    assert loc.city == "طنجة"
    assert loc.region == "طنجة-تطوان-الحسيمة"
    assert loc.venue == "المركز الثقافي أحمد بوكماخ"


@pytest.mark.parametrize(
    ("text", "city"),
    [
        # the next edition's city loses to the city of the reported event, wherever each is named
        ("اختتمت يوم الأحد بمدينة سطات فعاليات المعرض الجهوي للتعاونيات، على أن تحتضن مدينة تازة الدورة المقبلة.",
         "سطات"),
        ("الدورة القادمة ستنظم بمدينة مكناس، حسب ما أعلنه المنظمون في ختام الملتقى الذي احتضنته مدينة الحسيمة.",
         "الحسيمة"),
        ("أسدل الستار على المعرض الجهوي للتعاونيات، على أن تنظم الدورة المقبلة بمدينة الداخلة.\n"
         "وكانت مدينة كلميم قد احتضنت المعرض طيلة أسبوع.", "كلميم"),
        ("احتضنت مدينة خريبكة الملتقى الوطني للتعاونيات الفلاحية، وستنظم النسخة القادمة منه بمدينة بني ملال.",
         "خريبكة"),
        ("نظمت بمدينة الجديدة الدورة الأولى من سوق التضامن، وسيحتضن إقليم الصويرة دورته الثانية السنة المقبلة.",
         "الجديدة"),
        # an article announcing the coming event: its only place stays the event's place
        ("ستحتضن مدينة العرائش الدورة المقبلة من المعرض الجهوي للاقتصاد الاجتماعي والتضامني.", "العرائش"),
        ("أعلنت الوزارة أن مدينة تطوان ستحتضن الأسبوع المقبل المعرض الوطني للتعاونيات.", "تطوان"),
    ],
)
def test_locate_event_skips_the_next_edition(text, city):
    assert locate(text, 0).city == city


def cities(text: str) -> list[tuple[str, str]]:
    return list(dict.fromkeys((p.name, p.country) for p in find_places(text, split_sentences(text))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a capital named by its country's nisba, with or without its name, glued to ب or after في
        ("احتضنت بالعاصمة التونسية أشغال المنتدى المغاربي للتعاونيات", [("تونس", "TN")]),
        ("انطلقت في العاصمة البلجيكية فعاليات الأسبوع الأوروبي للاقتصاد الاجتماعي", [("بروكسيل", "BE")]),
        ("انعقد في العاصمة السنغالية داكار الملتقى الإفريقي للتعاونيات", [("داكار", "SN")]),
        ("نظمت الوزارة بالعاصمة الرباط يوما دراسيا", [("الرباط", "MA")]),
        ("احتضنت العاصمة الاقتصادية معرضا للتعاونيات النسائية", [("الدار البيضاء", "MA")]),
        # capitals taken from geonames/CLDR for every country, not only the curated foreign cities
        ("احتضنت العاصمة الأوكرانية مؤتمرا دوليا للتعاونيات", [("كييف", "UA")]),
        ("شاركت تعاونيات مغربية في معرض بالعاصمة الكوبية هافانا", [("هافانا", "CU")]),
        ("انعقد المنتدى بمدينة صوفيا البلغارية", [("صوفيا", "BG")]),
        # such a capital alone is not a place: صوفيا is also a given name, الكويت the country
        ("قالت صوفيا رئيسة التعاونية إن المعرض ناجح", []),
        ("التقى الوزير نظيره في الكويت لبحث التعاون", []),
    ],
)
def test_capitals(text, expected):
    assert cities(text) == expected

"""The event: trigger and kind, title and edition, dates from the lead, place, organizers, and no event at all."""
import pytest

from events.extract.clean import clean
from events.extract.countries import find_countries
from events.extract.dates import find_dates, find_published
from events.extract.event import find_event
from events.extract.orgs import find_organizations
from events.extract.places import find_places
from events.extract.text import split_sentences


def run_event(raw):
    cleaned = clean(raw)
    text = cleaned.text
    sentences = split_sentences(text)
    published = find_published(text)
    dates = find_dates(text, published)
    places = find_places(text, sentences)
    countries = find_countries(text, sentences)
    orgs = find_organizations(text, sentences, places=[p.span for p in places])
    return find_event(text, cleaned.title, sentences, dates, places, countries, orgs, [], published,
                      raw_head=raw[:cleaned.offsets[0]] if cleaned.offsets else None)


@pytest.mark.parametrize(
    "raw, kind",
    [
        ("أكادير تحتضن التجمع التقني الأول لدعم الاقتصاد الاجتماعي\n\nانطلقت أمس بمدينة أكادير فعاليات التجمع.",
         "meeting"),
        ("مشاركة قوية للمغرب في القمة الأولى للاقتصاد الشامل\n\nشارك المغرب بباريس في القمة الأولى.", "summit"),
        ("ابن جرير تحتضن الدورة الخامسة للمناظرة الوطنية للاقتصاد الاجتماعي\n\nتحولت الجامعة إلى فضاء للمناظرة.",
         "conference"),
        ("تنغير: دورة تكوينية لتقوية قدرات النساء\n\nاحتضنت مدينة تنغير، مؤخرا، لقاء تكوينيا لفائدة النساء.",
         "training"),
        ("الحسيمة.. ورشة حول التسويق الرقمي\n\nنظمت جمعية محلية بالحسيمة ورشة لفائدة التعاونيات.", "workshop"),
        ("الرباط: أزيد من 100 تعاونية في القرية التضامنية للتعاونيات\n\nتحتضن الرباط فعاليات القرية التضامنية.",
         "fair"),
        ("تعاونية تظفر بالجائزة الكبرى للابتكار الاجتماعي\n\nتوجت تعاونية فلاحية بالجائزة خلال حفل بالدار البيضاء.",
         "award"),
        ("شفشاون.. ملتقى جهوي للتعاونيات النسوية\n\nاحتضنت مدينة شفشاون فعاليات الملتقى الجهوي الثاني.", "forum"),
        ("طنجة.. لقاء يسائل واقع الاقتصاد الاجتماعي\n\nنظم فضاء تعاونيات طنجة الكبرى بطنجة لقاء حول القطاع.",
         "meeting"),
        ("مهرجان التعاونيات بمراكش\n\nانطلقت بمراكش فعاليات مهرجان التعاونيات.", "other"),
        ("حفل اختتام الدورة الثانية للمعرض الجهوي بورزازات\n\nأسدل الستار على المعرض الجهوي بورزازات.", "fair"),
        ("العيون.. حفل توزيع جوائز المسابقة الجهوية للتعاونيات\n\nأشرف الوالي بالعيون على حفل توزيع الجوائز.",
         "award"),
        ("يوم تحسيسي بأزيلال حول العمل التعاوني\n\nنظمت جمعية محلية بأزيلال يوما تحسيسيا لفائدة الشباب.", "other"),
    ],
)
def test_kind_from_the_trigger(raw, kind):
    event = run_event(raw)
    assert event is not None and event.kind == kind


@pytest.mark.parametrize(
    "raw, start, end",
    [
        ("ورزازات.. الدورة الثانية للمعرض الجهوي\n\nأسدل الستار، مساء الاثنين 22 شتنبر 2025، على فعاليات الدورة "
         "الثانية للمعرض الجهوي، التي احتضنتها مدينة ورزازات من 17 إلى 22 شتنبر 2025.", "2025-09-17", "2025-09-22"),
        ("أكادير تحتضن الدورة السابعة للمعرض الوطني\n\nالسبت 10 نوفمبر 2018\n\nافتتح رئيس الحكومة، يوم الجمعة 9 "
         "نوفمبر 2018 بأكادير، الدورة السابعة للمعرض الوطني، والتي تتواصل فعالياتها إلى غاية يوم الأحد 18 نوفمبر "
         "2018.", "2018-11-09", "2018-11-18"),
        ("الناظور تحتضن المنتدى المغربي-الإسباني\n\nالثلاثاء 07 فبراير 2023\n\nانطلقت، أمس الاثنين بمدينة الناظور، "
         "أشغال المنتدى المغربي-الإسباني، على أن تختتم فعالياته اليوم الثلاثاء.", "2023-02-06", "2023-02-07"),
        ("الرباط.. تتويج 31 تعاونية في الدورة السادسة للجائزة الوطنية\n\nالأربعاء 16 أبريل 2025\n\nاحتضن مقر كتابة "
         "الدولة بالرباط، يوم الثلاثاء 15 أبريل 2025، حفل الدورة السادسة للجائزة الوطنية.", "2025-04-15", None),
        ("تنغير: دورة تكوينية لفائدة النساء\n\nاحتضنت مدينة تنغير، مؤخرا، لقاء تكوينيا لفائدة النساء.\n\nوليست هذه "
         "أول مبادرة، إذ سبق للمركزين أن نظما يوم 19 فبراير 2022 بتنغير ندوة وطنية.\n\nوتناولت الندوة حينها التجارب.",
         None, None),
        ("مراكش تحتضن المؤتمر الدولي الثالث\n\nالجمعة 12 أبريل 2024\n\nتنطلق يوم الخميس المقبل بمدينة مراكش أشغال "
         "المؤتمر الدولي الثالث، على مدى ثلاثة أيام.", "2024-04-18", "2024-04-20"),
        ("النسخة الرابعة من منتدى WeXchange\n\nشهدت الدار البيضاء، يوم 21 أكتوبر، تنظيم النسخة الرابعة من المنتدى.",
         None, None),
    ],
)
def test_dates_come_from_the_lead(raw, start, end):
    event = run_event(raw)
    assert event is not None
    assert (event.start.iso() if event.start else None) == start
    assert (event.end.iso() if event.end else None) == end


@pytest.mark.parametrize(
    "raw",
    [
        "رأي\n\nقانون إطار للاقتصاد الاجتماعي والتضامني: إلى متى الانتظار؟\n\nلم يعد الحديث عن الاقتصاد الاجتماعي "
        "ترفا فكريا أو شعارا يرفع في المعارض الموسمية.\n\nوفي الداخل، نظم فريق برلماني في يوليوز 2024 لقاء ترافعيا.",
        "تحليل | النساء في الحركة التعاونية: أرقام تتحسن\n\nالاثنين 20 أكتوبر 2025\n\nتكشف أحدث المعطيات بمناسبة "
        "اليوم العالمي للمرأة القروية عن ارتفاع مشاركة النساء.\n\nفحسب أرقام المكتب، بلغ عدد التعاونيات 7891 "
        "تعاونية.\n\nوفي هذا السياق، نظم المكتب ما بين 29 سبتمبر و17 أكتوبر 2025 ثلاثة عشر لقاء جهويا.",
        "رأي\n\nبقلم: سعيد الخمليشي\n\nالاقتصاد التضامني ليس صدقة\n\nكثيرا ما يختزل الخطاب الرسمي القطاع في المعارض "
        "الموسمية.",
    ],
)
def test_opinion_and_analysis_give_no_event(raw):
    assert run_event(raw) is None


def test_title_edition_place_and_organizers():
    raw = ("وجدة: اختتام فعاليات الدورة الخامسة للمعرض الجهوي للاقتصاد الاجتماعي والتضامني\n\nالأحد 15 أكتوبر "
           "2023\n\nاختتمت، مساء أمس السبت بمدينة وجدة، فعاليات الدورة الخامسة للمعرض الجهوي للاقتصاد الاجتماعي "
           "والتضامني، التي نظمها مجلس جهة الشرق، خلال الفترة الممتدة من 6 إلى 14 أكتوبر الجاري.")
    event = run_event(raw)
    assert event.title == "الدورة الخامسة للمعرض الجهوي للاقتصاد الاجتماعي والتضامني"
    assert event.edition == 5
    assert (event.city, event.country) == ("وجدة", "MA")
    assert (event.start.iso(), event.end.iso()) == ("2023-10-06", "2023-10-14")
    assert event.organizers == ["مجلس جهة الشرق"]


def test_date_one_paragraph_later_and_date_line_skipped():
    raw = ("بني ملال.. لقاء جهوي حول تسويق منتوجات التعاونيات\n\nالأحد 20 أكتوبر 2024\n\nاحتضنت مدينة بني ملال لقاء "
           "جهويا خصص لمناقشة سبل التسويق.\n\nوشارك في هذا اللقاء ممثلو 80 تعاونية.\n\nوانعقد اللقاء، الذي نظمته "
           "غرفة الصناعة التقليدية، يوم الجمعة الماضي بمقر الغرفة.")
    event = run_event(raw)
    assert event.start.iso() == "2024-10-18"


def test_edition_phrase_with_a_clitic():
    raw = ("فتح باب الترشح للدورة الثالثة لجائزة الاقتصاد التضامني\n\nأعلنت مؤسسة للتنمية عن فتح باب الترشح للدورة "
           "الثالثة لجائزة الاقتصاد التضامني، التي ستسلم خلال حفل ينظم يوم 15 شتنبر 2024 بمدينة فاس.")
    event = run_event(raw)
    assert (event.title, event.edition, event.kind) == ("الدورة الثالثة لجائزة الاقتصاد التضامني", 3, "award")


def test_event_named_only_in_the_lead():
    raw = ("المغرب يشارك في الأسبوع العالمي بجنيف\n\nجنيف - شارك المغرب، من 3 إلى 7 يونيو 2024 بجنيف، في أشغال الدورة "
           "112 لمؤتمر العمل الدولي، بوفد يقوده وزير الإدماج الاقتصادي.")
    event = run_event(raw)
    assert (event.kind, event.edition, event.start.iso(), event.end.iso()) == ("conference", 112, "2024-06-03",
                                                                                "2024-06-07")
    assert event.title == "الدورة 112 لمؤتمر العمل الدولي"


def test_article_without_headline_uses_its_first_sentence():
    raw = ("ينظم فريق التقدم والاشتراكية بمجلس النواب لقاءا ترافعيا حول النموذج المغربي للاقتصاد الاجتماعي "
           "والتضامني، يوم الأربعاء 10 يوليو 2024 بالقاعة المغربية بمجلس النواب.")
    event = run_event(raw)
    assert event.kind == "meeting"
    assert event.start.iso() == "2024-07-10"
    assert event.title.startswith("لقاء")

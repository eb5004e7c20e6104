"""Patterns found by the fresh robustness set (eval/fresh): each rule with sentences written for it, both ways."""
import pytest

from events.extract.normalize import normalize
from events.extract.persons import find_persons
from events.extract.text import split_sentences

from .test_event import run_event


def iso(d):
    return d.iso() if d else None


@pytest.mark.parametrize(
    "raw, start",
    [
        # "من أجل" (for) inside an organizer's name before the date is not a deadline word (أجل).
        ("ورشة حول المقاولة الاجتماعية\n\nنظمت جمعية شباب من أجل التنمية، يوم الثلاثاء 3 يونيو 2025 بطنجة، "
         "ورشة تكوينية حول المقاولة الاجتماعية.", "2025-06-03"),
        ("لقاء حول التشغيل\n\nعقدت شبكة من أجل الإدماج، يوم 9 أبريل 2025 بسلا، لقاء حول تشغيل الشباب.", "2025-04-09"),
        ("ندوة حول الماء\n\nاحتضنت الرباط، من أجل تقاسم التجارب، يوم 2 ماي 2025 ندوة حول تدبير الماء.", "2025-05-02"),
        # A real deadline stays excluded: the event date is the other one.
        ("ورشة حول التمويل\n\nنظمت الجمعية يوم 20 ماي 2025 بفاس ورشة حول التمويل، وحدد آخر أجل للتسجيل "
         "يوم 10 ماي 2025.", "2025-05-20"),
    ],
)
def test_min_ajl_is_not_a_deadline(raw, start):
    event = run_event(raw)
    assert event is not None
    assert iso(event.start) == start


@pytest.mark.parametrize(
    "raw, start, end",
    [
        # A yearless closing day takes the year of the full date named in the same sentence.
        ("افتتاح المعرض الوطني بفاس\n\nافتتح صباح الجمعة 7 فبراير 2025 بفاس المعرض الوطني للتعاونيات، الذي "
         "يستمر إلى غاية 16 فبراير.", "2025-02-07", "2025-02-16"),
        # ... and a yearless opening day named after the closing one gives the start back.
        ("اختتام معرض المنتوجات المجالية\n\nاختتمت مساء الأحد 16 نونبر 2025 بخنيفرة فعاليات معرض المنتوجات "
         "المجالية، الذي انطلق يوم 12 نونبر.", "2025-11-12", "2025-11-16"),
        # Across the new year: 28 December before 3 January 2026 is in 2025.
        ("المعرض الجهوي بأكادير\n\nاختتم يوم 3 يناير 2026 بأكادير المعرض الجهوي للتعاونيات، الذي انطلق يوم "
         "28 دجنبر.", "2025-12-28", "2026-01-03"),
        # Further than two months from the dated day, the yearless day is another matter: no year is guessed.
        ("المعرض الجهوي بوجدة\n\nافتتح يوم 5 أبريل 2025 بوجدة المعرض الجهوي، الذي كان مقررا في 20 شتنبر.",
         "2025-04-05", None),
    ],
)
def test_yearless_day_borrows_the_year_of_its_sentence(raw, start, end):
    event = run_event(raw)
    assert event is not None
    assert (iso(event.start), iso(event.end)) == (start, end)


def test_yearless_day_alone_still_gives_no_date():
    event = run_event("معرض التعاونيات بتطوان\n\nافتتح يوم 16 فبراير بتطوان معرض التعاونيات.")
    assert event is not None and event.start is None


@pytest.mark.parametrize(
    "raw, kind, start, end",
    [
        # "سوق التضامن" (genitive) is the solidarity market like "السوق التضامني"; أقيمت reports it held.
        ("العيون: سوق التضامن يستقبل زواره\n\nأقيمت ما بين 20 و25 يناير 2025 بمدينة العيون الدورة الخامسة لسوق "
         "التضامن للمنتوجات المحلية.", "fair", "2025-01-20", "2025-01-25"),
        ("قرية التضامن بالرباط\n\nتقام من 3 إلى 9 مارس 2025 بالرباط قرية التضامن للتعاونيات النسائية.", "fair",
         "2025-03-03", "2025-03-09"),
    ],
)
def test_solidarity_market_in_the_genitive(raw, kind, start, end):
    event = run_event(raw)
    assert event is not None
    assert (event.kind, iso(event.start), iso(event.end)) == (kind, start, end)


def test_a_plain_market_is_still_no_event():
    assert run_event("ارتفاع الأسعار في سوق الخضر\n\nعرفت أسعار الطماطم ارتفاعا في سوق الجملة بالدار البيضاء.") is None


def by_name(text):
    return {normalize(p.name): p for p in find_persons(text, split_sentences(text))}


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A definite event noun is not in construct with the name after it: the name is the verb's subject.
        ("وافتتح أشغال المنتدى يونس السكوري، وزير الإدماج الاقتصادي، الذي دعا إلى تبسيط المساطر.",
         "يونس السكوري", "وزير الإدماج الاقتصادي"),
        ("وترأس الاجتماع سعاد الحمري، المديرة الإقليمية للتعاون الوطني.", "سعاد الحمري",
         "المديرة الإقليمية للتعاون الوطني"),
        ("وأطر الورشة كريم بنعلي، أستاذ الاقتصاد بجامعة ابن زهر.", "كريم بنعلي", "أستاذ الاقتصاد بجامعة ابن زهر"),
    ],
)
def test_name_after_a_definite_noun(text, name, role):
    found = by_name(text)
    assert normalize(name) in found, list(found)
    assert normalize(found[normalize(name)].role) == normalize(role)


@pytest.mark.parametrize(
    "text, not_a_person",
    [
        # An indefinite head in construct with a name is the body's (or venue's) name.
        ("بمبادرة من مؤسسة محمد السادس للتضامن.", "محمد السادس"),
        ("نظم بمركز عبد الله كنون الثقافي لقاء حول التعاونيات.", "عبد الله كنون"),
    ],
)
def test_name_of_a_body_stays_no_person(text, not_a_person):
    assert normalize(not_a_person) not in by_name(text)


def org_names(text):
    from events.extract.orgs import find_organizations
    from events.extract.places import find_places
    sentences = split_sentences(text)
    places = [p.span for p in find_places(text, sentences)]
    return [normalize(o.name) for o in find_organizations(text, sentences, places=places)]


@pytest.mark.parametrize(
    "text, name",
    [
        # A research field after في belongs to the centre's name, also after coordinated research nouns.
        ("ندوة من تنظيم مركز الدراسات والأبحاث في الاقتصاد الاجتماعي.", "مركز الدراسات والأبحاث في الاقتصاد الاجتماعي"),
        ("نظم مركز البحث في الاقتصاد الاجتماعي لقاء حول التمويل.", "مركز البحث في الاقتصاد الاجتماعي"),
        ("وقدم مختبر الدراسات والبحث في التنمية المحلية عرضا.", "مختبر الدراسات والبحث في التنمية المحلية"),
        # A definite event noun after ب is what the body won or joined, not its seat.
        ("توجت تعاونية النور للنسيج بالجائزة الوطنية لأفضل تعاونية.", "تعاونية النور للنسيج"),
        ("وشاركت جمعية الأمل للتنمية بالمعرض الدولي للفلاحة.", "جمعية الأمل للتنمية"),
        # ... while a ب-place closing the name stays the body's seat.
        ("وشاركت جمعية الأمل للتنمية بتزنيت في المعرض.", "جمعية الأمل للتنمية بتزنيت"),
        ("وشاركت جمعية الأمل بالعالم القروي في المعرض.", "جمعية الأمل بالعالم القروي"),
    ],
)
def test_organization_name_edges(text, name):
    assert normalize(name) in org_names(text), org_names(text)


@pytest.mark.parametrize(
    "text, not_an_org",
    [
        # A social or cultural centre named by its kind is a venue, not a body.
        ("احتضن المركز الاجتماعي بالحي لقاء تواصليا.", "المركز الاجتماعي"),
        ("بالمركز الثقافي في المدينة القديمة.", "المركز الثقافي في المدينة القديمة"),
    ],
)
def test_venues_stay_no_organization(text, not_an_org):
    assert normalize(not_an_org) not in org_names(text)


@pytest.mark.parametrize(
    "text, start, end",
    [
        # A list of days with a weekday before each: يومي الجمعة 14 والسبت 15 مارس.
        ("يومي الجمعة 14 والسبت 15 مارس 2025", (2025, 3, 14), (2025, 3, 15)),
        ("يوم الخميس 3 والجمعة 4 أبريل 2025", (2025, 4, 3), (2025, 4, 4)),
        ("أيام الخميس 3 والجمعة 4 والسبت 5 يوليوز 2025", (2025, 7, 3), (2025, 7, 5)),
        ("يومي 8 و9 فبراير 2025", (2025, 2, 8), (2025, 2, 9)),
        # One weekday and one day stay a single date, whatever follows.
        ("الجمعة 14 مارس 2025 والسبت الموالي", (2025, 3, 14), None),
    ],
)
def test_list_of_days_with_weekdays(text, start, end):
    from events.extract.dates import find_dates
    found = find_dates(text)
    assert found, text
    d = found[0]
    assert (d.start.year, d.start.month, d.start.day) == start
    assert (None if d.end is None else (d.end.year, d.end.month, d.end.day)) == end


@pytest.mark.parametrize(
    "raw, end",
    [
        # "على مدى أسبوعين" is fourteen days from the start, "أسبوع" seven.
        ("قافلة لدعم التعاونيات\n\nانطلقت يوم الاثنين 2 يونيو 2025 بأكادير قافلة لدعم التعاونيات تجوب الإقليم "
         "على مدى أسبوعين.", "2025-06-15"),
        ("قافلة لدعم التعاونيات\n\nانطلقت يوم الاثنين 2 يونيو 2025 بأكادير قافلة لدعم التعاونيات تجوب الإقليم "
         "على مدى أسبوع.", "2025-06-08"),
        ("ندوة حول التمويل\n\nانطلقت يوم الاثنين 2 يونيو 2025 بأكادير ندوة حول التمويل.", None),
    ],
)
def test_duration_in_weeks(raw, end):
    event = run_event(raw)
    assert event is not None
    assert iso(event.end) == end


@pytest.mark.parametrize(
    "text, name, role",
    [
        # After an honorific a two-word name may open with an ال-word the lexicon lacks.
        ("بحضور رئيس مجلس جهة الداخلة وادي الذهب السيد الخطاط ينجا.", "الخطاط ينجا",
         "رئيس مجلس جهة الداخلة وادي الذهب"),
        ("وتدخلت السيدة الغالية منصور، رئيسة الجمعية، لتقديم الحصيلة.", "الغالية منصور", "رئيسة الجمعية"),
    ],
)
def test_definite_first_word_after_an_honorific(text, name, role):
    found = by_name(text)
    assert normalize(name) in found, list(found)
    assert normalize(found[normalize(name)].role) == normalize(role)


@pytest.mark.parametrize(
    "text",
    [
        # A title, an office or an adjective after the honorific is no name.
        "وقال السيد الوزير إن القطاع مهم.",
        "بحضور السيد العامل وممثلي المصالح الخارجية.",
        "وحضرت السيدة الممثلة الجهوية للوكالة.",
        "وأشاد الدكتور المحاضر بالتجربة.",
        "وأوضح السيد المندوب الإقليمي، أن البرنامج ناجح.",
    ],
)
def test_no_definite_name_without_a_name(text):
    assert by_name(text) == {}


@pytest.mark.parametrize(
    "raw, title",
    [
        # Days named by an adjective are an event (kind other), like a week named by one.
        ("الصويرة: افتتاح الأيام الجهوية للتعاونيات النسائية\n\nافتتحت يوم 25 أبريل 2025 بالصويرة الأيام الجهوية "
         "للتعاونيات النسائية. وتعرف التظاهرة مشاركة واسعة.", "الأيام الجهوية للتعاونيات النسائية"),
        ("أيام وطنية للاقتصاد التضامني بسلا\n\nتنظم بسلا من 3 إلى 5 ماي 2025 أيام وطنية للاقتصاد التضامني.",
         "أيام وطنية للاقتصاد التضامني"),
    ],
)
def test_days_named_by_an_adjective_are_an_event(raw, title):
    event = run_event(raw)
    assert event is not None and event.kind == "other"
    assert normalize(event.title) == normalize(title)


@pytest.mark.parametrize(
    "raw",
    [
        "ارتفاع الأسعار خلال الأيام الماضية\n\nعرفت الأسواق خلال الأيام الماضية ارتفاعا في أسعار الخضر.",
        "تساقطات مطرية في الأيام الأولى من السنة\n\nعرفت الأيام الأولى من السنة تساقطات مهمة.",
    ],
)
def test_days_named_by_a_time_adjective_are_no_event(raw):
    assert run_event(raw) is None


@pytest.mark.parametrize(
    "raw, title",
    [
        # An adjective whose و is a root letter (وطني، وزاري) continues the event's name.
        ("الرباط تحتضن لقاء وطنيا حول تمويل التعاونيات\n\nنظمت الوزارة بالرباط لقاء وطنيا حول تمويل التعاونيات.",
         "لقاء وطني حول تمويل التعاونيات"),
        ("اجتماع وزاري حول التعاونيات\n\nعقد بالرباط يوم 3 ماي 2025 اجتماع وزاري حول دعم التعاونيات.",
         "اجتماع وزاري حول دعم التعاونيات"),
        # ... while a و that is "and" ends it.
        ("لقاء بالرباط\n\nنظمت الجمعية بالرباط يوم 3 ماي 2025 لقاء وشاركت فيه التعاونيات.", "لقاء"),
    ],
)
def test_root_waw_adjective_in_a_title(raw, title):
    event = run_event(raw)
    assert event is not None
    assert normalize(event.title) == normalize(title)


def orgs_with_aliases(text):
    from events.extract.orgs import find_organizations
    from events.extract.places import find_places
    sentences = split_sentences(text)
    places = [p.span for p in find_places(text, sentences)]
    return {normalize(o.name): [normalize(a) for a in o.aliases]
            for o in find_organizations(text, sentences, places=places)}


@pytest.mark.parametrize(
    "text, name, alias",
    [
        # The press's short name of a faculty (by its field) is an alias of its official name in the same text.
        ("ندوة بكلية الحقوق بسطات. ونظمت كلية العلوم القانونية والسياسية بسطات الندوة.",
         "كلية العلوم القانونية والسياسية بسطات", "كلية الحقوق بسطات"),
        ("لقاء بكلية الآداب. واحتضنت كلية الآداب والعلوم الإنسانية بمكناس اللقاء.",
         "كلية الآداب والعلوم الإنسانية بمكناس", "كلية الآداب"),
    ],
)
def test_faculty_short_name_is_an_alias(text, name, alias):
    found = orgs_with_aliases(text)
    assert normalize(name) in found, found
    assert normalize(alias) in found[normalize(name)]
    assert normalize(alias) not in found


def test_faculty_short_name_of_another_city_stays_apart():
    found = orgs_with_aliases("شاركت كلية الحقوق بفاس في ندوة نظمتها كلية العلوم القانونية والسياسية بسطات.")
    assert normalize("كلية الحقوق بفاس") in found


@pytest.mark.parametrize(
    "text, name, present",
    [
        # A council whose seat hosts the event acts (SCHEMA: councils count when they host).
        ("احتضن مقر جماعة سيدي علال البحراوي، يوم 19 غشت 2025، لقاء حول العمل التعاوني.",
         "جماعة سيدي علال البحراوي", True),
        ("تحتضن مقر عمالة إقليم الخميسات يوم 3 ماي 2025 اجتماعا تنسيقيا.", "عمالة إقليم الخميسات", True),
        # ... not a council named only as a landmark or a place.
        ("ويقع الفضاء الجديد قرب مقر جماعة سيدي علال البحراوي.", "جماعة سيدي علال البحراوي", False),
    ],
)
def test_a_hosting_seat_makes_its_council_count(text, name, present):
    assert (normalize(name) in org_names(text)) is present, org_names(text)


@pytest.mark.parametrize(
    "text, name, role",
    [
        # A possessive title (feminine رئيستها too) before a name; "عن الوكالة" names whose title it is.
        ("وقعت وكالة تنمية الأقاليم الشمالية وجمعية الريف للتنمية الاتفاقية. ووقعها عن الوكالة مديرها العام منير "
         "البويوسفي، وعن الجمعية رئيستها سميرة العزوزي.", "منير البويوسفي", "المدير العام لوكالة تنمية الأقاليم الشمالية"),
        ("وقعت وكالة تنمية الأقاليم الشمالية وجمعية الريف للتنمية، يوم الخميس، اتفاقية شراكة. ووقعها عن الوكالة "
         "مديرها العام منير البويوسفي، وعن الجمعية رئيستها سميرة العزوزي.", "سميرة العزوزي",
         "رئيسة جمعية الريف للتنمية"),
        # Without "عن …" the possessive points to the last body named.
        ("نظم مكتب تنمية التعاون لقاء. وأكد مديره كريم العلوي أن التعاونيات مهمة.", "كريم العلوي",
         "مدير مكتب تنمية التعاون"),
    ],
)
def test_possessive_titles_and_on_behalf_of(text, name, role):
    from events.extract.pipeline import extract
    found = {normalize(p.name): p for p in extract(text).persons}
    assert normalize(name) in found, list(found)
    assert normalize(found[normalize(name)].role) == normalize(role)


def test_a_foundation_is_no_possessive_title():
    from events.extract.pipeline import extract
    persons = extract("بمبادرة من مؤسسة عبد القادر بنصالح، نظم اللقاء بالدار البيضاء.").persons
    assert all(p.role != "مؤسسة" for p in persons)


@pytest.mark.parametrize(
    "text, start, end",
    [
        # A range with a weekday before each day.
        ("من الأربعاء 10 إلى الأحد 14 شتنبر 2025", (2025, 9, 10), (2025, 9, 14)),
        ("من الجمعة 28 فبراير إلى الأحد 2 مارس 2025", (2025, 2, 28), (2025, 3, 2)),
        ("ما بين الاثنين 6 والجمعة 10 أكتوبر 2025", (2025, 10, 6), (2025, 10, 10)),
        # A weekday with one day stays one day.
        ("يوم الأربعاء 10 شتنبر 2025", (2025, 9, 10), None),
    ],
)
def test_range_with_weekdays(text, start, end):
    from events.extract.dates import find_dates
    d = find_dates(text)[0]
    assert (d.start.year, d.start.month, d.start.day) == start
    assert (None if d.end is None else (d.end.year, d.end.month, d.end.day)) == end

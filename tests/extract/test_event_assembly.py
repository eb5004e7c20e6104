"""The event read off real-page patterns: dates assembled across sentences, the place from datelines, communes and
venues, the named event phrase as title, and the per-field confidence and reason the review queue reads."""
import pytest

from events.extract.pipeline import extract


def event(raw):
    return extract(raw).event


# ---------- dates ----------

@pytest.mark.parametrize(
    "raw, start, end",
    [
        # start in the lead (relative to the date line), end in the next sentence
        ("سوق جهوي للتعاونيات بالحسيمة\nالأحد 4 ماي 2025 - 20:10\n"
         "افتتح أمس السبت بالحسيمة السوق الجهوي للتعاونيات.\n"
         "وتتواصل فعاليات السوق، الذي تنظمه الغرفة الجهوية، إلى غاية 11 ماي الجاري.", "2025-05-03", "2025-05-11"),
        # "وتختتم يوم …" gives the end
        ("ملتقى التعاونيات الفلاحية\nالاثنين 7 أبريل 2025\n"
         "انطلقت اليوم الاثنين ببركان أشغال ملتقى التعاونيات الفلاحية. وتختتم أشغال الملتقى يوم الأربعاء المقبل.",
         "2025-04-07", "2025-04-09"),
        # the closing sentence first, the opening later: "اختتمت يوم …" then "انطلقت في …"
        ("اختتام برنامج تكويني لفائدة الحرفيات\n21 مارس 2025\n"
         "اختتمت يوم الخميس 20 مارس 2025 بأزيلال الدورة التكوينية لفائدة الحرفيات.\n"
         "وكانت الدورة قد انطلقت في 10 فبراير 2025 بمشاركة أربعين حرفية.", "2025-02-10", "2025-03-20"),
        # a duration gives the end from the start
        ("مهرجان المنتوجات المجالية\nانطلق يوم الجمعة 6 يونيو 2025 بإفران مهرجان المنتوجات المجالية على مدى أربعة أيام.",
         "2025-06-06", "2025-06-09"),
        # a closing day and a duration give the start
        ("ندوة\nالجمعة 5 دجنبر 2025\nاختتمت، اليوم الجمعة، بسطات أشغال الندوة الوطنية للتعاضد على مدى يومين.",
         "2025-12-04", "2025-12-05"),
        # "في ثاني وآخر أيام الدورة": the day named after the date is the last
        ("دورة تكوينية\nالثلاثاء 14 أكتوبر 2025\nانطلقت اليوم الثلاثاء بتطوان دورة تكوينية في المحاسبة.\n"
         "وينتقل المشاركون يوم غد الأربعاء، في ثاني وآخر أيام الدورة، إلى التطبيقات.", "2025-10-14", "2025-10-15"),
        # date lines as published: Arabic-Indic digits with a clock time, "نشر في dd/mm/yyyy", ISO
        ("لقاء حول التعاونيات\nالسبت ١٣ شتنبر ٢٠٢٥ - ١١:٤٠\nنظمت الجمعية اليوم السبت بتازة لقاء حول التعاونيات.",
         "2025-09-13", None),
        ("لقاء حول التعاونيات\nنشر في 12/03/2024\nنظمت الجمعية أمس الاثنين بتازة لقاء حول التعاونيات.",
         "2024-03-11", None),
        ("لقاء حول التعاونيات\n2024-03-12\nنظمت الجمعية أول أمس الأحد بتازة لقاء حول التعاونيات.",
         "2024-03-10", None),
        ("لقاء حول التعاونيات\nالثلاثاء 12 مارس 2024\nتنظم الجمعية غدا الأربعاء بتازة لقاء حول التعاونيات.",
         "2024-03-13", None),
        # a range named in another sentence that holds the start gives the end
        ("مؤتمر\nالثلاثاء 6 ماي 2025\nانطلقت أمس الاثنين بإفران أشغال المؤتمر الجهوي للتعاونيات.\n"
         "وينعقد المؤتمر يومي 5 و6 ماي بمشاركة خبراء من عدة دول.", "2025-05-05", "2025-05-06"),
        # a month alone yields to a day of it
        ("معرض\nنظم خلال شهر أكتوبر 2024، وتحديدا يوم 19 أكتوبر 2024، معرض للتعاونيات بالصويرة.", "2024-10-19", None),
    ],
)
def test_event_dates(raw, start, end):
    ev = event(raw)
    assert ev is not None
    assert (ev.start.iso() if ev.start else None, ev.end.iso() if ev.end else None) == (start, end)


@pytest.mark.parametrize(
    "raw, start",
    [
        # an earlier edition's date is not the event's
        ("معرض وطني\nالأحد 10 نونبر 2024\nافتتحت أمس السبت بالرشيدية الدورة التاسعة للمعرض الوطني للتعاونيات.\n"
         "ويأتي هذا الموعد بعد الدورة السابقة التي نظمت بمدينة الداخلة يوم 4 نونبر 2023.", "2024-11-09"),
        # a past happening recalled in the lead ("الماضي") is not the event's
        ("لقاء\nالخميس 3 يوليوز 2025\nنظمت التعاونية أمس الأربعاء بسلا لقاء تواصليا، بعد المعرض الذي سبق أن نظمته "
         "في 15 أبريل الماضي.", "2025-07-02"),
    ],
)
def test_distractor_dates_are_not_the_event(raw, start):
    assert event(raw).start.iso() == start


@pytest.mark.parametrize(
    "raw, start, end",
    [
        # a registration deadline in the lead is not the event's end
        ("معرض\nالأحد 4 ماي 2025\nافتتح أمس السبت بفاس معرض التعاونيات. ويظل باب التسجيل في الدورة مفتوحا إلى غاية "
         "20 ماي الجاري.", "2025-05-03", None),
        ("مسابقة\nنظمت الوزارة يوم 5 ماي 2025 بفاس حفل إطلاق المسابقة الوطنية، على أن يكون آخر أجل لإيداع الترشيحات "
         "يوم 30 ماي 2025.", "2025-05-05", None),
    ],
)
def test_deadlines_are_not_the_event(raw, start, end):
    ev = event(raw)
    assert (ev.start.iso(), ev.end.iso() if ev.end else None) == (start, end)


def test_weekday_that_contradicts_the_date_lowers_its_confidence():
    wrong = event("لقاء\nنظمت الجمعية يوم الخميس 12 مارس 2024 بتازة لقاء حول التعاونيات.")  # a Tuesday
    right = event("لقاء\nنظمت الجمعية يوم الثلاثاء 12 مارس 2024 بتازة لقاء حول التعاونيات.")
    assert wrong.start.iso() == right.start.iso() == "2024-03-12"  # the written day is kept
    assert wrong.reasons["date"].endswith("weekday disagrees") and right.reasons["date"].endswith("weekday agrees")
    assert wrong.field_confidence["date"] < right.field_confidence["date"]


# ---------- place ----------

@pytest.mark.parametrize(
    "raw, city, country",
    [
        # "SITE : CITY" and "CITY - (ومع) -" datelines
        ("تعاونيات تعرض منتوجاتها في لقاء جهوي\nسوس بريس : تارودانت\n"
         "احتضن مقر الغرفة، يوم الأربعاء 9 يوليوز 2025، لقاء جهويا لفائدة التعاونيات.", "تارودانت", "MA"),
        ("دورة تكوينية في التسويق\nالعرائش - (ومع) - انطلقت، اليوم الثلاثاء 7 أكتوبر 2025، دورة تكوينية في التسويق.",
         "العرائش", "MA"),
        # a commune the gazetteer lacks, hosting the event, beats the province named more often
        ("نظمت عمالة إقليم الحوز، يوم 3 أبريل 2024، لقاء تواصليا احتضنته دار الشباب بأسني، الجماعة التابعة للإقليم، "
         "بحضور ممثلي إقليم الحوز.", "أسني", "MA"),
        ("احتضنت جماعة أولاد تايمة بإقليم تارودانت، يوم 2 مارس 2025، ورشة تكوينية لفائدة تعاونيات إقليم تارودانت.",
         "أولاد تايمة", "MA"),
        # glued and /g/ spellings, generated by rule
        ("احتضنت الدارالبيضاء، يوم 5 ماي 2025، المعرض الجهوي للتعاونيات.", "الدار البيضاء", "MA"),
        ("نظم بمدينة اغادير، يوم 5 ماي 2025، المعرض الجهوي للتعاونيات.", "أكادير", "MA"),
        # venues that imply their city: a region's seat, the House of Representatives
        ("احتضن مقر مجلس جهة الشرق، يوم الخميس 6 مارس 2025، لقاء جهويا حول تمويل التعاونيات.", "وجدة", "MA"),
        ("احتضن مقر ولاية جهة درعة تافيلالت، يوم 6 مارس 2025، لقاء حول التعاونيات.", "الرشيدية", "MA"),
        ("احتضن مجلس النواب، يوم 10 يوليوز 2024، لقاء ترافعيا حول الاقتصاد التضامني.", "الرباط", "MA"),
        # an online event: no city, no country, whatever towns the participants joined from
        ("نظمت الشبكة، يوم 14 يناير 2021، لقاء افتراضيا حول دعم التعاونيات بمشاركة فاعلين من الرباط وفاس.", None, None),
        ("عقدت الجمعية، عبر تقنية التناظر المرئي، يوم 2 فبراير 2021، اجتماعا مع التعاونيات.", None, None),
        # where participants came from is not where the event was
        ("احتضن مقر الغرفة، يوم الأربعاء 23 يوليوز 2025، ورشة تكوينية لفائدة تعاونيات قدمت من بني ملال والفقيه بنصالح.",
         None, None),
    ],
)
def test_event_place(raw, city, country):
    ev = event(raw)
    assert (ev.city, ev.country) == (city, country)


def test_a_region_is_not_a_city():
    ev = event("انطلقت، أمس الاثنين 5 ماي 2025 بمنطقة البحر الميت بالأردن، أشغال المؤتمر الوزاري العربي للتعاونيات.")
    assert ev.city is None and ev.country == "JO"


# ---------- title and kind ----------

@pytest.mark.parametrize(
    "raw, title, kind",
    [
        # the named phrase with its edition, not cut short and without the verb
        ("احتضنت مدينة الرشيدية، أمس الثلاثاء 12 مارس 2024، فعاليات الدورة الثالثة للمعرض الجهوي للاقتصاد "
         "الاجتماعي والتضامني، بمشاركة 80 تعاونية.",
         "الدورة الثالثة للمعرض الجهوي للاقتصاد الاجتماعي والتضامني", "fair"),
        # an edition of a noun that is no trigger word names the event
        ("انطلقت، أمس الثلاثاء 22 يوليوز 2025 بالعاصمة الإثيوبية، فعاليات الدورة الأولى من الأسبوع المغربي الإثيوبي "
         "للتعاون.", "الدورة الأولى من الأسبوع المغربي الإثيوبي للتعاون", "other"),
        # a verb clause after the name ends it
        ("نظمت اللجنة الإقليمية، اليوم السبت 6 يوليوز 2024، لقاء تواصليا احتضنته دار الشباب بصفرو.",
         "لقاء تواصلي", "meeting"),
        # a topic after a participle or a relative clause
        ("احتضنت الكلية، أمس الخميس 7 نونبر 2019، أشغال المنتدى الدولي المنظم حول موضوع \"التكوين في الاقتصاد "
         "التضامني\".", "المنتدى الدولي حول التكوين في الاقتصاد التضامني", "forum"),
        ("أسدل الستار، اليوم الخميس 21 دجنبر 2023، على أشغال الندوة الدولية الثانية التي نظمتها المدرسة على مدى يومين "
         "حول موضوع \"المقاولات الصغرى والتضامن\".", "الندوة الدولية الثانية حول المقاولات الصغرى والتضامن",
         "conference"),
        # whom a training serves completes its name
        ("احتضن مقر الغرفة بخريبكة، يوم الأربعاء 23 يوليوز 2025، ورشة تكوينية لفائدة المقاولات التعاونية بالإقليم.",
         "ورشة تكوينية لفائدة المقاولات التعاونية بالإقليم", "workshop"),
        # signing ceremonies, world days, mobile markets, weeks named by an adjective
        ("وقع الاتحاد الإفريقي للتعاضد والشبكة الإفريقية، يوم 14 نونبر 2016 بمراكش، بروتوكول اتفاق للتعاون.",
         "توقيع بروتوكول اتفاق للتعاون", "other"),
        ("احتفالا باليوم العالمي للتعاونيات، نظم المكتب يوم السبت 7 يوليوز 2018 بالرباط حفلا بالمناسبة.",
         "الاحتفال باليوم العالمي للتعاونيات", "other"),
        ("انطلقت، صباح اليوم الأربعاء 2 أبريل 2025 بمكناس، فعاليات السوق المتنقل للتعاونيات.",
         "السوق المتنقل للتعاونيات", "fair"),
        ("ينظم المجلس الجهوي، من 10 إلى 14 نونبر 2022 بالعيون، الأسبوع الجهوي للاقتصاد الاجتماعي.",
         "الأسبوع الجهوي للاقتصاد الاجتماعي", "other"),
        # a ceremony of a named edition, a prize of a named edition: the edition is the event
        ("نظمت كتابة الدولة، أمس الثلاثاء 8 يوليوز 2025 بسلا، حفل تتويج الفائزين في الدورة الخامسة للمسابقة الوطنية.",
         "الدورة الخامسة للمسابقة الوطنية", "award"),
        ("سلمت، مساء الخميس 17 أكتوبر 2024 بطنجة، الجائزة الكبرى للنسخة الثانية من الجوائز المغربية للابتكار الاجتماعي.",
         "النسخة الثانية من الجوائز المغربية للابتكار الاجتماعي", "award"),
    ],
)
def test_event_title(raw, title, kind):
    ev = event(raw)
    assert (ev.title, ev.kind) == (title, kind)


@pytest.mark.parametrize(
    "raw, title, kind",
    [
        # a compound ordinal edition
        ("أعطى الوزير، يوم الأحد 3 مارس 2024 بمكناس، انطلاقة الدورة السادسة عشرة للملتقى الدولي للفلاحة.",
         "الدورة السادسة عشرة للملتقى الدولي للفلاحة", "forum"),
        # a quoted name after فعاليات
        ("افتتحت يوم الخميس 14 مارس 2024 بالرباط فعاليات \"أسبوع التعاونيات\" الذي تنظمه الوزارة.",
         "أسبوع التعاونيات", "other"),
        # the frame (في إطار فعاليات المعرض) yields to the event held in it
        ("في إطار فعاليات المعرض الوطني للتعاونيات، نظمت الوزارة يوم 5 ماي 2024 بأكادير ندوة حول تسويق المنتوجات.",
         "ندوة حول تسويق المنتوجات", "conference"),
        # a general assembly, a partnership signing
        ("عقدت الشبكة الجهوية للتعاونيات، يوم السبت 9 مارس 2024 بالرباط، جمعها العام العادي.",
         "الجمع العام العادي", "meeting"),
        ("ترأس الوالي، أمس الأربعاء 6 مارس 2024 بطنجة، حفل توقيع اتفاقية شراكة لدعم التعاونيات.",
         "حفل توقيع اتفاقية شراكة", "other"),
    ],
)
def test_event_title_more(raw, title, kind):
    ev = event(raw)
    assert (ev.title, ev.kind) == (title, kind)


@pytest.mark.parametrize(
    "raw",
    [
        # a week of time, an edition "of its kind" and a market day are no events
        "وارتفعت أسعار الخضر خلال الأسبوع الماضي بالأسواق المحلية بنسبة ملحوظة حسب التجار.",
        "ويرى الباحث أن هذه التجربة هي الدورة الأولى من نوعها في تاريخ القطاع.",
    ],
)
def test_no_event(raw):
    assert event(raw) is None


def test_headline_that_names_no_event_yields_to_the_body_trigger_sentence():
    raw = ("46 تعاونية تعرض منتوجاتها بباريس\n"
           "افتتح الوزير، أمس الأحد 22 فبراير 2026، الدورة 62 للمعرض الدولي للفلاحة بباريس، بمشاركة 46 تعاونية.")
    ev = event(raw)
    assert ev.kind == "fair" and ev.title.startswith("الدورة 62 للمعرض الدولي للفلاحة")


def test_headline_of_the_same_kind_gives_the_topic_the_body_leaves_out():
    raw = ("لقاء تكويني حول تسويق منتوجات التعاونيات بتنغير\n"
           "احتضنت مدينة تنغير، يوم 3 مارس 2024، لقاء تكوينيا لفائدة نساء منخرطات في تعاونيات محلية.")
    assert event(raw).title == "لقاء تكويني حول تسويق منتوجات التعاونيات بتنغير"


# ---------- confidence and reasons (issue 12, item 4) ----------

def test_every_field_has_a_confidence_and_a_reason():
    raw = ("معرض جهوي للتعاونيات\nأطلس بريس : خنيفرة\nالأحد 4 ماي 2025 - 20:10\n"
           "افتتح أمس السبت المعرض الجهوي للتعاونيات بساحة المسيرة.\n"
           "وتتواصل فعاليات المعرض إلى غاية 11 ماي الجاري.")
    ev = event(raw)
    assert set(ev.field_confidence) == set(ev.reasons) == {"title", "kind", "date", "place"}
    assert all(0.0 <= v <= 1.0 for v in ev.field_confidence.values())
    assert ev.reasons["date"].startswith("start from sentence") and "weekday agrees" in ev.reasons["date"]
    assert "end from sentence" in ev.reasons["date"]
    assert ev.reasons["place"] == "city from the dateline"
    assert ev.reasons["kind"] == "trigger «معرض» in the headline, the body names the same kind"


@pytest.mark.parametrize(
    "raw, field, reason",
    [
        ("لقاء\nنظمت الجمعية مؤخرا بتازة لقاء حول التعاونيات.", "date", "no date found"),
        ("لقاء\nنظمت الشبكة، عن بعد، يوم 14 يناير 2021 لقاء حول التعاونيات.", "place", "online event: no city or country"),
        ("لقاء\nاحتضن مجلس النواب، يوم 10 يوليوز 2024، لقاء ترافعيا حول الاقتصاد التضامني.", "place",
         "city from the venue «مجلس النواب»"),
        ("معرض\nانطلق يوم الجمعة 6 يونيو 2025 بإفران معرض المنتوجات على مدى أربعة أيام.", "date",
         "start from sentence 2 (the event sentence) (start word), weekday agrees; end from the duration"),
    ],
)
def test_reasons(raw, field, reason):
    ev = event(raw)
    assert ev.reasons[field] == reason


def test_confidence_is_lower_without_evidence():
    sure = event("معرض\nانطلق يوم الجمعة 6 يونيو 2025 بإفران معرض المنتوجات المجالية.")
    unsure = event("معرض\nنظم مؤخرا معرض المنتوجات المجالية.")
    assert unsure.field_confidence["date"] < sure.field_confidence["date"]
    assert unsure.field_confidence["place"] < sure.field_confidence["place"]


@pytest.mark.parametrize(
    "phrase, day",
    [
        ("يوم غد", "2025-03-14"),  # published on Thursday 13 March 2025
        ("صباح الغد", "2025-03-14"),
        ("يوم غد الجمعة", "2025-03-14"),
        ("مساء أمس الأربعاء", "2025-03-12"),
        ("أول أمس", "2025-03-11"),
    ],
)
def test_relative_days_against_the_date_line(phrase, day):
    ev = event(f"لقاء\nالخميس 13 مارس 2025 - 10:00\nتنظم الجمعية {phrase} بتازة لقاء حول التعاونيات.")
    assert ev.start.iso() == day


@pytest.mark.parametrize("phrase", ["الأسبوع الماضي", "خلال الأسبوع الجاري", "مؤخرا"])
def test_vague_times_give_no_event_date(phrase):
    ev = event(f"لقاء\nالخميس 13 مارس 2025 - 10:00\nنظمت الجمعية {phrase} بتازة لقاء حول التعاونيات.")
    assert ev.start is None


def test_no_relative_date_without_a_publication_date():
    assert event("لقاء\nنظمت الجمعية أمس الأربعاء بتازة لقاء حول التعاونيات.").start is None


def test_a_tomorrow_that_is_no_date():
    ev = event("لقاء\nالخميس 13 مارس 2025\nنظمت الجمعية يوم 12 مارس 2025 لقاء من أجل غد أفضل للتعاونيات.")
    assert ev.start.iso() == "2025-03-12"


def test_record_lists_only_the_countries_the_text_names():
    from events.extract.record import to_record

    rec = to_record(extract("ورشة\nاحتضنت مدينة خريبكة، يوم 23 يوليوز 2025، ورشة تكوينية لفائدة التعاونيات."), "x")
    assert rec["event"]["country"] == "MA"
    assert rec["countries"] == []  # the text names no country: Morocco is the event's place, not a mention


def test_day_of_it_is_in_the_month_named_before():
    ev = event("مؤتمر\nالخميس 9 ماي 2024 - 16:20\nافتتح بعمان المؤتمر الإقليمي للتعاونيات يوم الأحد 28 أبريل الماضي، "
               "قبل أن يختتم يوم الثلاثاء 30 منه.")
    assert (ev.start.iso(), ev.end.iso()) == ("2024-04-28", "2024-04-30")


def test_signers_named_at_length_before_what_they_sign():
    ev = event("توقيع اتفاقية بين الشبكتين\nالثلاثاء 15 نونبر 2016\n"
               "وقع رئيس الشبكة الأولى للتعاضد، فلان الفلاني، ورئيسة الشبكة الثانية للاقتصاد الاجتماعي والتضامني، "
               "فلانة الفلانية، أمس الاثنين 14 نونبر 2016 بمراكش، بروتوكول تفاهم بين الهيئتين.\n"
               "وجرى حفل التوقيع على هامش قمة المناخ التي تحتضنها المدينة ما بين 7 و18 نونبر الجاري.")
    assert (ev.start.iso(), ev.end) == ("2016-11-14", None)

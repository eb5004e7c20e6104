"""Page chrome: the headline is chosen by a score over the lines above the body; menus, breadcrumbs, share rows,
comment counters, photo captions and bylines are dropped, so no later stage reads them as the event or a person."""
import pytest

from events.extract.clean import HEADLINE_WEIGHTS, _split_lines, clean, headline_features, headline_score

LEDE = ("نظمت جمعية الواحة للتنمية، يوم السبت 14 يونيو 2025 بمدينة زاكورة، لقاء تواصليا حول تسويق منتوجات "
        "التعاونيات النسائية، بحضور ممثلين عن السلطات المحلية وعدد من الفاعلين في القطاع.")
HEADLINE = "زاكورة تحتضن لقاء تواصليا حول تسويق منتوجات التعاونيات"


@pytest.mark.parametrize(
    "head",
    [
        # a site name, a menu spaced with wide blanks, a breadcrumb
        ["واحات بريس", "الرئيسية     جهات     اقتصاد     مجتمع     رياضة"],
        ["الرئيسية > جهات > درعة تافيلالت"],
        ["الرئيسية » أخبار محلية » زاكورة"],
        ["الرئيسية / أقاليم الجهة / زاكورة"],
        # a section label, a share row, a date line with a clock time
        ["مجتمع", "شارك المقال:   فيسبوك   واتساب   تويتر"],
        ["السبت 14 يونيو 2025 - 18:30"],
    ],
)
def test_headline_is_found_below_page_chrome(head):
    raw = "\n".join([*head, HEADLINE, LEDE])
    assert clean(raw).title == HEADLINE


def test_headline_printed_twice_is_kept_once():
    raw = "\n".join(["واحات بريس", HEADLINE, "الأحد 15 يونيو 2025 - 10:05", HEADLINE, LEDE])
    cleaned = clean(raw)
    assert cleaned.title == HEADLINE
    assert cleaned.text.count(HEADLINE) == 1


def test_a_line_ending_with_a_full_stop_is_not_the_headline():
    raw = "\n".join(["معرض زاكورة للتمور", "السبت 14 يونيو 2025", "افتتح أمس بزاكورة معرض التمور والمنتوجات المجالية.",
                     LEDE])
    assert clean(raw).title == "معرض زاكورة للتمور"


@pytest.mark.parametrize(
    "line, feature",
    [
        ("الرئيسية > جهات > الشرق", None),  # chrome: not even a candidate (tested above)
        ("زاكورة تحتضن لقاء تواصليا حول التسويق", "kind"),
        ("زاكورة تحتضن لقاء تواصليا حول التسويق", "verb"),
        ("زاكورة.. أول سوق متنقل للتعاونيات", "separator"),
        ("أطلس بريس : زاكورة", "dateline"),
        ("الكلمات المفتاحية:", "colon_end"),
    ],
)
def test_headline_features(line, feature):
    lines = [ln for ln in _split_lines("\n".join(["موقع", line, LEDE])) if ln.text]
    features = headline_features(lines, 1, 0)
    if feature is not None:
        assert features[feature] == 1.0
    assert set(features) <= set(HEADLINE_WEIGHTS)


def test_a_dateline_scores_below_a_headline():
    lines = [ln for ln in _split_lines("\n".join(["أطلس بريس : زاكورة", HEADLINE, LEDE])) if ln.text]
    assert headline_score(headline_features(lines, 0, 0)) < headline_score(headline_features(lines, 1, 1))


@pytest.mark.parametrize(
    "line",
    [
        "التعليقات (0)",
        "تعليقات (12)",
        "لا توجد تعليقات",
        "3 تعليقات",
        "شارك    فيسبوك    X    واتساب    تيليغرام",
        "أخبار محلية     جهات     اقتصاد     مجتمع",
        "الرئيسية » جهات » سوس ماسة",
    ],
)
def test_chrome_line_is_dropped(line):
    raw = "\n".join([HEADLINE, line, LEDE])
    assert line not in clean(raw).text


@pytest.mark.parametrize(
    "line",
    [
        # not chrome: a sentence with two wide blanks, a date range with a slash, a quoted title with »
        "قال المتحدث إن  التعاونيات  تحتاج إلى دعم أكبر في مجال التسويق والتكوين المستمر.",
        "وتمتد الدورة من 10 / 12 إلى 14 / 12 بمشاركة واسعة من التعاونيات والجمعيات المحلية.",
        "وقدم الباحث كتابه «الاقتصاد التضامني بالمغرب» أمام الحضور.",
    ],
)
def test_body_line_is_kept(line):
    raw = "\n".join([HEADLINE, LEDE, line])
    assert line.replace("  ", " ") in clean(raw).text


@pytest.mark.parametrize(
    "byline",
    [
        "بقلم: مريم الحسني",
        "متابعة: م. الصديقي",
        "إعداد: يوسف بلقاسم",
        "أجرى الحوار: سعيد العمراني",
        "حاورته: ليلى بنعيسى",
        "هيئة التحرير",
        "ع. أيت علي",  # an initial and a name alone under the headline
    ],
)
def test_byline_under_the_headline_is_dropped(byline):
    raw = "\n".join([HEADLINE, byline, "السبت 14 يونيو 2025", LEDE])
    cleaned = clean(raw)
    assert byline not in cleaned.text
    assert cleaned.title == HEADLINE


def test_author_name_alone_on_the_last_line_is_dropped():
    raw = "\n".join([HEADLINE, LEDE, "وسيتواصل البرنامج خلال الأشهر المقبلة بتنظيم لقاءات مماثلة.", "كريم الودغيري"])
    assert "كريم الودغيري" not in clean(raw).text


@pytest.mark.parametrize(
    "line",
    [
        # a name inside a sentence, a short last line that is no name, an event phrase of two words
        "وأكد كريم الودغيري أن التعاونيات حققت نتائج مهمة خلال هذه السنة.",
        "معرض التعاونيات",
        "شكرا للجميع",
    ],
)
def test_last_line_that_is_no_byline_is_kept(line):
    raw = "\n".join([HEADLINE, LEDE, line])
    assert line in clean(raw).text


@pytest.mark.parametrize(
    "caption",
    [
        "جانب من اللقاء التواصلي بزاكورة (صورة أرشيفية)",
        "رئيسة الجمعية خلال كلمتها (صورة: خاص)",
    ],
)
def test_photo_caption_is_dropped(caption):
    raw = "\n".join([HEADLINE, "صورة المقال", caption, LEDE])
    cleaned = clean(raw)
    assert caption not in cleaned.text
    assert cleaned.title == HEADLINE


def test_line_under_photo_marker_that_ends_a_sentence_is_kept():
    raw = "\n".join([HEADLINE, "صورة المقال", LEDE])
    assert LEDE in clean(raw).text


@pytest.mark.parametrize(
    "byline",
    [
        "واحات بريس - عبد الرحيم العسري",  # the site, a dash, the author
        "الكاتب: يوسف بنعلي",
        "الأحداث | سعيد بنعلي",
    ],
)
def test_site_and_author_line_is_a_byline(byline):
    raw = "\n".join(["واحات بريس", HEADLINE, byline, "السبت 14 يونيو 2025 - 11:20", LEDE])
    cleaned = clean(raw)
    assert cleaned.title == HEADLINE
    assert byline not in cleaned.text


@pytest.mark.parametrize("line", ["تعاونيات الجنوب - أرقام جديدة", "ندوة دولية - الدورة الثانية"])
def test_a_headline_with_a_dash_is_no_byline(line):
    raw = "\n".join(["موقع الجهة", line, LEDE])
    assert clean(raw).title == line


def test_site_name_printed_again_under_the_headline_is_not_the_headline():
    raw = "\n".join(["اليوم 24", "آخر الأخبار", HEADLINE, "اليوم 24", "03 يونيو 2023 - 14:00", LEDE])
    assert clean(raw).title == HEADLINE


@pytest.mark.parametrize("line", ["العيون – و.م.ع", "الرباط - (ومع) -", "طنجة: (و م ع)"])
def test_wire_dateline_is_not_the_headline(line):
    raw = "\n".join([line, LEDE])
    assert clean(raw).title != line


def test_a_paragraph_above_a_headline_like_line_is_never_dropped():
    raw = "\n".join([LEDE, HEADLINE, "وأكد المنظمون أن المشاركة كانت واسعة من مختلف الجهات والأقاليم المجاورة."])
    cleaned = clean(raw)
    assert cleaned.text.startswith(LEDE)
    assert cleaned.title is None  # the page had no headline: a lede is not one

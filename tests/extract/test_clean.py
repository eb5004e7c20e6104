import pytest

from events.extract.clean import clean

MENU_ARTICLE = """الرئيسية
أخبار الجهات
اقتصاد
مجتمع
فيديو

ورزازات.. أزيد من 80 ألف زائر في الدورة الثانية للمعرض الجهوي

أسدل الستار، مساء الاثنين 22 شتنبر 2025، على فعاليات الدورة الثانية للمعرض الجهوي.

وامتدت أروقة المعرض على مساحة تقارب 4000 متر مربع.

شارك المقال
فيسبوك
تويتر
واتساب

اقرأ أيضا
ارتفاع أسعار الخضر بالأسواق المحلية مع بداية الموسم الدراسي

أضف تعليقا
لن يتم نشر بريدك الإلكتروني.
"""


def test_menu_and_footer_are_dropped():
    cleaned = clean(MENU_ARTICLE)
    assert cleaned.title == "ورزازات.. أزيد من 80 ألف زائر في الدورة الثانية للمعرض الجهوي"
    assert cleaned.text.splitlines() == [
        "ورزازات.. أزيد من 80 ألف زائر في الدورة الثانية للمعرض الجهوي",
        "أسدل الستار، مساء الاثنين 22 شتنبر 2025، على فعاليات الدورة الثانية للمعرض الجهوي.",
        "وامتدت أروقة المعرض على مساحة تقارب 4000 متر مربع.",
    ]


def test_offsets_point_into_raw():
    raw = "العنوان الرئيسي للمقال هنا اليوم\r\n\r\nنص   المقال\tالأول   هنا.  \r\n"
    cleaned = clean(raw)
    assert cleaned.text == "العنوان الرئيسي للمقال هنا اليوم\nنص المقال الأول هنا."
    assert len(cleaned.offsets) == len(cleaned.text)
    for i, ch in enumerate(cleaned.text):
        if not ch.isspace():
            assert raw[cleaned.offsets[i]] == ch


@pytest.mark.parametrize(
    "line",
    [
        "اترك رد",
        "اترك تعليقاً",
        "أترك تعليق",
        "أضف تعليقا",
        "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
        "مقالات ذات صلة",
        "زر الذهاب إلى الأعلى",
        "Back to top button",
        "التعليقات مغلقة.",
        "الآراء الواردة في التعليقات تعبر عن آراء أصحابها وليس عن رأي الموقع",
        "شارك هذا المقال",
        "فيسبوك",
        "نسخ الرابط",
        "صورة المقال",
        "راديو بلوس أكادير",
        "|",
        "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك",
        "الأكثر قراءة",
        "الكلمات المفتاحية: الاقتصاد التضامني، التعاونيات",
        "© 2025 جميع الحقوق محفوظة",
        "إعلان",
    ],
)
def test_boilerplate_line_is_dropped(line):
    raw = f"عنوان المقال عن الاقتصاد الاجتماعي والتضامني\nفقرة أولى من نص المقال.\n{line}\nفقرة ثانية من نص المقال."
    assert line not in clean(raw).text.splitlines()


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        # Section labels above the headline, pipe-separated or glued together.
        ("اقتصاد | مجتمع | مبادرات\n\nتعاونية جنان أمير تظفر بالجائزة الكبرى\n\nنص.", "تعاونية جنان أمير تظفر بالجائزة الكبرى"),
        ("أخبارأخبار سريعةجهات المملكة\n\nأكادير تحتضن التجمع التقني الأول\n\nنص.", "أكادير تحتضن التجمع التقني الأول"),
        ("رأي\n\nقانون إطار للاقتصاد الاجتماعي والتضامني: إلى متى الانتظار؟\n\nنص.",
         "قانون إطار للاقتصاد الاجتماعي والتضامني: إلى متى الانتظار؟"),
        # A pipe inside a real headline is kept.
        ("تحليل | النساء في الحركة التعاونية المغربية: أرقام تتحسن\n\nنص.",
         "تحليل | النساء في الحركة التعاونية المغربية: أرقام تتحسن"),
        # A date line first is not the headline.
        ("السبت 08 فبراير 2025\nمشاركة مغربية بفرنسا في المنتدى الدولي\nنص.", "مشاركة مغربية بفرنسا في المنتدى الدولي"),
    ],
)
def test_headline(raw, title):
    assert clean(raw).title == title


def test_declaration_line_is_not_an_advert():
    raw = "عنوان المقال عن المنتدى الدولي\nإعلان الرباط حول الاقتصاد الاجتماعي والتضامني.\nإعلان\nفقرة."
    assert clean(raw).text.splitlines() == [
        "عنوان المقال عن المنتدى الدولي", "إعلان الرباط حول الاقتصاد الاجتماعي والتضامني.", "فقرة."
    ]


def test_repeated_headline_is_kept_once():
    raw = "النسخة الرابعة من منتدى WeXchange تسلط الضوء\n\nالنسخة الرابعة من منتدى WeXchange تسلط الضوء\n\nنص."
    assert clean(raw).text == "النسخة الرابعة من منتدى WeXchange تسلط الضوء\nنص."


def test_long_first_paragraph_is_not_a_title():
    raw = " ".join(["ينظم فريق التقدم والاشتراكية لقاء ترافعيا حول النموذج المغربي"] * 5) + ".\nفقرة."
    cleaned = clean(raw)
    assert cleaned.title is None
    assert cleaned.text.startswith("ينظم فريق")


def test_body_after_read_also_link_is_kept():
    body = " ".join(["وتتواصل فعاليات المعرض بمشاركة التعاونيات القادمة من مختلف الجهات"] * 3) + "."
    raw = f"عنوان المقال عن المعرض الجهوي\nفقرة أولى.\nاقرأ أيضا\nعنوان مقال آخر بلا نقطة\n{body}\nمقالات ذات صلة\nعنوان آخر"
    assert clean(raw).text.splitlines() == ["عنوان المقال عن المعرض الجهوي", "فقرة أولى.", body]


def test_footer_cut_keeps_article_and_drops_link_lists():
    raw = (
        "عنوان المقال عن المعرض الجهوي للتعاونيات\nفقرة أولى من المقال.\nالأكثر قراءة\n"
        "عنوان مقال آخر عن الطقس\nعنوان مقال ثالث عن الرياضة\nراديو بلوس الدارالبيضاء\n|\nراديو بلوس أكادير"
    )
    assert clean(raw).text.splitlines() == ["عنوان المقال عن المعرض الجهوي للتعاونيات", "فقرة أولى من المقال."]


def test_empty_input():
    cleaned = clean("")
    assert (cleaned.text, cleaned.offsets, cleaned.title) == ("", [], None)

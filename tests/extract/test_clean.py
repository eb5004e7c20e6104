import pytest

from events.extract.clean import clean

BODY = "افتتح أمس بمدينة الرباط المعرض الوطني للاقتصاد الاجتماعي والتضامني بمشاركة مائتي تعاونية من الجهات."

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
        "صورة: هسبريس",
        "تصوير: محمد العلوي",
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
        ("الرئيسيةاقتصادمجتمع رياضة\nتعاونيات الواحات تعرض منتوجاتها بالرباط\nنص.", "تعاونيات الواحات تعرض منتوجاتها بالرباط"),
        ("رأي\n\nقانون إطار للاقتصاد الاجتماعي والتضامني: إلى متى الانتظار؟\n\nنص.",
         "قانون إطار للاقتصاد الاجتماعي والتضامني: إلى متى الانتظار؟"),
        # A pipe inside a real headline is kept.
        ("تحليل | النساء في الحركة التعاونية المغربية: أرقام تتحسن\n\nنص.",
         "تحليل | النساء في الحركة التعاونية المغربية: أرقام تتحسن"),
        # A date line first is not the headline.
        ("السبت 08 فبراير 2025\nمشاركة مغربية بفرنسا في المنتدى الدولي\nنص.", "مشاركة مغربية بفرنسا في المنتدى الدولي"),
        ("12/09/2024 - 10:30\nالرباط تحتضن المعرض الوطني للتعاونيات\nنص.", "الرباط تحتضن المعرض الوطني للتعاونيات"),
        # A headline of one to three words followed straight by body text (past a date line).
        ("الرئيسية\nمجتمع\nمعرض التعاونيات\n" + BODY, "معرض التعاونيات"),
        ("تعاونيات الواحات\nالسبت 08 فبراير 2025\n" + BODY, "تعاونيات الواحات"),
        ("المرأة القروية\n" + BODY, "المرأة القروية"),
        # A short line followed by the real headline or by more menu items is not one.
        ("اقتصاد اجتماعي\nرأي\nتعاونيات الواحات تعرض منتوجاتها بالرباط\n" + BODY,
         "تعاونيات الواحات تعرض منتوجاتها بالرباط"),
        ("أخبار التعاونيات\nتعاونيات الواحات تعرض منتوجاتها بالرباط\n" + BODY,
         "تعاونيات الواحات تعرض منتوجاتها بالرباط"),
        ("بقلم:\n" + BODY, None),
        ("بقلم محمد العلوي\n" + BODY, None),
    ],
)
def test_headline(raw, title):
    assert clean(raw).title == title


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        # The date line right above the headline stays: it is often the only publication date.
        ("الخميس 12 شتنبر 2024\nالرباط تحتضن المعرض الوطني\n" + BODY,
         ["الخميس 12 شتنبر 2024", "الرباط تحتضن المعرض الوطني", BODY]),
        ("الرئيسية\nمجتمع\n12/09/2024 - 10:30\nالرباط تحتضن المعرض الوطني\n" + BODY,
         ["12/09/2024 - 10:30", "الرباط تحتضن المعرض الوطني", BODY]),
        # So does a date line that is the page's first line, with menus between it and the headline.
        ("12/09/2024 - 10:30\nالرئيسية\nمجتمع\nالرباط تحتضن المعرض الوطني\n" + BODY,
         ["12/09/2024 - 10:30", "الرباط تحتضن المعرض الوطني", BODY]),
        # Unless an opinion label lies between: the pipeline reads it above the first kept line.
        ("الخميس 12 شتنبر 2024\nرأي\nالرباط تحتضن المعرض الوطني\n" + BODY, ["الرباط تحتضن المعرض الوطني", BODY]),
        # A date line inside the menus is the site's clock, not the article's date.
        ("الرئيسية\nالأحد 22 نونبر 2026\nمجتمع\nالرباط تحتضن المعرض الوطني\n" + BODY,
         ["الرباط تحتضن المعرض الوطني", BODY]),
    ],
)
def test_date_line_above_headline(raw, lines):
    assert clean(raw).text.splitlines() == lines


def test_lede_sentence_is_not_a_title():
    assert clean(BODY + "\nفقرة ثانية.").title is None


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

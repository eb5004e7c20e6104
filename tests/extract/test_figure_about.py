"""What a figure measures (about, subject, place scope), its years, its comparison key, and number–noun agreement."""
import pytest

from events.extract.agreement import counted_form
from events.extract.figure_about import comparison_key
from events.extract.figures import find_figures
from events.extract.text import split_sentences


def described(text):
    return [(f.value, f.about, f.subject, f.scope) for f in find_figures(text, split_sentences(text))]


@pytest.mark.parametrize(("text", "expected"), [
    # A head noun (عدد، نسبة، حصة، ميزانية) names the quantity; the place goes to the scope.
    ("بلغ عدد التعاونيات بجهة سوس ماسة 3500 تعاونية.", [(3500, "التعاونيات بجهة سوس ماسة", "التعاونيات", "جهة سوس ماسة")]),
    ("وارتفع عدد التعاونيات بجهة الشرق إلى 900 تعاونية.", [(900, "التعاونيات بجهة الشرق", "التعاونيات", "جهة الشرق")]),
    ("بلغ عدد المشاركين في المعرض 500 مشارك.", [(500, "المشاركون في المعرض", "المشاركون في المعرض", "")]),
    ("وبلغت ميزانية البرنامج 5 ملايين درهم.", [(5000000, "ميزانية البرنامج", "ميزانية البرنامج", "")]),
    ("رفع حصة القطاع إلى 4% من الناتج الداخلي الخام.",
     [(4, "حصة القطاع من الناتج الداخلي الخام", "حصة القطاع من الناتج الداخلي الخام", "")]),
    # A percentage without a head: the noun phrase back to its verb, and its complement.
    ("يمثل الاقتصاد الاجتماعي 2% من الناتج الداخلي الخام.",
     [(2, "الاقتصاد الاجتماعي من الناتج الداخلي الخام", "الاقتصاد الاجتماعي من الناتج الداخلي الخام", "")]),
    # No head: the counted noun, definite and plural, with the place or event phrase next to the number.
    ("وأطلقت الجمعية 8 مبادرات لفائدة النساء بإقليم تارودانت.",
     [(8, "المبادرات بإقليم تارودانت", "المبادرات", "إقليم تارودانت")]),
    ("وتضم جهة سوس ماسة 3200 تعاونية.", [(3200, "التعاونيات في جهة سوس ماسة", "التعاونيات", "جهة سوس ماسة")]),
    ("ويضم القطاع 60 ألف تعاونية بالمغرب.", [(60000, "التعاونيات بالمغرب", "التعاونيات", "المغرب")]),
    ("استفادت 250 امرأة من التكوين.", [(250, "النساء من التكوين", "النساء من التكوين", "")]),
    ("وحضر 40 خبيرا، حسب المنظمين.", [(40, "الخبراء", "الخبراء", "")]),
    # Nisba adjectives after the counted noun, and "بمشاركة" before it, belong to what is counted.
    ("وعرف المعرض مشاركة 15 مشروعا نسائيا.", [(15, "المشاريع النسائية المشاركة", "المشاريع النسائية المشاركة", "")]),
    ("افتتح المعرض بمشاركة 120 تعاونية من مختلف الأقاليم.", [(120, "التعاونيات المشاركة", "التعاونيات المشاركة", "")]),
    ("عرضوا أكثر من 100 منتوج محلي.", [(100, "المنتوجات المحلية", "المنتوجات المحلية", "")]),
    ("وتضم 1600 منخرط مغربي.", [(1600, "المنخرطون", "المنخرطون", "")]),  # people: no feminine agreement guessed
    # Not a raw window of words: nothing of the clause before the comma leaks in.
    ("على هامش المنتدى، تم تنظيم خمس ورشات قدمت فضاءات للنقاش.", [(5, "الورشات", "الورشات", "")]),
])
def test_about_is_the_measured_quantity_as_a_short_noun_phrase(text, expected):
    assert described(text) == expected


@pytest.mark.parametrize(("text", "year", "horizon"), [
    ("تطمح الوزارة إلى رفع الحصة إلى 4% بحلول 2035.", None, 2035),
    ("في أفق 2030 ستبلغ النسبة 8%.", None, 2030),
    ("بلغ عدد التعاونيات 3200 تعاونية سنة 2022.", 2022, None),
    ("وارتفع العدد خلال 2023 إلى 40 ألف تعاونية على أن يبلغ 60 ألفا بحلول سنة 2030.", 2023, 2030),
    ("بلغ عدد التعاونيات 3200 تعاونية.", None, None),
])
def test_reference_and_horizon_years_are_kept_with_the_figure(text, year, horizon):
    first = find_figures(text, split_sentences(text))[0]
    assert (first.year, first.horizon) == (year, horizon)


def test_two_wordings_of_the_same_count_share_a_comparison_key_and_other_places_do_not():
    def key(text):
        f = find_figures(text, split_sentences(text))[0]
        return comparison_key(f.unit, f.subject, f.scope)

    a = key("بلغ عدد التعاونيات بجهة سوس ماسة 3200 تعاونية سنة 2022.")
    b = key("وارتفع عدد التعاونيات بجهة سوس ماسة إلى 3650 تعاونية خلال سنة 2023.")
    c = key("وتضم جهة سوس ماسة 3900 تعاونية.")
    assert a == b == c
    assert key("بلغ عدد التعاونيات بجهة الشرق 900 تعاونية.") != a
    assert key("بلغ عدد الجمعيات بجهة سوس ماسة 900 جمعية.") != a


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (8, "مبادرة", "مبادرات"), (3, "تعاونية", "تعاونيات"), (10, "جمعية", "جمعيات"),  # 3–10: plural
    (5, "مشروع", "مشاريع"), (9, "دولة", "دول"), (5, "امرأة", "نساء"), (4, "طن", "أطنان"),  # broken plurals
    (7, "مشارك", "مشاركين"), (6, "فائز", "فائزين"), (8, "حرفي", "حرفيين"), (7, "مستوى", "مستويات"),
    (103, "تعاونية", "تعاونيات"),  # the last two digits decide
    (15, "مشروع", "مشروعا"), (11, "عضو", "عضوا"), (20, "تعاونية", "تعاونية"), (15, "درهم", "درهما"),  # 11–99
    (40, "متر مربع", "مترا مربعا"), (4, "متر مربع", "أمتار مربعة"), (61, "منصب شغل", "منصب شغل"),
    (5, "منصب شغل", "مناصب شغل"),
    (100, "تعاونية", "تعاونية"), (3000, "زائر", "زائر"), (5000000, "درهم", "درهم"),  # 100+: singular
    (1, "مشروع", "مشروع"), (2.5, "طن", "طن"), (6, "%", "%"), (3, "يورو", "يورو"), (5, "كلغ", "كلغ"),
])
def test_units_take_the_form_the_number_needs(value, unit, shown):
    assert counted_form(value, unit) == shown


def test_a_figure_that_does_not_say_what_it_measures_is_compared_with_nothing():
    text = "وخصصت الجائزة الأولى 100000 درهم."
    f = find_figures(text, split_sentences(text))[0]
    assert f.about == "" and comparison_key(f.unit, f.subject, f.scope) == ""

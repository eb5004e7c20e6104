import pytest

from events.extract.numbers import find_numbers, number_at, parse_digits, parse_number_words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("واحد", 1),
        ("ثلاث", 3),
        ("ثلاثة", 3),
        ("ثماني", 8),
        ("ثمانية", 8),
        ("عشرة", 10),
        ("أحد عشر", 11),
        ("اثنا عشر", 12),
        ("ثلاثة عشر", 13),
        ("خمس عشرة", 15),
        ("عشرون", 20),
        ("عشرين", 20),
        ("ثلاثين", 30),
        ("ثلاثون", 30),
        ("خمسين", 50),
        ("خمسة وعشرين", 25),
        ("ثلاث وثلاثون", 33),
        ("مائة", 100),
        ("مئة", 100),
        ("مائتان", 200),
        ("مائتين", 200),
        ("مئتين", 200),
        ("مائتين وخمسين", 250),
        ("ثلاثمائة", 300),
        ("ثلاث مائة", 300),
        ("أربعمائة", 400),
        ("تسعمائة", 900),
        ("ثلاثمائة وعشرون", 320),
        ("مائة وخمسة وعشرون", 125),
        ("ألف", 1000),
        ("ألفان", 2000),
        ("ألفين", 2000),
        ("ثلاثة آلاف", 3000),
        ("ثلاثة آلاف وخمسمائة", 3500),
        ("عشرة آلاف", 10000),
        ("خمسون ألف", 50000),
        ("خمسين ألفا", 50000),
        ("مائة ألف", 100000),
        ("مليون", 1_000_000),
        ("مليونين", 2_000_000),
        ("مليون ونصف", 1_500_000),
        ("عشرين مليون", 20_000_000),
        ("مليار", 1_000_000_000),
        ("وخمسين", 50),
        ("بخمسة", 5),
        ("لخمسين", 50),
        ("12.000", 12000),
        ("12,000", 12000),
        ("1.215.000", 1215000),
        ("3.45", 3.45),
        ("3,5", 3.5),
        ("٢٠٢٥", 2025),
        ("5 ملايين", 5_000_000),
        ("12 مليونا و390 ألف", 12_390_000),
        ("100 ألف", 100_000),
        ("3.45 ملايين", 3_450_000),
        ("2 مليار", 2_000_000_000),
        ("19 ألف", 19000),
    ],
)
def test_single_numeral(text, value):
    (match,) = find_numbers(text)
    assert match.value == pytest.approx(value)
    assert (match.start, match.end) == (0, len(text))


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("أيام 4 و5 و6 ماي", [4, 5, 6]),
        ("٢٣ و٢٦ فبراير ٢٠٢٥", [23, 26, 2025]),
        ("بـ1215 تعاونية", [1215]),
        ("الفئات الست", [6]),
        ("خمسة وستة", [5, 6]),
        ("ثلاث جهات وخمس لجان", [3, 5]),
        ("بين 20 ألف و50 ألف درهم", [20000, 50000]),
        ("عشرين ألفا وخمسين ألفا", [20000, 50000]),
        ("مليار و200 مليون و300 ألف", [1_200_300_000]),
    ],
)
def test_several_numerals(text, values):
    assert [m.value for m in find_numbers(text)] == values


@pytest.mark.parametrize(
    "text",
    [
        "عشرات التعاونيات",
        "آلاف الحاضرين",
        "الآلاف",
        "أحد المشاركين",
        "إحدى الجهات",
        "في المائة",
        "يوم الاثنين",
        "يوم الأحد",
        "جائحة كوفيد-19",
        "لست أدري",
        "الرابعة والخامسة",
    ],
)
def test_no_numeral(text):
    assert find_numbers(text) == []


def test_definite_flag():
    (match,) = find_numbers("أقاليم الجهة الثمانية")
    assert (match.value, match.definite, match.words) == (8, True, True)


def test_number_at():
    text = "حضر أربعمائة مشارك"
    match = number_at(text, 4)
    assert (match.value, text[match.start:match.end]) == (400, "أربعمائة")
    assert number_at(text, 0) is None


def test_parse_number_words():
    assert parse_number_words(["مائتين", "وخمسين", "مشارك"]) == (250, 2)
    assert parse_number_words(["مشارك"]) is None


@pytest.mark.parametrize(("text", "value"), [("1.2.3", None), ("0.5", 0.5), ("1,215.50", 1215.5), ("٣٫٥", 3.5)])
def test_parse_digits(text, value):
    from events.extract.normalize import fold

    assert parse_digits(fold(text)) == value

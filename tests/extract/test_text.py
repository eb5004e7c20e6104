import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.extract.normalize import fold, normalize_with_offsets
from events.extract.text import fast_fold, fold_view, split_sentences, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("العنوان\nالجملة الأولى. الجملة الثانية", ["العنوان", "الجملة الأولى.", "الجملة الثانية"]),
        ("بلغت النسبة 3.45 في المائة. وارتفع العدد", ["بلغت النسبة 3.45 في المائة.", "وارتفع العدد"]),
        ("يضم 12.000 تعاونية والقانون 112.12 المتعلق بها.", ["يضم 12.000 تعاونية والقانون 112.12 المتعلق بها."]),
        ("هل هذا صحيح؟ نعم! انتهى", ["هل هذا صحيح؟", "نعم!", "انتهى"]),
        ("قال: «الاقتصاد قوة.» ثم غادر.", ["قال: «الاقتصاد قوة.»", "ثم غادر."]),
        ("حضر د. أحمد الندوة. وحضر Dr. Smith أيضا.", ["حضر د. أحمد الندوة.", "وحضر Dr. Smith أيضا."]),
        ("الخ … وغيرها.", ["الخ … وغيرها."]),
        ("الرباط.. تتويج 31 تعاونية نسائية", ["الرباط.. تتويج 31 تعاونية نسائية"]),
        ("انتهى اللقاء... ثم بدأ آخر!؟ نعم", ["انتهى اللقاء...", "ثم بدأ آخر!؟", "نعم"]),
        ("\n\n  \n", []),
    ],
)
def test_split_sentences(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_sentence_offsets_and_indexes():
    text = "العنوان\n\nجملة أولى. جملة ثانية."
    sentences = split_sentences(text)
    assert [s.index for s in sentences] == [0, 1, 2]
    for s in sentences:
        assert text[s.start:s.end] == s.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.000 تعاونية", ["12.000", "تعاونية"]),
        ("3,5 و6%", ["3,5", "و", "6%"]),
        ("٢٣ و٢٦ فبراير ٢٠٢٥", ["٢٣", "و", "٢٦", "فبراير", "٢٠٢٥"]),
        ("بـ31 تعاونية", ["بـ", "31", "تعاونية"]),
        ("مشروع “Terr’ESS”، وCovid-19", ["مشروع", "“", "Terr’ESS", "”", "،", "و", "Covid-19"]),
        ("(UM6P) بمدينة", ["(", "UM6P", ")", "بمدينة"]),
        ("الساعة 09:30", ["الساعة", "09", ":", "30"]),
        ("الاقتصادُ الاجتماعيّ", ["الاقتصادُ", "الاجتماعيّ"]),
    ],
)
def test_tokenize_text(text, expected):
    assert [t.text for t in tokenize(text)] == expected


@pytest.mark.parametrize(
    ("word", "norm", "bare"),
    [
        ("والتضامني", "والتضامني", "التضامني"),
        ("بالمغرب", "بالمغرب", "المغرب"),
        ("للاقتصاد", "للاقتصاد", "الاقتصاد"),
        ("فالتعاونية", "فالتعاونيه", "التعاونيه"),
        ("كالجمعيات", "كالجمعيات", "الجمعيات"),
        ("إفريقيا", "افريقيا", "افريقيا"),
        ("٢٠٢٥", "2025", "2025"),
        ("بال", "بال", "بال"),
    ],
)
def test_token_norm_and_bare(word, norm, bare):
    (token,) = tokenize(word)
    assert (token.norm, token.bare) == (norm, bare)


def test_token_offsets_are_absolute():
    text = "نص أول 400 مشارك"
    tokens = tokenize(text[7:], start=7)
    assert [(t.start, t.end) for t in tokens] == [(7, 10), (11, 16)]
    assert all(text[t.start:t.end] == t.text for t in tokens)


_ALPHABET = "ابتةثأإآىيوهـًٌٍَُِّْٰ٠١٢٣٤٥٦٧٨٩۰۵“”«»–— \u00a0\u200fﻻﺍabc123.,%٪،\n"


@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_fast_fold_matches_normalize(text):
    assert fast_fold(text) == fold(text)
    assert fold_view(text) == normalize_with_offsets(text)


@given(st.text(alphabet=_ALPHABET, max_size=60), st.integers(min_value=0, max_value=50))
def test_token_norm_is_the_fold_of_its_text(text, start):
    # Text with marks or tatweel folds shorter than itself: spans are then mapped through fold_view's offsets.
    for token in tokenize(text, start):
        assert token.norm == fold(token.text)
        assert text[token.start - start:token.end - start] == token.text


@pytest.mark.parametrize(
    ("text", "norms"),
    [
        ("شارك مسؤولًا في الملتقـــى أيضاً", ["شارك", "مسؤولا", "في", "الملتقي", "ايضا"]),
        ("ﻻ تعاونيات", ["لا", "تعاونيات"]),
    ],
)
def test_norms_after_dropped_marks(text, norms):
    assert [t.norm for t in tokenize(text)] == norms

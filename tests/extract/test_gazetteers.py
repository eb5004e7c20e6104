import pytest

from events.extract import gazetteers as gz


def test_every_iso_country_once():
    rows = gz.countries()
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)) >= 249
    assert all(len(c) == 2 and c.isupper() for c in codes)
    for r in rows:
        assert r["name_ar"] and r["name_fr"] and r["name_en"]
        assert not any("\u064b" <= ch <= "\u0652" for ch in r["name_ar"]), r  # dediacritized


@pytest.mark.parametrize(
    ("code", "name_ar", "name_fr"),
    [
        ("MA", "المغرب", "Maroc"),
        ("ES", "إسبانيا", "Espagne"),
        ("CG", "الكونغو", "Congo-Brazzaville"),
        ("US", "الولايات المتحدة", "États-Unis"),
    ],
)
def test_country_rows(code, name_ar, name_fr):
    row = gz.countries_by_code()[code]
    assert (row["name_ar"], row["name_fr"]) == (name_ar, name_fr)


@pytest.mark.parametrize(
    ("code", "form"),
    [
        ("FR", "الفرنسية"),
        ("ES", "الإسباني"),
        ("SN", "السنغالي"),
        ("CA", "الكندية"),
        ("MA", "المغاربة"),
        ("US", "الأمريكي"),
        ("CI", "الإيفواري"),
        ("DE", "الألمانية"),
        ("SY", "السورية"),
    ],
)
def test_nisba_forms(code, form):
    assert form in gz.countries_by_code()[code]["nisba_ar"]  # written forms (hamza, ة) for display


@pytest.mark.parametrize("form", ["المالي", "الماليه", "العربي", "الوطني", "الدولي", "المجري"])
def test_ambiguous_nisba_forms_are_not_indexed(form):
    index = gz.country_index()
    words = gz.words_of(form)
    m = index.match_at(words, 0)
    assert m is None or all(e.value is None for e in m.entries)


def test_ambiguous_country_names_are_not_indexed():
    index = gz.country_index()
    for word in ("مالي", "عمان", "بوتان"):
        assert index.match_at(gz.words_of(word), 0) is None


def test_places_rows_are_flat_and_complete():
    rows = gz.places()
    kinds = {r["kind"] for r in rows}
    assert kinds == {"region", "province", "city", "commune"}
    assert sum(r["kind"] == "region" for r in rows) == 12
    for r in rows:
        assert set(r) - {"strict", "capital"} == {"name_ar", "name_fr", "kind", "country", "region", "parent", "lat",
                                                  "lon", "aliases_ar"}
        if r["kind"] == "region":  # every region names its capital, a city of that region
            assert (r["capital"], "city") in gz.places_by_name(), r
            assert gz.places_by_name()[(r["capital"], "city")]["region"] == r["name_ar"], r
        if r.get("strict"):  # the capitals added from geonames/CLDR, named only after a place word
            assert r["country"] != "MA" and r["kind"] == "city" and r["aliases_ar"][0].startswith("العاصمة "), r
        if r["country"] == "MA" and r["kind"] != "region":
            assert r["region"], r
        if r["kind"] == "city" and r["country"] != "MA":
            assert r["lat"] is not None and r["lon"] is not None, r


@pytest.mark.parametrize(
    ("name", "kind", "country", "region"),
    [
        ("الناظور", "city", "MA", "الشرق"),
        ("العيون", "city", "MA", "العيون-الساقية الحمراء"),  # geonames puts it in EH; Morocco's divisions do not
        ("ابن جرير", "city", "MA", "مراكش-آسفي"),
        ("باريس", "city", "FR", None),
        ("داكار", "city", "SN", None),
    ],
)
def test_place_rows(name, kind, country, region):
    row = gz.places_by_name()[(name, kind)]
    assert (row["country"], row["region"]) == (country, region)


def test_moroccan_city_coordinates_come_from_geonames():
    row = gz.places_by_name()[("الرباط", "city")]
    assert 33.9 < row["lat"] < 34.1 and -7.0 < row["lon"] < -6.7


@pytest.mark.parametrize(
    ("text", "expected_words", "prefix"),
    [
        ("بالمغرب", 1, "ب"),
        ("للمغرب", 1, "ل"),
        ("والسنغال", 1, "و"),
        ("بفرنسا", 1, "ب"),
        ("الولايات المتحدة الأمريكية", 3, ""),
        ("وبالولايات المتحدة", 2, "وب"),
    ],
)
def test_country_index_longest_match_with_clitics(text, expected_words, prefix):
    m = gz.country_index().match_at(gz.words_of(text), 0)
    assert m is not None
    assert (m.last - m.first + 1, m.prefix) == (expected_words, prefix)


def test_names_do_not_cross_punctuation():
    assert gz.country_index().match_at(gz.words_of("الولايات، المتحدة"), 0) is None


def test_place_index_accepts_catalogue_rows():
    extra = [{"name_ar": "أرض التجارب", "kind": "city", "country": "MA", "aliases_ar": ["أرض التجريب"],
              "region": None, "parent": None}]
    index = gz.PlaceIndex.build(extra)
    m = index.match_at(gz.words_of("بأرض التجريب"), 0)
    assert m is not None and m.entries[0].value["name_ar"] == "أرض التجارب"
    assert gz.place_index().match_at(gz.words_of("بأرض التجريب"), 0) is None  # the default index is unchanged


def test_indexes_are_built_once():
    assert gz.country_index() is gz.country_index()
    assert gz.place_index() is gz.place_index()


@pytest.mark.parametrize(
    ("module", "table"),
    [
        ("places", "_HOST_STEMS"), ("places", "_VENUE_WORDS"), ("places", "_TITLE_WORDS"), ("places", "_VENUE_STOP"),
        ("places", "_ORIGIN_WORDS"), ("places", "_ONLINE_WORDS"), ("countries", "_NOT_MOROCCO_AFTER"),
        ("countries", "_LANGUAGE_WORDS"), ("countries", "_CURRENCY_WORDS"), ("countries", "_GIVEN_SUFFIXES"),
        ("gazetteers", "PLACE_WORDS"),
    ],
)
def test_vocabulary_tables_hold_folded_words(module, table):
    """Words are compared folded (ى→ي، ة→ه، أ→ا): an unfolded table entry could never match."""
    import importlib

    from events.extract.normalize import normalize

    words = getattr(importlib.import_module(f"events.extract.{module}"), table)
    assert [w for w in words if normalize(w) != w] == []


def test_place_countries_and_regions_exist():
    codes = {c["code"] for c in gz.countries()}
    regions = {r["name_ar"] for r in gz.places() if r["kind"] == "region"}
    for r in gz.places():
        assert r["country"] in codes, r
        assert r["region"] is None or r["region"] in regions, r
        if r["country"] == "MA" and r["lat"] is not None:  # geonames namesakes abroad were rejected
            assert 20.5 < r["lat"] < 36 and -17.2 < r["lon"] < -1, r

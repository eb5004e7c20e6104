"""Latin forms of names: the comparison key, the transliteration of person names, Latin forms among aliases."""
import pytest

from events.extract.latin import is_latin, latin_forms, latin_key, latin_names, transliterate


@pytest.mark.parametrize(("text", "key"), [
    ("Fès", "fes"), ("Meknès", "meknes"), ("FÈS-MEKNÈS", "fes meknes"), ("Tanger-Tétouan-Al Hoceima",
                                                                        "tanger tetouan al hoceima"),
    ("  Œuvre  d'Économie ", "oeuvre d economie"), ("", ""), (None, ""),
])
def test_latin_key_drops_accents_case_and_punctuation(text, key):
    assert latin_key(text) == key


@pytest.mark.parametrize(("arabic", "latin"), [
    ("محمد ساجد", "Mohamed Sajid"),          # a name fixed by usage, then the فاعل pattern
    ("خالد العلمي", "Khalid El Alami"),      # ال as El, a nisba ending in -i, a word starting with ع
    ("سعيد", "Said"),                        # usage
    ("نبيل", "Nabil"),                       # فعيل
    ("منصور", "Mansour"),                    # مفعول
    ("شكيب بنموسى", "Chakib Benmoussa"),     # ش as ch, a glued بن as Ben
    ("عبد الله", "Abdellah"),                # عبد + الله written as one name
    ("عبد المولى", "Abdelmouli"),            # عبد + ال… as Abdel…
    ("فاطمة الزهراء", "Fatima El Zahra"),    # ة as -a
])
def test_transliterate_person_names(arabic, latin):
    assert transliterate(arabic) == latin


@pytest.mark.parametrize("text", ["", "REMESS", "محمد 2", "Mohamed ساجد"])
def test_transliterate_only_arabic_names(text):
    assert transliterate(text) == ""


@pytest.mark.parametrize(("text", "latin"), [("REMESS", True), ("Réseau", True), ("مكناس", False), ("A", False),
                                             ("منظمة Open", False)])
def test_is_latin(text, latin):
    assert is_latin(text) is latin


def test_latin_forms_are_distinct_by_key():
    assert latin_forms("Fès", "Fes", "فاس", "FES", "Meknès") == ["Fès", "Meknès"]


def test_latin_names_prefer_a_set_name_then_an_article_form_then_the_acronym_then_a_transliteration():
    assert latin_names("الشبكة", [], "REMESS", "Réseau X") == ("Réseau X", "reseau x remess")
    assert latin_names("الشبكة", ["Réseau Marocain"], "REMESS") == ("Réseau Marocain", "reseau marocain remess")
    assert latin_names("الشبكة", [], "REMESS") == ("REMESS", "remess")
    assert latin_names("الشبكة", [], "") == ("", "")
    assert latin_names("محمد ساجد", [], person=True) == ("Mohamed Sajid", "mohamed sajid")

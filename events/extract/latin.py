"""Latin forms of Arabic names, for the French and English pages and for searching in Latin letters.

Pure Python, no Django. Three things:

* latin_key(): the comparison form of a Latin name: accents dropped, lower-cased, punctuation to spaces, so that
  "Fès", "Fes" and "FES" compare equal ("Meknès" → "meknes").
* transliterate(): a readable Latin spelling of an Arabic person name, in the French-influenced spelling Moroccan
  media use (ش → ch, و → ou, ج → j). Arabic does not write short vowels, so a word is first looked up in a small
  table of very frequent names whose spelling is fixed by usage (محمد → Mohamed); otherwise the common patterns
  of Arabic names supply the vowels: فاعل (ساجد → Sajid, خالد → Khalid), فعيل (سعيد → Said), فعال, مفعول...
  What is left is spelt letter by letter with "a" between two consonants. It is an aid for finding and reading a
  name, not a scholarly romanization; a curator's Latin name always wins.
* latin_forms(): the Latin strings among a record's names, aliases and acronym (forms found in the articles).
"""
from __future__ import annotations

import re
import unicodedata

from events.extract.normalize import fold

# Given names and name words whose Latin spelling is settled by usage rather than by the letters.
USAGE = {
    "محمد": "Mohamed", "احمد": "Ahmed", "محمود": "Mahmoud", "مصطفي": "Mustapha", "عبد": "Abd", "الله": "Allah",
    "عبدالله": "Abdellah", "عبدالرحمن": "Abderrahmane", "عبدالعزيز": "Abdelaziz", "عبدالكريم": "Abdelkrim",
    "عبدالحق": "Abdelhak", "عبداللطيف": "Abdellatif", "عبدالرحيم": "Abderrahim", "عبدالمجيد": "Abdelmajid",
    "يوسف": "Youssef", "ابراهيم": "Brahim", "اسماعيل": "Ismail", "ادريس": "Driss", "عمر": "Omar", "علي": "Ali",
    "حسن": "Hassan", "حسين": "Hussein", "عثمان": "Othmane", "فاطمه": "Fatima", "خديجه": "Khadija", "مريم": "Meryem",
    "ناديه": "Nadia", "زينب": "Zineb", "سعاد": "Souad", "ليلي": "Leila", "امينه": "Amina", "نعيمه": "Naima",
    "رشيد": "Rachid", "سعيد": "Said", "عزيز": "Aziz", "كريم": "Karim", "جمال": "Jamal", "كمال": "Kamal",
    "نبيل": "Nabil", "هشام": "Hicham", "طارق": "Tarik", "يونس": "Younes", "الياس": "Ilyas", "انس": "Anas",
    "المهدي": "El Mehdi", "مهدي": "Mehdi", "العربي": "El Arbi", "الحسن": "El Hassan", "الحسين": "El Houssaine",
    "بن": "Ben", "ابن": "Ibn", "بنت": "Bent", "ابو": "Abou", "اخنوش": "Akhannouch", "عزيزه": "Aziza",
    "مولاي": "Moulay", "لالا": "Lalla", "سيدي": "Sidi", "بوعزه": "Bouazza", "نزهه": "Nezha", "حكيمه": "Hakima",
    "زهراء": "Zahra", "لحسن": "Lahcen", "كنزه": "Kenza", "موسي": "Moussa", "صالح": "Salah", "عمور": "Ammor",
}

_LETTERS = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "ch", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "ع": "", "غ": "gh", "ف": "f", "ق": "k", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "ou", "ي": "i", "ء": "", "ئ": "", "ؤ": "", "ڭ": "g", "گ": "g",
    "ڤ": "v", "پ": "p",
}
_CONSONANT_WORD = re.compile(r"^[\u0621-\u064a\u06a4\u06ad\u06af\u067e]+$")


def latin_key(text: str | None) -> str:
    """Return the comparison form of Latin text: no accents, lower case, single spaces ("Fès-Meknès" → "fes meknes")."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("Œ", "oe").replace("Æ", "ae")
    plain = re.sub(r"[^\w]+", " ", plain.lower()).replace("_", " ")
    return " ".join(plain.split())


def is_latin(text: str) -> bool:
    """True when text is written in Latin letters (at least two, and no Arabic letter)."""
    return sum(c.isascii() and c.isalpha() or "\u00c0" <= c <= "\u024f" for c in text) >= 2 and not re.search(
        "[\u0600-\u06ff]", text)


def _letters(word: str) -> str:
    return "".join(_LETTERS.get(c, "") for c in word)


def _pattern(word: str) -> str | None:
    """Vowels from the shape of the word, for the patterns Arabic names are most often built on."""
    c = list(word)
    if len(c) == 4 and c[1] == "ا" and c[2] not in "اوي":  # فاعل: ساجد, خالد, حامد, راشد
        return _letters(c[0]) + "a" + _letters(c[2]) + "i" + _letters(c[3])
    if len(c) == 4 and c[2] == "ي" and c[1] not in "اوي":  # فعيل: سعيد, نبيل, جميل
        return _letters(c[0]) + "a" + _letters(c[1]) + "i" + _letters(c[3])
    if len(c) == 4 and c[2] == "ا" and c[1] not in "اوي":  # فعال: جمال, كمال, هشام
        return _letters(c[0]) + "a" + _letters(c[1]) + "a" + _letters(c[3])
    if len(c) == 4 and c[2] == "و" and c[1] not in "اوي":  # فعول: منصور-like without م, يونس
        return _letters(c[0]) + "a" + _letters(c[1]) + "ou" + _letters(c[3])
    if len(c) == 5 and c[0] == "م" and c[3] == "و":  # مفعول: منصور, مسعود, محمود
        return "ma" + _letters(c[1]) + _letters(c[2]) + "ou" + _letters(c[4])
    return None


def _word(word: str) -> str:
    if word in USAGE:
        return USAGE[word]
    if word.startswith("عبدال") and len(word) > 5:
        return "Abdel" + _word(word[5:]).lower()
    if word.startswith("بن") and len(word) > 4:  # بنموسى → Benmoussa, بنصالح → Bensalah
        return "Ben" + _word(word[2:]).lower()
    article = ""
    if word.startswith("ال") and len(word) > 3:
        article, word = "El ", word[2:]
        if word in USAGE:
            return article + USAGE[word]
    if word.endswith("ه") and len(word) > 2:  # ة folded to ه: a feminine ending, written -a
        body = _pattern(word[:-1]) or _spell(word[:-1])
        spelt = body + "a"
    elif word.endswith("ي") and len(word) > 3:  # a nisba: العلمي → El Alami, الإدريسي → El Idrissi
        spelt = (_pattern(word[:-1]) or _spell(word[:-1])) + "i"
    else:
        spelt = _pattern(word) or _spell(word)
    spelt = spelt or _letters(word)
    return article + spelt[:1].upper() + spelt[1:]


def _spell(word: str) -> str:
    """Letter by letter, with "a" between two consonants that have no written vowel between them."""
    out = ""
    previous_vowel = True
    for i, ch in enumerate(word):
        latin = _LETTERS.get(ch, "")
        vowel = ch in "اوي" and i > 0 or ch == "ا"
        if i == 0 and ch in "اع":  # a word starting with alif or ain starts with a vowel: العلمي → El Alami
            latin, vowel = "a", True
        if not latin:
            continue
        if ch == "ي" and i == 0:
            latin, vowel = "y", False
        if ch == "و" and i == 0:
            latin, vowel = "w", False
        if not vowel and not previous_vowel and out:
            out += "a"
        out += latin
        previous_vowel = vowel
    return out


def transliterate(name: str | None) -> str:
    """Return a readable Latin spelling of an Arabic name ("محمد ساجد" → "Mohamed Sajid"); "" if not Arabic."""
    words = fold(name or "").split()
    if not words or not all(_CONSONANT_WORD.match(w) for w in words):
        return ""
    joined: list[str] = []
    for w in words:  # عبد الله, عبد الرحمن: one name in Latin (Abdellah, Abderrahmane)
        if joined and joined[-1] == "عبد" and "عبد" + w in USAGE:
            joined[-1] = "عبد" + w
        elif joined and joined[-1] == "عبد" and w.startswith("ال"):  # عبد المولى → Abdelmoula
            joined[-1] = "عبدال" + w[2:]
        else:
            joined.append(w)
    words = joined
    return " ".join(_word(w) for w in words)


def latin_forms(*names: str | None) -> list[str]:
    """Return the Latin strings among names (a French name, an acronym, an alias written in Latin), distinct."""
    out: list[str] = []
    for name in names:
        name = " ".join((name or "").split())
        if name and is_latin(name) and latin_key(name) not in {latin_key(o) for o in out}:
            out.append(name)
    return out


def latin_names(name: str, aliases=(), acronym: str = "", latin: str = "", *, person: bool = False) -> tuple[str, str]:
    """Return (Latin name to show, search key of every Latin form) for a record.

    The Latin name shown is the one already set (by a curator, or a French gazetteer name), else a Latin alias
    found in an article, else the acronym, else for a person the transliteration of the Arabic name.
    The key holds every Latin form, without accents, so "Meknes", "Sajid" or "remess" find the record.
    """
    forms = latin_forms(latin, *(a for a in aliases if len(a) > len(acronym or "")), acronym, *aliases)
    shown = latin or (forms[0] if forms else "")
    spelt = transliterate(name) if person else ""
    if not shown:
        shown = spelt
    keys = dict.fromkeys(k for k in (latin_key(f) for f in [*forms, spelt]) if k)
    return shown, " ".join(keys)

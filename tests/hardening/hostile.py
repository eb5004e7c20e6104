"""Good and hostile article files, as a hostile tester writes them (issue 13): each kind that once broke the loader.

Used by tests/hardening/test_hostile_files.py and, for the benchmark, from the command line:

    python -m tests.hardening.hostile DIR          # 40 good files and every hostile kind, in DIR
    python manage.py bench_load --hostile DIR --max-size 25MB
"""
from __future__ import annotations

import codecs
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "articles"

# Whole sentences of SSE news, recombined into distinct articles (each with a numbered session, so no two match).
SENTENCES = [
    "نظمت الشبكة المغربية للاقتصاد الاجتماعي والتضامني يوم الخميس 6 فبراير 2025 بالرباط المنتدى الوطني "
    "للاقتصاد الاجتماعي والتضامني، بحضور ممثلين عن وزارة السياحة.",
    "افتتح يوم السبت 12 أكتوبر 2024 بمدينة أكادير المعرض الجهوي للاقتصاد الاجتماعي والتضامني، بمشاركة أزيد من "
    "150 تعاونية من جهة سوس ماسة.",
    "وينظم المعرض مكتب تنمية التعاون بشراكة مع مجلس جهة سوس ماسة.",
    "وأكد محمد العلمي، مدير مكتب تنمية التعاون، أن هذه التظاهرة تتيح للتعاونيات تسويق منتجاتها.",
    "وشارك في الندوة ممثلون عن البنك الشعبي ووكالة التنمية الاجتماعية.",
    "وقالت فاطمة الزهراء بنعلي، رئيسة الجمعية، إن 40 تعاونية استفادت من برامج المواكبة.",
    "ونظمت الورشة الوكالة الوطنية لإنعاش التشغيل والكفاءات بتعاون مع جامعة محمد الأول.",
    "ويعرف الملتقى، الذي تنظمه وزارة الفلاحة والصيد البحري، مشاركة 300 تعاونية.",
    "وحضر اللقاء ممثلو 25 جمعية وتعاونية من جهة مراكش آسفي.",
    "وتبلغ القيمة الإجمالية للجوائز 500 ألف درهم وزعت على 12 تعاونية.",
    "وشارك في المنتدى ممثلون عن 18 دولة إفريقية من بينها السنغال وموريتانيا.",
    "وتستهدف القافلة 800 شاب وشابة من أقاليم الجهة.",
    "واستفاد من اليوم الدراسي 70 من الصناع التقليديين وأعضاء التعاونيات.",
    "وأوضحت ليلى الإدريسي، خبيرة في التسويق، أن المنصات الرقمية تفتح أسواقا جديدة.",
    "وأشار المتدخلون إلى أهمية التكوين والمواكبة في إنجاح مشاريع الاقتصاد التضامني.",
    "ودعا المشاركون إلى تبسيط مساطر الولوج إلى التمويل لفائدة التعاونيات الشابة.",
]
HEADLINES = [
    "الرباط تحتضن المنتدى الوطني للاقتصاد الاجتماعي والتضامني",
    "أكادير: المعرض الجهوي للاقتصاد الاجتماعي والتضامني يفتح أبوابه",
    "طنجة: ندوة حول تمويل التعاونيات النسائية",
    "وجدة: ورشة تكوينية لفائدة حاملي المشاريع",
    "فاس تحتضن الملتقى الوطني للتعاونيات الفلاحية",
    "مراكش: لقاء تواصلي حول القانون الإطار للاقتصاد الاجتماعي والتضامني",
]
# What a site's page chrome looks like once copied: the cleaner drops every line of it.
BOILERPLATE = ["الرئيسية", "أخبار", "اقتصاد", "مجتمع", "رياضة", "اترك تعليقا",
               "لن يتم نشر عنوان بريدك الإلكتروني", "شارك المقال", "جميع الحقوق محفوظة", "اقرأ أيضا"]


def good_text(i: int, *, seed: int = 13) -> tuple[str, str]:
    """Return (headline, body) of good article i: distinct for every i."""
    rng = random.Random(seed * 1000 + i)
    body = rng.sample(SENTENCES, 5)
    body.insert(rng.randrange(len(body)), f"وتميزت الدورة رقم {i + 1} بتقديم {i * 7 + 3} مشروعا جديدا للتعاونيات.")
    return rng.choice(HEADLINES), "\n".join(body)


def write_good(folder: Path, count: int = 40) -> list[Path]:
    """Write count good articles in the four formats (text with a header block, front matter, HTML, JSON)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        title, body = good_text(i)
        kind = i % 8
        if kind == 5:
            path = folder / f"good_{i:02d}.md"
            path.write_text(f"---\ntitle: \"{title}\"\ndate: 2025-02-{1 + i % 27:02d}\nsource: هسبريس\n---\n\n{body}\n",
                            encoding="utf-8")
        elif kind == 6:
            path = folder / f"good_{i:02d}.html"
            paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines())
            path.write_text(f"<!DOCTYPE html><html lang=\"ar\"><head><meta charset=\"utf-8\"><title>{title}</title>"
                            f"</head><body><nav><a href=\"/\">الرئيسية</a></nav><article><h1>{title}</h1>"
                            f"{paragraphs}</article><footer>جميع الحقوق محفوظة</footer></body></html>",
                            encoding="utf-8")
        elif kind == 7:
            path = folder / f"good_{i:02d}.json"
            path.write_text(json.dumps({"title": title, "text": body, "published": "2025-03-01",
                                        "url": f"https://example.ma/good/{i}"}, ensure_ascii=False),
                            encoding="utf-8")
        else:
            path = folder / f"good_{i:02d}.txt"
            path.write_text(f"العنوان: {title}\nالمصدر: ماب\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


@dataclass(frozen=True)
class Hostile:
    """One hostile file: what the loader must say about it and whether the article still loads."""

    path: Path
    outcome: str  # "failed" (nothing stored) or "warned" (stored, with what was refused or cut)
    reason: str  # a fragment of the printed reason


def _front(value: str, i: int) -> str:
    title, body = good_text(100 + i)
    return f"---\ntitle: {title}\ndate: {value}\n---\n\n{body}\n"


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    last = chr(ord("a") + levels - 1)
    return "---\n" + "\n".join(lines) + f"\ntitle: *{last}\n---\n\n" + "\n".join(good_text(199)) + "\n"


def huge_text(size: int, *, one_line: bool = False, i: int = 0) -> bytes:
    """size bytes of news text full of figures (the 4.9 MB file once produced 45,432 figures)."""
    title, body = good_text(300 + i)
    unit = (body.replace("\n", " ") + " ") if one_line else body + "\n"
    data = (title + ("  " if one_line else "\n\n")).encode("utf-8")
    block = unit.encode("utf-8")
    return data + block * ((size - len(data)) // len(block))


def huge_page(size: int) -> bytes:
    """A saved page of size bytes: one article's paragraphs repeated, inside the usual page chrome."""
    title, body = good_text(400)
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines()).encode("utf-8")
    head = (f"<!DOCTYPE html><html lang=\"ar\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>"
            f"<nav><a href=\"/\">الرئيسية</a></nav><article><h1>{title}</h1>").encode()
    tail = b"</article><footer>\xd8\xac</footer></body></html>"
    return head + paragraphs * ((size - len(head) - len(tail)) // len(paragraphs)) + tail


def write_hostile(folder: Path, *, big: bool = True, only: str | None = None, write: bool = True) -> list[Hostile]:
    """Write one file of each hostile kind of issue 13 in folder; return what the loader must report for each.

    only: write just the file of that name; write=False: only list them.
    """
    if write:
        folder.mkdir(parents=True, exist_ok=True)
    out: list[Hostile] = []

    def add(name: str, data, outcome: str, reason: str) -> None:
        if only is not None and name != only:
            return
        path = folder / name
        if write:
            data = data() if callable(data) else data  # the big ones are only built when written
            path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        out.append(Hostile(path, outcome, reason))

    # 1. Impossible dates in front matter.
    add("impossible_date.md", _front("2025-02-30", 1), "warned", "'2025-02-30' is not a valid date")
    add("impossible_time.md", _front("2024-03-12T25:61:00+99:00", 2), "warned", "not a valid date and time")
    # 2. YAML alias expansion.
    add("billion_laughs.md", billion_laughs(9), "failed", "YAML aliases")
    add("laughs_one_level_less.md", billion_laughs(8), "failed", "YAML aliases")
    # 4. Nothing but a site's boilerplate, twice (the second must not be "the same article as" the first).
    add("boilerplate.txt", "\n".join(BOILERPLATE) + "\n", "failed", "no article text left")
    add("boilerplate_again.txt", "\n\n".join(reversed(BOILERPLATE)) + "\n", "failed", "no article text left")
    # 5. Far-future dates.
    add("far_future.md", _front("9999-12-31", 5), "warned", "out of range")
    # 7. Names that would forge a summary line or reorder it (empty files, so that they are reported).
    add("forged\nFiles read: 99. Articles: 99 new.txt", b"", "failed", "empty file")
    add("\u202etxt.exe.txt", b"", "failed", "empty file")
    # 8. Wrong JSON types.
    title, body = good_text(108)
    add("wrong_types.json", json.dumps({"title": ["قائمة", "عناوين"], "source": True, "url": 42, "text": body},
                                       ensure_ascii=False), "warned", "expected text, not a list")
    title, body = good_text(109)
    add("title_object.json", json.dumps({"title": {"ar": title}, "published": 20250208, "text": body},
                                        ensure_ascii=False), "warned", "expected text, not an object")
    # 9. UTF-16-BE text behind a little-endian byte order mark.
    add("wrong_bom.txt", codecs.BOM_UTF16_LE + "\n".join(good_text(110)).encode("utf-16-be"), "failed",
        "undecodable or not an article")
    # 10. A NUL (and other controls) in a JSON title and text.
    title, body = good_text(111)
    add("nul_title.json", json.dumps({"title": title[:10] + "\u0000" + title[10:] + "\u0007",
                                      "text": body.replace(" ", " \u0000", 1)}, ensure_ascii=False),
        "loaded", "")
    # Pages whose markup is odd rather than big: 200,000 nested divs, 100,000 unclosed tags.
    add("deep_nesting.html", "<html><body>" + "<div>" * 200_000 + f"<p>{good_text(112)[1]}</p>" + "</div>" * 200_000
        + "</body></html>", "failed", "no article text found")
    add("unclosed_tags.html", f"<html><body><article><p>{good_text(113)[1]}" + "<b>x" * 100_000
        + "</p></article></body></html>", "loaded", "")
    # 11. Huge articles.
    if big:
        add("big_4_9MB.txt", lambda: huge_text(int(4.9 * 1024 * 1024)), "warned", "text cut to its first")
        add("single_line_3MB.txt", lambda: huge_text(3 * 1024 * 1024, one_line=True, i=1), "warned",
            "text cut to its first")
        add("huge_20MB.txt", lambda: huge_text(20 * 1024 * 1024, i=2), "failed", "file too large")
        add("big_page_4_9MB.html", lambda: huge_page(int(4.9 * 1024 * 1024)), "warned", "cut to its first")
        add("big_record_4_9MB.json", lambda: json.dumps({"title": "سجل ضخم", "text": huge_text(
            int(2.4 * 1024 * 1024), i=4).decode()}, ensure_ascii=False).encode(), "warned", "text cut to its first")
    return out


def write_unreadable_folder(folder: Path) -> tuple[Path, Path]:
    """A subfolder holding a good article, made unreadable (chmod 000: effective for any user but root)."""
    locked = folder / "locked"
    locked.mkdir(parents=True, exist_ok=True)
    inside = locked / "inside.txt"
    inside.write_text("\n".join(good_text(120)) + "\n", encoding="utf-8")
    locked.chmod(0)
    return locked, inside


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
    write_good(target)
    for item in write_hostile(target):
        print(f"{item.outcome:7} {item.path.name!r}")
    write_unreadable_folder(target)
    print(f"40 good files and the hostile ones in {target}")

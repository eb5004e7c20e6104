"""Bad files through the real load_articles command: one line each with the reason, the rest loads, no debris."""
from __future__ import annotations

import io
import json
import os
import signal
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from events.models import Article, Country

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
GOOD = sorted(FIXTURES.glob("*.txt"))[:2]
SAMPLE = GOOD[0].read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def time_limit():
    """A reader that blocks (on a FIFO, a device) must fail the test, not hang the suite."""
    def expire(signum, frame):
        raise TimeoutError("load_articles did not finish in 240 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(240)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(autouse=True)
def one_country():
    """A country row makes load_articles skip the gazetteer sync (seconds per test); places are not tested here."""
    Country.objects.create(code="MA", name_ar="المغرب", name_fr="Maroc", name_en="Morocco")


def png_bytes() -> bytes:
    # A real 1×1 PNG: signature, IHDR, IDAT, IEND (NUL bytes throughout, as in every image).
    return bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
        "0000000d4944415478da63f8cfc0f01f0005000201a2b8d3a40000000049454e44ae426082"
    )


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", SAMPLE)
    return buffer.getvalue()


def make_unreadable(path: Path) -> str:
    """Make path a file that exists and cannot be read; return how."""
    if os.geteuid() != 0:
        path.write_text(SAMPLE, encoding="utf-8")
        path.chmod(0)
        return "chmod 000"
    # Root reads through any permission bits; /proc/self/mem is a regular file whose first page read fails (EIO).
    path.symlink_to("/proc/self/mem")
    return "symlink to /proc/self/mem"


def write_bad_files(folder: Path, *, huge: bool = True) -> dict[str, Path]:
    """Write one file of each kind of bad input; return {kind: path}."""
    folder.mkdir(parents=True, exist_ok=True)
    utf8 = SAMPLE.encode("utf-8")
    cut = next(i for i in range(len(utf8) // 2, len(utf8)) if utf8[i] >= 0xC0)  # the lead byte of a letter
    bad = {
        "empty": folder / "empty.txt",
        "whitespace": folder / "whitespace.txt",
        "image": folder / "photo.txt",
        "zip": folder / "archive.txt",
        "truncated": folder / "truncated.txt",
        "mixed": folder / "mixed.txt",
        "huge": folder / "huge.txt",
        "json_types": folder / "wrong_types.json",
        "json_deep": folder / "deep.json",
        "json_deep_object": folder / "deep_object.json",
        "jsonl_bad": folder / "lines.jsonl",
    }
    bad["empty"].write_bytes(b"")
    bad["whitespace"].write_bytes(b" \n\t\r\n \xc2\xa0 \n" * 100)
    bad["image"].write_bytes(png_bytes())
    bad["zip"].write_bytes(zip_bytes())
    # Half an article, then a cut in the middle of a two-byte letter and stray continuation bytes.
    bad["truncated"].write_bytes(utf8[:cut] + b"\xd8" + b"\x80\x80\x80" + utf8[cut: cut + 200])
    bad["mixed"].write_bytes(SAMPLE[:400].encode("utf-8") + SAMPLE[400:900].encode("cp1256", errors="replace")
                             + "café à Rabat".encode("latin-1"))
    if huge:
        with bad["huge"].open("wb") as handle:
            line = ("الاقتصاد الاجتماعي والتضامني " * 40 + "\n").encode("utf-8")
            for _ in range(50 * 1024 * 1024 // len(line) + 1):
                handle.write(line)
    else:
        del bad["huge"]
    bad["json_types"].write_text(json.dumps({"text": 42, "title": ["x"], "published": {"y": 1}}), encoding="utf-8")
    bad["json_deep"].write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    bad["json_deep_object"].write_text('{"text": ' + '{"a": ' * 500 + "1" + "}" * 500 + "}", encoding="utf-8")
    bad["jsonl_bad"].write_text('{"text": 1}\n[1, 2]\n{"text": "\n' + "{" * 100_000 + "\n", encoding="utf-8")
    # Things that are not regular files, under article names.
    loop = folder / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop, target_is_directory=True)  # a directory cycle: loop/again/again/…
    bad["symlink_loop"] = loop / "ping.txt"
    (loop / "ping.txt").symlink_to(loop / "pong.txt")
    (loop / "pong.txt").symlink_to(loop / "ping.txt")
    bad["dangling"] = folder / "gone.txt"
    bad["dangling"].symlink_to(folder / "never-written.txt")
    bad["fifo"] = folder / "pipe.txt"
    os.mkfifo(bad["fifo"])
    bad["unreadable"] = folder / "unreadable.txt"
    make_unreadable(bad["unreadable"])
    return bad


def load(*paths, **options) -> tuple[str, list[str]]:
    out = io.StringIO()
    call_command("load_articles", *map(str, paths), stdout=out, stderr=io.StringIO(), **options)
    text = out.getvalue()
    failed = text.split("Failed:", 1)[1].strip().splitlines() if "Failed:" in text else []
    return text, [line.strip() for line in failed]


def lines_for(failures: list[str], path: Path) -> list[str]:
    return [line for line in failures if line.startswith(f"{path}:") or line.startswith(f"{path}[")]


@pytest.fixture
def bad_folder(tmp_path):
    folder = tmp_path / "articles"
    bad = write_bad_files(folder)
    for good in GOOD:
        (folder / good.name).write_bytes(good.read_bytes())
    return folder, bad


def test_each_bad_file_gets_one_line_and_the_good_ones_load(bad_folder):
    folder, bad = bad_folder
    summary, failures = load(folder)
    missing = [kind for kind, path in bad.items() if len(lines_for(failures, path)) != 1 and kind != "jsonl_bad"]
    assert missing == [], f"no single failure line for {missing}:\n{summary}"
    for line in failures:
        name, _, reason = line.partition(": ")
        assert reason.strip(), f"a failure without a reason: {line}"
    # JSON Lines: one line per bad record, each naming the record's line number.
    assert len(lines_for(failures, bad["jsonl_bad"])) == 4, summary
    assert "too large" in lines_for(failures, bad["huge"])[0]
    # Nothing from a failed file is in the database; the good files loaded.
    stored = set(Article.objects.values_list("file_name", flat=True))
    assert stored == {str(folder / g.name) for g in GOOD}, summary
    assert f"{len(GOOD)} new" in summary
    # A second run loads nothing new and reports the same failures.
    again, second = load(folder)
    assert sorted(second) == sorted(failures)
    assert f"0 new, {len(GOOD)} duplicate" in again
    assert Article.objects.count() == len(GOOD)


@pytest.mark.parametrize("kind", ["image", "zip"])
def test_binary_files_named_on_the_command_line_are_refused_by_type(tmp_path, kind):
    path = tmp_path / ("photo.png" if kind == "image" else "archive.zip")
    path.write_bytes(png_bytes() if kind == "image" else zip_bytes())
    summary, failures = load(path, GOOD[0])
    assert len(lines_for(failures, path)) == 1, summary
    assert Article.objects.count() == 1


def test_named_paths_that_are_not_files(tmp_path):
    bad = write_bad_files(tmp_path / "bad", huge=False)
    named = [bad["symlink_loop"], bad["dangling"], bad["fifo"], tmp_path / "does-not-exist.txt"]
    summary, failures = load(*named, GOOD[0])
    for path in named:
        assert len(lines_for(failures, path)) == 1, f"{path}\n{summary}"
    assert Article.objects.count() == 1


def test_html_with_scripts_and_iframes_keeps_only_the_article_text(tmp_path):
    paragraphs = "".join(f"<p>{line}</p>" for line in SAMPLE.splitlines() if line.strip())
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>مقال</title><script>window.stolen = document.cookie</script>"
        '<style>body{background:url("javascript:evil()")}</style></head><body>'
        '<iframe src="https://ads.example/frame"></iframe><nav><a href="/">الرئيسية</a></nav>'
        f"<article><h1>عنوان المقال</h1>{paragraphs}"
        '<script>document.write("<img src=x onerror=alert(1)>")</script>'
        '<img src="x" onerror="alert(2)"><iframe srcdoc="&lt;script&gt;alert(3)&lt;/script&gt;"></iframe>'
        "</article></body></html>",
        encoding="utf-8",
    )
    summary, failures = load(page)
    assert failures == [], summary
    article = Article.objects.get()
    for payload in ("stolen", "document.cookie", "document.write", "alert(", "onerror", "<script", "<iframe",
                    "javascript:"):
        assert payload not in article.body and payload not in article.title, payload
    assert "الاقتصاد" in article.body


ODD_METADATA = ["غدا", "2024-02-30", "2024-13-45T99:99", "99999-01-01", "-5", [2024], {"y": 2024}, True, 1.5,
                "9" * 50, "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "https://example.ma/" + "a" * 2000, "  ", SCRIPT_TEXT := "<script>alert(1)</script>"]


def test_odd_metadata_values_never_fail_an_article(tmp_path):
    folder = tmp_path / "meta"
    folder.mkdir()
    for i, value in enumerate(ODD_METADATA):
        # A distinct opening line makes each a distinct article.
        text = f"وأكد المنظمون في افتتاح الدورة رقم {i + 1} أن المشاركة كانت واسعة من مختلف الجهات.\n\n{SAMPLE}"
        record = {"text": text, "published": value, "title": value, "url": value, "source": value, "date": value}
        (folder / f"odd{i:02d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    summary, failures = load(folder)
    assert failures == [], summary
    assert Article.objects.count() == len(ODD_METADATA)
    # Only http(s) addresses that fit the column are kept: anything else would be a link on the event page.
    assert list(Article.objects.exclude(url=None).values_list("url", flat=True)) == []
    assert not Article.objects.filter(published__year__gt=2100).exists()
    assert Article.objects.filter(title__contains=SCRIPT_TEXT).exists(), "kept as text; templates escape it"


EXTREME_CONTENT = {
    "huge figures": "نظمت الشبكة المغربية للاقتصاد الاجتماعي والتضامني يوم 10 يوليوز 2024 بالرباط منتدى بمشاركة "
                    "99999999999999999999999 تعاونية و 12345678901234567890123456789 درهم.",
    "long organization": "نظمت جمعية " + " ".join(["التنمية"] * 400) + " منتدى بالرباط يوم 10 يوليوز 2024.",
    "long person": "وقال السيد " + " ".join(["محمد"] * 150) + "، رئيس جمعية الأمل، إن 40 تعاونية شاركت.",
    "long title": "منتدى " * 300 + "\n\nنظمت الشبكة المغربية للاقتصاد الاجتماعي والتضامني منتدى بالرباط.",
    "long unit": "بمشاركة 40 " + "تعاونيةتعاونيةتعاونية" * 20 + " في الرباط يوم 10 يوليوز 2024.",
    "tiny decimals": "ارتفعت الحصة إلى 0.00001 في المائة و 1.123456789 في المائة من الناتج الداخلي الخام.",
    "year 9999": "انعقد الملتقى يوم 31 دجنبر 9999 بالرباط بمشاركة 50 تعاونية.",
    "end before start": "انعقد المنتدى من 20 إلى 10 يوليوز 2024 بالرباط بمشاركة 50 تعاونية.",
}


@pytest.mark.parametrize("name", list(EXTREME_CONTENT))
def test_extreme_content_fits_the_database_and_never_fails_the_article(tmp_path, name):
    """Lengths past the columns, values past DecimalField(24, 4), impossible dates: stored, not an error."""
    path = tmp_path / f"{name.replace(' ', '_')}.txt"
    path.write_text(EXTREME_CONTENT[name], encoding="utf-8")
    summary, failures = load(path)
    assert failures == [], summary
    assert Article.objects.count() == 1

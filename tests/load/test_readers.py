"""Reading article files: header blocks, front matter, Markdown, HTML pages, JSON and JSON Lines, paths."""
import json
from pathlib import Path

import pytest

from events.ingest.readers import RawArticle, ReadFailure, expand, read_path

BODY = (
    "احتضنت مدينة الناظور يوم الإثنين 6 فبراير 2023 أشغال المنتدى المغربي الإسباني للاقتصاد الاجتماعي "
    "والتضامني، بمشاركة أزيد من 200 فاعل من البلدين.\n"
    "ونظم المنتدى مجلس جهة الشرق بشراكة مع الوكالة الإسبانية للتعاون الدولي من أجل التنمية."
)
TITLE = "الناظور تحتضن المنتدى المغربي-الإسباني للاقتصاد الاجتماعي والتضامني"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def only(items) -> RawArticle:
    assert len(items) == 1 and isinstance(items[0], RawArticle), items
    return items[0]


@pytest.mark.parametrize(
    "header",
    [
        f"العنوان: {TITLE}\nالتاريخ: 2023-02-07\nالمصدر: هسبريس\nالرابط: https://example.ma/a/1\n\n",
        f"Title: {TITLE}\nDate: 2023-02-07\nSource: هسبريس\nURL: https://example.ma/a/1\n\n",
        f"---\ntitle: {TITLE}\ndate: 2023-02-07\nsource: هسبريس\nurl: https://example.ma/a/1\n---\n",
    ],
    ids=["arabic-header", "english-header", "front-matter"],
)
def test_text_metadata_is_read_and_removed_from_the_body(tmp_path, header):
    article = only(read_path(write(tmp_path, "a.txt", header + BODY)))
    assert (article.title, article.published, article.source, article.url) == (
        TITLE, "2023-02-07", "هسبريس", "https://example.ma/a/1")
    assert article.text.strip() == BODY


def test_text_without_header_is_kept_whole(tmp_path):
    text = "الرباط: أزيد من 100 تعاونية نسائية في القرية التضامنية\n\n" + BODY
    article = only(read_path(write(tmp_path, "a.txt", text)))
    assert article.text == text and article.title is None


def test_markdown_heading_links_and_emphasis(tmp_path):
    md = f"---\ntitle: {TITLE}\n---\n# {TITLE}\n\n**احتضنت** مدينة [الناظور](https://x.ma) المنتدى.\n"
    article = only(read_path(write(tmp_path, "a.md", md)))
    assert article.title == TITLE
    assert article.text.splitlines()[0] == TITLE
    assert "احتضنت مدينة الناظور المنتدى." in article.text


def test_html_page_main_text_and_title_without_navigation_or_scripts(tmp_path):
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
    <title>{TITLE} | موقع الأخبار</title><meta property="og:title" content="{TITLE}">
    <script>var tracking = "سكريبت التتبع";</script></head><body>
    <nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/economy">اقتصاد</a></li></ul></nav>
    <article><h1>{TITLE}</h1><p>{BODY.splitlines()[0]}</p><p>{BODY.splitlines()[1]}</p></article>
    <aside><h3>مقالات ذات صلة</h3><a href="/x">خبر آخر لا علاقة له بالموضوع</a></aside>
    <footer>جميع الحقوق محفوظة 2023 <a href="/contact">اتصل بنا</a></footer></body></html>"""
    article = only(read_path(write(tmp_path, "page.html", html)))
    assert article.title == TITLE
    assert BODY.splitlines()[0] in article.text and BODY.splitlines()[1] in article.text
    for noise in ("سكريبت", "الرئيسية", "جميع الحقوق", "خبر آخر"):
        assert noise not in article.text


def test_html_in_windows_1256(tmp_path):
    html = f'<html><head><meta charset="windows-1256"><title>{TITLE}</title></head><body><article><p>{BODY}</p>' \
           "</article></body></html>"
    article = only(read_path(write(tmp_path, "page.htm", html.encode("cp1256"))))
    assert article.encoding == "windows-1256" and "مجلس جهة الشرق" in article.text


def test_json_object_list_and_json_lines(tmp_path):
    record = {"title": TITLE, "text": BODY, "url": "https://example.ma/a/1", "published": "2023-02-07",
              "source": "هسبريس"}
    one = only(read_path(write(tmp_path, "one.json", json.dumps(record, ensure_ascii=False))))
    assert (one.title, one.text, one.url, one.published, one.source) == tuple(record.values())
    many = read_path(write(tmp_path, "many.json", json.dumps([record, {**record, "url": "https://e.ma/2"}])))
    assert [a.url for a in many] == ["https://example.ma/a/1", "https://e.ma/2"]
    lines = json.dumps(record, ensure_ascii=False) + "\n\n{not json}\n" + json.dumps({"title": "بدون نص"}) + "\n"
    items = read_path(write(tmp_path, "feed.jsonl", lines))
    assert isinstance(items[0], RawArticle) and items[0].name.endswith("feed.jsonl:1")
    assert isinstance(items[1], ReadFailure) and "invalid JSON" in items[1].reason and items[1].name.endswith(":3")
    assert isinstance(items[2], ReadFailure) and "no \"text\"" in items[2].reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("broken.json", b'{"title": "x", "text": ', "invalid JSON"),
        ("paper.pdf", b"%PDF-1.7", "unsupported file type"),
    ],
)
def test_unreadable_files_are_reported_with_the_reason(tmp_path, name, content, reason):
    [failure] = read_path(write(tmp_path, name, content))
    assert isinstance(failure, ReadFailure)
    assert failure.name.endswith(name) and reason in failure.reason


def test_size_limit(tmp_path):
    path = write(tmp_path, "big.txt", BODY * 50)
    [failure] = read_path(path, max_size=1024)
    assert isinstance(failure, ReadFailure) and "too large" in failure.reason and "--max-size" in failure.reason
    assert isinstance(read_path(path)[0], RawArticle)


def test_expand_folders_globs_and_missing_paths(tmp_path):
    for name in ("a/one.txt", "a/b/two.html", "a/b/three.JSON", "a/notes.docx", "a/.hidden/x.txt", "c/four.md"):
        write(tmp_path, name, BODY)
    found = list(expand([str(tmp_path / "a"), str(tmp_path / "c" / "*.md"), str(tmp_path / "nothing.txt"),
                         str(tmp_path / "*.jsonl"), "-"]))
    names = [Path(f).name if isinstance(f, Path) else f for f in found]
    assert names[:4] == ["three.JSON", "two.html", "one.txt", "four.md"]  # sorted by path
    assert isinstance(found[4], ReadFailure) and found[4].reason == "no such file or folder"
    assert isinstance(found[5], ReadFailure) and found[5].reason == "no file matches this pattern"
    assert found[6] == "-"

"""manage.py extract and load_articles read a file the same way, and store what the extractor finds (issue 12, item 3).

Header blocks, front matter, HTML and JSON give the same title, publication date and event in both commands; the
header line is metadata, never the title or the event's sentence; organization kinds are stored as found.
"""
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from events.extract.pipeline import extract
from events.ingest.extraction import organization_kind
from events.models import Article, Country, Event, Organization

from .articles import ARTICLES, article

pytestmark = pytest.mark.django_db

TITLE, BODY = ARTICLES[0]


@pytest.fixture(autouse=True)
def one_country():
    Country.objects.create(code="MA", name_ar="المغرب", name_fr="Maroc", name_en="Morocco")


FILES = {
    "header.txt": f"العنوان: {TITLE}\nالتاريخ: 2024-10-13\nالمصدر: هسبريس\n\n{BODY}\n",
    "english-header.txt": f"Title: {TITLE}\nDate: 2024-10-13\nSource: Hespress\n\n{BODY}\n",
    "front.md": f"---\ntitle: \"{TITLE}\"\ndate: 2024-10-13\nsource: هسبريس\n---\n\n{BODY}\n",
    "page.html": (f"<html><head><meta charset=\"utf-8\"><title>{TITLE}</title>"
                  "<meta property=\"article:published_time\" content=\"2024-10-13\"></head><body>"
                  f"<nav><a href=\"/\">الرئيسية</a></nav><article><h1>{TITLE}</h1>"
                  + "".join(f"<p>{p}</p>" for p in BODY.splitlines()) + "</article></body></html>"),
    "record.json": json.dumps({"title": TITLE, "text": BODY, "published": "2024-10-13", "source": "هسبريس"},
                              ensure_ascii=False),
}


def extract_command(path: Path, *options) -> tuple[str, str]:
    """Return (the json output, the text output) of manage.py extract on one file."""
    outputs = []
    for fmt in ("json", "text"):
        out = io.StringIO()
        call_command("extract", str(path), "--format", fmt, *options, stdout=out, stderr=io.StringIO())
        outputs.append(out.getvalue())
    return outputs[0], outputs[1]


@pytest.mark.parametrize("name", list(FILES))
def test_extract_and_load_read_the_same_title_date_and_event(tmp_path, name):
    path = tmp_path / name
    path.write_text(FILES[name], encoding="utf-8")
    as_json, as_text = extract_command(path)
    [record] = json.loads(as_json)
    lines = as_text.splitlines()
    out = io.StringIO()
    call_command("load_articles", str(path), stdout=out, stderr=io.StringIO())
    assert "1 new" in out.getvalue(), out.getvalue()
    stored = Article.objects.get()
    assert f"title: {stored.title}" in lines
    assert stored.title == TITLE  # not "العنوان: …"
    assert record["published"] == str(stored.published) == "2024-10-13"
    for line in lines:
        assert "العنوان:" not in line and "Title:" not in line and "المصدر:" not in line, line
    event = Event.objects.get()
    assert record["event"]["title"] == event.title
    assert record["event"]["start"] == str(event.start_date)
    assert record["article"] == path.stem
    assert "العنوان" not in stored.body and BODY.splitlines()[-1] in stored.body


def test_published_option_fills_only_what_the_file_and_text_do_not_say(tmp_path):
    undated = tmp_path / "undated.txt"
    undated.write_text("منتدى للتعاونيات\n\nنظمت جمعية الأمل منتدى للتعاونيات بمدينة فاس.\n", encoding="utf-8")
    dated = tmp_path / "dated.txt"
    dated.write_text(f"العنوان: {TITLE}\nالتاريخ: 2024-10-13\n\n{BODY}\n", encoding="utf-8")
    line = tmp_path / "dateline.txt"
    line.write_text(f"{ARTICLES[1][0]}\n\nالخميس 5 دجنبر 2024\n\n{ARTICLES[1][1]}\n", encoding="utf-8")
    records = {}
    for path in (undated, dated, line):
        [records[path.stem]] = json.loads(extract_command(path, "--published", "2025-01-02")[0])
    call_command("load_articles", str(tmp_path), "--published", "2025-01-02", stdout=io.StringIO())
    stored = {Path(a.file_name).stem: str(a.published) for a in Article.objects.all()}
    assert stored == {"undated": "2025-01-02", "dated": "2024-10-13", "dateline": "2024-12-05"}
    assert {k: r["published"] for k, r in records.items()} == stored


def test_a_file_extract_cannot_read_is_named_and_the_others_still_print(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(article(0), encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("extract", str(bad), str(good), stdout=out, stderr=err)
    assert exit_.value.code == 1
    assert f"{bad}: binary file" in err.getvalue()
    assert [r["article"] for r in json.loads(out.getvalue())] == ["good"]


@pytest.mark.parametrize("label, value", [("public agency", "public_agency"), ("local authority", "local_authority"),
                                          ("international organization", "international"),
                                          ("political group", "political_group"), ("ministry", "ministry"),
                                          ("public_agency", "public_agency"), ("", "other"), (None, "other")])
def test_organization_kind_values(label, value):
    assert organization_kind(label) == value


def test_organization_kinds_are_stored_not_turned_into_other(tmp_path):
    for i in range(len(ARTICLES)):
        (tmp_path / f"{i}.txt").write_text(article(i), encoding="utf-8")
    call_command("load_articles", str(tmp_path), "--jobs", "1", stdout=io.StringIO())
    found = {o.name: organization_kind(o.kind) for i in range(len(ARTICLES)) for o in extract(article(i)).organizations}
    assert {"public_agency", "local_authority", "international"} <= set(found.values())
    stored = dict(Organization.objects.values_list("name", "kind"))
    for name, kind in found.items():
        assert stored[name] == kind, name
    # A catalogue loaded before this fix has them as "other": re-extraction (--update) gives them their kind.
    Organization.objects.update(kind=Organization.Kind.OTHER)
    Article.objects.update(extractor_version="0")
    call_command("load_articles", "--update", stdout=io.StringIO())
    assert dict(Organization.objects.values_list("name", "kind")) == stored
    # A curated kind stays as the curator set it.
    curated = Organization.objects.filter(kind="public_agency").first()
    curated.kind, curated.curated = Organization.Kind.OTHER, True
    curated.save()
    Article.objects.update(extractor_version="0")
    call_command("load_articles", "--update", stdout=io.StringIO())
    curated.refresh_from_db()
    assert curated.kind == Organization.Kind.OTHER

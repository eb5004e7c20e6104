"""Property tests of the readers (issue 13): generated front matter, JSON records and bytes never raise.

Whatever the file holds, parse_bytes returns articles or failures: no exception escapes, every failure is a
reason naming the file (or one record of it), and every article is text the database stores the same way on
SQLite and PostgreSQL: no control character, a usable date or none, an http(s) address or none, bounded length.
"""
from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from events.ingest.extraction import check_published
from events.ingest.readers import MAX_TEXT_CHARS, RawArticle, ReadFailure, parse_bytes, shown
from tests.hardening.hostile import billion_laughs, good_text
from tests.hardening.strategies import hostile_text

PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.data_too_large])
NAME = "articles/odd file.txt"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl", ""]

KEYS = st.sampled_from(["title", "date", "published", "source", "url", "link", "العنوان", "التاريخ", "المصدر",
                        "headline", "body", "text", "tags", "<<", "? x", "- a", "&anchor x", "*alias"])
YAML_VALUES = st.one_of(
    hostile_text().map(lambda t: t[:80]),
    st.sampled_from(["2025-02-30", "2024-03-12T25:61:00+99:00", "9999-12-31", "0001-01-01", "2025-02-08",
                     "2025-02-08 10:00", "yes", "no", "~", "null", "[1, [2, [3]]]", "{a: {b: c}}", "&a [x, *a]",
                     "*a", "!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", "'quoted'", '"a\\0b"',
                     "|\n  block\n  text", ">-\n  folded", "- one\n- two", ": :", "---", "...", "%YAML 1.1",
                     "السبت 08 فبراير 2025", "08/02/2025", "31/02/2025", "\t", "\u202e", "\x00"]),
)
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile_text(),
                         st.sampled_from(["2025-02-30", "9999-12-31", "2025-02-08T10:00:00Z", "\u0000", "\ud800"]))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=8), inner, max_size=3), max_leaves=8)
RECORD_KEYS = st.sampled_from(["title", "headline", "text", "body", "content", "url", "link", "published", "date",
                               "published_at", "source", "site", "other"])


def front_matter(pairs: list[tuple[str, str]], body: str) -> str:
    lines = "\n".join(f"{k}: {v}" for k, v in pairs)
    return f"---\n{lines}\n---\n\n{body}\n"


def check(items: list, name: str) -> None:
    assert isinstance(items, list) and items
    for item in items:
        assert isinstance(item, RawArticle | ReadFailure), item
        assert item.name == name or item.name.startswith((f"{name}:", f"{name}[")), item.name
        if isinstance(item, ReadFailure):
            assert isinstance(item.reason, str) and item.reason.strip()
            assert "\n" not in shown(f"{item.name}: {item.reason}")
            continue
        assert item.text.strip() and len(item.text) <= MAX_TEXT_CHARS
        for value in (item.text, item.title, item.source, item.url, item.published):
            assert value is None or (isinstance(value, str) and not CONTROL.search(value)), repr(value)
        assert item.url is None or re.match(r"https?://", item.url)
        if item.published is not None:
            assert check_published(item.published) == (item.published, None), item.published
        assert all(isinstance(w, str) and w for w in item.warnings)
        for value in (item.title, item.source):
            assert value is None or not (value.startswith(("[", "{")) and value.endswith(("]", "}"))
                                         and ("'" in value or ":" in value)), value  # never a Python repr


@PROPS
@given(pairs=st.lists(st.tuples(KEYS, YAML_VALUES), max_size=8), body=hostile_text())
@example(pairs=[("title", "&a [x, *a]"), ("date", "2025-02-30")], body=good_text(1)[1])
@example(pairs=[("date", "2024-03-12T25:61:00+99:00"), ("source", "yes")], body=good_text(2)[1])
def test_generated_front_matter(pairs, body):
    for suffix in (".md", ".txt"):
        name = NAME.replace(".txt", suffix)
        check(parse_bytes(front_matter(pairs, body).encode("utf-8", "surrogatepass"), name=name, suffix=suffix),
              name)


def test_alias_bombs_are_refused_fast():
    import time

    for levels in (6, 8, 9, 12):
        started = time.perf_counter()
        [failure] = parse_bytes(billion_laughs(levels).encode(), name="laughs.md", suffix=".md")
        assert isinstance(failure, ReadFailure) and "YAML aliases" in failure.reason
        assert time.perf_counter() - started < 2


@PROPS
@given(records=st.lists(st.dictionaries(RECORD_KEYS, JSON_VALUES, max_size=6), min_size=1, max_size=4),
       as_lines=st.booleans(), one=st.booleans())
@example(records=[{"title": ["a", "b"], "source": True, "text": "نص المقال " * 5}], as_lines=False, one=True)
@example(records=[{"title": "عنوان\u0000", "text": "نص\u0000 المقال " * 5, "published": "9999-12-31"}],
         as_lines=True, one=False)
def test_generated_json_records(records, as_lines, one):
    if as_lines:
        name, suffix = "feed.jsonl", ".jsonl"
        data = "\n".join(json.dumps(r, ensure_ascii=bool(len(r) % 2)) for r in records)
    else:
        name, suffix = "feed.json", ".json"
        data = json.dumps(records[0] if one else records)
    check(parse_bytes(data.encode("utf-8", "surrogatepass"), name=name, suffix=suffix), name)


@PROPS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES), head=st.booleans())
@example(data=b"\xff\xfe" + "نص عربي".encode("utf-16-be") * 20, suffix=".txt", head=False)
@example(data=b"---\ndate: 2025-02-30\n---\n" + "نص المقال ".encode() * 10, suffix=".txt", head=False)
@example(data="نص المقال ".encode() * 10 + "ن".encode()[:1], suffix=".txt", head=True)
def test_generated_bytes(data, suffix, head):
    """head: the bytes are the head of a longer file (cut anywhere, even inside a character)."""
    name = f"in/file{suffix}"
    items = parse_bytes(data, name=name, suffix=suffix, size=len(data) * 3 if head else None)
    check(items, name)
    if head and isinstance(items[0], RawArticle) and suffix != ".json":
        assert any("cut to its first" in w for w in items[0].warnings)


@PROPS
@given(text=hostile_text(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                                      "cp1256", "latin-1"]),
       suffix=st.sampled_from(SUFFIXES))
def test_generated_text_in_every_encoding(text, encoding, suffix):
    data = text.encode(encoding, errors="replace")
    name = f"in/text{suffix}"
    check(parse_bytes(data, name=name, suffix=suffix), name)

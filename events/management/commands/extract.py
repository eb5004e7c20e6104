"""manage.py extract FILE... : print what the extractor finds in article files, without touching the database.

Files are read exactly as load_articles reads them (events.ingest.readers): the same encodings, header blocks
("العنوان:"، "المصدر:" …), front matter, HTML main text, JSON records, size and text bounds; the same publication
date rule (the file's metadata, else the text's date line, else --published). So what this command prints is what
loading the file would store.
"""
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.extract.record import to_record
from events.extract.types import Extraction
from events.ingest import extraction, readers
from events.ingest.readers import shown


class Command(BaseCommand):
    help = ("Run the extractor on article files (.txt, .md, .html, .json, .jsonl, read as load_articles reads them) "
            "and print one record per article (the article id is the file name without its extension). Reads no "
            "database and writes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="article files; - for standard input")
        parser.add_argument("--format", choices=("json", "text"), default="json",
                            help="json: a list of schema records (default); text: a readable summary with sources")
        parser.add_argument("--published", help="publication date for articles whose file and text give none "
                                                "(YYYY-MM-DD)")
        parser.add_argument("--max-size", default="5MB", help="skip files larger than this (default 5MB)")

    def handle(self, *args, files, format, published, max_size="5MB", **options):
        from events.management.commands.load_articles import _size

        if published:
            value, refused = extraction.check_published(published)
            if extraction.parse_date(published) is None or refused:
                raise CommandError(f"--published {published!r}: give the date as YYYY-MM-DD"
                                   + (f" ({refused})" if refused else ""))
            published = value
        limit = _size(max_size)
        records = []
        failed = 0
        for name in files:
            for article_id, item in _articles(name, limit):
                if isinstance(item, readers.ReadFailure):
                    failed += 1
                    self.stderr.write(f"{shown(item.name)}: {shown(item.reason)}")
                    continue
                for what in item.warnings:
                    self.stderr.write(f"{shown(item.name)}: warning: {shown(what)}")
                try:
                    _date, ex = extraction.extract_dated(item.text, published=item.published, default=published,
                                                         title=item.title)
                except Exception as exc:  # noqa: BLE001 - one article fails alone, as in load_articles
                    failed += 1
                    self.stderr.write(f"{shown(item.name)}: {type(exc).__name__}: {exc}")
                    continue
                if format == "json":
                    records.append(to_record(ex, article_id))
                else:
                    self.stdout.write(_summary(ex, article_id))
        if format == "json":
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
        if failed:
            sys.exit(1)


def _articles(name: str, max_size: int):
    """Yield (article id, RawArticle or ReadFailure) for one named file: one per record of a JSON file."""
    if name == readers.STDIN:
        items, stem = readers.read_stdin(max_size=max_size), "stdin"
    else:
        path = Path(name)
        if not path.is_file():
            failure = next(iter(readers.expand([name])), None)
            reason = failure.reason if isinstance(failure, readers.ReadFailure) else "not a regular file"
            yield path.stem, readers.ReadFailure(name, reason)
            return
        items, stem = readers.read_path(path, max_size=max_size), path.stem
    for item in items:
        # A JSON file of several records names each "file.json[2]" or "file.jsonl:3": the id keeps that suffix.
        suffix = item.name[len(name):] if item.name.startswith(name) else ""
        yield f"{stem}{suffix}", item


def _summary(ex: Extraction, article: str) -> str:
    """Return a readable report: every item with the sentence it came from."""

    def source(sentence_index) -> str:
        if sentence_index is None or not 0 <= sentence_index < len(ex.sentences):
            return ""
        return f"\n      ↳ {ex.sentences[sentence_index].text}"

    lines = [f"== {shown(article)}", f"title: {ex.title or '—'}",
             f"published: {ex.published.iso() if ex.published else '—'}"]
    ev = ex.event
    if ev is None:
        lines.append("event: none")
    else:
        lines.append(f"event: {ev.title} [{ev.kind}] {ev.start.iso() if ev.start else '?'}"
                     f"{' → ' + ev.end.iso() if ev.end else ''} @ {ev.city or '?'}, {ev.country or '?'}"
                     f"{' (edition ' + str(ev.edition) + ')' if ev.edition else ''}{source(ev.sentence)}")
    lines.append("organizations:")
    for o in ex.organizations:
        aliases = f" (also: {', '.join(o.aliases)})" if o.aliases else ""
        lines.append(f"  - {o.name} [{o.kind}]{aliases}{source(o.sentence)}")
    lines.append("persons:")
    for p in ex.persons:
        lines.append(f"  - {p.name} — {p.role or 'no role'}{source(p.sentence)}")
    lines.append(f"countries: {', '.join(sorted({c.code for c in ex.countries})) or '—'}")
    lines.append("figures:")
    for f in ex.figures:
        lines.append(f"  - {f.value:g} {f.unit}{source(f.sentence)}")
    return "\n".join(lines) + "\n"

"""manage.py extract FILE... : print what the extractor finds in article files, without touching the database."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.extract.pipeline import extract
from events.extract.record import to_record
from events.extract.types import Extraction


class Command(BaseCommand):
    help = ("Run the extractor on UTF-8 article files and print one record per article (the article id is the file "
            "name without its extension). Reads no database and writes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="UTF-8 text files, one article each")
        parser.add_argument("--format", choices=("json", "text"), default="json",
                            help="json: a list of schema records (default); text: a readable summary with sources")
        parser.add_argument("--published", help="publication date for articles that do not state one (YYYY-MM-DD)")

    def handle(self, *args, files, format, published, **options):
        if published:
            _check_date(published)
        records = []
        for name in files:
            path = Path(name)
            text = _read(path)
            extraction = extract(text, published=None if _states_date(text) else published)
            if format == "json":
                records.append(to_record(extraction, path.stem))
            else:
                self.stdout.write(_summary(extraction, path.stem))
        if format == "json":
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))


def _check_date(value: str) -> None:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published {value!r}: give the date as YYYY-MM-DD") from None


def _states_date(text: str) -> bool:
    from events.extract.clean import clean
    from events.extract.dates import find_published

    return find_published(clean(text).text) is not None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); convert it to UTF-8") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot read it ({exc.strerror})") from None


def _summary(ex: Extraction, article: str) -> str:
    """Return a readable report: every item with the sentence it came from."""

    def source(sentence_index) -> str:
        if sentence_index is None or not 0 <= sentence_index < len(ex.sentences):
            return ""
        return f"\n      ↳ {ex.sentences[sentence_index].text}"

    lines = [f"== {article}", f"title: {ex.title or '—'}",
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

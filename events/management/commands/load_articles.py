import os
import re
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.ingest import readers
from events.ingest.extraction import DEFAULT_TIME_LIMIT, check_published, parse_date
from events.ingest.readers import shown
from events.ingest.run import load

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.I)


def _size(value: str) -> int:
    m = _SIZE.match(value)
    if not m:
        raise CommandError(f"--max-size {value!r}: give a size such as 5MB, 500KB or a number of bytes")
    return int(float(m.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2).lower()])


class Command(BaseCommand):
    help = ("Load news articles (.txt, .md, .html, .htm, .json, .jsonl files, folders, glob patterns, or - for "
            "standard input) into the catalogue. Safe to repeat: duplicates are skipped, curated data is kept.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="files, folders (recursive), quoted glob patterns, or -")
        parser.add_argument("--published", help="publication date for articles whose file and text give none "
                                                "(YYYY-MM-DD)")
        parser.add_argument("--source", help="source name (news site) for articles that do not give one")
        parser.add_argument("--url", help="URL of the article (only with a single file)")
        parser.add_argument("--dry-run", action="store_true", help="extract and report, write nothing")
        parser.add_argument("--update", action="store_true",
                            help="re-extract articles loaded by an older extractor version (all of them if no path)")
        parser.add_argument("--strict", action="store_true", help="exit with status 1 if anything failed")
        parser.add_argument("--max-size", default="5MB", help="skip files larger than this (default 5MB)")
        parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                            help="extraction worker processes (default: one per CPU; 1 extracts in this process)")
        parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                            help=f"seconds one article's extraction may take before it fails alone (default "
                                 f"{DEFAULT_TIME_LIMIT:g}; 0: no limit)")
        parser.add_argument("--durable", action="store_true",
                            help="on PostgreSQL, wait for every article's commit to reach the disk (slower; by "
                                 "default a database server crash may lose the last second of loaded articles, "
                                 "which a rerun loads again)")

    def handle(self, *args, paths, published, source, url, dry_run, update, strict, max_size, jobs, durable=False,
               time_limit=DEFAULT_TIME_LIMIT, **options):
        if not paths and not update:
            raise CommandError("Name at least one file, folder or glob pattern, or - for standard input.")
        if published:
            value, refused = check_published(published)
            if parse_date(published) is None:
                raise CommandError(f"--published {published!r}: give the date as YYYY-MM-DD")
            if refused:
                raise CommandError(f"--published: {refused}; give a date as YYYY-MM-DD")
            published = value
        if url and (len(paths) != 1 or not (paths[0] == readers.STDIN or Path(paths[0]).is_file())):
            raise CommandError("--url names one article: use it with a single file (or -), not a folder or pattern.")
        report = load(paths, published=published, source=source, url=url, update=update, dry_run=dry_run,
                      max_size=_size(max_size), progress=self._progress, jobs=max(1, jobs),
                      durable=durable, time_limit=time_limit or None)
        self._summary(report, dry_run)
        if strict and report.failed:
            sys.exit(1)

    def _progress(self, items):
        if not self.stderr.isatty():
            return items
        from tqdm import tqdm

        return tqdm(items, unit="file", desc="loading", file=self.stderr._out, leave=False)

    def _summary(self, r, dry_run):
        prefix = "Dry run, nothing written. " if dry_run else ""
        self.stdout.write(
            f"{prefix}Files read: {r.files}. Articles: {r.new} new, {r.duplicate} duplicate, {r.updated} updated, "
            f"{r.failed} failed. New: {r.events} events, {r.organizations} organizations, {r.persons} persons, "
            f"{r.figures} figures, {r.places} places; {r.candidates} likely duplicates to review."
        )
        # Names are printed escaped: a file name holding a line break or a bidi override must not forge a line.
        if r.warnings:
            self.stdout.write("Loaded with warnings:")
            for name, what in r.warnings:
                self.stdout.write(f"  {shown(name)}: {shown(what)}")
        if r.failures:
            self.stdout.write("Failed:")
            for name, reason in r.failures:
                self.stdout.write(f"  {shown(name)}: {shown(reason)}")


"""Benchmark load_articles end to end: N generated articles loaded into a throwaway database.

The articles are realistic SSE news by default (events.synthetic_articles: thousands of distinct organizations and
persons, Zipf-skewed, with spelling variants); --corpus DIR recombines the sentences of sample articles instead, as
the benchmark of the first sessions did (4 headlines and 55 sentences of fixtures/articles: 26 organizations).
"""
import cProfile
import io
import os
import pstats
import random
import resource
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from events.extract.clean import clean
from events.extract.text import split_sentences
from events.ingest import extraction, readers
from events.ingest.extraction import DEFAULT_TIME_LIMIT, warm_up
from events.ingest.run import load
from events.models import Event, Organization, Person
from events.synthetic_articles import Corpus

# What issue 13 allows one file, whatever it holds: the --hostile report flags a file beyond either.
HOSTILE_SECONDS = 10
HOSTILE_MEGABYTES = 300

SAMPLE_ARTICLES = Path(settings.BASE_DIR) / "fixtures" / "articles"


class Command(BaseCommand):
    help = ("Write N realistic articles (or recombine the sentences of sample articles: --corpus), load them with "
            "load_articles into a throwaway database (the configured engine, never its data) and print articles/s, "
            "CPU per process, peak memory and the records stored.")

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--corpus", nargs="*", metavar="DIR",
                            help="recombine the sentences of the .txt articles of these folders instead of writing "
                                 f"realistic articles (no folder: {SAMPLE_ARTICLES.relative_to(settings.BASE_DIR)})")
        parser.add_argument("--extract-only", action="store_true",
                            help="also time extraction alone on the same articles in this process (one core)")
        parser.add_argument("--catalogue", type=int, default=0,
                            help="first fill the database with this many synthetic events (seed_synthetic)")
        parser.add_argument("--seed", type=int, default=4, help="seed of the articles (and of the catalogue)")
        parser.add_argument("--keepdb", action="store_true",
                            help="keep the benchmark database (and its seeded catalogue) for the next run; use "
                                 "another --seed then, or the articles are duplicates")
        parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="extraction worker processes")
        parser.add_argument("--durable", action="store_true",
                            help="wait for every commit to reach the disk (load_articles --durable)")
        parser.add_argument("--hostile", metavar="DIR",
                            help="instead: load the files of DIR one at a time (one extraction process) and print, "
                                 "per file, the outcome, the time and the peak memory growth of the loader")
        parser.add_argument("--max-size", default="5MB", help="with --hostile: load_articles --max-size")
        parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT,
                            help="with --hostile: load_articles --time-limit")
        parser.add_argument("--profile", type=int, default=0, metavar="N",
                            help="profile this process (reading and database; extraction runs in the workers) with "
                                 "cProfile and print the N most expensive functions")

    def handle(self, *args, articles, catalogue, seed, profile, jobs, keepdb, corpus=None, durable=False,
               hostile=None, max_size="5MB", time_limit=DEFAULT_TIME_LIMIT, extract_only=False, **options):
        settings.DEBUG = False  # with DEBUG, Django keeps every query for inspection: that would be measured too
        if hostile:
            from events.management.commands.load_articles import _size

            if not Path(hostile).is_dir():
                raise CommandError(f"--hostile {hostile!r}: not a folder")
            limit = _size(max_size)

            def run(tmp):
                self._hostile(Path(hostile), limit, time_limit or None)
        else:
            if corpus is None:
                writer = _realistic(articles, seed)
            else:
                writer = _recombined(corpus or [str(SAMPLE_ARTICLES)], articles, seed)

            def run(tmp):
                self._run(tmp, articles, writer, catalogue, seed, profile, jobs, durable, extract_only)
        warm_up()  # import and load the whole extractor now: one consistent version for the whole run
        old_name = connection.settings_dict["NAME"]
        with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
            if connection.vendor == "sqlite":
                # A file, as in production, rather than the in-memory database tests use.
                connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(tmp) / "bench.sqlite3")
                if keepdb:
                    connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.gettempdir()) / "marsad-bench.sqlite3")
            connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keepdb)
            try:
                run(Path(tmp))
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keepdb)

    def _run(self, tmp: Path, n, writer, catalogue, seed, profile, jobs, durable=False, extract_only=False):
        if catalogue and Event.objects.count() < catalogue:
            started = time.perf_counter()
            call_command("seed_synthetic", events=catalogue, seed=seed, verbosity=0, stdout=io.StringIO())
            from events.services import reindex_names

            reindex_names()
            self.stdout.write(f"catalogue: {Event.objects.count()} events in {time.perf_counter() - started:.0f} s")
        call_command("load_gazetteers", verbosity=0, stdout=io.StringIO())  # once per database, not per load
        folder = tmp / "articles"
        folder.mkdir()
        size = 0
        described, texts = writer
        for name, text in texts:
            size += len(text.encode("utf-8"))
            (folder / name).write_text(text, encoding="utf-8")
        before = (Event.objects.count(), Organization.objects.count(), Person.objects.count())
        self.stdout.write(f"{connection.vendor}{' (--durable)' if durable else ''}: loading {n} articles "
                          f"({size / n / 1024:.1f} KB on average) {described}; load average {_load_average()}")
        if extract_only:
            self._extract_only(folder)
        server = _server_cpu()
        profiler = cProfile.Profile() if profile else None
        started, cpu = time.perf_counter(), time.process_time()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        if profiler:
            profiler.enable()
        report = load([str(folder)], jobs=jobs, durable=durable)
        if profiler:
            profiler.disable()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
        server_cpu = _server_cpu() - server if server is not None else None
        loaded = report.new + report.duplicate
        after = (Event.objects.count(), Organization.objects.count(), Person.objects.count())
        database = f", {server_cpu:.1f} s in the PostgreSQL server process" if server_cpu is not None else ""
        per_article = 1000 * (cpu + (server_cpu or 0)) / max(loaded, 1)
        self.stdout.write(
            f"{loaded} articles in {elapsed:.1f} s: {loaded / elapsed:.0f} articles/s end to end; "
            f"peak memory {peak:.0f} MB (this process; each worker is a fork of it); load average {_load_average()}\n"
            f"CPU: {cpu:.1f} s in this process (reading, duplicates, database){database}, {workers_cpu:.1f} s in "
            f"{jobs} extraction workers; {loaded / (cpu + workers_cpu + (server_cpu or 0)):.0f} articles per "
            f"CPU-second; storing {per_article:.2f} ms of CPU per article (this process"
            f"{' and the server' if server_cpu is not None else ''})\n"
            f"new {report.new}, duplicate {report.duplicate}, failed {report.failed}; created {report.events} events, "
            f"{report.organizations} organizations, {report.persons} persons, {report.figures} figures\n"
            f"stored: {after[0]} events, {after[1]} organizations, {after[2]} persons "
            f"({after[0] - before[0]}, {after[1] - before[1]} and {after[2] - before[2]} of them new)"
        )
        for name, reason in report.failures[:5]:
            self.stdout.write(f"  failed {name}: {reason}")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(profile)
            self.stdout.write(out.getvalue())


    def _extract_only(self, folder: Path) -> None:
        """Time extraction alone on the benchmark's articles, in this process: the rate one core gives."""
        items = [item for path in sorted(folder.iterdir()) for item in readers.read_path(path)
                 if not isinstance(item, readers.ReadFailure)]
        found = [0, 0, 0]
        started = time.process_time()
        for item in items:
            _, ex = extraction.extract_dated(item.text, published=item.published, default=None, title=item.title)
            found[0] += ex.event is not None
            found[1] += len(ex.organizations)
            found[2] += len(ex.persons)
        spent = time.process_time() - started
        self.stdout.write(f"extraction alone: {len(items)} articles in {spent:.1f} CPU-s, {len(items) / spent:.0f} "
                          f"articles/s on one core ({1000 * spent / len(items):.2f} ms each); found an event in "
                          f"{found[0]}, {found[1] / len(items):.1f} organizations and {found[2] / len(items):.1f} "
                          f"persons per article; load average {_load_average()}")

    def _hostile(self, folder: Path, max_size: int, time_limit: float | None) -> None:
        """Load each file of folder alone and print its outcome, its time and the loader's peak memory growth.

        Everything runs in this process (one extraction process, as load_articles --jobs 1), so the peak resident
        memory measured here is the whole cost of the file: the kernel's high-water mark (VmHWM) is reset to the
        current size before each file (/proc/self/clear_refs), then read after it.
        """
        call_command("load_gazetteers", verbosity=0, stdout=io.StringIO())
        exact = _reset_peak()
        self.stdout.write(f"{connection.vendor}: each file of {folder} loaded alone (max size {max_size / 2**20:.0f} MB, "
                          f"time limit {time_limit or 'none'} s); memory: peak growth of this process"
                          f"{'' if exact else ' (approximate: cannot reset the peak, so only new peaks count)'}")
        self.stdout.write(f"{'seconds':>8} {'+MB':>6}  outcome  file: detail")
        rows = []
        for target in readers.expand([str(folder)]):
            if isinstance(target, readers.ReadFailure):
                rows.append((0.0, 0.0, "failed", target.name, target.reason))
                self.stdout.write(f"{0:8.2f} {0:6.0f}  failed   {readers.shown(target.name)}: "
                                  f"{readers.shown(target.reason)}")
                continue
            _reset_peak()
            before = _memory()["VmRSS"]
            started = time.perf_counter()
            report = load([str(target)], jobs=1, max_size=max_size, time_limit=time_limit)
            elapsed = time.perf_counter() - started
            growth = max(_memory()["VmHWM"] - before, 0) / 1024
            if report.failures:
                outcome, detail = "failed", "; ".join(reason for _, reason in report.failures)
            elif report.warnings:
                outcome, detail = "warned", "; ".join(what for _, what in report.warnings)
            else:
                outcome = "new" if report.new else "duplicate" if report.duplicate else "nothing"
                detail = f"{report.events} events, {report.figures} figures"
            rows.append((elapsed, growth, outcome, str(target), detail))
            self.stdout.write(f"{elapsed:8.2f} {growth:6.0f}  {outcome:8} {readers.shown(str(target))}: "
                              f"{readers.shown(detail)[:160]}")
        if not rows:
            return
        slowest = max(rows, key=lambda r: r[0])
        largest = max(rows, key=lambda r: r[1])
        over = [r for r in rows if r[0] > HOSTILE_SECONDS or r[1] > HOSTILE_MEGABYTES]
        self.stdout.write(
            f"{len(rows)} files: {sum(r[2] in ('new', 'warned') for r in rows)} loaded "
            f"({sum(r[2] == 'warned' for r in rows)} with warnings), {sum(r[2] == 'failed' for r in rows)} failed; "
            f"slowest {slowest[0]:.2f} s ({readers.shown(Path(slowest[3]).name)}), largest memory growth "
            f"{largest[1]:.0f} MB ({readers.shown(Path(largest[3]).name)}); "
            f"{len(over)} over {HOSTILE_SECONDS} s or {HOSTILE_MEGABYTES} MB")


def _memory() -> dict[str, int]:
    """VmRSS and VmHWM of this process in kB (Linux); ru_maxrss for both elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return {k: int(v.split()[0]) for k, v in (line.split(":", 1) for line in status) if k in ("VmRSS", "VmHWM")}
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return {"VmRSS": peak, "VmHWM": peak}


def _reset_peak() -> bool:
    """Reset the process's peak resident memory to its current size; False where the kernel does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def _load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _server_cpu() -> float | None:
    """CPU seconds the PostgreSQL backend of this connection has used, when it runs on this machine (/proc)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # a server on another machine
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime and stime


def _realistic(n: int, seed: int):
    corpus = Corpus(n, seed)
    return (f"written from templates with {len(corpus.bodies)} organizations and {len(corpus.officials)} persons "
            f"to draw from (seed {seed})", corpus.articles())


def _recombined(folders: list[str], n: int, seed: int):
    headlines, sentences = _material(folders)
    if len(sentences) < 20:
        raise CommandError(f"too few sentences in {folders}: give a --corpus with more articles")

    def texts():
        rng = random.Random(seed)
        for i in range(n):
            body = rng.sample(sentences, rng.randint(8, 16))
            yield f"{i:05d}.txt", f"{rng.choice(headlines)}\n\n" + "\n".join(body) + "\n"

    return f"recombined from {len(headlines)} headlines and {len(sentences)} sentences", texts()


def _material(folders: list[str]) -> tuple[list[str], list[str]]:
    """Return the headlines and the body sentences of every .txt article in the folders."""
    headlines: list[str] = []
    sentences: list[str] = []
    for folder in folders:
        for path in sorted(Path(folder).glob("*.txt")):
            cleaned = clean(path.read_text(encoding="utf-8"))
            if cleaned.title:
                headlines.append(cleaned.title)
            for s in split_sentences(cleaned.text):
                text = s.text.strip()
                if text != cleaned.title and len(text.split()) >= 5:
                    sentences.append(text)
    return headlines or sentences[:10], sentences

"""Browse benchmark (issue 6): the app under gunicorn on 127.0.0.1, timed page by page, beside Datasette.

Prints p50/p95 latency and requests per second for each scenario (list, every single filter, a four-filter
combination, searches, detail pages, a 10,000-row CSV export), the query count of each page (measured
in-process), the worker's memory during the export, Datasette's four-facet table page against our faceted list
over the same events, and optionally a wrk load test (50 connections, mixed pages).
"""
from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events import models as m

EXPORT_ROWS = 10_000


def percentile(values: list[float], pct: float) -> float:
    """Return the nearest-rank percentile (pct in 0..100) of values; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil without floats drifting
    return ordered[int(rank) - 1]


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    wall: float = 0.0
    bytes: int = 0
    queries: int | None = None
    cold_ms: float = 0.0
    note: str = ""

    @property
    def ok(self) -> int:
        return self.statuses.get(200, 0)

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50) * 1000

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95) * 1000

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0


def run_requests(host: str, port: int, name: str, paths: list[str], total: int, concurrency: int = 1,
                 warmup: int = 1, timeout: float = 60.0) -> Result:
    """GET paths (round robin) total times from `concurrency` threads; record each full-response latency."""
    result = Result(name)
    lock = threading.Lock()
    counter = iter(range(total))

    def fetch(conn_box: list, path: str) -> tuple[int, int]:
        for attempt in range(2):  # a kept-alive connection the server closed is retried once on a fresh one
            if conn_box[0] is None:
                conn_box[0] = http.client.HTTPConnection(host, port, timeout=timeout)
            conn = conn_box[0]
            try:
                conn.request("GET", path, headers={"Accept-Language": "ar"})
                response = conn.getresponse()
                size = 0
                while chunk := response.read(65536):
                    size += len(chunk)
                if response.will_close:
                    conn.close()
                    conn_box[0] = None
                return response.status, size
            except (http.client.HTTPException, OSError):
                conn.close()
                conn_box[0] = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    for i in range(warmup):
        try:
            fetch([None], paths[i % len(paths)])
        except (http.client.HTTPException, OSError):
            pass

    def worker():
        box: list = [None]
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            started = time.perf_counter()
            try:
                status, size = fetch(box, paths[i % len(paths)])
            except (http.client.HTTPException, OSError):
                with lock:
                    result.errors += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies.append(elapsed)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                result.bytes += size
                if status >= 400:
                    result.errors += 1
        if box[0] is not None:
            box[0].close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, concurrency))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.wall = time.perf_counter() - started
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A subprocess serving HTTP on 127.0.0.1:port, stopped (process group) when the block ends."""

    def __init__(self, argv: list[str], port: int, ready_path: str, env: dict | None = None, log: Path | None = None):
        self.argv, self.port, self.ready_path, self.env, self.log = argv, port, ready_path, env, log
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        out = open(self.log, "wb") if self.log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(self.argv, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                        start_new_session=True, cwd=settings.BASE_DIR)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(f"{self.argv[0]} exited with {self.process.returncode}; see {self.log}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("GET", self.ready_path)
                if conn.getresponse().status < 500:
                    conn.close()
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise CommandError(f"{self.argv[0]} did not answer on port {self.port} within 60 s; see {self.log}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def children(self) -> list[int]:
        """Return the pids of the server's worker processes (Linux /proc)."""
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """Sample the resident memory of some processes every 10 ms; keep each one's peak."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.pids, self.stop = pids, threading.Event()
        self.start_rss = {pid: rss_kib(pid) for pid in pids}
        self.peak = dict(self.start_rss)

    def run(self):
        while not self.stop.is_set():
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], rss_kib(pid))
            time.sleep(0.01)

    def growth_mib(self) -> float:
        return max((self.peak[p] - self.start_rss[p] for p in self.pids), default=0) / 1024


def scenario_paths(rare_word: str | None = None, common_word: str = "الاقتصاد") -> dict[str, list[str]]:
    """Return name → URL paths, chosen from the data so every filter selects real, large result sets."""
    events = m.Event.objects.order_by()
    top = lambda qs, key: qs.values(key).annotate(n=Count("pk")).order_by("-n").first()  # noqa: E731
    year = top(events.filter(start_date__isnull=False).annotate(y=ExtractYear("start_date")), "y")
    city = top(events.filter(place__isnull=False).exclude(place__kind="region"), "place")
    region = top(events.filter(place__region__isnull=False), "place__region")
    country = top(events.filter(country__isnull=False), "country__code")
    kind = top(events, "kind")
    took_part = m.EventCountry.objects.values("country__code").annotate(n=Count("pk")).order_by("-n").first()
    org = m.EventOrganization.objects.values("organization").annotate(n=Count("pk")).order_by("-n").first()
    person = m.EventPerson.objects.values("person").annotate(n=Count("pk")).order_by("-n").first()
    if not (year and city and region and country and org and person):
        raise CommandError("The catalogue is too small to benchmark: run seed_synthetic first.")
    y = year["y"]
    if rare_word is None:
        # The surname of a person seen in one event: rare in the whole catalogue.
        lone = (m.EventPerson.objects.values("person").annotate(n=Count("pk")).filter(n=1)
                .order_by("person").values_list("person__name", flat=True).first())
        rare_word = (lone or "زعفران").split()[-1]
    q = lambda **params: "/?" + urlencode(params)  # noqa: E731
    slugs = list(events.order_by("?").values_list("slug", flat=True)[:50])
    export = _export_filter(events)
    paths = {
        "home": ["/"],
        "filter year": [q(year=y)],
        "filter date range": [q(date_from=f"{y}-03-01", date_to=f"{y}-09-30")],
        "filter kind": [q(kind=kind["kind"])],
        "filter organizer kind": [q(organizer_kind="ministry")],
        "filter region": [q(region=region["place__region"])],
        "filter city": [q(city=city["place"])],
        "filter country": [q(country=country["country__code"])],
        "filter took part": [q(took_part=took_part["country__code"])] if took_part else [],
        "filter organization": [q(organization=org["organization"])],
        "filter person": [q(person=person["person"])],
        "4 filters": [q(year=y, kind=kind["kind"], region=region["place__region"], organization=org["organization"])],
        "sort oldest": [q(sort="oldest")],
        "page 200": [q(page=200)],
        "search common": [q(q=common_word)],
        "search common + year": [q(q=common_word, year=y)],
        "search medium": [q(q="الزعفران")],  # a product: a few per cent of events, as most searches
        "search rare": [q(q=rare_word)],
        # Within one broad option, few enough matches to rank by relevance (a plan once took seconds here).
        "search medium + kind": [q(q="الزعفران", kind=kind["kind"])],
        "event page": [f"/events/{quote(s)}/" for s in slugs],
        "organization (top)": [f"/organizations/{org['organization']}/"],
        "person (top)": [f"/persons/{person['person']}/"],
        "place (top city)": [f"/places/{city['place']}/"],
        "country (top)": [f"/countries/{country['country__code']}/"],
        "figures": ["/figures/"],
        "timeline": ["/timeline/"],
        "map": ["/map/"],
        f"export csv ({export[1]} rows)": ["/export/events.csv?" + urlencode(export[0])],
    }
    # Public pages live under a language prefix: unprefixed addresses would time a redirect.
    return {name: [LANGUAGE_PREFIX + u for u in p] for name, p in paths.items() if p}


LANGUAGE_PREFIX = "/ar"


def _export_filter(events) -> tuple[dict, int]:
    """Return the year (or year and kind) filter whose result size is closest to EXPORT_ROWS."""
    options = [({"year": r["y"]}, r["n"]) for r in events.filter(start_date__isnull=False)
               .annotate(y=ExtractYear("start_date")).values("y").annotate(n=Count("pk"))]
    options += [({"kind": r["kind"]}, r["n"]) for r in events.values("kind").annotate(n=Count("pk"))]
    return min(options, key=lambda o: abs(o[1] - EXPORT_ROWS))


def count_queries(paths: dict[str, list[str]]) -> dict[str, tuple[int, list, float]]:
    """Return name → (queries, captured, seconds) for each scenario's first URL, rendered once in-process.

    The in-process render is a cold one: its cache is not the server's, so facet counts are computed.
    """
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ar")
    client.get(LANGUAGE_PREFIX + "/?page=2")  # imports, templates and translations loaded before anything is timed
    out = {}
    for name, urls in paths.items():
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(urls[0])
            if getattr(response, "streaming", False):
                for _ in response.streaming_content:
                    pass
        if response.status_code != 200:
            raise CommandError(f"{name}: {urls[0]} answered {response.status_code}")
        out[name] = (len(ctx.captured_queries), ctx.captured_queries, time.perf_counter() - started)
    return out


def build_datasette_db(path: Path) -> int:
    """Write the events with year, city, country and kind to a SQLite file for Datasette; return the row count."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, title TEXT, start_date TEXT, year INTEGER, "
               "city TEXT, country TEXT, kind TEXT)")
    rows = (m.Event.objects.order_by("pk")
            .values_list("pk", "title", "start_date", "place__name_ar", "country__name_ar", "kind")
            .iterator(chunk_size=5000))
    n = 0
    batch = []
    for pk, title, start, city, country, kind in rows:
        batch.append((pk, title, start.isoformat() if start else None, start.year if start else None, city,
                      country, kind))
        if len(batch) == 5000:
            db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
            n += len(batch)
            batch = []
    db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
    n += len(batch)
    # The same help our tables get: an index per faceted column.
    for column in ("year", "city", "country", "kind"):
        db.execute(f"CREATE INDEX events_{column} ON events ({column})")
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return n


WRK_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter * 7 + math.random(#paths)) %% #paths + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("WRK-JSON {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"bytes\\": %%d, "
    .. "\\"connect\\": %%d, \\"read\\": %%d, \\"write\\": %%d, \\"status\\": %%d, \\"timeout\\": %%d, "
    .. "\\"p50\\": %%d, \\"p95\\": %%d, \\"p99\\": %%d, \\"max\\": %%d}\\n",
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def load_mix(paths: dict[str, list[str]]) -> list[str]:
    """Return the load-test URL mix: 4 list pages, 3 searches, 3 detail pages, 1 small export in every 11."""
    lists = [p for n, ps in paths.items() if n.startswith(("home", "filter", "4 filters", "sort", "page")) for p in ps]
    # A word found in nearly every event is timed on its own above; users mostly search names and products.
    searches = [p for n, ps in paths.items() if n in ("search medium", "search rare", "search common + year") for p in ps]
    details = paths["event page"] + paths["organization (top)"] + paths["person (top)"] + paths["place (top city)"]
    # Exports in the mix are of a small filtered list: a 10,000-row export is timed on its own above.
    exports = [LANGUAGE_PREFIX + "/export/events.csv?" + p.split("?", 1)[1] for p in paths["4 filters"]]
    mix = []
    for i in range(max(len(lists), len(searches), len(details)) * 2):
        mix += [lists[i % len(lists)], lists[(i + 1) % len(lists)], lists[(i + 2) % len(lists)],
                lists[(i + 3) % len(lists)], searches[i % len(searches)], searches[(i + 1) % len(searches)],
                searches[(i + 2) % len(searches)], details[i % len(details)], details[(i + 5) % len(details)],
                details[(i + 11) % len(details)], exports[0]]
    return mix


def run_wrk(port: int, mix: list[str], seconds: int, connections: int, workdir: Path) -> dict:
    if not shutil.which("wrk"):
        raise CommandError("wrk is not installed (apt-get install -y wrk)")
    script = workdir / "mix.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in mix), encoding="utf-8")
    proc = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(script),
         f"http://127.0.0.1:{port}"], capture_output=True, text=True, timeout=seconds + 120,
    )
    found = re.search(r"WRK-JSON (\{.*\})", proc.stdout)
    if not found:
        raise CommandError(f"wrk failed: {proc.stdout}\n{proc.stderr}")
    stats = json.loads(found.group(1))
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    stats["errors"] = sum(stats[k] for k in ("connect", "read", "write", "status", "timeout"))
    stats["raw"] = proc.stdout
    return stats


class Command(BaseCommand):
    help = "Time the pages under gunicorn (gunicorn.conf.py) on 127.0.0.1, beside Datasette, and optionally load-test."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=40, help="timed requests per scenario")
        parser.add_argument("--export-requests", type=int, default=5)
        parser.add_argument("--concurrency", type=int, default=1, help="client threads per scenario")
        parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)")
        parser.add_argument("--worker-class", help="gunicorn worker class, e.g. sync or gthread (default: gunicorn.conf.py's)")
        parser.add_argument("--threads", type=int, help="threads per gthread worker (default: gunicorn.conf.py's)")
        parser.add_argument("--no-cache", action="store_true",
                            help="serve without any cache (DJANGO_CACHE_URL=off): every request is a first visit")
        parser.add_argument("--only", help="regular expression: run the scenarios whose names match")
        parser.add_argument("--datasette", action="store_true", help="time Datasette's four-facet page beside ours")
        parser.add_argument("--load", type=int, default=0, metavar="SECONDS", help="then run wrk for SECONDS")
        parser.add_argument("--connections", type=int, default=50, help="wrk connections (concurrent users)")
        parser.add_argument("--rare-word", help="the rare search word (default: a surname seen once)")
        parser.add_argument("--explain", type=int, default=0, metavar="N",
                            help="print EXPLAIN ANALYZE of the N slowest queries of the slowest pages")
        parser.add_argument("--json", help="also write the figures to this JSON file")

    def handle(self, *args, **opts):
        label = f"{connection.vendor}, {m.Event.objects.count()} events"
        server_options = self.gunicorn_options(opts)
        self.stdout.write(f"bench_web: {label}, gunicorn {server_options['label']}, "
                          f"cache {'off' if opts['no_cache'] else 'on'}, "
                          f"{opts['requests']} requests per scenario, concurrency {opts['concurrency']}, "
                          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        all_paths = paths = scenario_paths(opts["rare_word"])
        if opts["only"]:
            paths = {n: p for n, p in paths.items() if re.search(opts["only"], n)}
        queries = count_queries(paths)
        workdir = Path(tempfile.mkdtemp(prefix="bench_web_"))
        env = self.server_env()
        env["DJANGO_CACHE_DIR"] = str(workdir / "cache")  # one facet cache for both workers, as in production
        if opts["no_cache"]:
            env["DJANGO_CACHE_URL"] = "off"
        port = free_port()
        results: list[Result] = []
        report: dict = {"database": label}
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True,
                       cwd=settings.BASE_DIR)
        gunicorn = [str(Path(sys.executable).with_name("gunicorn")), "catalogue.wsgi", "-c", "gunicorn.conf.py",
                    "-b", f"127.0.0.1:{port}", *server_options["argv"]]
        report["server"] = server_options["label"]
        with Server(gunicorn, port, "/", env=env, log=workdir / "gunicorn.log") as server:
            for name, urls in paths.items():
                exporting = name.startswith("export")
                sampler = RssSampler(server.children()) if exporting else None
                if sampler:
                    sampler.start()
                r = run_requests("127.0.0.1", port, name, urls,
                                 opts["export_requests"] if exporting else opts["requests"], opts["concurrency"])
                if sampler:
                    sampler.stop.set()
                    sampler.join()
                    r.note = (f"worker RSS {max(sampler.start_rss.values()) / 1024:.0f} MiB, "
                              f"+{sampler.growth_mib():.1f} MiB during export, {r.bytes // max(1, r.ok) // 1024} KiB")
                r.queries, r.cold_ms = queries[name][0], queries[name][2] * 1000
                results.append(r)
                self.print_row(r)
            if opts["datasette"]:
                report["datasette"] = self.side_by_side(port, workdir, opts["requests"])
            if opts["load"]:
                stats = run_wrk(port, load_mix(all_paths), opts["load"], opts["connections"], workdir)
                report["load"] = {k: v for k, v in stats.items() if k != "raw"}
                self.stdout.write(
                    f"load test (wrk, {opts['connections']} connections, {opts['load']} s, list/search/detail/export "
                    f"mix): {stats['requests']} requests, {stats['rps']:.1f} req/s, p50 {stats['p50'] / 1000:.0f} ms, "
                    f"p95 {stats['p95'] / 1000:.0f} ms, p99 {stats['p99'] / 1000:.0f} ms, errors {stats['errors']} "
                    f"(connect {stats['connect']}, read {stats['read']}, write {stats['write']}, "
                    f"status {stats['status']}, timeout {stats['timeout']})"
                )
        self.stdout.write(f"load average at the end: {os.getloadavg()[0]:.1f}")
        if opts["explain"]:
            self.explain(results, queries, opts["explain"])
        report["scenarios"] = [
            {"name": r.name, "p50_ms": round(r.p50, 1), "p95_ms": round(r.p95, 1), "rps": round(r.rps, 1),
             "queries": r.queries, "cold_ms": round(r.cold_ms, 1), "errors": r.errors, "note": r.note}
            for r in results
        ]
        if opts["json"]:
            Path(opts["json"]).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        shutil.rmtree(workdir, ignore_errors=True)
        failed = sum(r.errors for r in results)
        if failed:
            raise CommandError(f"{failed} requests failed")

    def gunicorn_options(self, opts) -> dict:
        """Return the command-line options overriding gunicorn.conf.py and a label of the resulting server."""
        config: dict = {}
        exec((Path(settings.BASE_DIR) / "gunicorn.conf.py").read_text(), config)  # noqa: S102 - our own file
        workers = opts["workers"] or config["workers"]
        worker_class = opts["worker_class"] or config["worker_class"]
        threads = opts["threads"] or config["threads"]
        argv = ["-w", str(workers), "-k", worker_class, "--threads", str(threads), "--access-logfile", "-"]
        label = f"{workers} {worker_class} workers" + (f" x {threads} threads" if worker_class == "gthread" else "")
        return {"argv": argv, "label": label}

    def server_env(self) -> dict:
        env = dict(os.environ)
        env.update({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                    "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY") or "bench-web-not-a-secret",
                    "DJANGO_HTTPS": "0", "DJANGO_LOG_LEVEL": "ERROR"})
        return env

    def print_row(self, r: Result):
        if not getattr(self, "_header", False):
            self._header = True
            self.stdout.write(f"{'scenario':34} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'queries':>7} {'cold ms':>8} "
                              f"{'errors':>6}")
        self.stdout.write(f"{r.name:34} {r.p50:8.1f} {r.p95:8.1f} {r.rps:7.1f} {r.queries or 0:7d} {r.cold_ms:8.1f} "
                          f"{r.errors:6d}"
                          + (f"  {r.note}" if r.note else ""))

    def side_by_side(self, our_port: int, workdir: Path, requests: int) -> dict:
        datasette = Path(sys.executable).with_name("datasette")
        if not datasette.exists():
            raise CommandError("datasette is not installed: pip install -e '.[bench]'")
        db = workdir / "events.db"
        n = build_datasette_db(db)
        port = free_port()
        facets = "_facet=year&_facet=city&_facet=country&_facet=kind"
        path = f"/events/events?{facets}"
        # Limits raised so that every facet is computed: with the defaults Datasette drops slow facets instead.
        argv = [str(datasette), "serve", str(db), "-h", "127.0.0.1", "-p", str(port), "--setting",
                "facet_time_limit_ms", "20000", "--setting", "sql_time_limit_ms", "20000"]
        with Server(argv, port, "/", log=workdir / "datasette.log"):
            check = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            check.request("GET", f"/events/events.json?{facets}&_size=0")
            body = json.loads(check.getresponse().read())
            computed = sorted(body.get("facet_results", {}).get("results", body.get("facet_results", {})))
            timed_out = body.get("facets_timed_out", [])
            if timed_out:
                raise CommandError(f"Datasette facets timed out: {timed_out}")
            theirs = run_requests("127.0.0.1", port, "datasette 4-facet table page", [path], requests)
            # The export's rows as Datasette's streamed CSV (its table has 7 columns, our CSV 32).
            export, rows = _export_filter(m.Event.objects.order_by())
            their_csv = run_requests("127.0.0.1", port, f"datasette csv ({rows} rows, 7 columns)",
                                     [f"/events/events.csv?_stream=on&_size=max&{urlencode(export)}"], 5)
        ours = run_requests("127.0.0.1", our_port, "our faceted list page (home)", [LANGUAGE_PREFIX + "/"], requests)
        our_csv = run_requests("127.0.0.1", our_port, f"our csv ({rows} rows, 32 columns)",
                               [LANGUAGE_PREFIX + "/export/events.csv?" + urlencode(export)], 5)
        for r in (theirs, ours, their_csv, our_csv):
            self.print_row(r)
        self.stdout.write(f"csv export of {rows} rows: Datasette {rows / their_csv.p50 * 1000:,.0f} rows/s, "
                          f"ours {rows / our_csv.p50 * 1000:,.0f} rows/s at p50")
        ratio = theirs.p50 / ours.p50 if ours.p50 else 0
        ratio95 = theirs.p95 / ours.p95 if ours.p95 else 0
        self.stdout.write(f"side by side on {n} events (Datasette facets computed: {', '.join(computed)}): "
                          f"ours is {ratio:.1f}x faster at p50, {ratio95:.1f}x at p95")
        return {"events": n, "csv_rows": rows, "datasette_csv_p50_ms": round(their_csv.p50, 1),
                "ours_csv_p50_ms": round(our_csv.p50, 1), "datasette_p50_ms": round(theirs.p50, 1), "datasette_p95_ms": round(theirs.p95, 1),
                "ours_p50_ms": round(ours.p50, 1), "ours_p95_ms": round(ours.p95, 1), "speedup_p50": round(ratio, 2),
                "speedup_p95": round(ratio95, 2)}

    def explain(self, results: list[Result], queries: dict, n: int):
        """Print EXPLAIN ANALYZE of the n slowest captured queries over all scenarios."""
        timed = []
        for r in results:
            for q in queries[r.name][1]:
                timed.append((float(q["time"]), r.name, q["sql"]))
        timed.sort(reverse=True)
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
        with connection.cursor() as cursor:
            for seconds, name, sql in timed[:n]:
                self.stdout.write(f"\n-- {name}: {seconds * 1000:.1f} ms (in-process, first render)\n{sql}")
                if "marsad_matches" in sql:  # search facets read a temporary table that lived for one request
                    self.stdout.write("(reads the search's temporary table of matches: not re-runnable here)")
                    continue
                cursor.execute(prefix + sql)
                self.stdout.write("\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall()))

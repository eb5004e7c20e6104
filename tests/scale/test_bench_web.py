"""bench_web's measuring code on tiny runs: percentiles, the HTTP client loop, memory sampling, scenario URLs,
the Datasette export and the load-test mix. No timing is asserted."""
import os
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from events.management.commands import bench_web
from events.models import Event


@pytest.mark.parametrize(
    ("values", "pct", "expected"),
    [
        ([], 95, 0.0),
        ([7.0], 50, 7.0),
        ([7.0], 95, 7.0),
        ([3.0, 1.0, 2.0], 50, 2.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
        (list(map(float, range(1, 101))), 95, 95.0),
        (list(map(float, range(1, 101))), 100, 100.0),
        (list(map(float, range(1, 21))), 95, 19.0),  # nearest rank: the 19th of 20
    ],
)
def test_percentile(values, pct, expected):
    assert bench_web.percentile(values, pct) == expected


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server may do

    def do_GET(self):  # noqa: N802
        body = b"x" * 1000 if self.path == "/ok" else b"no"
        self.send_response(200 if self.path == "/ok" else 404)
        self.send_header("Content-Length", str(len(body)))
        if self.path == "/close":
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("concurrency", [1, 3])
def test_run_requests_counts_every_response(http_server, concurrency):
    r = bench_web.run_requests("127.0.0.1", http_server, "mix", ["/ok", "/ok", "/missing", "/close"], 20,
                               concurrency=concurrency)
    assert len(r.latencies) == 20
    assert r.statuses == {200: 10, 404: 10}
    assert r.errors == 10  # 4xx responses are errors
    assert r.bytes == 10 * 1000 + 10 * 2
    assert r.wall > 0 and r.rps > 0
    assert 0 < r.p50 <= r.p95


def test_run_requests_counts_refused_connections_as_errors():
    port = bench_web.free_port()  # nothing listens there
    r = bench_web.run_requests("127.0.0.1", port, "down", ["/"], 3, warmup=0, timeout=2)
    assert r.errors == 3 and r.latencies == []


def test_rss_sampler_reads_this_process():
    sampler = bench_web.RssSampler([os.getpid()])
    sampler.start()
    sampler.stop.set()
    sampler.join()
    assert sampler.start_rss[os.getpid()] > 0
    assert sampler.growth_mib() >= 0


def test_scenarios_answer_with_a_bounded_number_of_queries(seeded, db):
    paths = bench_web.scenario_paths()
    assert {"home", "filter year", "filter organization", "4 filters", "search common", "search rare", "search medium + kind",
            "event page", "organization (top)"} <= set(paths)
    assert any(name.startswith("export csv") for name in paths)
    queries = bench_web.count_queries(paths)  # raises unless every page answers 200
    assert all(0 < n <= 60 and seconds > 0 for n, _, seconds in queries.values())


def test_datasette_file_has_every_event_with_its_facets(seeded, db, tmp_path):
    path = tmp_path / "events.db"
    assert bench_web.build_datasette_db(path) == Event.objects.count()
    db_file = sqlite3.connect(path)
    event = Event.objects.select_related("place", "country").exclude(place=None).exclude(start_date=None).first()
    row = db_file.execute("SELECT year, city, country, kind FROM events WHERE id = ?", [event.pk]).fetchone()
    assert row == (event.start_date.year, event.place.name_ar, event.country.name_ar, event.kind)
    db_file.close()


def test_load_mix_covers_lists_searches_details_and_exports(seeded, db):
    paths = bench_web.scenario_paths()
    mix = bench_web.load_mix(paths)
    assert any(p.startswith("/ar/?q=") for p in mix)
    assert any(p.startswith("/ar/events/") for p in mix)
    assert any(p.startswith("/ar/export/events.csv?") for p in mix)
    assert sum(p.startswith("/ar/?") or p == "/ar/" for p in mix) >= len(mix) / 3
    script = bench_web.WRK_SCRIPT % ", ".join(f'"{p}"' for p in mix[:3])
    assert "request = function()" in script and "WRK-JSON" in script

"""gunicorn settings for Marsad, read by `gunicorn catalogue.wsgi` from the project folder (Dockerfile, docker-compose,
bench_web). Environment variables change each value; command-line options override them.

Threaded workers (gthread) so that a long CSV or JSON export, which mostly waits on the database and the client's
socket, holds one thread, not a whole worker: with 2 sync workers, 50 clients queued behind exports (issue 15; the
README's "Benchmarks" gives the measurements behind these defaults). One process per core, as the pages themselves
are CPU-bound Python under one interpreter lock per process.
"""
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# An export of the whole catalogue streams for tens of seconds; a worker silent for this long is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")

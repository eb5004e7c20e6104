"""A large CSV export written by two PostgreSQL sessions at once, in the list's order, from one snapshot.

One COPY of 10,000 events takes the server about half a second, nearly all of it the per-event lookups of the
related names (export_copy.copy_sql), on one core: PostgreSQL's own parallel workers only scan the events, the
lookups run in the leader above the gather. So the export's ids are read in the list's order and cut into
consecutive slices of LANE_ROWS; the slices are copied alternately by this request's connection (streamed as it
comes) and by a helper thread's own connection (copied into memory while the first streams, then sent). The rows
come out in the same order and with the same bytes as one COPY. Memory: at most two slices are held (one being
sent while the helper copies the next).

Both sessions read the same snapshot: this connection runs the export in a REPEATABLE READ, READ ONLY transaction
and exports its snapshot (pg_export_snapshot), which the helper's transactions import (SET TRANSACTION SNAPSHOT). A
load committing meanwhile is in neither half or in both.

Used only where it can be: PostgreSQL, more than one slice, and outside any transaction (a request inside one, or
a test's transaction, which another session could not see). Elsewhere the export is one COPY, as before. And only
one export of a web process at a time has a helper: a second concurrent export is copied by its own session alone.
The second session only helps while a core is idle; with several downloads at once the cores are busy anyway, and
each helper costs a connection (wrk mix, 50 connections: 414 req/s and p95 336 ms without helpers, 375-397 and
378 ms with a helper for every export).
"""
from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import connection, connections, transaction

_SNAPSHOT_ID = re.compile(r"^[0-9A-F]+-[0-9A-F]+(?:-[0-9]+)?$")


def lane_rows() -> int:
    """Rows of one slice (settings.MARSAD_EXPORT_LANE_ROWS); 0 turns the second session off."""
    return settings.MARSAD_EXPORT_LANE_ROWS


def usable() -> bool:
    return connection.vendor == "postgresql" and lane_rows() > 0 and not connection.in_atomic_block


def more_than_one_slice(queryset) -> bool:
    """Whether the export has more rows than one slice: a LIMIT read of unsorted ids, before any snapshot or helper."""
    return len(queryset.values_list("pk", flat=True).order_by()[:lane_rows() + 1]) > lane_rows()


_one_helper = threading.Lock()


@contextlib.contextmanager
def helper_slot() -> Iterator[bool]:
    """Yield whether this export may have the process's helper (then it holds it for the block)."""
    if not _one_helper.acquire(blocking=False):
        yield False
        return
    try:
        yield True
    finally:
        _one_helper.release()


def slices(ids: list[int], size: int) -> list[list[int]]:
    return [ids[start:start + size] for start in range(0, len(ids), size)]


@contextlib.contextmanager
def shared_snapshot() -> Iterator[str]:
    """This connection in a read-only REPEATABLE READ transaction for the block; yields its exported snapshot."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        yield cursor.fetchone()[0]


def _copy_in_snapshot(snapshot: str, copy: Callable[[], list[bytes]]) -> list[bytes]:
    """In the helper thread: run copy() in a transaction that reads the request's snapshot."""
    if not _SNAPSHOT_ID.match(snapshot):  # it comes from the server, but it is spliced into the statement
        raise ValueError(f"unexpected snapshot id {snapshot!r}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
        return copy()


def _close_thread_connections() -> None:
    connections.close_all()  # looked up in the helper thread: its own connections, not the request's


def interleaved(parts: list, stream: Callable[[object], Iterator[bytes]],
                collect: Callable[[object], list[bytes]], snapshot: str) -> Iterator[bytes]:
    """Yield stream(part) for the even parts, here, and collect(part) for the odd ones, run by a helper thread in
    the snapshot while the part before it streams; in the parts' order."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="marsad-export") as helper:
        try:
            pending: Future | None = None
            for index in range(0, len(parts), 2):
                if pending is None and index + 1 < len(parts):
                    pending = helper.submit(_copy_in_snapshot, snapshot, lambda p=parts[index + 1]: collect(p))
                yield from stream(parts[index])
                if pending is not None:
                    blocks = pending.result()
                    pending = None
                    if index + 3 < len(parts):  # the helper starts on its next part before these are sent
                        pending = helper.submit(_copy_in_snapshot, snapshot, lambda p=parts[index + 3]: collect(p))
                    yield from blocks
        finally:
            if pending is not None:
                pending.cancel()
            helper.submit(_close_thread_connections).result()

"""A load killed with SIGKILL leaves no partial article; two loads at once leave no duplicates.

Both run manage.py load_articles in subprocesses against a scratch database of the suite's engine, and compare
the end state with an uninterrupted load of the same files, by names and hashes rather than ids.
"""
from __future__ import annotations

import signal
import time
from collections import Counter

import pytest

from tests.hardening.scratch import (
    catalogue_state,
    count_articles,
    make_articles,
    manage,
    popen_manage,
    scratch_database,
    vendor,
)

pytestmark = pytest.mark.django_db


def loaded(result) -> str:
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Failed:" not in result.stdout, result.stdout[-3000:]
    return result.stdout


def assert_no_duplicates(state):
    for table, key_columns in (("articles", 1), ("organizations", 2), ("persons", 1), ("events", 6)):
        keys = Counter(tuple(row[:key_columns]) for row in state[table])
        assert [k for k, n in keys.items() if n > 1] == [], f"duplicate {table}"


def test_a_load_killed_midway_leaves_no_partial_article_and_a_rerun_completes_it(tmp_path, scratch_template):
    files = make_articles(tmp_path / "articles", copies=4)
    with scratch_database(scratch_template, tmp_path) as reference:
        loaded(manage(reference, "load_articles", str(tmp_path / "articles")))
        expected = catalogue_state(reference)
    assert len(expected["articles"]) == len(files)
    with scratch_database(scratch_template, tmp_path) as url:
        # One job: articles are stored one by one as they are extracted, so the kill lands between and inside
        # article transactions rather than before the first batch is stored.
        process = popen_manage(url, "load_articles", "--jobs", "1", str(tmp_path / "articles"))
        deadline = time.monotonic() + 300
        try:
            while count_articles(url) < 2 and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            process.send_signal(signal.SIGKILL)
        finally:
            process.communicate(timeout=60)
        assert process.returncode == -signal.SIGKILL, "the load finished before it could be killed: add articles"
        survived = count_articles(url)
        assert 0 < survived < len(files), survived
        # Every article that survived the kill is complete: exactly as the uninterrupted load stored it.
        partial = catalogue_state(url)
        by_hash = {row[0]: row for row in expected["articles"]}
        assert all(by_hash[row[0]] == row for row in partial["articles"])
        hashes = {row[0] for row in partial["articles"]}
        expected_figures = [row for row in expected["figures"] if row[0] in hashes]
        assert sorted(r[:3] for r in partial["figures"]) == sorted(r[:3] for r in expected_figures)
        assert {row[1] for row in partial["event_articles"]} == hashes & {r[1] for r in expected["event_articles"]}
        # The rerun loads the rest and skips what is there: the same catalogue as one uninterrupted load.
        rerun = loaded(manage(url, "load_articles", str(tmp_path / "articles")))
        assert f"{len(files) - survived} new, {survived} duplicate" in rerun, rerun
        final = catalogue_state(url)
    assert_no_duplicates(final)
    assert final == expected


@pytest.mark.skipif(vendor() != "postgresql", reason="SQLite serializes writers with one database lock: "
                    "concurrent loads cannot interleave there, so the race only exists on PostgreSQL")
def test_two_loads_of_overlapping_files_at_once_leave_no_duplicates(tmp_path, scratch_template):
    files = make_articles(tmp_path / "all", copies=5)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    # Overlap of two thirds; the same article may be met by both runs at the same moment.
    for i, path in enumerate(files):
        if i < len(files) * 2 // 3:
            (first / path.name).write_bytes(path.read_bytes())
        if i >= len(files) // 3:
            (second / path.name).write_bytes(path.read_bytes())
    with scratch_database(scratch_template, tmp_path) as reference:
        loaded(manage(reference, "load_articles", str(tmp_path / "all")))
        expected = catalogue_state(reference)
    with scratch_database(scratch_template, tmp_path) as url:
        runs = [popen_manage(url, "load_articles", str(folder)) for folder in (first, second)]
        outputs = [run.communicate(timeout=600) for run in runs]
        for run, (out, err) in zip(runs, outputs, strict=True):
            assert run.returncode == 0, out[-3000:] + err[-3000:]
            assert "Failed:" not in out, out[-3000:]
        final = catalogue_state(url)
    assert_no_duplicates(final)
    assert len(final["articles"]) == len(files)
    # File names differ (first/, second/ against all/); everything else must be the same.
    assert sorted([r[0], *r[2:]] for r in final["articles"]) == sorted([r[0], *r[2:]] for r in expected["articles"])
    # The same records by their keys; which article created a record first (its spelling) may differ.
    for table, key_columns in (("organizations", 2), ("persons", 1), ("events", 6)):
        assert sorted(r[:key_columns] for r in final[table]) == sorted(r[:key_columns] for r in expected[table]), table

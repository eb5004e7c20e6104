"""Several articles per transaction (the parallel loader's batches), each article in a savepoint of its own.

A failing article rolls back alone and the rest of its batch commits; a duplicate another load stored meanwhile is
retried in a new savepoint; the resolver forgets what a rolled-back savepoint created. Through the real loader and
extractor, on files written in tmp_path, with two extraction workers.
"""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.ingest.run import load
from events.models import Article, EventOrganization, Figure, Organization

from .articles import article

pytestmark = pytest.mark.django_db

HOSTILE = 98_765  # the figure the database refuses (see refuse_figure)
NEW_BODY = "تعاونية الواحة الزرقاء للنسيج بتزنيت"


def write_articles(folder, n: int, *, hostile: int | None = None, naming: set[int] = frozenset()):
    """Write n distinct articles (00.txt ...); article `hostile` gives the refused figure, those in `naming` name
    NEW_BODY (an organization no other article names)."""
    folder.mkdir(exist_ok=True)
    for i in range(n):
        text = article(i % 9).rstrip("\n") + f"\nوقد بلغ عدد المستفيدين {1000 + i} مستفيد."
        if i in naming:
            text += f"\nوشاركت في هذا اللقاء {NEW_BODY} إلى جانب فاعلين محليين."
        if i == hostile:
            text += f"\nوقد بلغ عدد المشاركين {HOSTILE} مشارك."
        (folder / f"{i:02d}.txt").write_text(text + "\n", encoding="utf-8")


@pytest.fixture
def refuse_figure():
    """A database that refuses one record: a trigger standing for a constraint the loader does not know about.

    The refusal is the database's own (an IntegrityError on both engines), raised in the middle of the article's
    writes, after its article row, event, organizations and persons are written.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"""
                CREATE FUNCTION test_refuse_figure() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.value = {HOSTILE} THEN
                        RAISE EXCEPTION 'figure refused' USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$""")
            cursor.execute("CREATE TRIGGER test_refuse_figure BEFORE INSERT ON events_figure FOR EACH ROW "
                           "EXECUTE FUNCTION test_refuse_figure()")
        else:
            cursor.execute(f"CREATE TRIGGER test_refuse_figure BEFORE INSERT ON events_figure "
                           f"WHEN NEW.value = {HOSTILE} BEGIN SELECT RAISE(ABORT, 'figure refused'); END")
    yield  # dropped with the test's transaction


def test_a_failing_article_rolls_back_alone_and_the_rest_of_its_batch_commits(tmp_path, refuse_figure):
    # Ten articles, one batch: the fifth fails while storing; the fourth (before it) and the eighth (after it)
    # name the same new organization, which the fifth names too.
    write_articles(tmp_path / "in", 10, hostile=4, naming={3, 4, 7})
    report = load([str(tmp_path / "in")], jobs=2)
    assert (report.new, report.failed) == (9, 1), report.failures
    assert report.failures[0][0].endswith("04.txt") and "figure refused" in report.failures[0][1]
    stored = set(Article.objects.values_list("file_name", flat=True))
    assert stored == {str(tmp_path / "in" / f"{i:02d}.txt") for i in range(10) if i != 4}
    assert not Figure.objects.filter(value=HOSTILE).exists()
    assert Figure.objects.count() == Figure.objects.filter(article__in=Article.objects.all()).count()
    # The organization the failing article re-used, created by the fourth article, is there once, linked to the
    # events of the fourth and eighth articles only (nothing of the fifth survived).
    body = Organization.objects.get(name__contains="الواحة الزرقاء")
    linked = set(EventOrganization.objects.filter(organization=body).values_list("article__file_name", flat=True))
    assert linked == {str(tmp_path / "in" / "03.txt"), str(tmp_path / "in" / "07.txt")}
    assert report.organizations == Organization.objects.count()  # counted once, not for the rolled-back article


def test_an_organization_created_by_a_failed_article_is_created_again_by_the_next(tmp_path, refuse_figure):
    # The failing article is the first to name the organization: its row rolls back with the savepoint, and the
    # resolver must not hand the vanished row to the later article of the same batch.
    write_articles(tmp_path / "in", 6, hostile=1, naming={1, 4})
    report = load([str(tmp_path / "in")], jobs=2)
    assert (report.new, report.failed) == (5, 1), report.failures
    body = Organization.objects.get(name__contains="الواحة الزرقاء")
    assert list(EventOrganization.objects.filter(organization=body).values_list("article__file_name", flat=True)) \
        == [str(tmp_path / "in" / "04.txt")]


def test_an_article_another_load_stored_meanwhile_is_retried_and_found_a_duplicate(tmp_path):
    # The loader looks a batch's articles up before extracting them, and stores them later. Another load stores
    # one of them in between (while this load reads its next batch): this load's INSERT then conflicts, its
    # savepoint rolls back, and the retry finds the other load's row.
    write_articles(tmp_path / "in", 40)
    other = tmp_path / "other"
    other.mkdir()
    (other / "same.txt").write_bytes((tmp_path / "in" / "05.txt").read_bytes())
    interleaved = []

    def progress(targets):
        for n, target in enumerate(targets):
            if n == 35:  # batch 1 (files 0-31) is extracted, not stored yet
                interleaved.append(load([str(other)], jobs=1))
            yield target

    report = load([str(tmp_path / "in")], jobs=2, progress=progress)
    assert interleaved[0].new == 1
    assert (report.new, report.duplicate, report.failed) == (39, 1, 0), report.failures
    assert report.duplicates[0][0].endswith("05.txt")
    assert Article.objects.count() == 40


def test_one_relaxed_commit_per_batch(tmp_path):
    write_articles(tmp_path / "in", 40)  # two batches: 32 and 8
    load([str(tmp_path / "in" / "00.txt")], jobs=1)  # countries and places first: their queries are not the point
    with CaptureQueriesContext(connection) as queries:
        report = load([str(tmp_path / "in")], jobs=2)
    assert (report.new, report.duplicate) == (39, 1)
    relaxed = [q["sql"] for q in queries.captured_queries if "synchronous_commit" in q["sql"]]
    assert len(relaxed) == (2 if connection.vendor == "postgresql" else 0)


def test_a_dry_run_of_batches_counts_exactly_and_writes_nothing(tmp_path, refuse_figure):
    write_articles(tmp_path / "in", 10, hostile=4, naming={3, 4, 7})
    dry = load([str(tmp_path / "in")], jobs=2, dry_run=True)
    assert Article.objects.count() == 0 and Organization.objects.count() == 0
    real = load([str(tmp_path / "in")], jobs=2)
    assert (dry.new, dry.failed, dry.events, dry.organizations, dry.persons, dry.figures) == \
        (real.new, real.failed, real.events, real.organizations, real.persons, real.figures)

"""load_articles --update is idempotent: re-extracting twice in a row gives the same rows (issue 13, item 3)."""
import io

import pytest
from django.core.management import call_command

from events.models import (
    Affiliation,
    Article,
    Event,
    EventCountry,
    EventOrganization,
    EventPerson,
    Figure,
    Organization,
    Person,
)

pytestmark = pytest.mark.django_db

# The same person in three articles: with one role in the first, another in the next two. The second article's
# affiliation row stands for the third's too; the first article makes the run read the person's affiliations
# before the second article's are replaced, which is what lost the row every other run.
FIRST = (
    "الرباط تحتضن المنتدى الوطني للاقتصاد الاجتماعي والتضامني\n\n"
    "نظمت الشبكة المغربية للاقتصاد الاجتماعي والتضامني يوم الخميس 6 فبراير 2025 بالرباط المنتدى الوطني "
    "للاقتصاد الاجتماعي والتضامني، بحضور ممثلين عن وزارة السياحة.\n"
    "وقال السيد عبد الرحيم الهاشمي، منسق المنتدى، إن المنتدى يجمع 300 مشارك.\n"
)
SECOND = (
    "طنجة: ندوة حول تمويل التعاونيات النسائية\n\n"
    "نظمت جمعية النهوض بالمقاولة النسائية بطنجة يوم الخميس 5 دجنبر 2024 ندوة حول تمويل التعاونيات النسائية.\n"
    "وقال السيد عبد الرحيم الهاشمي، رئيس الشبكة المغربية للاقتصاد الاجتماعي والتضامني، إن 40 تعاونية استفادت.\n"
)
THIRD = (
    "وجدة: ورشة تكوينية لفائدة حاملي المشاريع\n\n"
    "احتضنت مدينة وجدة يومي 3 و4 مارس 2025 ورشة تكوينية لفائدة 60 من حاملي المشاريع في الاقتصاد التضامني.\n"
    "وأبرز السيد عبد الرحيم الهاشمي، رئيس الشبكة المغربية للاقتصاد الاجتماعي والتضامني، أهمية التكوين.\n"
)


def snapshot():
    """Every extracted row, by content (ids of articles and entities are stable; link ids are not)."""
    return {
        "articles": sorted(Article.objects.values_list("pk", "title", "content_hash", "published")),
        "organizations": sorted(Organization.objects.values_list("pk", "name", "kind")),
        "persons": sorted(Person.objects.values_list("pk", "name")),
        "affiliations": sorted(Affiliation.objects.values_list("person_id", "organization_id", "role", "article_id")),
        "events": sorted(Event.objects.values_list("title", "start_date", "place_id")),
        "event_organizations": sorted(EventOrganization.objects.values_list(
            "event__title", "organization_id", "role", "article_id")),
        "event_persons": sorted(EventPerson.objects.values_list("event__title", "person_id", "role", "article_id")),
        "event_countries": sorted(EventCountry.objects.values_list("event__title", "country_id", "article_id")),
        "figures": sorted(Figure.objects.values_list("article_id", "value", "unit_key")),
    }


def run(*args) -> str:
    out = io.StringIO()
    call_command("load_articles", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize("with_paths", [False, True], ids=["every-outdated-article", "named-files"])
def test_two_update_runs_in_a_row_give_identical_rows(tmp_path, with_paths):
    for i, text in enumerate((FIRST, SECOND, THIRD), 1):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    assert "3 new" in run(tmp_path, "--jobs", "1")
    loaded = snapshot()
    roles = {role for *_, role, _ in loaded["affiliations"]}
    assert any("رئيس الشبكة" in r for r in roles), loaded["affiliations"]  # the row that used to flip
    paths = [tmp_path, "--jobs", "1"] if with_paths else []
    runs = []
    for _ in range(3):
        Article.objects.update(extractor_version="0")  # as if loaded by an older extractor
        output = run(*paths, "--update")
        assert "3 updated, 0 failed" in output, output
        runs.append(snapshot())
    assert runs[0] == runs[1] == runs[2]
    assert runs[0]["affiliations"] == loaded["affiliations"]  # nothing lost, nothing added by re-extraction

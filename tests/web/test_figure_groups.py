"""Figures of the same quantity grouped across articles: two articles loaded through load_articles, the group on
the figures page (table, chart, every source), horizons kept, units agreed, and a bounded number of queries."""
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Figure
from tests.builders import make_event, make_figure

pytestmark = pytest.mark.django_db

ARTICLES = Path(__file__).resolve().parents[1] / "browser" / "articles"


@pytest.fixture
def two_articles():
    call_command("load_gazetteers", verbosity=0)
    call_command("load_articles", str(ARTICLES), verbosity=0)


def test_two_articles_reporting_the_same_count_form_one_group_over_time(client, two_articles):
    response = client.get(reverse("events:figures"))
    groups = response.context["comparisons"]
    group = next(g for g in groups if g.scope == "جهة سوس ماسة" and g.unit == "تعاونية")
    assert [(f.year, int(f.value)) for f in group.figures] == [(2022, 3200), (2023, 3650)]
    assert group.total == 2 and group.sources == 2 and group.about == "التعاونيات بجهة سوس ماسة"
    html = response.content.decode()
    assert html.count('<circle class="dot"') >= 2
    assert "8 مبادرات" in html and "15 مشروعا" in html  # units agree with their numbers
    # The group's own list: every figure of that quantity, nothing else.
    listed = client.get(reverse("events:figures"), {"quantity": group.key}).context["object_list"]
    assert sorted(int(f.value) for f in listed) == [3200, 3650]


def test_a_goal_keeps_its_horizon_year_and_is_dated_by_its_article(two_articles):
    goal = Figure.objects.get(unit="%")
    assert goal.horizon == 2035 and goal.year == 2023
    assert goal.about == "حصة الاقتصاد الاجتماعي من الناتج الداخلي الخام"


def test_the_figures_page_runs_the_same_queries_whatever_the_number_of_groups(client, django_assert_max_num_queries):
    event = make_event("الملتقى")
    make_figure("1", "%", event=event, quantity="a", year=2020)
    make_figure("2", "%", event=event, quantity="a", year=2021)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("events:figures"))
    few = len(ctx.captured_queries)
    for i in range(30):
        for year in (2020, 2021, 2022):
            make_figure(str(i + year - 2000), "تعاونية", event=event, quantity=f"q{i}", year=year)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(few):
        response = client.get(reverse("events:figures"))
    assert len(response.context["comparisons"]) == 20


def test_a_curated_subject_or_place_moves_the_figure_to_its_comparison_group():
    figure = make_figure("3200", "تعاونية", quantity="", about="التعاونيات", subject="التعاونيات", scope="")
    assert figure.quantity == "تعاونيه:تعاونيات@"
    figure.scope = "جهة سوس ماسة"
    figure.save()
    assert figure.quantity == "تعاونيه:تعاونيات@جهه سوس ماسه"

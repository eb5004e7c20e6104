"""The figures page in a real browser: a group of the same count joins two articles, with its chart and every
source; the page fits a 390 px phone without horizontal scrolling and its chart labels stay readable (≥ 11 px).

The two articles (tests/browser/articles/) are written for this test: two years of the regional count of
cooperatives, worded differently, loaded through load_articles like any user's files.
"""
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from events.models import Figure

pytestmark = pytest.mark.browser

ARTICLES = Path(__file__).resolve().parent / "articles"


@pytest.fixture
def two_articles(transactional_db):
    cache.clear()
    call_command("load_gazetteers", verbosity=0)
    call_command("load_articles", str(ARTICLES), verbosity=0)
    yield
    cache.clear()


def _open(browser, url: str, *, locale: str, width: int):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return context, page, errors


def test_a_figure_group_joins_two_articles_and_the_page_fits_a_phone(live_server, two_articles, browser):
    from tests.browser.conftest import SCREENSHOTS

    counts = list(Figure.objects.filter(unit="تعاونية", scope="جهة سوس ماسة").order_by("year"))
    assert [(f.year, int(f.value)) for f in counts] == [(2022, 3200), (2023, 3650)]
    assert counts[0].quantity == counts[1].quantity and counts[0].article_id != counts[1].article_id
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for locale in ("ar", "fr"):
        for width in (1366, 390):
            context, page, errors = _open(browser, live_server.url + "/figures/", locale=locale, width=width)
            group = page.locator("section.comparison", has=page.get_by_text("التعاونيات بجهة سوس ماسة"))
            expect(group).to_have_count(1)
            # Both articles in one table, oldest first, each with its source; one dot per source on the chart.
            rows = group.locator("tbody tr")
            expect(rows).to_have_count(2)
            assert rows.nth(0).locator("td").first.inner_text().startswith("2022")
            assert "3650" in rows.nth(1).inner_text()
            expect(group.locator("svg.chart.series circle.dot")).to_have_count(2)
            expect(group.locator('a[href^="https://"][href*="example.ma"]')).to_have_count(2)
            # Units agree with their numbers: "8 مبادرات", not "8 مبادرة".
            expect(page.locator("table.figures.stack")).to_contain_text("8 مبادرات")
            if width == 390:
                assert page.evaluate("document.documentElement.scrollWidth") <= 390
                sizes = page.evaluate(
                    "[...document.querySelectorAll('svg.chart.series text')]"
                    ".map(t => t.getBoundingClientRect().height)")
                assert sizes and min(sizes) >= 11, sizes
            page.screenshot(path=str(SCREENSHOTS / f"figures-{locale}-{width}.png"), full_page=True)
            # The group's own page: every figure of that quantity, found from the heading's link.
            if locale == "ar" and width == 1366:
                group.locator("h3 a").click()
                expect(page.locator("table.figures.stack tbody tr")).to_have_count(2)
                page.screenshot(path=str(SCREENSHOTS / "figures-group-ar-1366.png"), full_page=True)
            context.close()
            assert errors == [], errors

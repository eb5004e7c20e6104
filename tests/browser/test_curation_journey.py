"""A curator's journey in a real browser: one event per happening across a rename, the review queue, a merge on the
confirmation page and its undo, likely duplicates merged in one click or dismissed for good; then the admin and
event pages in Arabic and French at 1366 and 390 px, saved under test-artifacts/screenshots/."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from events.models import Article, AuditEntry, DuplicateCandidate, Event, EventOrganization
from tests.browser.conftest import SCREENSHOTS
from tests.curation.helpers import load

pytestmark = pytest.mark.browser

PASSWORD = "a-long-curator-passphrase-2025"
RENAMED = "معرض وجدة الجهوي للتعاونيات"


def fair() -> Event:
    return Event.objects.get(place__name_ar="وجدة")


def log_in(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()


def select_rows(page, titles):
    for title in titles:
        page.locator("#result_list tbody tr", has_text=title).locator("input.action-select").check()


def run_action(page, action):
    page.select_option("select[name=action]", action)
    page.locator("button[name=index]").click()


def new_page(browser, locale, width):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def curator(transactional_db):
    cache.clear()
    call_command("load_gazetteers", verbosity=0)
    get_user_model().objects.create_superuser("curator", "curator@example.ma", PASSWORD)
    yield
    cache.clear()


def test_curator_journey(live_server, curator, page, shot, browser):
    # Two articles about one fair, titled differently: one event.
    load("fair_1", "fair_2")
    assert Event.objects.count() == 1 and fair().articles.count() == 2
    log_in(page, live_server)
    expect(page.locator("#site-name")).to_have_text("مرصد")

    # The curator renames the event in the admin.
    event = fair()
    page.goto(live_server.url + reverse("admin:events_event_change", args=[event.pk]))
    assert fits(page, 1280)
    page.fill("#id_title", RENAMED)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert fair().title == RENAMED

    # A third article, under the old title: still one event, now with three articles.
    load("fair_3")
    assert Event.objects.filter(kind=Event.Kind.FAIR).count() == 1
    assert fair().articles.count() == 3 and fair().title == RENAMED

    load("award", "agri_meeting_1", "agri_meeting_2", "study_day", "finance_meeting", "coop_forum_1", "coop_forum_2",
         "youth_workshop_1", "youth_workshop_2")

    # "To review": the doubtful events first, each with its reasons.
    page.goto(live_server.url + reverse("admin:events_eventtoreview_changelist"))
    rows = page.locator("#result_list tbody tr")
    doubts = [float(t) for t in page.locator("#result_list td.field-doubt_score").all_inner_texts()]
    assert doubts == sorted(doubts, reverse=True) and doubts[0] > doubts[-1]
    award = Event.objects.get(kind=Event.Kind.AWARD)
    expect(rows.first).to_contain_text(award.title)
    expect(rows.first.locator("ul.reasons")).to_contain_text("لا تاريخ")
    shot("admin-review-ar-1280")
    select_rows(page, [award.title])
    run_action(page, "mark_reviewed")
    expect(page.locator(".messagelist")).to_be_visible()
    award.refresh_from_db()
    assert award.review_state == Event.ReviewState.REVIEWED
    expect(page.locator("#result_list tbody tr", has_text=award.title)).to_have_count(0)

    # Merge two events on the confirmation page, then undo it from the kept record.
    study, meeting = Event.objects.get(kind=Event.Kind.CONFERENCE), Event.objects.get(kind=Event.Kind.MEETING)
    page.goto(live_server.url + reverse("admin:events_event_changelist"))
    select_rows(page, [study.title, meeting.title])
    run_action(page, "merge_selected")
    expect(page.locator(".merge-record")).to_have_count(2)
    shot("admin-merge-confirm-ar-1280")
    page.locator(f"input[name=keep][value='{meeting.pk}']").check()
    page.locator(".merge-confirm input[type=submit]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert not Event.objects.filter(pk=study.pk).exists()
    assert Event.objects.get(pk=meeting.pk).articles.count() == 2
    page.get_by_role("link", name="التراجع عن هذا الدمج").click()
    page.locator("#content-main input[type=submit]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert Event.objects.filter(pk=study.pk).exists()
    assert Event.objects.get(pk=study.pk).articles.count() == 1 == Event.objects.get(pk=meeting.pk).articles.count()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UNDO).count() == 1

    # Likely duplicates: the one-click merge works (no 403), another pair is dismissed for good.
    forum = DuplicateCandidate.objects.get(entity_type="event", first_name__contains="المنتدى الوطني")
    workshop = DuplicateCandidate.objects.get(entity_type="event", first_name__contains="ورشة")
    page.goto(live_server.url + reverse("admin:events_duplicatecandidate_changelist"))
    shot("admin-duplicates-ar-1280")
    expect(page.locator("#result_list tbody tr").first.locator("a").first).to_have_attribute(
        "href", re.compile(r"/admin/events/event/\d+/change/"))
    with page.expect_response(lambda r: "/merge/" in r.url) as merged:
        page.locator("#result_list tbody tr", has_text=forum.second_name).get_by_role(
            "button", name="دمج في الأول").click()
    assert merged.value.status == 302  # a redirect back to the list, not "403 CSRF token missing"
    expect(page.locator(".messagelist")).to_be_visible()
    forum.refresh_from_db()
    assert forum.status == DuplicateCandidate.Status.MERGED
    assert not Event.objects.filter(pk=forum.second_id).exists()
    page.locator("#result_list tbody tr", has_text=workshop.second_name).get_by_role(
        "button", name="ليسا مكررين").click()
    expect(page.locator(".messagelist")).to_be_visible()
    expect(page.locator("#result_list tbody tr", has_text=workshop.second_name)).to_have_count(0)
    # Another load (the same files, then all of them re-extracted): the dismissed pair is not proposed again.
    load("youth_workshop_1", "youth_workshop_2")
    Article.objects.update(extractor_version="0-old")
    load(update=True)
    workshop.refresh_from_db()
    assert workshop.status == DuplicateCandidate.Status.DISMISSED
    assert not DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN,
                                                 first_id=workshop.first_id, second_id=workshop.second_id).exists()
    page.reload()
    expect(page.locator("#result_list tbody tr", has_text=workshop.second_name)).to_have_count(0)
    # The renamed, three-article fair came through --update as it was.
    assert fair().title == RENAMED and fair().articles.count() == 3

    # The event page: each fact links to its sentence, which a click highlights in the article text.
    page.goto(live_server.url + fair().get_absolute_url())
    organizer = EventOrganization.objects.filter(event=fair(), role="organizer").select_related("organization")[0]
    item = page.locator("main li", has_text=organizer.organization.name).first
    item.locator("a.src").click()
    current = page.locator(".article-body mark.current")
    expect(current).to_have_count(1)
    expect(current).to_be_visible()
    assert organizer.sentence.strip()[:30] in current.inner_text()


def test_admin_and_event_page_screenshots(live_server, curator, browser):
    """Arabic and French, 1366 and 390 px: the admin pages a curator uses and the event page."""
    load("fair_1", "fair_2", "fair_3", "agri_meeting_1", "agri_meeting_2", "coop_forum_1", "coop_forum_2")
    event = fair()
    agri = Event.objects.get(place__name_ar="بني ملال")
    from events import curation

    curation.mark_reviewed([event])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "admin-index": reverse("admin:index"),
        "admin-review": reverse("admin:events_eventtoreview_changelist"),
        "admin-event-change": reverse("admin:events_event_change", args=[agri.pk]),
        "admin-duplicates": reverse("admin:events_duplicatecandidate_changelist"),
        "event": event.get_absolute_url(),
        "event-conflict": agri.get_absolute_url(),
    }
    for locale in ("ar", "fr"):
        for width in (1366, 390):
            context, page, errors = new_page(browser, locale, width)
            log_in(page, live_server)
            expect(page.locator("#site-name")).to_have_text("مرصد" if locale == "ar" else "Marsad")
            for name, url in pages.items():
                if not name.startswith("admin"):
                    with translation.override(locale):  # public pages carry their language in the URL (/fr/…)
                        url = {"event": event, "event-conflict": agri}[name].get_absolute_url()
                page.goto(live_server.url + url)
                page.screenshot(path=str(SCREENSHOTS / f"curation-{name}-{locale}-{width}.png"), full_page=True)
                if width == 1366:
                    assert fits(page, width), f"{name} ({locale}) is wider than {width} px"
                if name.startswith("admin"):
                    # No English left in the Arabic admin.
                    text = page.locator("body").inner_text()
                    if locale == "ar":
                        assert not re.search(r"\b(Django|Available|Chosen|Filter|Choose|Remove|Search|Add|Axes|AXES)\b", text), (
                            name, re.findall(r"\b[A-Z][a-z]{3,}\b", text))
            if locale == "ar":
                page.goto(live_server.url + reverse("admin:events_event_change", args=[agri.pk]))
                # The sentence column reads as lines of text, not one word per line.
                widths = page.locator("td.field-sentence").evaluate_all(
                    "els => els.filter(e => e.offsetParent && e.textContent.trim()).map(e => e.clientWidth)")
                if width == 1366:
                    assert widths and min(widths) >= 250, widths
                page.goto(live_server.url + event.get_absolute_url())
                expect(page.locator(".checked-mark")).to_be_visible()
            context.close()
            assert errors == [], errors

"""Curation through the real load_articles command and the admin: one event per happening, fixes that stick,
merges that can be undone, likely duplicates answered, a review queue ranked by doubt."""
import pytest
from django.urls import reverse

from events import curation
from events.ingest.resolve import event_keys, fold_title_key, title_similarity
from events.models import (
    Article,
    AuditEntry,
    DuplicateCandidate,
    Event,
    EventAlias,
    EventOrganization,
    EventReport,
    Figure,
    Organization,
    RejectedLink,
)

from .helpers import change_form_data, load

pytestmark = pytest.mark.django_db

FAIR = "المعرض الجهوي للاقتصاد الاجتماعي والتضامني"


def fair() -> Event:
    return Event.objects.get(place__name_ar="وجدة")


def outdate_every_article():
    """What a new extractor version does: every stored article becomes one --update re-extracts."""
    Article.objects.update(extractor_version="0-old")


# --- matching ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("title, folded", [
    ("انطلاق فعاليات الدورة الخامسة للمعرض الجهوي بوجدة", "معرض جهوي بوجده"),
    ("اختتام النسخة الثانية من الملتقى الوطني للتعاونيات 2024", "ملتقي وطني تعاونيات"),
    ("الملتقى الوطني للتعاونيات في دورته الثانية عشرة", "ملتقي وطني تعاونيات"),
    ("الدورة 12 للمعرض الدولي للفلاحة", "معرض دولي فلاحه"),
    ("افتتاح المعرض", "معرض"),
    # Nothing to fold: kept as is; a word that only looks like a prefix inside the title stays.
    ("المنتدى الدولي للاقتصاد الاجتماعي والتضامني", "منتدي دولي اقتصاد اجتماعي تضامني"),
    ("ورشة حول انطلاق المقاولات الاجتماعية", "ورشه حول انطلاق مقاولات اجتماعيه"),
    ("الدورة", "دوره"),
])
def test_title_folding(title, folded):
    assert fold_title_key(event_keys(title)[0]) == folded


def test_similar_titles_and_different_ones():
    a, b = (event_keys(t)[-1] for t in ("المعرض الجهوي للاقتصاد الاجتماعي والتضامني بوجدة",
                                        "انطلاق الدورة الخامسة للمعرض الجهوي للاقتصاد الاجتماعي والتضامني"))
    assert title_similarity(a, b) >= 0.75
    c, d = (event_keys(t)[-1] for t in ("يوم دراسي حول التمويل التضامني", "المعرض الجهوي للصناعة التقليدية"))
    assert title_similarity(c, d) < 0.5


def test_three_reports_of_one_fair_are_one_event():
    load("fair_1", "fair_2", "fair_3")
    event = fair()
    assert Event.objects.filter(kind=Event.Kind.FAIR).count() == 1
    assert event.articles.count() == 3
    # Each article's own title is a key of the event, and its values are kept as its report with the sentence.
    assert EventReport.objects.filter(event=event).count() == 3
    assert all(r.sentence for r in EventReport.objects.filter(event=event))
    keys = set(EventAlias.objects.filter(event=event).values_list("key", flat=True))
    assert all(set(event_keys(r.title)) <= keys for r in EventReport.objects.filter(event=event))


def test_uncertain_events_become_likely_duplicates_and_a_dismissal_is_remembered():
    load("youth_workshop_1", "youth_workshop_2", "coop_forum_1", "coop_forum_2")
    pairs = DuplicateCandidate.objects.filter(entity_type=DuplicateCandidate.EntityType.EVENT)
    assert pairs.count() == 2 and all(0.5 <= p.similarity < 0.75 for p in pairs)
    workshop = pairs.get(first_name__contains="ورشة تكوينية")
    curation.dismiss_candidate(workshop)
    outdate_every_article()
    load(update=True)
    load("youth_workshop_1", "youth_workshop_2")
    workshop.refresh_from_db()
    assert workshop.status == DuplicateCandidate.Status.DISMISSED
    assert pairs.filter(status=DuplicateCandidate.Status.OPEN).count() == 1  # only the forum pair is open


# --- fixes that stick ------------------------------------------------------------------------------------------------

def test_curated_rename_reviewed_event_and_rejected_link_survive_load_and_update(admin_client):
    load("fair_1", "fair_2")
    event = fair()
    url = reverse("admin:events_event_change", args=[event.pk])
    data = change_form_data(admin_client.get(url))
    data["title"] = "معرض وجدة للتعاونيات 2025"
    # The curator also deletes the regional council, which the text names only as a partner ("بشراكة مع").
    council = EventOrganization.objects.get(event=event, organization__name="مجلس جهة الشرق")
    index = next(i for i in range(int(data["organization_links-TOTAL_FORMS"]))
                 if data[f"organization_links-{i}-id"] == str(council.pk))
    data[f"organization_links-{index}-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert RejectedLink.objects.filter(event=event, kind=RejectedLink.Kind.ORGANIZATION,
                                       article=council.article_id).exists()
    entry = AuditEntry.objects.get(target_type="event", target_id=event.pk, action=AuditEntry.Action.EDIT)
    assert entry.user == "admin" and entry.changes["title"][1] == "معرض وجدة للتعاونيات 2025"

    load("fair_3")  # a third report, under the extracted title: the renamed event gets it
    event.refresh_from_db()
    assert Event.objects.filter(kind=Event.Kind.FAIR).count() == 1
    assert event.articles.count() == 3 and event.title == "معرض وجدة للتعاونيات 2025"

    admin_client.post(reverse("admin:events_eventtoreview_changelist"),
                      {"action": "mark_reviewed", "_selected_action": [event.pk], "note": ""})
    event.refresh_from_db()
    assert event.review_state == Event.ReviewState.REVIEWED and event.curated
    fields = {f: getattr(event, f) for f in ("title", "start_date", "end_date", "place_id", "kind", "venue")}

    for update in (False, True):
        if update:
            outdate_every_article()
        load("fair_1", "fair_2", "fair_3", update=update)
        event.refresh_from_db()
        assert Event.objects.filter(kind=Event.Kind.FAIR).count() == 1
        assert event.articles.count() == 3
        assert event.review_state == Event.ReviewState.REVIEWED
        assert {f: getattr(event, f) for f in fields} == fields
        assert not EventOrganization.objects.filter(event=event, organization__name="مجلس جهة الشرق").exists()
    assert Article.objects.exclude(extractor_version="0-old").count() == 3  # --update did re-extract them


def test_a_rejection_follows_the_article_to_a_new_event(admin_client):
    load("study_day")
    event = Event.objects.get()
    link = EventOrganization.objects.get(event=event)
    curation.reject_links([link])
    admin_client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    assert not Event.objects.exists()
    outdate_every_article()
    load(update=True)
    new = Event.objects.get()
    assert new.pk != event.pk
    assert not EventOrganization.objects.filter(event=new, organization=link.organization_id).exists()


def test_renamed_organization_is_found_under_its_old_name(admin_client):
    load("study_day")
    network = Organization.objects.get(name="الشبكة المغربية للاقتصاد الاجتماعي والتضامني")
    url = reverse("admin:events_organization_change", args=[network.pk])
    data = change_form_data(admin_client.get(url))
    data["name"] = "REMESS - الشبكة المغربية للاقتصاد الاجتماعي والتضامني"
    assert admin_client.post(url, data).status_code == 302
    load("finance_meeting")
    assert Organization.objects.filter(name__contains="الشبكة المغربية").count() == 1
    assert EventOrganization.objects.filter(organization=network).count() == 2


# --- merges and undo -------------------------------------------------------------------------------------------------

def rows(event_ids):
    """What belongs to each event: articles, organization links, reports, figures (compared before and after)."""
    return {pk: (sorted(Event.objects.get(pk=pk).articles.values_list("pk", flat=True)),
                 sorted(EventOrganization.objects.filter(event_id=pk).values_list("pk", "organization_id", "role")),
                 sorted(EventReport.objects.filter(event_id=pk).values_list("pk", flat=True)),
                 sorted(Figure.objects.filter(event_id=pk).values_list("pk", flat=True)),
                 Event.objects.filter(pk=pk).values("title", "curated", "start_date", "place_id", "search_text")[0])
            for pk in event_ids}


def test_event_merge_on_the_confirmation_page_and_undo(admin_client):
    load("study_day", "finance_meeting")
    first, second = Event.objects.order_by("pk")
    before = rows([first.pk, second.pk])
    changelist = reverse("admin:events_event_changelist")
    response = admin_client.post(changelist, {"action": "merge_selected", "_selected_action": [first.pk, second.pk]})
    page = admin_client.get(response["Location"])
    html = page.content.decode()
    assert first.title in html and second.title in html and 'name="keep"' in html
    response = admin_client.post(reverse("admin:events_event_merge"), {"ids": [first.pk, second.pk],
                                                                        "keep": second.pk})
    assert response["Location"] == reverse("admin:events_event_change", args=[second.pk])
    assert list(Event.objects.values_list("pk", flat=True)) == [second.pk]
    kept = Event.objects.get()
    assert kept.articles.count() == 2 and kept.curated
    # The merged event's title is one of the kept event's keys: its later reports find the kept event.
    assert set(event_keys(first.title)) <= set(EventAlias.objects.filter(event=kept).values_list("key", flat=True))
    assert EventOrganization.objects.filter(event=kept).count() == 1  # the same organizer, once
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MERGE)
    change_page = admin_client.get(reverse("admin:events_event_change", args=[kept.pk])).content.decode()
    undo_url = reverse("admin:events_event_undo", args=[entry.pk])
    assert undo_url in change_page
    assert admin_client.get(undo_url).status_code == 200
    admin_client.post(undo_url)
    assert rows([first.pk, second.pk]) == before
    entry.refresh_from_db()
    assert entry.undone_at is not None
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UNDO, target_id=second.pk).exists()
    # A merge is undone once.
    with pytest.raises(curation.UndoError):
        curation.undo_merge(entry)


def test_organization_merge_undo_restores_links_and_names():
    load("fair_1", "fair_2", "study_day")
    ministry = Organization.objects.get(name__startswith="وزارة السياحة")
    # Both organizers of the fair: the council's link clashes with the ministry's and is deleted, then restored.
    other = Organization.objects.get(name="مجلس جهة الشرق")
    assert EventOrganization.objects.filter(organization=other, role="organizer", event__in=EventOrganization.objects
                                            .filter(organization=ministry, role="organizer").values("event")).exists()
    links = sorted(EventOrganization.objects.values_list("pk", "organization_id", "event_id", "role"))
    names = sorted(Organization.objects.values_list("pk", "name", "aliases", "curated"))
    entry = curation.merge_organizations(ministry, [other])
    assert not Organization.objects.filter(pk=other.pk).exists()
    curation.undo_merge(entry)
    assert sorted(EventOrganization.objects.values_list("pk", "organization_id", "event_id", "role")) == links
    assert sorted(Organization.objects.values_list("pk", "name", "aliases", "curated")) == names


def test_one_click_merge_of_a_likely_duplicate_event(admin_client):
    load("coop_forum_1", "coop_forum_2")
    pair = DuplicateCandidate.objects.get(entity_type=DuplicateCandidate.EntityType.EVENT)
    page = admin_client.get(reverse("admin:events_duplicatecandidate_changelist")).content.decode()
    # Links to both records, and buttons that submit the one form outside the changelist's form.
    assert reverse("admin:events_event_change", args=[pair.first_id]) in page
    assert reverse("admin:events_event_change", args=[pair.second_id]) in page
    assert 'form="candidate-answer"' in page and page.count('id="candidate-answer"') == 1
    response = admin_client.post(reverse("admin:events_duplicatecandidate_merge", args=[pair.pk]))
    assert response.status_code == 302
    assert list(Event.objects.values_list("pk", flat=True)) == [pair.first_id]
    pair.refresh_from_db()
    assert pair.status == DuplicateCandidate.Status.MERGED
    # The answered pair is out of the default list.
    assert reverse("admin:events_duplicatecandidate_merge", args=[pair.pk]) not in admin_client.get(
        reverse("admin:events_duplicatecandidate_changelist")).content.decode()


# --- review queue ------------------------------------------------------------------------------------------------------

def test_review_queue_lists_doubtful_events_first_with_reasons(admin_client):
    load("fair_1", "fair_2", "fair_3", "award", "agri_meeting_1", "agri_meeting_2", "study_day")
    queue = admin_client.get(reverse("admin:events_eventtoreview_changelist"))
    listed = list(queue.context["cl"].result_list)
    assert [e.doubt for e in listed] == sorted((e.doubt for e in listed), reverse=True)
    assert listed[-1] == fair()  # three sources agreeing, date, city and organizer: the least doubtful
    award = Event.objects.get(kind=Event.Kind.AWARD)
    assert listed[0] == award and {"no_date", "no_city", "one_source"} <= set(award.doubt_reasons)
    html = queue.content.decode()
    assert str(curation.reason_label("no_date")) in html
    agri = Event.objects.get(place__name_ar="بني ملال")
    assert "date_conflict" in agri.doubt_reasons  # two articles, 22 and 23 May: both dates are kept
    assert sorted(EventReport.objects.filter(event=agri).values_list("start_date__day", flat=True)) == [22, 23]
    by_reason = admin_client.get(reverse("admin:events_eventtoreview_changelist"), {"reason": "date_conflict"})
    assert list(by_reason.context["cl"].result_list) == [agri]
    admin_client.post(reverse("admin:events_eventtoreview_changelist"),
                      {"action": "mark_attention", "_selected_action": [agri.pk], "note": "تاريخان مختلفان"})
    agri.refresh_from_db()
    assert agri.review_state == Event.ReviewState.ATTENTION and agri.review_note == "تاريخان مختلفان"
    admin_client.post(reverse("admin:events_eventtoreview_changelist"),
                      {"action": "mark_reviewed", "_selected_action": [award.pk]})
    todo = admin_client.get(reverse("admin:events_eventtoreview_changelist"))
    assert award not in list(todo.context["cl"].result_list)  # reviewed: out of the default list


def test_event_page_links_every_fact_to_its_sentence(client):
    load("fair_1", "fair_2", "agri_meeting_1", "agri_meeting_2")
    html = client.get(fair().get_absolute_url()).content.decode()
    import re

    anchors = set(re.findall(r'href="#(src-\d+-\d+)"', html))
    marks = set(re.findall(r'<mark id="(src-\d+-\d+)"', html))
    assert anchors and anchors <= marks  # every source link points at a highlighted sentence
    agri = Event.objects.get(place__name_ar="بني ملال")
    html = client.get(agri.get_absolute_url()).content.decode()
    assert 'class="conflict"' in html  # the other article's date, with its own source link


# --- the admin fits its users -------------------------------------------------------------------------------------

def test_country_filter_lists_only_countries_with_events_and_the_header_says_marsad(admin_client):
    load("fair_1", "study_day")
    page = admin_client.get(reverse("admin:events_event_changelist"))
    spec = next(s for s in page.context["cl"].filter_specs if getattr(s, "field_path", "") == "country")
    assert [label for _pk, label in spec.lookup_choices] == ["المغرب"]  # not the gazetteer's 249 countries
    html = page.content.decode()
    assert "<title>" in html and "مرصد" in html and "Django" not in html


def test_reviewed_event_is_marked_on_the_public_page(client):
    load("fair_1")
    event = fair()
    assert "checked-mark" not in client.get(event.get_absolute_url()).content.decode()
    curation.mark_reviewed([event])
    assert "checked-mark" in client.get(event.get_absolute_url()).content.decode()

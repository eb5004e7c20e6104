"""Every admin page renders; edits mark records curated; deletions are remembered; duplicates merge."""
import pytest
from django.contrib import admin
from django.urls import reverse

from events import curation
from events.models import (
    Affiliation,
    Article,
    AuditEntry,
    Country,
    DuplicateCandidate,
    Event,
    EventAlias,
    EventCountry,
    EventOrganization,
    EventPerson,
    EventReport,
    Figure,
    NameAlias,
    Organization,
    Person,
    Place,
    RejectedLink,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    morocco = Country.objects.create(code="MA", name_ar="المغرب", name_fr="Maroc", name_en="Morocco")
    region = Place.objects.create(name_ar="سوس ماسة", name_fr="Souss-Massa", kind=Place.Kind.REGION, country=morocco)
    city = Place.objects.create(name_ar="أكادير", name_fr="Agadir", kind=Place.Kind.CITY, country=morocco,
                                region=region, latitude=30.42, longitude=-9.6)
    article = Article.objects.create(title="لقاء تقني", body="نص المقال", content_hash="x" * 64, extractor_version="1")
    event = Event.objects.create(title="لقاء تقني", slug="liqa", kind=Event.Kind.MEETING, place=city, country=morocco)
    event.articles.add(article)
    org = Organization.objects.create(name="الاتحاد العام لمقاولات المغرب", acronym="CGEM")
    dup = Organization.objects.create(name="اتحاد مقاولات المغرب", aliases=["الباطرونا"])
    person = Person.objects.create(name="طارق المعروفي")
    EventOrganization.objects.create(event=event, organization=org, role="organizer", article=article, sentence="س")
    EventOrganization.objects.create(event=event, organization=dup, role="organizer", article=article, sentence="س")
    EventOrganization.objects.create(event=event, organization=dup, role="partner", article=article, sentence="س")
    EventPerson.objects.create(event=event, person=person, role="المدير العام", organization=dup, article=article)
    Affiliation.objects.create(person=person, role="المدير العام", organization=dup, article=article)
    Figure.objects.create(value=6000, unit="تعاونية", article=article, event=event, sentence="6000 تعاونية")
    DuplicateCandidate.objects.create(entity_type="organization", first_id=org.pk, second_id=dup.pk,
                                      first_name=org.name, second_name=dup.name, similarity=0.8)
    EventCountry.objects.create(event=event, country=morocco, article=article, sentence="بالمغرب")
    RejectedLink.objects.create(kind="country", event=event, target_key="FR")
    NameAlias.objects.create(key="cgem", head="cgem", kind=NameAlias.Kind.ACRONYM, organization=org)
    EventReport.objects.create(event=event, article=article, title=event.title, place=city, sentence="لقاء تقني بأكادير",
                               field_confidence={"date": 0.4}, reasons={"date": "لا تاريخ في النص"})
    EventAlias.objects.create(event=event, key="لقاء تقني", title=event.title)
    curation.record(AuditEntry.Action.EDIT, event, changes={"title": ["لقاء", "لقاء تقني"]})
    return {"event": event, "org": org, "dup": dup, "person": person, "article": article}


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label == "events"]


def test_every_events_model_is_registered():
    from django.apps import apps

    # Not EventVector: a table the database keeps (migration 0017), with nothing a curator could edit.
    managed = {m for m in apps.get_app_config("events").get_models() if m._meta.managed}
    assert set(registered_models()) == managed


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m.__name__)
def test_admin_pages_render(admin_client, catalogue, model):
    base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = admin_client.get(reverse(f"{base}_changelist"), {"q": "المغرب"})
    assert changelist.status_code == 200
    assert admin_client.get(reverse(f"{base}_changelist")).status_code == 200
    can_add = admin.site._registry[model].has_add_permission(admin_client.get("/").wsgi_request)
    assert admin_client.get(reverse(f"{base}_add")).status_code == (200 if can_add else 403)
    obj = model.objects.first()
    assert obj is not None, f"the catalogue fixture has no {model.__name__}"
    assert admin_client.get(reverse(f"{base}_change", args=[obj.pk])).status_code == 200


def test_admin_requires_login(client):
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_article_page_shows_what_was_extracted(admin_client, catalogue):
    page = admin_client.get(reverse("admin:events_article_change", args=[catalogue["article"].pk]))
    html = page.content.decode()
    assert "لقاء تقني" in html and "6000" in html and "طارق المعروفي" in html


def test_merge_action_moves_links_affiliations_and_aliases(admin_client, catalogue):
    org, dup, event = catalogue["org"], catalogue["dup"], catalogue["event"]
    response = admin_client.post(
        reverse("admin:events_organization_changelist"),
        {"action": "merge_selected", "_selected_action": [org.pk, dup.pk]},
    )
    # The action asks first: a page showing both records, the first chosen to keep.
    assert response.status_code == 302 and reverse("admin:events_organization_merge") in response["Location"]
    page = admin_client.get(response["Location"])
    assert page.status_code == 200 and dup.name in page.content.decode() and org.name in page.content.decode()
    response = admin_client.post(reverse("admin:events_organization_merge"),
                                 {"ids": [org.pk, dup.pk], "keep": org.pk})
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=dup.pk).exists()
    org.refresh_from_db()
    assert set(org.aliases) >= {"اتحاد مقاولات المغرب", "الباطرونا"}
    assert org.curated
    roles = sorted(EventOrganization.objects.filter(event=event).values_list("organization_id", "role"))
    assert roles == [(org.pk, "organizer"), (org.pk, "partner")]
    assert Affiliation.objects.get().organization == org
    assert EventPerson.objects.get().organization == org
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.MERGED


def test_merge_persons_action(admin_client, catalogue):
    keep = catalogue["person"]
    other = Person.objects.create(name="المعروفي")
    EventPerson.objects.create(event=catalogue["event"], person=other, role="مدير")
    Affiliation.objects.create(person=other, role="رئيس", organization=catalogue["org"])
    admin_client.post(reverse("admin:events_person_merge"), {"ids": [keep.pk, other.pk], "keep": keep.pk})
    assert not Person.objects.filter(pk=other.pk).exists()
    keep.refresh_from_db()
    assert "المعروفي" in keep.aliases
    assert EventPerson.objects.filter(person=keep).count() == 1
    assert Affiliation.objects.filter(person=keep).count() == 2


def test_one_click_duplicate_merge(admin_client, catalogue):
    candidate = DuplicateCandidate.objects.get()
    page = admin_client.get(reverse("admin:events_duplicatecandidate_changelist"))
    assert reverse("admin:events_duplicatecandidate_merge", args=[candidate.pk]) in page.content.decode()
    admin_client.post(reverse("admin:events_duplicatecandidate_merge", args=[candidate.pk]))
    assert not Organization.objects.filter(pk=catalogue["dup"].pk).exists()


def test_admin_edit_marks_record_curated(admin_client, catalogue):
    event = catalogue["event"]
    url = reverse("admin:events_event_change", args=[event.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update({"title": "لقاء تقني مصحح", "slug": event.slug, "kind": "meeting", "date_precision": "unknown"})
    data["articles"] = [catalogue["article"].pk]
    for prefix, count in (("organization_links", 3), ("person_links", 1), ("country_links", 1), ("figures", 1)):
        data[f"{prefix}-TOTAL_FORMS"] = str(count)
        data[f"{prefix}-INITIAL_FORMS"] = str(count)
    for i, link in enumerate(EventOrganization.objects.filter(event=event).order_by("pk")):
        data.update({f"organization_links-{i}-id": link.pk, f"organization_links-{i}-event": event.pk,
                     f"organization_links-{i}-organization": link.organization_id,
                     f"organization_links-{i}-role": link.role})
    # The curator deletes the partner link.
    data["organization_links-2-DELETE"] = "on"
    ep = EventPerson.objects.get()
    data.update({"person_links-0-id": ep.pk, "person_links-0-event": event.pk, "person_links-0-person": ep.person_id,
                 "person_links-0-role": ep.role, "person_links-0-organization": ep.organization_id})
    ec = EventCountry.objects.get()
    data.update({"country_links-0-id": ec.pk, "country_links-0-event": event.pk, "country_links-0-country": ec.country_id})
    fig = Figure.objects.get()
    data.update({"figures-0-id": fig.pk, "figures-0-event": event.pk, "figures-0-value": "6000",
                 "figures-0-unit": "تعاونية", "figures-0-about": "", "figures-0-year": ""})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    event.refresh_from_db()
    assert event.curated and event.title == "لقاء تقني مصحح"
    assert EventOrganization.objects.filter(event=event).count() == 2
    assert RejectedLink.objects.filter(kind="organization", event=event).exists()

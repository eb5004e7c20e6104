"""ingest_article: one transaction per article, duplicates, entity resolution, events, curation safety.

The extraction results are built by hand (tests/load/builders.py) so these tests pin the loader's own rules;
tests/load/test_load_articles.py runs the real extractor through the command.
"""
import pytest
from django.db import IntegrityError

from events import curation, services
from events.ingest.resolve import Resolver, strip_honorifics
from events.models import (
    Affiliation,
    Article,
    Country,
    DuplicateCandidate,
    Event,
    EventCountry,
    EventOrganization,
    EventPerson,
    Figure,
    Organization,
    Person,
    Place,
    RejectedLink,
)

from .builders import event, extraction, figure, org, person

pytestmark = pytest.mark.django_db

TITLE = "المنتدى المغربي الإسباني للاقتصاد الاجتماعي والتضامني"
TEXT_A = (
    "الناظور تحتضن المنتدى المغربي الإسباني للاقتصاد الاجتماعي والتضامني\n"
    "نظمت الشبكة المغربية للاقتصاد الاجتماعي والتضامني (REMESS) بشراكة مع وزارة السياحة المنتدى بمشاركة 200 فاعل.\n"
    "وقال السيد محمد ساجد، رئيس الشبكة المغربية للاقتصاد الاجتماعي والتضامني، إن إسبانيا شريك أساسي."
)
TEXT_B = (
    "اختتام المنتدى المغربي الإسباني للإقتصاد الإجتماعي والتضامني بالناظور\n"
    "وأكدت الشبكة المغربية للإقتصاد الإجتماعي والتضامني ووزارة الصحة نجاح المنتدى الذي حضره 200 فاعل.\n"
    "وأضاف ساجد أن REMESS ستنظم الدورة المقبلة."
)


@pytest.fixture(autouse=True)
def countries():
    Country.objects.create(code="MA", name_ar="المغرب", name_fr="Maroc", name_en="Morocco")
    Country.objects.create(code="ES", name_ar="إسبانيا", name_fr="Espagne", name_en="Spain")


def article_a(**event_overrides):
    return extraction(
        TEXT_A, title=TEXT_A.splitlines()[0],
        event=event(TITLE, organizers=["الشبكة المغربية للاقتصاد الاجتماعي والتضامني"], **event_overrides),
        orgs=[org(TEXT_A, "الشبكة المغربية للاقتصاد الاجتماعي والتضامني", kind="network", acronym="REMESS"),
              org(TEXT_A, "وزارة السياحة", kind="ministry")],
        persons=[person(TEXT_A, "محمد ساجد", role="رئيس الشبكة المغربية للاقتصاد الاجتماعي والتضامني",
                        organization="الشبكة المغربية للاقتصاد الاجتماعي والتضامني")],
        countries=[("MA", "المغربية"), ("ES", "إسبانيا")],
        figures=[figure(TEXT_A, "200 فاعل", 200, "فاعل", "المشاركون في المنتدى")],
    )


def article_b():
    return extraction(
        TEXT_B, title=TEXT_B.splitlines()[0],
        event=event("المنتدى المغربي الإسباني للإقتصاد الإجتماعي والتضامني", kind="forum"),
        orgs=[org(TEXT_B, "الشبكة المغربية للإقتصاد الإجتماعي والتضامني", kind="network"),
              org(TEXT_B, "وزارة الصحة", kind="ministry"), org(TEXT_B, "REMESS")],
        persons=[person(TEXT_B, "ساجد")],
        figures=[figure(TEXT_B, "200 فاعل", 200, "فاعل")],
    )


def ingest(text, ex, **kw):
    return services.ingest_article(text=text, extraction=ex, file_name=kw.pop("file_name", "a.txt"), **kw)


def test_article_event_entities_links_and_provenance():
    result = ingest(TEXT_A, article_a(), url="https://example.ma/forum")
    assert (result.status, result.events, result.organizations, result.persons, result.figures) == (
        "new", 1, 2, 1, 1)
    forum = Event.objects.get()
    assert (forum.kind, str(forum.start_date), forum.date_precision, forum.place.name_ar, forum.country.code) == (
        "forum", "2023-02-06", "day", "الناظور", "MA")
    assert list(forum.articles.all()) == [result.article]
    assert result.article.published.isoformat() == "2023-02-07"
    network = Organization.objects.get(kind="network")
    assert (network.acronym, network.name) == ("REMESS", "الشبكة المغربية للاقتصاد الاجتماعي والتضامني")
    roles = dict(EventOrganization.objects.values_list("organization__name", "role"))
    assert roles == {network.name: "organizer", "وزارة السياحة": "mentioned"}
    link = EventPerson.objects.get()
    assert (link.person.name, link.organization, link.article, link.sentence) == (
        "محمد ساجد", network, result.article, TEXT_A.splitlines()[2])
    assert Affiliation.objects.get().role == "رئيس الشبكة المغربية للاقتصاد الاجتماعي والتضامني"
    assert set(EventCountry.objects.values_list("country__code", flat=True)) == {"MA", "ES"}
    fig = Figure.objects.get()
    assert (fig.value, fig.unit, fig.year, fig.event, fig.sentence) == (200, "فاعل", 2023, forum, TEXT_A.splitlines()[1])
    assert TEXT_A[fig.span_start:fig.span_end] == "200 فاعل"
    assert "ساجد" in forum.search_text and "ناظور" in forum.search_text.replace("الناظور", "ناظور")


def test_failure_midway_leaves_nothing_of_the_article():
    # An end before the start violates the event_end_after_start constraint after the article, organizations,
    # persons and affiliations were already written: the whole article must roll back.
    resolver = Resolver()
    with pytest.raises(IntegrityError):
        ingest(TEXT_A, article_a(start=(2023, 2, 6), end=(2023, 2, 1)), resolver=resolver)
    for model in (Article, Organization, Person, Affiliation, Event, EventOrganization, Figure, Place):
        assert model.objects.count() == 0, model
    result = ingest(TEXT_A, article_a(), resolver=resolver)  # the same resolver goes on working
    assert result.status == "new" and result.organizations == 2 and Place.objects.count() == 1


def test_same_article_is_skipped_by_content_whitespace_boilerplate_and_url():
    ingest(TEXT_A, article_a(), url="https://example.ma/forum")
    spaced = "الرئيسية\nأخبار\n\n" + TEXT_A.replace(" ", "  ").replace("\n", "\n\n") + "\nاترك تعليقا\nجميع الحقوق محفوظة"
    assert ingest(spaced, article_a(), file_name="copy.txt").status == "duplicate"
    # Same URL, different text (the site edited the article): still the same article.
    assert ingest(TEXT_B, article_b(), url="https://example.ma/forum").status == "duplicate"
    # The headline given in a header instead of as the first line: the same article.
    body = TEXT_A.split("\n", 1)[1]
    assert ingest(body, article_a(), title=TEXT_A.splitlines()[0]).status == "duplicate"
    assert Article.objects.count() == 1


def test_variants_across_articles_resolve_to_one_record_with_aliases():
    ingest(TEXT_A, article_a())
    result = ingest(TEXT_B, article_b(), file_name="b.txt")
    network = Organization.objects.get(kind="network")
    assert Organization.objects.filter(name_key=network.name_key).count() == 1
    assert "الشبكة المغربية للإقتصاد الإجتماعي والتضامني" in network.aliases  # hamza spelling kept as an alias
    assert Person.objects.get().name == "محمد ساجد"  # surname alone → the one person with that surname
    forum = Event.objects.get()  # same title key (hamza folded) on the same day → one event, two articles
    assert forum.articles.count() == 2
    assert result.events == 0 and result.organizations == 1  # only وزارة الصحة is new
    # Distinct ministries sharing a word stay apart and are not even likely duplicates.
    assert set(Organization.objects.filter(kind="ministry").values_list("name", flat=True)) == {
        "وزارة السياحة", "وزارة الصحة"}
    assert not DuplicateCandidate.objects.exists()
    # The acronym alone linked the same network to the event, not a new organization.
    assert EventOrganization.objects.filter(organization=network).count() == 1


def test_honorific_and_acronym_as_separate_mentions():
    text = "قال الدكتور محمد ساجد إن المبادرة الوطنية للتنمية البشرية تدعم التعاونيات.\nوأكدت INDH ذلك."
    ex = extraction(text, orgs=[org(text, "المبادرة الوطنية للتنمية البشرية", acronym="INDH")],
                    persons=[person(text, "الدكتور محمد ساجد")])
    ingest(text, ex)
    text2 = "أعلنت INDH عن برنامج جديد.\nوصرح محمد ساجد بذلك."
    ingest(text2, extraction(text2, orgs=[org(text2, "INDH")], persons=[person(text2, "محمد ساجد")]),
           file_name="b.txt")
    assert list(Organization.objects.values_list("name", flat=True)) == ["المبادرة الوطنية للتنمية البشرية"]
    assert list(Person.objects.values_list("name", flat=True)) == ["محمد ساجد"]


@pytest.mark.parametrize(("written", "name"), [
    ("السيد محمد ساجد", "محمد ساجد"), ("السيدة جميلة المصلي", "جميلة المصلي"),
    ("الدكتورة نادية فتاح", "نادية فتاح"), ("الأستاذ الدكتور عبد الله بن علي", "عبد الله بن علي"),
    ("الأميرة للا مريم", "للا مريم"), ("محمد ساجد", "محمد ساجد"),
])
def test_strip_honorifics(written, name):
    assert strip_honorifics(written) == name


def test_shared_surname_is_not_merged():
    for i, full in enumerate(["محمد البكوري", "مصطفى البكوري"]):
        text = f"وقال {full} إن التعاونيات مهمة."
        ingest(text, extraction(text, persons=[person(text, full)]), file_name=f"{i}.txt")
    text = "وأضاف البكوري أن الدعم مستمر."
    ingest(text, extraction(text, persons=[person(text, "البكوري")]), file_name="x.txt")
    assert Person.objects.count() == 3  # two namesakes, and an ambiguous surname that matches neither


def test_a_person_known_only_by_the_surname_is_a_likely_duplicate_of_a_full_name():
    text = "وأضاف البكوري أن الدعم مستمر."
    ingest(text, extraction(text, persons=[person(text, "البكوري")]), file_name="a.txt")
    text = "وقال محمد البكوري إن التعاونيات مهمة."
    ingest(text, extraction(text, persons=[person(text, "محمد البكوري")]), file_name="b.txt")
    assert Person.objects.count() == 2  # not merged: the surname alone may be another person
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.entity_type, candidate.first_name, candidate.second_name, candidate.similarity) == (
        "person", "البكوري", "محمد البكوري", 0.8)


def test_close_names_become_likely_duplicates_not_merges():
    names = ["الشبكة المغربية للاقتصاد الاجتماعي والتضامني", "الشبكة المغربية للاقتصاد التضامني"]
    for i, name in enumerate(names):
        text = f"نظمت {name} لقاء تواصليا."
        ingest(text, extraction(text, orgs=[org(text, name, kind="network")]), file_name=f"{i}.txt")
    assert Organization.objects.count() == 2
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.first_name, candidate.second_name, candidate.status) == (*names, "open")
    assert candidate.similarity >= 0.85
    # The curator merges in one click; the next article under the merged name resolves to the kept record.
    first, second = Organization.objects.order_by("pk")
    curation.merge_organizations(first, [second])
    text = "وقدمت الشبكة المغربية للإقتصاد التضامني حصيلتها."
    ingest(text, extraction(text, orgs=[org(text, "الشبكة المغربية للإقتصاد التضامني")]), file_name="later.txt")
    assert list(Organization.objects.values_list("pk", flat=True)) == [first.pk]
    assert DuplicateCandidate.objects.get().status == "merged"


def test_same_title_in_another_city_and_year_is_another_event():
    ingest(TEXT_A, article_a())
    ex = article_b()
    ex.event = event(TITLE, start=(2024, 3, 1), city="طنجة")
    ingest(TEXT_B, ex, file_name="b.txt")
    assert Event.objects.count() == 2
    assert len(set(Event.objects.values_list("slug", flat=True))) == 2


def test_update_replaces_extracted_links_keeps_curated_ones_and_rejections():
    first = ingest(TEXT_A, article_a()).article
    forum = Event.objects.get()
    network = Organization.objects.get(kind="network")
    network.name, network.curated = "الشبكة المغربية للاقتصاد الاجتماعي والتضامني REMESS", True
    network.save()
    sajid = EventPerson.objects.get()
    sajid.role, sajid.curated = "رئيس الشبكة (مصحح)", True
    sajid.save()
    curation.reject_links(EventOrganization.objects.filter(organization__name="وزارة السياحة"))
    curation.reject_links(Figure.objects.all())
    forum.title, forum.curated = "المنتدى المغربي الإسباني (عنوان مصحح)", True
    forum.save()

    # Reloading the same article changes nothing.
    assert ingest(TEXT_A, article_a()).status == "duplicate"
    # --update with a newer extractor re-extracts it: curated records and links stay, rejections hold.
    Article.objects.filter(pk=first.pk).update(extractor_version="0")
    result = ingest(TEXT_A, article_a(), update=True)
    assert result.status == "updated" and result.article.pk == first.pk
    network.refresh_from_db()
    assert network.name.endswith("REMESS") and network.curated
    assert EventPerson.objects.get().role == "رئيس الشبكة (مصحح)"
    assert not EventOrganization.objects.filter(organization__name="وزارة السياحة").exists()
    assert not Figure.objects.exists()
    assert RejectedLink.objects.count() == 2
    forum.refresh_from_db()
    assert forum.title == "المنتدى المغربي الإسباني (عنوان مصحح)" and forum.articles.count() == 1
    # Non-curated links were replaced, not doubled.
    assert EventCountry.objects.count() == 2 and Affiliation.objects.count() == 1
    # Already at the current version: --update skips it.
    assert ingest(TEXT_A, article_a(), update=True).status == "duplicate"


def test_second_article_adds_its_words_to_the_event_search_text():
    ingest(TEXT_A, article_a())
    assert "اختتام" not in Event.objects.get().search_text
    ingest(TEXT_B, article_b(), file_name="b.txt")
    forum = Event.objects.get()
    assert "اختتام" in forum.search_text and forum.search_text.count("ساجد") >= 1


def test_curated_organization_matched_by_a_variant_is_left_unchanged():
    ingest(TEXT_A, article_a())
    network = Organization.objects.get(kind="network")
    network.curated = True
    network.save()
    ingest(TEXT_B, article_b(), file_name="b.txt")
    network.refresh_from_db()
    assert network.aliases == [] and network.name == "الشبكة المغربية للاقتصاد الاجتماعي والتضامني"
    assert EventOrganization.objects.filter(organization=network).exists()


def test_records_made_outside_the_loader_are_found_after_reindexing():
    # As after a restore or an admin edit: no NameAlias rows yet.
    Organization.objects.create(name="المبادرة الوطنية للتنمية البشرية", acronym="INDH",
                                aliases=["مبادرة التنمية البشرية الوطنية"], kind="public_agency")
    Person.objects.create(name="نادية فتاح العلوي", aliases=["نادية فتاح"])
    assert services.reindex_names() >= 4
    text = "وأعلنت مبادرة التنمية البشرية الوطنية دعمها.\nوقالت نادية فتاح إن البرنامج مستمر، وأضافت العلوي أنه ناجح."
    ingest(text, extraction(text, orgs=[org(text, "مبادرة التنمية البشرية الوطنية")],
                            persons=[person(text, "نادية فتاح"), person(text, "العلوي")]))
    assert Organization.objects.count() == 1 and Person.objects.count() == 1

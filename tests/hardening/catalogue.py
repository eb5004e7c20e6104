"""A small catalogue with a row in every model: curated flags, rejections, duplicates, hostile text."""
import datetime
from decimal import Decimal

from django.utils import timezone

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


def build_catalogue():
    """Create at least one row of every model, with curated flags, rejections and open/dismissed duplicates."""
    ma = Country.objects.create(code="MA", name_ar="المغرب", name_fr="Maroc", name_en="Morocco", aliases=["المملكة"])
    es = Country.objects.create(code="ES", name_ar="إسبانيا", name_fr="Espagne", name_en="Spain")
    region = Place.objects.create(name_ar="جهة الشرق", kind=Place.Kind.REGION, country=ma)
    oujda = Place.objects.create(name_ar="وجدة", name_fr="Oujda", kind=Place.Kind.CITY, country=ma, region=region,
                                 latitude=34.6814, longitude=-1.9086, aliases=["مدينة وجدة"])
    a1 = Article.objects.create(
        title="منتدى <b>وجدة</b>", body="نص المقال\n<script>alert(1)</script> \u200f\u200d", source_name="هسبريس",
        url="https://example.ma/a/1", published=datetime.date(2024, 7, 11), content_hash="1" * 64,
        extractor_version="0.1", file_name="001.txt", search_text="منتدي وجده",
    )
    a2 = Article.objects.create(body="مقال ثان", content_hash="2" * 64, extractor_version="0.1", url=None)
    network = Organization.objects.create(name="الشبكة المغربية للاقتصاد الاجتماعي والتضامني", acronym="REMESS",
                                          kind=Organization.Kind.NETWORK, country=ma, curated=True,
                                          aliases=["ريمس"], name_latin="Réseau marocain")
    ministry = Organization.objects.create(name="وزارة السياحة والصناعة التقليدية", kind=Organization.Kind.MINISTRY)
    near = Organization.objects.create(name="الشبكة المغربية للاقتصاد التضامني", kind=Organization.Kind.NETWORK)
    person = Person.objects.create(name="طارق المعروفي", curated=True, aliases=["المعروفي"])
    NameAlias.objects.create(key="ريمس", head="ريمس", kind=NameAlias.Kind.ACRONYM, organization=network)
    NameAlias.objects.create(key="المعروفي", head="المعروفي", kind=NameAlias.Kind.SURNAME, person=person)
    other = Person.objects.create(name="فاطمة الزهراء عمور")
    Affiliation.objects.create(person=person, role="رئيس", organization=network, article=a1, sentence="قال رئيس")
    event = Event.objects.create(
        title="المنتدى الجهوي للاقتصاد الاجتماعي", slug="المنتدى-الجهوي", kind=Event.Kind.FORUM,
        start_date=datetime.date(2024, 7, 10), end_date=datetime.date(2024, 7, 12),
        date_precision=Event.Precision.DAY, place=oujda, country=ma, venue="قصر المؤتمرات", edition=4,
        summary="ملخص", participant_count=400, curated=True,
    )
    event.articles.set([a1, a2])
    plain = Event.objects.create(title="لقاء", slug="meeting", kind=Event.Kind.MEETING)
    EventOrganization.objects.create(event=event, organization=network, role=EventOrganization.Role.ORGANIZER,
                                     article=a1, sentence="نظمت الشبكة", curated=True)
    EventOrganization.objects.create(event=event, organization=ministry, role=EventOrganization.Role.PARTNER)
    EventPerson.objects.create(event=event, person=person, role="المدير العام", organization=network, article=a1)
    EventCountry.objects.create(event=event, country=es, article=a1, sentence="الإسبانية")
    Figure.objects.create(value=Decimal("6000"), unit="تعاونية", about="عدد التعاونيات", quantity="cooperatives",
                          year=2024, event=event, article=a1, span_start=10, span_end=22, curated=True)
    Figure.objects.create(value=Decimal("12.5"), unit="%", event=None, article=a2)
    RejectedLink.objects.create(kind=RejectedLink.Kind.PERSON, event=event, target_key=str(other.pk))
    RejectedLink.objects.create(kind=RejectedLink.Kind.AFFILIATION, event=None, target_key="1:2:رئيس")
    DuplicateCandidate.objects.create(entity_type="organization", first_id=network.pk, second_id=near.pk,
                                      first_name=network.name, second_name=near.name, similarity=0.83)
    DuplicateCandidate.objects.create(entity_type="person", first_id=person.pk, second_id=other.pk,
                                      first_name=person.name, second_name=other.name, similarity=0.41,
                                      status=DuplicateCandidate.Status.DISMISSED)
    EventReport.objects.create(event=event, article=a1, title=event.title, kind=event.kind, start_date=event.start_date,
                               place=oujda, country=ma, sentence="المنتدى الجهوي", confidence=0.8,
                               field_confidence={"date": 0.9, "place": 0.6}, reasons={"place": "المدينة من العنوان"})
    EventAlias.objects.create(event=event, key="منتدي جهوي اقتصاد اجتماعي", title=event.title)
    AuditEntry.objects.create(action=AuditEntry.Action.MERGE, user="curator", target_type="event", target_id=event.pk,
                              target_repr=event.title, changes={"merged": [[99, "منتدى"]]}, undo={"moved": []})
    # An odd timestamp: microseconds must survive (Django's own JSON encoder would cut them to milliseconds).
    Article.objects.filter(pk=a2.pk).update(loaded_at=timezone.now().replace(microsecond=123457))
    return event, plain

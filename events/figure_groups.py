"""Figures of the same quantity, grouped across articles and years, each with a small SVG chart over time.

A group is every figure with the same comparison key (Figure.quantity: unit, subject and place scope, built by
events/extract/figure_about.py). Two queries whatever the number of figures: the largest groups by number of
sources, then their figures. The chart is plain SVG drawn on the server, styled by classes (the CSP forbids inline
styles), with a fixed pixel size so its labels keep their 12 px on a phone instead of shrinking with the page.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

GROUPS = 20  # groups on the figures page
SHOWN = 12  # figures of a group in its table and chart (the latest)
ROWS = 2000  # figures read for the groups at most


@dataclass
class Group:
    key: str
    about: str  # the phrase its figures use most
    unit: str
    scope: str
    total: int  # figures in the group
    sources: int  # distinct articles
    figures: list = field(default_factory=list)  # the latest SHOWN, oldest first
    chart: SafeString = mark_safe("")


def figure_groups(figures, *, groups: int = GROUPS, shown: int = SHOWN) -> list[Group]:
    """Return the largest groups among the filtered figures: most sources first, then most figures."""
    keyed = figures.exclude(quantity="").order_by()
    top = list(keyed.values("quantity").annotate(n=Count("pk"), sources=Count("article", distinct=True))
               .filter(n__gte=2).order_by("-sources", "-n", "quantity")[:groups])
    if not top:
        return []
    members = defaultdict(list)
    rows = (keyed.filter(quantity__in=[t["quantity"] for t in top])
            .select_related("event", "article")
            .only("year", "horizon", "value", "unit", "about", "scope", "quantity", "sentence", "event__title",
                  "event__slug", "article__title", "article__url", "article__published")
            .order_by(F("year").asc(nulls_first=True), "id")[:ROWS])
    for figure in rows:
        members[figure.quantity].append(figure)
    out = []
    for t in top:
        items = members.get(t["quantity"], [])
        if not items:
            continue
        latest = items[-shown:]
        about = Counter(f.about for f in items if f.about).most_common(1)
        group = Group(key=t["quantity"], about=about[0][0] if about else items[0].unit, unit=items[-1].unit,
                      scope=items[-1].scope, total=t["n"], sources=t["sources"], figures=latest)
        group.chart = series_chart(latest, aria_label=group.about)
        out.append(group)
    return out


def _short(value: float) -> str:
    """12500000 → 12.5M, 3500 → 3,500, 2.5 → 2.5: axis labels that fit."""
    magnitude = abs(value)
    if magnitude >= 1e9:
        return f"{value / 1e9:.3g}B"
    if magnitude >= 1e6:
        return f"{value / 1e6:.3g}M"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.3g}"


def series_chart(figures: list, *, aria_label: str, width: int = 320, height: int = 150) -> SafeString:
    """An SVG of the figures' values over their years: a dot per source (linked, with a tooltip), joined by a line.

    The x axis is the year (figures of one year stand side by side); the y axis starts at 0 so that growth reads
    true. Fixed width and height attributes: the chart keeps its size (and 12 px labels) on a 390 px phone.
    """
    dated = [f for f in figures if f.year]
    if len(dated) < 1:
        return mark_safe("")
    left, right, top, bottom = 52, 14, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    years = sorted({f.year for f in dated})
    first, last = years[0], years[-1]
    peak = max(float(f.value) for f in dated) or 1.0
    per_year = Counter(f.year for f in dated)
    seen: Counter = Counter()

    def x_of(figure) -> float:
        if first == last:
            slot = plot_w / (per_year[figure.year] + 1)
            return left + slot * (seen[figure.year] + 1)
        spread = 0.0 if per_year[figure.year] == 1 else (seen[figure.year] - (per_year[figure.year] - 1) / 2) * 8
        return left + plot_w * (figure.year - first) / (last - first) + spread

    points = []
    for f in sorted(dated, key=lambda f: (f.year, f.pk or 0)):
        x = x_of(f)
        seen[f.year] += 1
        y = top + plot_h - plot_h * float(f.value) / peak
        points.append((x, y, f))
    parts = [
        f'<svg class="chart series" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(aria_label)}" xmlns="http://www.w3.org/2000/svg" direction="ltr">',
        f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}"/>',
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>',
        f'<text class="tick value-tick" x="{left - 6}" y="{top + 4}">{escape(_short(peak))}</text>',
        f'<text class="tick value-tick" x="{left - 6}" y="{top + plot_h + 4}">0</text>',
    ]
    label_every = max(1, math.ceil(len(years) / 5))  # at most five year labels: they stay 12 px and apart
    for i, year in enumerate(years):
        if i % label_every and year != last:
            continue
        x = left + (plot_w / 2 if first == last else plot_w * (year - first) / (last - first))
        parts.append(f'<text class="tick" x="{x:.1f}" y="{height - bottom + 18}">{year}</text>')
    if len(points) > 1:
        parts.append('<polyline class="trend" points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y, _f in points) + '"/>')
    for x, y, f in points:
        source = f.event.title if f.event_id and f.event else (f.article.title if f.article_id and f.article else "")
        title = escape(f"{f.year}: {f.value.normalize():f} {f.unit}" + (f" — {source}" if source else ""))
        dot = f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="5"><title>{title}</title></circle>'
        href = f.event.get_absolute_url() if f.event_id and f.event else (f.article.url if f.article_id and f.article
                                                                          and f.article.url else "")
        parts.append(f'<a href="{escape(href)}">{dot}</a>' if href else dot)
    parts.append("</svg>")
    return mark_safe("".join(parts))

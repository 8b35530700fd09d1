#!/usr/bin/env python3
"""Derives the dashboards' map file from the lossless province boundaries.

    python3 scripts/simplify-geo.py [tolerance-degrees]   (default 0.005, about 500 m)

Reads dashboards/geo/vn_provinces_34.geojson, simplifies every ring with Douglas-Peucker at the
tolerance, rounds coordinates to 4 decimals (about 10 m), and writes
dashboards/geo/vn_provinces_34.map.geojson. Every polygon is kept — a ring that would collapse
(small islands, Hoàng Sa and Trường Sa included) keeps its original points — and the properties
are unchanged. Deterministic: the same input gives the same bytes.
"""
import json
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = os.path.join(root, "dashboards", "geo", "vn_provinces_34.geojson")
dst = os.path.join(root, "dashboards", "geo", "vn_provinces_34.map.geojson")
tolerance = float(sys.argv[1]) if len(sys.argv) > 1 else 0.005


def distance(p, a, b):
    """Distance from p to the segment a-b (planar, in degrees)."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    px, py = x1 + t * dx, y1 + t * dy
    return ((x - px) ** 2 + (y - py) ** 2) ** 0.5


def douglas_peucker(points):
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def ring(points):
    # A closed ring: split at the point farthest from the first so both halves keep their shape.
    if len(points) <= 8:
        return [[round(x, 4), round(y, 4)] for x, y in points]
    far = max(range(len(points)), key=lambda i: distance(points[i], points[0], points[0]))
    simplified = douglas_peucker(points[: far + 1])[:-1] + douglas_peucker(points[far:])
    if len(simplified) < 4:
        simplified = points
    return [[round(x, 4), round(y, 4)] for x, y in simplified]


with open(src, encoding="utf-8") as f:
    data = json.load(f)
before = after = 0
for feature in data["features"]:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    out = []
    for polygon in polygons:
        rings = []
        for r in polygon:
            before += len(r)
            s = ring(r)
            after += len(s)
            rings.append(s)
        out.append(rings)
    geometry["coordinates"] = out if geometry["type"] == "MultiPolygon" else out[0]
with open(dst, "w", encoding="utf-8") as f:
    json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
print(f"{before} points -> {after} points; {os.path.getsize(src)} B -> {os.path.getsize(dst)} B; {dst}")

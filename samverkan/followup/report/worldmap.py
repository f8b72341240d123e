"""The map of partner countries: Natural Earth outlines (data/NOTICE.md), shaded by count.

The TopoJSON is decoded once per process. When every partner country lies in Europe the
map shows Europe; otherwise the world.
"""

import functools
import json
from pathlib import Path

from matplotlib.collections import PolyCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure

from .charts import TEXT_PT

DATA = Path(__file__).parent / "data"
EUROPE = (-25.0, 45.0, 34.0, 72.0)  # lon min, lon max, lat min, lat max
WORLD = (-170.0, 190.0, -58.0, 84.0)
SHADES = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]
LAND = "#e8e8e8"
CREDIT = "Natural Earth (public domain)"


@functools.cache
def _alpha2_by_numeric() -> dict[str, str]:
    rows = json.loads((DATA / "i18n-iso-countries_codes.json").read_text())
    return {row[2]: row[0] for row in rows}


@functools.cache
def outlines() -> dict[str, list[list[tuple[float, float]]]]:
    """Rings (lists of lon/lat points) by alpha-2 code; countries without a code under ''."""
    topology = json.loads((DATA / "countries-110m.json").read_text())
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices):
        points = []
        for index in indices:
            part = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(part if not points else part[1:])
        longitudes = [lon for lon, _lat in points]
        if longitudes and max(longitudes) - min(longitudes) > 180:
            # A ring across the date line (Russia, Fiji): keep it in one piece east of it.
            points = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in points]
        return points

    codes = _alpha2_by_numeric()
    found: dict[str, list] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = [ring(polygon[0]) for polygon in polygons if polygon]  # outer rings only
        code = codes.get(str(geometry.get("id", "")), "")
        found.setdefault(code, []).extend(rings)
    return found


def _extent(codes: set[str]) -> tuple[float, float, float, float]:
    west, east, south, north = EUROPE
    shapes = outlines()
    for code in codes:
        for ring in shapes.get(code, []):
            for lon, lat in ring:
                if not (west <= lon <= east and south <= lat <= north):
                    # Overseas parts of European countries do not widen the map.
                    if code in {"FR", "NL", "PT", "ES", "NO", "DK", "GB"}:
                        continue
                    return WORLD
    return EUROPE


def bins(maximum: int) -> list[int]:
    """Upper bounds of the shading classes: 1, then up to three steps to the maximum."""
    if maximum <= 1:
        return [1]
    if maximum <= 4:
        return list(range(1, maximum + 1))
    step = max(1, round(maximum / 4))
    bounds = [1, 1 + step, 1 + 2 * step, maximum]
    return sorted(set(bounds))


def map_figure(chart) -> Figure:
    counts = {str(row[-1]): int(row[1] or 0) for row in chart.rows if row[-1]}
    west, east, south, north = _extent(set(counts))
    width = 6.4
    height = width * (north - south) / (east - west) * (1.6 if (west, east) == EUROPE[:2] else 1.2)
    figure = Figure(figsize=(width, min(max(height, 3.2), 6.0)), dpi=110)
    axes = figure.add_subplot()
    maximum = max(counts.values(), default=1)
    bounds = bins(maximum)
    cmap = ListedColormap(SHADES[-len(bounds) :] if len(bounds) < len(SHADES) else SHADES)
    norm = BoundaryNorm([0.5, *[b + 0.5 for b in bounds]], cmap.N)
    plain, shaded, values = [], [], []
    for code, rings in outlines().items():
        count = counts.get(code, 0)
        for ring in rings:
            if count:
                shaded.append(ring)
                values.append(count)
            else:
                plain.append(ring)
    axes.add_collection(PolyCollection(plain, facecolors=LAND, edgecolors="white", linewidths=0.3))
    if shaded:
        collection = PolyCollection(
            shaded, array=values, cmap=cmap, norm=norm, edgecolors="white", linewidths=0.3
        )
        axes.add_collection(collection)
        bar = figure.colorbar(
            collection, ax=axes, shrink=0.6, ticks=bounds, boundaries=norm.boundaries
        )
        bar.ax.tick_params(labelsize=TEXT_PT)
        bar.set_label(chart.extra.get("legend", ""), fontsize=TEXT_PT)
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    axes.set_aspect(1.6 if (west, east) == EUROPE[:2] else 1.0)
    axes.set_axis_off()
    figure.text(0.01, 0.01, chart.extra.get("credit", CREDIT), fontsize=8, color="#555555")
    figure.subplots_adjust(left=0.01, right=0.9, top=0.98, bottom=0.05)
    return figure

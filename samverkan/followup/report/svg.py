"""The report's charts as plain SVG, written directly: fast enough for the HTML page and the PDF.

matplotlib (charts.py) draws the PNG pictures for DOCX; here the same rows become a few
rectangles and text elements, in a millisecond, where matplotlib needs a tenth of a
second per chart. The text alternative stays on the <img> that shows the SVG.
"""

from xml.sax.saxutils import escape

from .charts import ACCENT, INK, MUTED, _format, _number

FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
# 640 units across; in the PDF a chart spans the text width (print.css), so the 12-unit text
# prints at about 9 pt.
WIDTH = 640


def _svg(width: float, height: float, body: list[str]) -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" {FONT} font-size="12">' + "".join(body) + "</svg>"
    ).encode("utf-8")


def bars(chart) -> bytes:
    """Horizontal bars, one row per label, the value printed at the end of each bar."""
    labels = [str(row[0]) for row in chart.rows]
    values = [_number(row[1]) for row in chart.rows]
    label_width = min(260, max((len(text) for text in labels), default=4) * 7 + 12)
    row, top = 24, 8
    plot = WIDTH - label_width - 70
    biggest = max(values, default=0) or 1
    body = []
    for index, (text, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * row
        length = plot * value / biggest
        body.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" fill="{INK}">'
            f"{escape(text)}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" '
            f'fill="{ACCENT}"/>'
            f'<text x="{label_width + length + 5:.1f}" y="{y + 16}" fill="{INK}" font-size="12">'
            f"{escape(_format(value) + chart.unit)}</text>"
        )
    height = top * 2 + row * len(labels)
    body.append(
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - top}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    return _svg(WIDTH, height, body)


def columns(chart) -> bytes:
    """Vertical columns (years, regions, or a pair to compare), values printed above."""
    labels = [str(row[0]) for row in chart.rows]
    values = [_number(row[1]) for row in chart.rows]
    height, top, bottom, left = 240, 24, 36, 16
    plot_height = height - top - bottom
    slot = (WIDTH - 2 * left) / max(1, len(labels))
    biggest = max(values, default=0) or 1
    colours = [ACCENT, MUTED] if chart.kind == "pair" else [ACCENT]
    body = []
    for index, (text, value) in enumerate(zip(labels, values, strict=True)):
        bar_height = plot_height * value / biggest
        x = left + index * slot + slot * 0.2
        y = top + plot_height - bar_height
        centre = left + index * slot + slot / 2
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.6:.1f}" height="{bar_height:.1f}" '
            f'fill="{colours[index % len(colours)]}"/>'
            f'<text x="{centre:.1f}" y="{y - 6:.1f}" text-anchor="middle" fill="{INK}" '
            f'font-size="12">{escape(_format(value) + chart.unit)}</text>'
            f'<text x="{centre:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
            f'fill="{INK}">{escape(text)}</text>'
        )
    body.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{WIDTH - left}" '
        f'y2="{top + plot_height}" stroke="{INK}" stroke-width="1"/>'
    )
    return _svg(WIDTH, height, body)


def world(chart) -> bytes:
    """The partner countries shaded by count on Natural Earth's outlines, with a legend."""
    from .worldmap import EUROPE, LAND, SHADES, _extent, bins, outlines

    counts = {str(row[-1]): int(_number(row[1])) for row in chart.rows if row[-1]}
    west, east, south, north = _extent(set(counts))
    stretch = 1.7 if (west, east) == EUROPE[:2] else 1.15  # roughly cos(latitude) undone
    scale = (WIDTH - 150) / (east - west)
    height = (north - south) * scale * stretch
    bounds = bins(max(counts.values(), default=1))
    shades = SHADES[-len(bounds) :] if len(bounds) < len(SHADES) else SHADES

    def shade(count):
        for bound, colour in zip(bounds, shades, strict=False):
            if count <= bound:
                return colour
        return shades[-1]

    body = [f'<rect width="{WIDTH - 150:.0f}" height="{height:.0f}" fill="#f4f8fb"/>']
    for code, rings in outlines().items():
        count = counts.get(code, 0)
        paths = []
        for ring in rings:
            points = " ".join(
                f"{(lon - west) * scale:.1f},{(north - lat) * scale * stretch:.1f}"
                for lon, lat in ring
            )
            paths.append(f"M{points}Z")
        fill = shade(count) if count else LAND
        body.append(f'<path d="{"".join(paths)}" fill="{fill}" stroke="#fff" stroke-width="0.5"/>')
    # Legend: one box per class, "1", "2–3", ...
    x, y = WIDTH - 135, 20
    legend = escape(chart.extra.get("legend", ""))
    body.append(f'<text x="{x}" y="{y}" fill="{INK}">{legend}</text>')
    low = 1
    for bound, colour in zip(bounds, shades, strict=False):
        y += 24
        text = str(bound) if low == bound else f"{low}–{bound}"
        body.append(
            f'<rect x="{x}" y="{y - 13}" width="18" height="16" fill="{colour}"/>'
            f'<text x="{x + 26}" y="{y}" fill="{INK}">{escape(text)}</text>'
        )
        low = bound + 1
    # The credit ("Map: Natural Earth") is the figure's caption on the page, not in the image.
    # Clip the outlines to the map's frame (countries reach beyond the extent).
    frame = f'<rect width="{WIDTH - 150:.0f}" height="{height:.0f}"/>'
    clip = f'<clipPath id="frame">{frame}</clipPath>'
    shapes = "".join(body[1 : 1 + len(outlines())])
    rest = body[1 + len(outlines()) :]
    return _svg(
        WIDTH, height + 4, [clip, body[0], f'<g clip-path="url(#frame)">{shapes}</g>', *rest]
    )


def chart_svg(chart) -> bytes:
    if chart.kind == "map":
        return world(chart)
    if chart.kind == "bar":
        return bars(chart)
    return columns(chart)

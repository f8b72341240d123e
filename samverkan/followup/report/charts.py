"""Charts of the compiled report: SVG for HTML and PDF (svg.py), PNG for DOCX (matplotlib).

A chart is data first (title, text alternative, rows for the table beside it); the picture
is drawn from the same rows, so the table and the image cannot disagree.
"""

import base64
import io
from dataclasses import dataclass, field

import matplotlib
from django.utils.formats import number_format

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

ACCENT = "#1d5c8f"
# Text size in points: the DOCX places each picture at the figure's own width (docx.py), so
# this is the printed size; nothing in a chart is smaller than 8 pt.
TEXT_PT = 9
MUTED = "#8aa9c4"
INK = "#1b1b1b"


@dataclass
class Chart:
    key: str
    title: str
    columns: list[str]  # table headings: first the label, then one per value
    rows: list[list]  # [label, value, ...]
    alt: str = ""  # the text alternative: what the chart shows, in a sentence or two
    kind: str = "bar"  # "bar" (horizontal), "columns" (vertical, e.g. years), "pair", "map"
    unit: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.rows or not any(_number(row[1]) for row in self.rows)

    @property
    def table_rows(self) -> list[list]:
        """The rows as the table beside the chart shows them: label and formatted value."""
        from .tables import number

        return [[row[0], number(row[1])] for row in self.rows]

    def figure(self) -> Figure:
        if self.kind == "map":
            from .worldmap import map_figure

            return map_figure(self)
        return bar_figure(self)

    def svg(self) -> bytes:
        """SVG for the page and the PDF, written directly (svg.py): fast, and crisp in print."""
        from .svg import chart_svg

        return chart_svg(self)

    def png(self) -> bytes:
        return render(self.figure(), "png")

    def svg_data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg()).decode("ascii")


def _number(value) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def bar_figure(chart: Chart) -> Figure:
    labels = [str(row[0]) for row in chart.rows]
    values = [_number(row[1]) for row in chart.rows]
    if chart.kind == "bar":
        height = max(1.6, 0.32 * len(labels) + 0.8)
        figure = Figure(figsize=(6.4, height), dpi=110)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))[::-1]
        bars = axes.barh(positions, values, color=ACCENT)
        axes.set_yticks(positions, labels, fontsize=TEXT_PT)
        axes.bar_label(bars, labels=[_format(v) for v in values], padding=3, fontsize=TEXT_PT)
        axes.margins(x=0.15)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.tick_params(axis="x", labelsize=TEXT_PT)
    else:
        figure = Figure(figsize=(6.4, 2.8), dpi=110)
        axes = figure.add_subplot()
        colours = [ACCENT, MUTED] if chart.kind == "pair" else [ACCENT]
        bars = axes.bar(
            range(len(labels)),
            values,
            color=[colours[i % len(colours)] for i in range(len(labels))],
        )
        axes.set_xticks(range(len(labels)), labels, fontsize=TEXT_PT)
        axes.bar_label(
            bars, labels=[_format(v) + chart.unit for v in values], padding=2, fontsize=TEXT_PT
        )
        axes.margins(y=0.2)
        axes.tick_params(axis="y", labelsize=TEXT_PT)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: _format(value)))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    # Margins computed, not measured: tight_layout() would draw the figure twice.
    if chart.kind == "bar":
        longest = max((len(label) for label in labels), default=4)
        left = min(0.45, (longest * 0.075 + 0.25) / 6.4)
        figure.subplots_adjust(left=left, right=0.95, top=1 - 0.25 / height, bottom=0.4 / height)
    else:
        figure.subplots_adjust(left=0.1, right=0.98, top=0.9, bottom=0.14)
    return figure


def _format(value: float) -> str:
    """A chart's figure as the reader's language writes it ("12 500", "197,5" in Swedish)."""
    if value == int(value):
        return number_format(int(value), force_grouping=True)
    return number_format(value, decimal_pos=1, force_grouping=True)


def render(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    options = {"format": fmt, "metadata": {"Date": None} if fmt == "svg" else None}
    if fmt == "png":
        options["dpi"] = 130
    figure.savefig(buffer, **{k: v for k, v in options.items() if v is not None})
    return buffer.getvalue()

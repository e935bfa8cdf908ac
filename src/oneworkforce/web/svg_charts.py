"""SPC charts as SVG, drawn on the server for the PDF board pack: a PDF runs no script, so the
pages' Plotly charts (``charts``) cannot be in it. The same chart in the same colours: the
values with each point coloured by what it signals, the mean, the process limits dashed
(stepping at a rebase) and the target dotted.

Drawn with Matplotlib's ``Figure`` and its SVG canvas directly, never ``pyplot``: no GUI
backend is loaded and no figure outlives its call (Matplotlib's advice for web servers).
Matplotlib is not thread-safe, so one chart is drawn at a time."""

from __future__ import annotations

import io
import threading
from typing import Any
from xml.sax.saxutils import escape

from oneworkforce.web import formatting as fmt
from oneworkforce.web.charts import COLOURS, LINE, TARGET
from oneworkforce.web.models import SpcResult

MEAN = "#212b32"
TEXT = "#212b32"
POINT_LABELS = {
    "improvement": "Special cause: improvement",
    "concern": "Special cause: concern",
    "neither": "Special cause: neither",
}
WIDTH, HEIGHT = 7.0, 3.1  # inches: the width of an A4 page within its margins
MARGINS = {"left": 0.1, "right": 0.99, "top": 0.97, "bottom": 0.27}  # room for the legend
MAX_TICKS = 8
# Text stays text (not paths): smaller files, and the PDF's words can be searched and read.
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "oneworkforce",  # the same chart gives the same SVG
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with Matplotlib: measured the same everywhere
    "font.size": 8,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
}
_LOCK = threading.Lock()


def point_colours(chart: SpcResult) -> list[str]:
    """Each point's colour, by what it signals (as on the pages' charts)."""
    return [COLOURS.get(p.point_type, COLOURS["common_cause"]) for p in chart.points]


def month_label(month: str) -> str:
    """'2026-01' as 'Jan 2026', the pages' axis format."""
    words = fmt.month_name(month).split()
    return f"{words[0][:3]} {words[1]}" if len(words) == 2 else month


def spc_svg(chart: SpcResult, unit: str, title: str = "") -> str:
    """The chart as an SVG document (empty string when there are no points), with ``title``
    (the chart's text summary) as its text alternative."""
    if not chart.points:
        return ""
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    points = chart.points
    x = list(range(len(points)))
    with _LOCK, rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, HEIGHT))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        steps: dict[str, Any] = {"drawstyle": "steps-mid", "linewidth": 1.2}
        # Each part named (its SVG group's id), so tests and readers of the SVG can find it.
        axes.plot(x, [p.upper for p in points], color=LINE, linestyle="--", gid="upper", **steps)
        axes.plot(x, [p.lower for p in points], color=LINE, linestyle="--", gid="lower", **steps)
        axes.plot(x, [p.mean for p in points], color=MEAN, gid="mean", **steps)
        if chart.target is not None:
            axes.axhline(chart.target, color=TARGET, linestyle=":", linewidth=1.6, gid="target")
        axes.plot(x, [p.value for p in points], color=LINE, linewidth=1.6, zorder=3, gid="values")
        colours = point_colours(chart)
        axes.scatter(x, [p.value for p in points], s=26, c=colours, zorder=4, gid="points")
        every = max(1, -(-len(points) // MAX_TICKS))
        ticks = x[::-1][::every][::-1]
        axes.set_xticks(ticks, [month_label(points[i].month) for i in ticks])
        axes.set_xlim(-0.5, len(points) - 0.5)
        axes.set_ylabel(unit)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.grid(axis="y", color="#e8edee", linewidth=0.8)
        axes.set_axisbelow(True)
        legend = _legend(chart)
        axes.legend(
            handles=legend,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=min(len(legend), 4),
            frameon=False,
        )
        # Fixed margins, not tight_layout: it draws the chart once more just to measure it.
        figure.subplots_adjust(**MARGINS)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    return _titled(out.getvalue(), title)


def _legend(chart: SpcResult) -> list[Any]:
    """The legend's keys: the lines drawn, then each kind of special cause present."""
    from matplotlib.lines import Line2D

    dot: dict[str, Any] = {"linestyle": "", "marker": "o", "markersize": 5, "markeredgewidth": 0}
    keys = [
        Line2D([], [], label="Value", color=LINE, linewidth=1.6, marker="o", markersize=4,
               markerfacecolor=COLOURS["common_cause"], markeredgewidth=0),
        Line2D([], [], label="Mean", color=MEAN, linewidth=1.2),
        Line2D([], [], label="Process limits", color=LINE, linestyle="--", linewidth=1.2),
    ]  # fmt: skip
    if chart.target is not None:
        keys.append(Line2D([], [], label="Target", color=TARGET, linestyle=":", linewidth=1.6))
    kinds = sorted({p.point_type for p in chart.points} & POINT_LABELS.keys())
    keys += [Line2D([], [], label=POINT_LABELS[k], color=COLOURS[k], **dot) for k in kinds]
    return keys


def _titled(svg: str, title: str) -> str:
    """The SVG with ``<title>`` as the first child of its root, where readers look for it."""
    if not title:
        return svg
    start = svg.index("<svg")
    end = svg.index(">", start) + 1
    return f"{svg[:end]}\n <title>{escape(title)}</title>{svg[end:]}"

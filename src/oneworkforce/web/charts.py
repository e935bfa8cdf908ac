"""Charts as Plotly figure specifications (plain dicts, drawn in the browser by the plotly.js
file the ``plotly`` package ships), each with a text summary: a chart is never the only way
to the figures, since every chart sits beside a table of them and is labelled with its
summary for screen readers."""

from __future__ import annotations

from typing import Any

from oneworkforce.web import formatting as fmt
from oneworkforce.web.models import PathPoint, SpcResult

# Point colours by what a point signals (Making Data Count's hues, darkened for contrast).
COLOURS = {
    "improvement": "#005eb8",
    "concern": "#a34d00",
    "neither": "#330072",
    "common_cause": "#4c6272",
}
LINE = "#768692"
TARGET = "#d5281b"
FONT = {"family": "Frutiger W01, Arial, sans-serif", "size": 14, "color": "#212b32"}
CONFIG = {"displayModeBar": False, "responsive": True}


def _layout(unit: str) -> dict[str, Any]:
    return {
        "font": FONT,
        "margin": {"l": 64, "r": 16, "t": 16, "b": 48},
        "hovermode": "x unified",
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.18},
        "xaxis": {"type": "date", "tickformat": "%b %Y"},
        "yaxis": {"title": {"text": unit}, "zeroline": False},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }


def spc_figure(chart: SpcResult, unit: str) -> dict[str, Any]:
    """The XmR chart: the values coloured by what each signals, the mean, the process limits
    (per period, stepping at a rebase) and the target."""
    points = chart.points
    months = [p.month for p in points]

    def line(name: str, values: list[float], dash: str, colour: str = LINE) -> dict:
        return {
            "type": "scatter",
            "mode": "lines",
            "name": name,
            "x": months,
            "y": values,
            "line": {"color": colour, "dash": dash, "width": 1.5, "shape": "hvh"},
            "hoverinfo": "skip" if name != "Mean" else None,
        }

    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Value",
            "x": months,
            "y": [p.value for p in points],
            "line": {"color": LINE, "width": 2},
            "marker": {
                "size": 9,
                "color": [COLOURS.get(p.point_type, COLOURS["common_cause"]) for p in points],
            },
        },
        line("Mean", [p.mean for p in points], "solid", "#212b32"),
        line("Upper process limit", [p.upper for p in points], "dash"),
        line("Lower process limit", [p.lower for p in points], "dash"),
    ]
    if chart.target is not None:
        data.append(line("Target", [chart.target] * len(points), "dot", TARGET))
    for trace in data:
        if trace.get("hoverinfo") is None:
            trace.pop("hoverinfo", None)
    return {"data": data, "layout": _layout(unit), "config": CONFIG}


def spc_summary(name: str, chart: SpcResult | None, unit: str, scope: str) -> str:
    """The chart in a few sentences, for people who cannot see it."""
    if chart is None or not chart.points:
        return f"{name} for {scope}: no figures to chart."
    last = chart.points[-1]
    text = (
        f"{name} for {scope}: {fmt.number(last.value, unit)} in {fmt.month_name(last.month)}, "
        f"{len(chart.points)} months charted. {fmt.variation(chart.variation)}. The mean is "
        f"{fmt.number(last.mean, unit)}, with process limits from {fmt.number(last.lower, unit)} "
        f"to {fmt.number(last.upper, unit)}."
    )
    if chart.target is not None:
        text += (
            f" Target {fmt.number(chart.target, unit)}: {fmt.assurance(chart.assurance).lower()}."
        )
    return text


def trajectory_figure(
    series: list[PathPoint], path: list[PathPoint], unit: str, name: str
) -> dict[str, Any]:
    """A target's metric month by month, and the path from its baseline to the target."""
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": name,
            "x": [p.month for p in series],
            "y": [p.value for p in series],
            "line": {"color": COLOURS["improvement"], "width": 2},
        }
    ]
    if path:
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "Path to the target",
                "x": [p.month for p in path],
                "y": [p.value for p in path],
                "line": {"color": TARGET, "dash": "dash", "width": 2},
                "marker": {"symbol": "diamond", "size": 9},
            }
        )
    return {"data": data, "layout": _layout(unit), "config": CONFIG}


def fan_figure(
    lines: list[tuple[str, list[str], list[float], list[float], list[float]]],
    unit: str,
    reference: tuple[str, list[str], list[float]] | None = None,
) -> dict[str, Any]:
    """Fan charts: for each (name, months, p10, p50, p90), the band from P10 to P90 shaded
    and the P50 drawn; ``reference`` (name, months, values) is drawn as a dashed line (the
    demand that supply is set against)."""
    palette = [COLOURS["improvement"], COLOURS["concern"], COLOURS["neither"]]
    data: list[dict[str, Any]] = []
    for i, (name, months, p10, p50, p90) in enumerate(lines):
        colour = palette[i % len(palette)]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"{name}: P90",
                "x": months,
                "y": p90,
                "line": {"width": 0, "color": colour},
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"{name}: P10 to P90",
                "x": months,
                "y": p10,
                "fill": "tonexty",
                "fillcolor": colour + "33",
                "line": {"width": 0, "color": colour},
                "hoverinfo": "skip",
            }
        )
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"{name}: P50",
                "x": months,
                "y": p50,
                "line": {"color": colour, "width": 2},
            }
        )
    if reference is not None:
        name, months, values = reference
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": name,
                "x": months,
                "y": values,
                "line": {"color": TARGET, "dash": "dash", "width": 2},
            }
        )
    return {"data": data, "layout": _layout(unit), "config": CONFIG}

"""Chart payloads for ``templates/partials/chart.html`` and ``static/js/charts.js``.

A payload is one dict with two parts, built from the same figures so they
cannot disagree: ``data`` goes to the browser through ``json_script`` (Chart.js
draws it; no inline script, so a strict Content Security Policy works), and
``table`` is rendered by the server as the chart's text alternative for screen
readers, printing and browsers without JavaScript.

Money stays Decimal here: ``json_script`` writes Decimals as strings, and the
script turns them into numbers only to draw.

    chart = line_chart(chart_id="days-late", title="Days late per invoice", ...)
    {% include "partials/chart.html" with chart=chart %}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.contrib.humanize.templatetags.humanize import intcomma

from evaluations import formatting

Number = Decimal | int | None
Unit = Literal["money", "days", "percent", "hours", "count"]


@dataclass(frozen=True)
class Series:
    """One line or one set of bars: a value per label."""

    label: str
    values: Sequence[Number]
    # Colour bars by sign (profit by month: losses in red).
    colour_by_sign: bool = False


@dataclass(frozen=True)
class Point:
    """One dot of a scatter chart; ``label`` names it in tooltips and the table."""

    label: str
    x: Decimal | int
    y: Decimal | int
    warn: bool = False  # drawn in the warning colour (for example: loses money)


@dataclass(frozen=True)
class ReferenceLine:
    """A dashed line to compare against: ``y=value`` across the chart, or ``y=x`` (break-even)."""

    label: str
    value: Number = None  # None with diagonal=True
    diagonal: bool = False


def format_value(value: Number, unit: Unit, currency_symbol: str = "") -> str:
    """A figure as people read it in the table: $1,250.00, 45 days, 12.5%."""
    if value is None:
        return "–"
    if unit == "money":
        return formatting.money(value, currency_symbol, minus="−")
    if unit == "days":
        return f"{value} day{'' if value == 1 else 's'}"
    if unit == "percent":
        return f"{value}%"
    if unit == "hours":
        return f"{value} h"
    return intcomma(value)


def _payload(
    *,
    chart_id: str,
    kind: str,
    title: str,
    summary: str,
    x_title: str,
    y_title: str,
    unit: Unit,
    currency_symbol: str,
    data: dict,
    table: dict,
) -> dict:
    return {
        "id": chart_id,
        "data_id": f"{chart_id}-data",
        "title": title,
        "summary": summary,
        "data": {
            "type": kind,
            "title": title,
            "unit": unit,
            "currency_symbol": currency_symbol,
            "x_title": x_title,
            "y_title": y_title,
            **data,
        },
        "table": table,
    }


def _category_chart(
    kind: str,
    *,
    chart_id: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: Unit,
    currency_symbol: str,
    x_title: str,
    y_title: str,
    reference: ReferenceLine | None,
) -> dict:
    for one in series:
        if len(one.values) != len(labels):
            raise ValueError(f"Series {one.label!r} has {len(one.values)} values for {len(labels)} labels.")
    datasets = [{"label": s.label, "values": list(s.values), "colour_by_sign": s.colour_by_sign} for s in series]
    columns = [x_title or "", *(s.label for s in series)]
    rows = [
        [label, *(format_value(one.values[i], unit, currency_symbol) for one in series)]
        for i, label in enumerate(labels)
    ]
    ref = {"label": reference.label, "value": reference.value} if reference else None
    return _payload(
        chart_id=chart_id,
        kind=kind,
        title=title,
        summary=summary,
        x_title=x_title,
        y_title=y_title,
        unit=unit,
        currency_symbol=currency_symbol,
        data={"labels": list(labels), "datasets": datasets, "reference": ref},
        table={"columns": columns, "rows": rows},
    )


def line_chart(
    *,
    chart_id: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: Unit,
    currency_symbol: str = "",
    x_title: str = "",
    y_title: str = "",
    reference: ReferenceLine | None = None,
) -> dict:
    """Lines over categories: the whale curve, days late per invoice (with a 90-day reference)."""
    return _category_chart(
        "line",
        chart_id=chart_id,
        title=title,
        summary=summary,
        labels=labels,
        series=series,
        unit=unit,
        currency_symbol=currency_symbol,
        x_title=x_title,
        y_title=y_title,
        reference=reference,
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: Unit,
    currency_symbol: str = "",
    x_title: str = "",
    y_title: str = "",
    reference: ReferenceLine | None = None,
) -> dict:
    """Bars over categories: profit by month, revenue concentration (with a 25% reference)."""
    return _category_chart(
        "bar",
        chart_id=chart_id,
        title=title,
        summary=summary,
        labels=labels,
        series=series,
        unit=unit,
        currency_symbol=currency_symbol,
        x_title=x_title,
        y_title=y_title,
        reference=reference,
    )


def scatter_chart(
    *,
    chart_id: str,
    title: str,
    summary: str,
    points: Sequence[Point],
    series_label: str,
    unit: Unit,
    currency_symbol: str = "",
    x_title: str,
    y_title: str,
    reference: ReferenceLine | None = None,
    warn_label: str = "",
    axis_max: Decimal | None = None,
) -> dict:
    """Dots on two axes of the same unit: revenue (x) against cost to serve (y), with break-even y=x.

    Points marked ``warn`` are drawn in red and, given a ``warn_label``, get their own legend entry.
    ``axis_max`` zooms both axes to 0..axis_max (the caller names the points beyond it; the table
    still lists every point).
    """
    data_points = [{"label": p.label, "x": p.x, "y": p.y, "warn": p.warn} for p in points]
    ref = {"label": reference.label, "value": reference.value, "diagonal": reference.diagonal} if reference else None
    rows = [
        [p.label, format_value(p.x, unit, currency_symbol), format_value(p.y, unit, currency_symbol)] for p in points
    ]
    return _payload(
        chart_id=chart_id,
        kind="scatter",
        title=title,
        summary=summary,
        x_title=x_title,
        y_title=y_title,
        unit=unit,
        currency_symbol=currency_symbol,
        data={
            "series_label": series_label,
            "warn_label": warn_label,
            "points": data_points,
            "reference": ref,
            "axis_max": axis_max,
        },
        table={"columns": [series_label, x_title, y_title], "rows": rows},
    )

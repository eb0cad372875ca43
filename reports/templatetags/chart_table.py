"""The rows of a chart's text alternative (``templates/partials/chart.html``).

A scatter chart lists up to 300 customers: built here in Python (each value
escaped by ``accounts.markup.escaped``) rather than by nested template loops,
which cost more than the rest of the dashboard's table put together.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from accounts.markup import escaped

register = template.Library()

EMPTY = "No figures yet: they appear once invoices, calls or costs are recorded for this period."


@register.simple_tag
def chart_table_rows(table: dict) -> SafeString:
    """``<tr>`` per row: the first cell a row header, the others right-aligned figures."""
    rows = table["rows"]
    if not rows:
        return format_html('<tr><td colspan="{}" class="text-secondary">{}</td></tr>', len(table["columns"]), EMPTY)
    lines = (
        f'<tr><th scope="row" class="fw-normal">{escaped(first)}</th>'
        + "".join(f'<td class="text-end money">{escaped(cell)}</td>' for cell in rest)
        + "</tr>"
        for first, *rest in rows
    )
    return mark_safe("\n".join(lines))  # noqa: S308 (every value is escaped above)

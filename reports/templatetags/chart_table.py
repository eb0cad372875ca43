"""The rows of a chart's text alternative (``templates/partials/chart.html``).

A scatter chart lists up to 300 customers: built here with ``format_html_join``
rather than by nested template loops, which cost more than the rest of the
dashboard's table put together.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

EMPTY = "No figures yet: they appear once invoices, calls or costs are recorded for this period."


@register.simple_tag
def chart_table_rows(table: dict) -> SafeString:
    """``<tr>`` per row: the first cell a row header, the others right-aligned figures."""
    rows = table["rows"]
    if not rows:
        return format_html('<tr><td colspan="{}" class="text-secondary">{}</td></tr>', len(table["columns"]), EMPTY)
    return format_html_join(
        "\n",
        '<tr><th scope="row" class="fw-normal">{}</th>{}</tr>',
        (
            (first, format_html_join("", '<td class="text-end money">{}</td>', ((cell,) for cell in rest)))
            for first, *rest in rows
        ),
    )

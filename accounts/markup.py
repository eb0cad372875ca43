"""HTML built in Python by the template tags that draw hundreds of cells per page.

Django's ``format_html`` escapes each value through ``conditional_escape``,
whose lazy-string check wraps every call; at the dashboard's 300-row scatter
table and 50 rows of question markers that check was a third of the page's
rendering (measured 28 Nov 2026). ``escaped`` does the same escaping without it.
"""

from __future__ import annotations

from html import escape


def escaped(value: object) -> str:
    """``value`` as HTML text, as ``conditional_escape`` gives it: markup already safe is kept, the rest escaped."""
    html = getattr(value, "__html__", None)
    return html() if html is not None else escape(str(value))

"""``{% one_time_key %}``: the hidden one-time submission key for a hand-written one-tap form.

Each call gives a new key, so several such forms on one page (one per overdue
invoice, say) never share one (see accounts.submissions).
"""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..form_guards import SUBMISSION_KEY_FIELD

register = template.Library()


@register.simple_tag
def one_time_key() -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', SUBMISSION_KEY_FIELD, uuid.uuid4())

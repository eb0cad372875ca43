"""Owners' texts are filled by plain substitution: only the listed placeholders, nothing evaluated."""

import pytest
from django.core.exceptions import ValidationError

from reminders.placeholders import PLACEHOLDERS, placeholders_check, placeholders_fill

VALUES = {name: f"<{name}>" for name in PLACEHOLDERS}


def test_every_placeholder_is_replaced():
    text = " ".join("{" + name + "}" for name in PLACEHOLDERS)
    assert placeholders_fill(text, VALUES) == " ".join(f"<{name}>" for name in PLACEHOLDERS)


def test_doubled_braces_are_written_as_braces():
    assert placeholders_fill("{{not a placeholder}} {amount}", VALUES) == "{not a placeholder} <amount>"


@pytest.mark.parametrize(
    "text, named",
    [
        ("Hello {customer}", "{customer}"),
        ("{invoice_number.__class__}", "{invoice_number.__class__}"),
        ("{amount[0]}", "{amount[0]}"),
        ("{amount:>50}", "{amount:>50}"),
        ("{amount!r}", "{amount!r}"),
        ("{0}", "{0}"),
        ("{}", "{}"),
        ("{settings.SECRET_KEY}", "{settings.SECRET_KEY}"),
    ],
)
def test_unknown_or_decorated_placeholders_are_refused_by_name(text, named):
    with pytest.raises(ValidationError) as refused:
        placeholders_check(text)
    message = refused.value.messages[0]
    assert named in message
    assert "Use only: {customer_name}, {invoice_number}" in message


@pytest.mark.parametrize("text", ["Pay {amount", "Pay amount}", "{{amount}"])
def test_unbalanced_braces_are_refused_with_the_way_to_write_one(text):
    with pytest.raises(ValidationError) as refused:
        placeholders_check(text)
    assert "type it twice" in refused.value.messages[0]


def test_django_template_syntax_is_plain_text():
    """Nothing renders as a template: tags and filters come out as typed, never run."""
    text = "{{% load static %}} {{% for x in y %}} {customer_name}"
    assert placeholders_fill(text, VALUES) == "{% load static %} {% for x in y %} <customer_name>"

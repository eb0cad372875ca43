"""The placeholders an owner may write in a reminder's subject and body, and the one safe way to fill them.

Owners type these texts, so they are never rendered as Django templates (a
template can reach attributes, run tags and loop for ever). ``string.Formatter``
only parses the text here; we refuse anything but a plain name from the list
below (no ``{invoice.customer}``, no ``{amount:>10}``, no ``{0}``), then put in
ready-made strings ourselves: nothing in the text is evaluated.
"""

from __future__ import annotations

from string import Formatter

from django.core.exceptions import ValidationError

PLACEHOLDERS: dict[str, str] = {
    "customer_name": "the customer's name",
    "invoice_number": "the invoice's number",
    "amount": "what is still open on the invoice, with the currency",
    "due_date": "the due date",
    "days_late": "days past the due date (0 before it)",
    "days_until_due": "days left until the due date (0 on or after it)",
    "business_name": "your business's name",
    "business_contacts": "your phone, e-mail and website from Settings",
}

BRACES_HINT = "To write a brace itself, type it twice: {{ or }}."


def placeholders_check(text: str) -> None:
    """Refuse a text with an unknown or malformed placeholder, naming it and listing the allowed ones."""
    try:
        parts = list(Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError(
            f"A brace is not closed or not opened ({exc}). Placeholders look like {{customer_name}}. {BRACES_HINT}",
            code="malformed_placeholder",
        ) from exc
    unknown = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            if shown not in unknown:
                unknown.append(shown)
    if unknown:
        allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        raise ValidationError(
            f"Unknown placeholder{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}. "
            f"Use only: {allowed}. {BRACES_HINT}",
            code="unknown_placeholder",
        )


def placeholders_fill(text: str, values: dict[str, str]) -> str:
    """The text with each placeholder replaced by its value; ``text`` must have passed ``placeholders_check``."""
    placeholders_check(text)
    out = []
    for literal, name, _spec, _conversion in Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append(values[name])
    return "".join(out)

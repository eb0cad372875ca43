"""The schedule a business starts with (3 days before the due date, then 7, 30, 60 and 90 days after) and its texts.

Polite first, firmer later, never rude: the column's late payer is worth a
conversation before anything else. Owners edit every word.
"""

from __future__ import annotations

SIGNATURE = "Kind regards,\n{business_name}\n{business_contacts}"

DEFAULT_STEPS: list[tuple[int, str, str]] = [
    (
        -3,
        "Invoice {invoice_number} is due on {due_date}",
        "Dear {customer_name},\n\n"
        "A friendly note that invoice {invoice_number} for {amount} is due on {due_date}, "
        "in {days_until_due} days. If the payment is already on its way, thank you, and please ignore this message.\n\n"
        "If anything about the invoice is unclear, just reply to this e-mail.\n\n" + SIGNATURE,
    ),
    (
        7,
        "Invoice {invoice_number} is now overdue",
        "Dear {customer_name},\n\n"
        "Our records show that invoice {invoice_number}, due on {due_date}, is {days_late} days overdue, "
        "with {amount} still open. It may simply have slipped through: could you arrange payment this week?\n\n"
        "If you have already paid, thank you, and please ignore this message.\n\n" + SIGNATURE,
    ),
    (
        30,
        "Second reminder: invoice {invoice_number}, {days_late} days overdue",
        "Dear {customer_name},\n\n"
        "Invoice {invoice_number} is now {days_late} days past its due date of {due_date}, "
        "and {amount} is still open. Please let us know when we can expect the payment, "
        "or whether something about the invoice needs sorting out: we are happy to help.\n\n" + SIGNATURE,
    ),
    (
        60,
        "Invoice {invoice_number} is {days_late} days overdue",
        "Dear {customer_name},\n\n"
        "We have written to you about invoice {invoice_number} (due on {due_date}) before, "
        "and we have not yet received the {amount} that is open. Please pay it as soon as possible, "
        "or call us so we can agree on a date together.\n\n" + SIGNATURE,
    ),
    (
        90,
        "Final reminder: invoice {invoice_number}",
        "Dear {customer_name},\n\n"
        "Invoice {invoice_number}, due on {due_date}, is now {days_late} days overdue, with {amount} open. "
        "We value working with you and would like to settle this together: please pay, or contact us "
        "within 14 days to agree on the next steps.\n\n" + SIGNATURE,
    ),
]

"""Every create form of the app, with data that saves and the rows it adds, for the double-submit tests.

``test_every_create_form_is_listed`` finds the pages whose form carries a
one-time submission key and fails when one is missing here: a new create form
gets the concurrent double-submit test by adding one line.

Create forms deliberately without a key (each for its own reason):

- sign-up (public, no business yet): one account per e-mail, so a resent
  sign-up is refused ("An account with this e-mail already exists") and makes
  no second account or business;
- an import's upload: it only stores the file as a draft import to preview;
  nothing enters the business until "Import" is pressed on that preview, and a
  second upload of the same file is just another draft, whose rows, if it is
  run too, are found already there (tests/imports/test_rules.py);
- exports: they read, they create nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from accounts.models import Invitation
from customers.models import Addendum, Contract, CostEntry, Customer, FollowUp, Interaction, Invoice, Payment
from evaluations.models import Decision
from reminders.models import ReminderStep

from ..factories import ContractFactory, CostEntryFactory, CustomerFactory


@dataclass(frozen=True)
class CreateForm:
    url_name: str
    model: type[models.Model]
    data: Callable[[dict], dict]
    kwargs: Callable[[dict], dict] = lambda objects: {}
    owner_only: bool = False

    def __str__(self) -> str:
        return self.url_name


def _customer_costing_more_than_the_fee(objects: dict) -> dict:
    """A customer whose 5,000 of costs in the last months dwarf a 100-a-month contract: a fee raise is proposed."""
    business = objects["customer"].business
    customer = CustomerFactory(business=business)
    ContractFactory(customer=customer, fee="100.00", end_date=None)
    CostEntryFactory(customer=customer, date=datetime.date.today() - datetime.timedelta(days=20), amount="5000.00")
    return {"pk": customer.pk}


def _customer_without_contract(objects: dict) -> dict:
    customer = CustomerFactory(business=objects["customer"].business)
    return {"customer_pk": customer.pk}


# Pages that show another page's create form inline (it posts to that page).
EMBEDDED_CREATE_FORMS = {"invoice_detail": "payment_create", "customer_report": "decision_create"}

CREATE_FORMS: list[CreateForm] = [
    CreateForm(
        "customer_create", Customer, lambda o: {"name": "Twice Ltd", "status": "active", "customer_since": "2025-01-01"}
    ),
    CreateForm(
        "contract_create",
        Contract,
        lambda o: {
            "title": "Clicked twice",
            "services_included": "Support",
            "fee": "100.00",
            "billing_period": "monthly",
            "start_date": "2025-01-01",
            "notice_period_days": "30",
            "payment_terms_days": "30",
            "status": "active",
        },
        kwargs=_customer_without_contract,
        owner_only=True,
    ),
    CreateForm(
        "addendum_create",
        Addendum,
        lambda o: {"effective_date": "2025-02-01", "description": "Twice?", "fee_change": "10.00"},
        kwargs=lambda o: {"contract_pk": o["contract"].pk},
        owner_only=True,
    ),
    CreateForm(
        "invoice_create",
        Invoice,
        lambda o: {"number": "TWICE-1", "issue_date": "2025-01-01", "amount": "250.00"},
        kwargs=lambda o: {"customer_pk": o["customer"].pk},
    ),
    CreateForm(
        "payment_create",
        Payment,
        lambda o: {"date": "2025-01-15", "amount": "62.50", "method": "bank_transfer"},
        kwargs=lambda o: {"invoice_pk": o["invoice"].pk},
    ),
    CreateForm(
        "costentry_create",
        CostEntry,
        lambda o: {"date": "2025-01-05", "kind": "materials", "amount": "5.00"},
        kwargs=lambda o: {"customer_pk": o["customer"].pk},
        owner_only=True,
    ),
    CreateForm(
        "interaction_log",
        Interaction,
        lambda o: {
            "customer_name": f"{o['customer'].name} #{o['customer'].pk}",
            "duration_preset": "15",
            "in_scope": "yes",
            "kind": "call",
            "direction": "inbound",
        },
    ),
    CreateForm(
        "followup_create",
        FollowUp,
        lambda o: {"note": "Chased twice?"},
        kwargs=lambda o: {"invoice_pk": o["invoice"].pk},
    ),
    CreateForm(
        "team",
        Invitation,
        lambda o: {"email": "invited.twice@example.com", "role": "staff"},
        owner_only=True,
    ),
    CreateForm(
        "decision_create",
        Decision,
        lambda o: {"decision": "watch", "note": "Decided twice?"},
        kwargs=lambda o: {"pk": o["evaluated_customer"].pk},
        owner_only=True,
    ),
    CreateForm(
        "proposal_create",
        Addendum,
        lambda o: {"option": "fee"},
        kwargs=_customer_costing_more_than_the_fee,
        owner_only=True,
    ),
    CreateForm(
        "reminder_step_create",
        ReminderStep,
        lambda o: {"days": "21", "subject": "Invoice {invoice_number}", "body": "Dear {customer_name}, twice?"},
        owner_only=True,
    ),
]

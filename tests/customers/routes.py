"""The customers pages for the access tests (see tests/routes.py)."""

from ..routes_base import Route


def _pk(name: str):
    return lambda objects: {"pk": objects[name].pk}


ROUTES: list[Route] = [
    Route("customer_list"),
    Route("customer_create"),
    Route("customer_lookup"),
    Route("customer_detail", kwargs=_pk("customer")),
    Route("customer_edit", kwargs=_pk("customer")),
    Route("customer_end", owner_only=True, kwargs=_pk("customer")),
    Route("customer_reopen", owner_only=True, kwargs=_pk("customer"), method="post"),
    Route("contract_create", owner_only=True, kwargs=lambda o: {"customer_pk": o["customer"].pk}),
    Route("contract_detail", kwargs=_pk("contract")),
    Route("contract_edit", owner_only=True, kwargs=_pk("contract")),
    Route("addendum_create", owner_only=True, kwargs=lambda o: {"contract_pk": o["contract"].pk}),
    Route("addendum_edit", owner_only=True, kwargs=_pk("addendum")),
    Route("invoice_create", kwargs=lambda o: {"customer_pk": o["customer"].pk}),
    Route("invoice_detail", kwargs=_pk("invoice")),
    Route("invoice_edit", kwargs=_pk("invoice")),
    Route("payment_create", kwargs=lambda o: {"invoice_pk": o["invoice"].pk}),
    Route("payment_edit", kwargs=_pk("payment")),
    Route("payment_delete", kwargs=_pk("payment"), method="post"),
    Route("followup_create", kwargs=lambda o: {"invoice_pk": o["invoice"].pk}, method="post"),
    Route("costentry_create", owner_only=True, kwargs=lambda o: {"customer_pk": o["customer"].pk}),
    Route("costentry_edit", owner_only=True, kwargs=_pk("cost_entry")),
    Route("interaction_log"),
    Route("interaction_edit", kwargs=_pk("interaction")),
    Route(
        "addendum_sign",
        owner_only=True,
        kwargs=_pk("addendum"),
        method="post",
        data=lambda o: {"signed_on": "2025-01-01", "edit_version": "1", "back": "contract"},
    ),
    Route("invoice_list"),
    Route("payment_list"),
    Route("interaction_list"),
    Route("costentry_list", owner_only=True),
    Route("interaction_detail", kwargs=_pk("interaction")),
    Route("costentry_detail", owner_only=True, kwargs=_pk("cost_entry")),
    Route("payment_detail", kwargs=_pk("payment")),
]

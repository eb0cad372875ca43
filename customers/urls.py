from django.urls import path

from .views import billing, contracts, costs, customers, interactions

urlpatterns = [
    path("customers/", customers.customer_list, name="customer_list"),
    path("customers/new/", customers.customer_create, name="customer_create"),
    path("customers/lookup/", customers.customer_lookup, name="customer_lookup"),
    path("customers/<int:pk>/", customers.customer_detail, name="customer_detail"),
    path("customers/<int:pk>/edit/", customers.customer_edit, name="customer_edit"),
    path("customers/<int:pk>/end/", customers.customer_end, name="customer_end"),
    path("customers/<int:pk>/reopen/", customers.customer_reopen, name="customer_reopen"),
    path("customers/<int:customer_pk>/contracts/new/", contracts.contract_create, name="contract_create"),
    path("customers/<int:customer_pk>/invoices/new/", billing.invoice_create, name="invoice_create"),
    path("customers/<int:customer_pk>/costs/new/", costs.costentry_create, name="costentry_create"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/edit/", contracts.contract_edit, name="contract_edit"),
    path("contracts/<int:contract_pk>/addenda/new/", contracts.addendum_create, name="addendum_create"),
    path("addenda/<int:pk>/edit/", contracts.addendum_edit, name="addendum_edit"),
    path("addenda/<int:pk>/sign/", contracts.addendum_sign, name="addendum_sign"),
    path("invoices/<int:pk>/", billing.invoice_detail, name="invoice_detail"),
    path("invoices/<int:pk>/edit/", billing.invoice_edit, name="invoice_edit"),
    path("invoices/<int:invoice_pk>/payments/new/", billing.payment_create, name="payment_create"),
    path("invoices/<int:invoice_pk>/follow-ups/new/", billing.followup_create, name="followup_create"),
    path("payments/<int:pk>/edit/", billing.payment_edit, name="payment_edit"),
    path("payments/<int:pk>/delete/", billing.payment_delete, name="payment_delete"),
    path("costs/<int:pk>/edit/", costs.costentry_edit, name="costentry_edit"),
    path("log/", interactions.interaction_log, name="interaction_log"),
    path("interactions/<int:pk>/edit/", interactions.interaction_edit, name="interaction_edit"),
]

from django.urls import path

from . import views

# The ranked customers with their verdicts are exported by reports (reports/urls.py).
urlpatterns = [
    path("exports/customers/", views.export_customers, name="export_customers"),
    path("exports/invoices/", views.export_invoices, name="export_invoices"),
    path("exports/payments/", views.export_payments, name="export_payments"),
    path("exports/interactions/", views.export_interactions, name="export_interactions"),
    path("exports/cost-entries/", views.export_cost_entries, name="export_cost_entries"),
    path("exports/all-data/", views.export_business, name="export_business"),
]

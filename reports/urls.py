from django.urls import path

from . import views

# The staff and owner home page is accounts' ``home`` view.
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export/", views.export_ranked, name="export_ranked"),
    path("first-steps/skip/", views.onboarding_skip, name="onboarding_skip"),
    path("first-steps/dismiss/", views.onboarding_dismiss, name="onboarding_dismiss"),
    path("customers/<int:pk>/report/", views.customer_report, name="customer_report"),
    path("customers/<int:pk>/report/decision/", views.decision_create, name="decision_create"),
    path("customers/<int:pk>/report/letter/", views.letter_print, name="letter_print"),
    path("customers/<int:pk>/report/proposal/", views.proposal_create, name="proposal_create"),
]

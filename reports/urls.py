from django.urls import path

from . import views

# The staff and owner home page is accounts' ``home`` view.
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("customers/<int:pk>/report/", views.customer_report, name="customer_report"),
    path("customers/<int:pk>/report/decision/", views.decision_create, name="decision_create"),
    path("customers/<int:pk>/report/letter/", views.letter_print, name="letter_print"),
]

from django.urls import path

from . import views

# The verdicts themselves are shown on the owner's dashboard and customer reports (reports/urls.py).
urlpatterns = [
    path("evaluations/settings/", views.evaluation_settings, name="evaluation_settings"),
]

from django.urls import path

from . import views

urlpatterns = [
    path("settings/weekly-digest/", views.digest_subscription, name="digest_subscription"),
]

from django.urls import path

from . import views

urlpatterns = [
    path("history/", views.recent_changes, name="recent_changes"),
]

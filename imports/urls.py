from django.urls import path

from . import views

urlpatterns = [
    path("imports/", views.import_start, name="import_start"),
    path("imports/template/", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/options/", views.import_options, name="import_options"),
    path("imports/<int:pk>/run/", views.import_run, name="import_run"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
]

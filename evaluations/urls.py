from django.urls import path

from . import views

urlpatterns = [
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("evaluations/settings/", views.evaluation_settings, name="evaluation_settings"),
    path("evaluations/customers/<int:pk>/", views.customer_evaluation, name="customer_evaluation"),
    path("evaluations/customers/<int:pk>/decision/", views.decision_create, name="decision_create"),
]

from django.urls import path

from . import views

urlpatterns = [
    path("reminders/", views.reminder_settings, name="reminder_settings"),
    path("reminders/steps/new/", views.reminder_step_create, name="reminder_step_create"),
    path("reminders/steps/<int:pk>/edit/", views.reminder_step_edit, name="reminder_step_edit"),
    path("reminders/steps/<int:pk>/delete/", views.reminder_step_delete, name="reminder_step_delete"),
    path("reminders/to-call/", views.reminders_to_call_list, name="reminders_to_call"),
]

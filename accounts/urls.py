from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import signup_views, views

urlpatterns = [
    path("switch/", views.switch_business, name="switch_business"),
    path("settings/", views.business_settings, name="business_settings"),
    path("team/", views.team, name="team"),
    path("team/<int:pk>/", views.member_edit, name="member_edit"),
    path("team/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("accounts/signup/", signup_views.signup_start, name="signup"),
    path("accounts/signup/confirm/<str:token>/", signup_views.signup_confirm, name="signup_confirm"),
    path("accounts/signup/resend/", signup_views.signup_confirmation_resend, name="signup_confirmation_resend"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
]

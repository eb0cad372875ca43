from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import invitation_views, security_views, sign_in, signup_views, views
from .sign_in import SignInView
from .throttle import throttle

urlpatterns = [
    path("switch/", views.switch_business, name="switch_business"),
    path("settings/", views.business_settings, name="business_settings"),
    path("team/", views.team, name="team"),
    path("team/<int:pk>/", views.member_edit, name="member_edit"),
    path("team/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("accounts/signup/", signup_views.signup_start, name="signup"),
    path("accounts/signup/confirm/<str:token>/", signup_views.signup_confirm, name="signup_confirm"),
    path("accounts/signup/resend/", signup_views.signup_confirmation_resend, name="signup_confirmation_resend"),
    path("team/invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("team/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/", invitation_views.invitations, name="invitations"),
    path("invitations/<int:pk>/accept/", invitation_views.invitation_accept, name="invitation_accept"),
    path("invitations/<int:pk>/decline/", invitation_views.invitation_decline, name="invitation_decline"),
    path("invitations/open/<str:token>/", invitation_views.invitation_open, name="invitation_open"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/login/code/", sign_in.login_code, name="login_code"),
    path("account/security/", security_views.security, name="security"),
    path("account/security/qr.svg", security_views.qr_code, name="security_qr"),
    path(
        "accounts/password_reset/",
        throttle("password_reset")(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
]

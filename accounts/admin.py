from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .models import Business, Invitation, Membership, SignupConfirmation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ["name", "currency", "time_zone", "default_hourly_cost", "created_at"]
    list_filter = ["currency", "time_zone"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "business", "role", "hourly_cost", "created_at"]
    list_filter = ["role", "business"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name", "business__name"]
    autocomplete_fields = ["user", "business"]
    list_select_related = ["user", "business"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are answered by the invitee, never completed here."""

    list_display = ["email", "business", "role", "status", "sent_at", "expires_at", "invited_by"]
    list_filter = ["status", "role"]
    search_fields = ["email", "business__name"]
    list_select_related = ["business", "invited_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["business"]
    fk_name = "user"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class KeepOrBootUserAdmin(UserAdmin):
    inlines = [UserMembershipInline]
    list_filter = [*UserAdmin.list_filter, "memberships__role"]


@admin.register(SignupConfirmation)
class SignupConfirmationAdmin(admin.ModelAdmin):
    """Who signed up and whether they confirmed their address (support questions)."""

    list_display = ["email", "created_at", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["user", "email", "created_at"]


@login_not_required
def _sign_in_through_the_app(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin's own sign-in form would skip two-factor: platform admins use the app's.

    Someone already signed in who is not a platform admin is refused here: sending
    them to sign in again would bounce straight back (a redirect loop).
    """
    if request.user.is_authenticated:
        raise PermissionDenied("The administration is for platform admins only.")
    target = request.GET.get("next") or reverse("admin:index")
    return redirect_to_login(target, login_url=reverse("login"))


admin.site.login = _sign_in_through_the_app  # type: ignore[method-assign]  # its own form would skip two-factor
admin.site.site_header = "Keep or Boot administration"
admin.site.site_title = "Keep or Boot admin"

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Business, Membership, SignupConfirmation


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


admin.site.site_header = "Keep or Boot administration"
admin.site.site_title = "Keep or Boot admin"

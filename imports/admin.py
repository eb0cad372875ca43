"""The platform admin's read-only view of imports (owners use the import pages)."""

from django.contrib import admin

from .models import Import


@admin.register(Import)
class ImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "business", "kind", "status", "created", "updated", "unchanged", "errors", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["filename", "business__name"]
    list_select_related = ["business"]
    exclude = ["content"]
    list_per_page = 50

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

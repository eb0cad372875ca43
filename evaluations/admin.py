from django.contrib import admin

from .models import Decision, EvaluationSettings, MonthlySnapshot


@admin.register(EvaluationSettings)
class EvaluationSettingsAdmin(admin.ModelAdmin):
    list_display = ["business", "updated_at"]
    list_select_related = ["business"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["customer", "decision", "business", "decided_by", "decided_at"]
    list_filter = ["decision"]
    list_select_related = ["customer", "business", "decided_by"]
    search_fields = ["customer__name", "note"]
    raw_id_fields = ["customer", "decided_by"]


@admin.register(MonthlySnapshot)
class MonthlySnapshotAdmin(admin.ModelAdmin):
    list_display = ["customer", "month", "verdict", "month_profit", "business"]
    list_filter = ["verdict", "month"]
    list_select_related = ["customer", "business"]
    search_fields = ["customer__name"]
    raw_id_fields = ["customer"]
    readonly_fields = ["taken_at"]

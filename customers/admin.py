"""The platform admin's view of the records (superusers only; businesses use the app's pages).

Payments are changed through ``customers.services`` so that their invoice stays in step.
"""

from typing import ClassVar

from django.contrib import admin

from . import services
from .models import Addendum, Contract, CostEntry, Customer, FollowUp, Interaction, Invoice, Payment

RECORD_FIELDS = ("created_by", "created_at", "updated_at")


class RecordAdmin(admin.ModelAdmin):
    readonly_fields: ClassVar[tuple[str, ...]] = RECORD_FIELDS
    list_per_page = 50

    def save_model(self, request, obj, form, change) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # After the record and its inline rows, in the admin's transaction (deletes are left
        # to the queue the database triggers fill; pages refresh it before reading).
        services.records_changed(record=form.instance)


@admin.register(Customer)
class CustomerAdmin(RecordAdmin):
    list_display = ["name", "business", "contact_person", "email", "phone", "status", "customer_since", "ended_on"]
    list_filter = ["status", "end_reason", "business"]
    search_fields = ["name", "contact_person", "email", "phone", "business__name"]
    autocomplete_fields = ["business"]
    list_select_related = ["business"]
    date_hierarchy = "customer_since"


class AddendumInline(admin.TabularInline):
    model = Addendum
    extra = 0
    fields = ["effective_date", "description", "fee_change", "scope_change", "support_hours_per_month", "status"]


@admin.register(Contract)
class ContractAdmin(RecordAdmin):
    list_display = ["title", "customer", "business", "fee", "billing_period", "start_date", "end_date", "status"]
    list_filter = ["status", "billing_period", "auto_renew", "business"]
    search_fields = ["title", "customer__name", "business__name"]
    autocomplete_fields = ["business", "customer"]
    list_select_related = ["customer", "business"]
    inlines = [AddendumInline]

    def save_formset(self, request, form, formset, change) -> None:
        for addendum in formset.save(commit=False):
            addendum.business_id = form.instance.business_id
            if addendum.pk is None:
                addendum.created_by = request.user
            addendum.save()
        for removed in formset.deleted_objects:
            removed.delete()


@admin.register(Addendum)
class AddendumAdmin(RecordAdmin):
    list_display = ["contract", "business", "effective_date", "fee_change", "status"]
    list_filter = ["status", "business"]
    search_fields = ["description", "contract__title", "contract__customer__name"]
    autocomplete_fields = ["business", "contract"]
    list_select_related = ["contract__customer", "business"]
    date_hierarchy = "effective_date"


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    fields = ("date", "amount", "method", "note", "created_by")
    readonly_fields = fields  # use the app's pages (or the Payment admin) so the invoice stays in step

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invoice)
class InvoiceAdmin(RecordAdmin):
    list_display = [
        "number",
        "customer",
        "business",
        "issue_date",
        "due_date",
        "amount",
        "amount_paid",
        "paid_in_full_on",
    ]
    list_filter = ["business", ("paid_in_full_on", admin.EmptyFieldListFilter)]
    search_fields = ["number", "customer__name", "business__name"]
    autocomplete_fields = ["business", "customer", "contract"]
    list_select_related = ["customer", "business"]
    readonly_fields: ClassVar[tuple[str, ...]] = (*RECORD_FIELDS, "amount_paid", "paid_in_full_on")
    date_hierarchy = "issue_date"
    inlines = [PaymentInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        services.invoice_refresh_payments(obj)


@admin.register(Payment)
class PaymentAdmin(RecordAdmin):
    list_display = ["invoice", "business", "date", "amount", "method"]
    list_filter = ["method", "business"]
    search_fields = ["invoice__number", "invoice__customer__name", "business__name"]
    autocomplete_fields = ["business", "invoice"]
    list_select_related = ["invoice", "business"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change) -> None:
        obj.invoice_issue_date = obj.invoice.issue_date
        super().save_model(request, obj, form, change)
        services.invoice_refresh_payments(obj.invoice)

    def delete_model(self, request, obj) -> None:
        services.payment_delete(payment=obj)

    def delete_queryset(self, request, queryset) -> None:
        for payment in queryset.select_related("invoice"):
            services.payment_delete(payment=payment)


@admin.register(FollowUp)
class FollowUpAdmin(RecordAdmin):
    list_display = ["invoice", "business", "date", "note", "created_by"]
    list_filter = ["business"]
    search_fields = ["invoice__number", "invoice__customer__name", "note"]
    autocomplete_fields = ["business", "invoice"]
    list_select_related = ["invoice", "business", "created_by"]
    date_hierarchy = "date"


@admin.register(Interaction)
class InteractionAdmin(RecordAdmin):
    list_display = ["customer", "business", "kind", "occurred_at", "duration_minutes", "in_scope", "handled_by"]
    list_filter = ["kind", "direction", "in_scope", "complained", "threatened_review", "abusive", "business"]
    search_fields = ["customer__name", "note", "business__name"]
    autocomplete_fields = ["business", "customer", "handled_by"]
    list_select_related = ["customer", "business", "handled_by"]
    readonly_fields: ClassVar[tuple[str, ...]] = (*RECORD_FIELDS, "hourly_cost")
    date_hierarchy = "occurred_at"

    def save_model(self, request, obj, form, change) -> None:
        if not change or "handled_by" in form.changed_data:
            obj.hourly_cost = services.interaction_hourly_cost(obj)
        super().save_model(request, obj, form, change)


@admin.register(CostEntry)
class CostEntryAdmin(RecordAdmin):
    list_display = ["customer", "business", "date", "kind", "amount", "hours"]
    list_filter = ["kind", "business"]
    search_fields = ["customer__name", "note", "business__name"]
    autocomplete_fields = ["business", "customer"]
    list_select_related = ["customer", "business"]
    date_hierarchy = "date"

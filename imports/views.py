"""Owners bring their records in: upload → (map columns) → preview → import → progress."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import BusinessRequest, business_view, get_for_business_or_404

from . import selectors, services
from .formats import FIELDS, formats_for, template_headers
from .forms import MappingForm, UploadForm
from .models import Import, Kind

PREVIEW_ROWS = 20
# The preview checks this many rows within the request; the import itself checks
# every row and writes nothing if one has an error.
PREVIEW_CHECKED_ROWS = 5000


@business_view(owner_only=True)
def import_start(request: BusinessRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.check_size(upload.size)  # before reading a huge file into memory
            job = services.import_upload(
                business=request.business,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
                created_by=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if job.status == Import.Status.NEEDS_MAPPING:
                return redirect("import_mapping", pk=job.pk)
            return redirect("import_detail", pk=job.pk)
    context = {
        "form": form,
        "imports": selectors.recent_imports(business=request.business),
        "kinds": [(kind, label, formats_for(kind)) for kind, label in Kind.choices],
        "max_mb": settings.KOB_IMPORT_MAX_BYTES // 1_048_576,
    }
    return render(request, "imports/start.html", context)


@business_view(owner_only=True)
def import_template(request: BusinessRequest) -> HttpResponse:
    """Our own CSV template for a kind: the header row only."""
    kind = request.GET.get("kind", "")
    if kind not in FIELDS:
        raise Http404("No such kind of import.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="keep-or-boot-{kind}.csv"'
    csv.writer(response).writerow(template_headers(kind))
    return response


@business_view(owner_only=True)
def import_mapping(request: BusinessRequest, pk: int) -> HttpResponse:
    job = get_for_business_or_404(Import.objects.defer("content"), request, pk=pk)
    form = MappingForm(request.POST or None, job=job)
    if request.method == "POST" and form.is_valid():
        job = get_for_business_or_404(Import, request, pk=pk)
        try:
            services.import_map_columns(job=job, mapping=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Columns mapped. They will be used for files with the same columns next time.")
            return redirect("import_detail", pk=job.pk)
    return render(request, "imports/mapping.html", {"job": job, "form": form})


@business_view(owner_only=True)
def import_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    """The preview before the import, the progress during it, the outcome after."""
    job = get_for_business_or_404(Import, request, pk=pk)
    if job.status == Import.Status.NEEDS_MAPPING:
        return redirect("import_mapping", pk=job.pk)
    context: dict[str, object] = {"job": job}
    if job.status in (Import.Status.READY, Import.Status.STOPPED, Import.Status.FAILED):
        plan = services.import_plan(job=job, limit=PREVIEW_CHECKED_ROWS)
        context |= {
            "plan": plan,
            "preview": plan.results[:PREVIEW_ROWS],
            "counts": selectors.plan_counts(plan),
            "problems": plan.problems()[: services.PROBLEMS_KEPT],
            "valid_rows": len(plan.results) - plan.error_count,
            "customers": selectors.customer_choices(business=request.business) if plan.unmatched_numbers else [],
            "date_orders": Import.DateOrder.choices,
            "checked_rows": min(job.rows_total, PREVIEW_CHECKED_ROWS),
        }
    return render(request, "imports/detail.html", context)


@require_POST
@business_view(owner_only=True)
def import_options(request: BusinessRequest, pk: int) -> HttpResponse:
    job = get_for_business_or_404(Import.objects.defer("content"), request, pk=pk)
    assignments = {
        key.removeprefix("assign:"): request.POST.get(key, "") for key in request.POST if key.startswith("assign:")
    }
    try:
        services.import_set_options(job=job, date_order=request.POST.get("date_order", ""), assignments=assignments)
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("import_detail", pk=job.pk)


@require_POST
@business_view(owner_only=True)
def import_run(request: BusinessRequest, pk: int) -> HttpResponse:
    job = get_for_business_or_404(Import.objects.defer("content"), request, pk=pk)
    try:
        services.import_queue(job=job, valid_only=request.POST.get("valid_only") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("import_detail", pk=job.pk)


@business_view(owner_only=True)
def import_progress(request: BusinessRequest, pk: int) -> JsonResponse:
    """How far the import is, for the progress bar (polled by static/js/imports.js)."""
    job = get_for_business_or_404(Import.objects.defer("content"), request, pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "stage": job.stage,
            "percent": job.percent_done,
            "finished": job.is_finished,
        }
    )

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.access import BusinessRequest, business_view
from accounts.versions import EditConflict, show_conflict, version_check
from audit.views import history_section

from . import services, standings
from .forms import EvaluationSettingsForm


@business_view(owner_only=True)
def evaluation_settings(request: BusinessRequest) -> HttpResponse:
    settings = services.settings_for(request.business)
    form = EvaluationSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                version_check(record=form.instance, expected=form.expected_version())
                form.save()
                now = standings.standings_refresh_all_soon(request.business)
        except EditConflict as conflict:
            show_conflict(form, conflict)
        else:
            if now:
                messages.success(request, "Evaluation settings saved: every verdict now uses them.")
            else:
                messages.success(request, "Evaluation settings saved: verdicts are being recomputed with them.")
            return redirect("evaluation_settings")
    return render(request, "evaluations/evaluation_settings.html", {"form": form, **history_section(request, settings)})

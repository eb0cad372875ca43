from django import forms

from accounts.form_guards import OneTimeSubmissionMixin, VersionedFormMixin

from .models import Choice, EvaluationSettings


class DecisionForm(OneTimeSubmissionMixin, forms.Form):
    decision = forms.ChoiceField(choices=Choice.choices, widget=forms.RadioSelect, label="Your decision")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Why, and what happens next (for example: raise the fee at renewal).",
    )


class EvaluationSettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = EvaluationSettings
        fields = [
            "out_of_scope_watch_percent",
            "out_of_scope_red_percent",
            "support_hours_red_percent",
            "angry_refusals_red",
            "out_of_scope_requests_watch",
            "out_of_scope_requests_red",
            "concession_watch_percent",
            "concession_red_percent",
            "discount_requests_watch",
            "discount_requests_red",
            "invoice_disputes_watch",
            "dishonest_watch",
            "dishonest_red",
            "complaints_watch",
            "average_days_late_watch",
            "average_days_late_red",
            "invoice_days_late_watch",
            "invoice_days_late_red",
            "target_margin_percent",
            "concentration_warning_percent",
        ]

    def clean(self) -> dict:
        data = super().clean() or {}
        pairs = [
            ("out_of_scope_watch_percent", "out_of_scope_red_percent", False),
            ("concession_watch_percent", "concession_red_percent", False),
            ("discount_requests_watch", "discount_requests_red", False),
            ("out_of_scope_requests_watch", "out_of_scope_requests_red", False),
            ("dishonest_watch", "dishonest_red", False),
            ("average_days_late_watch", "average_days_late_red", True),
            ("invoice_days_late_watch", "invoice_days_late_red", True),
        ]
        for watch, red, strictly in pairs:
            low, high = data.get(watch), data.get(red)
            if low is None or high is None:
                continue
            if low > high or (strictly and low == high):
                self.add_error(
                    red,
                    f"Must be {'above' if strictly else 'at least'} the watch level "
                    f"({str(self.fields[watch].label).lower()}: {low}).",
                )
        return data


class ProposalForm(OneTimeSubmissionMixin, forms.Form):
    """Which way to renegotiate; the figures are worked out again on the server, never posted."""

    option = forms.ChoiceField(choices=[("fee", "Raise the fee"), ("cap", "Keep the fee, cap the support hours")])

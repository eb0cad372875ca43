from __future__ import annotations

from django import forms

from accounts.models import Business, Membership

from .selectors import kind_choices


class RecentChangesFilter(forms.Form):
    """The filters of the Recent changes page: person, kind of record, dates (in the business's time zone)."""

    person = forms.TypedChoiceField(label="Person", coerce=int, empty_value=None, required=False)
    kind = forms.ChoiceField(label="Kind of record", required=False)
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, business: Business, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.for_business(business).select_related("user").order_by("user__first_name")
        person, kind = self.fields["person"], self.fields["kind"]
        assert isinstance(person, forms.ChoiceField) and isinstance(kind, forms.ChoiceField)
        person.choices = [("", "Everyone")] + [(m.user_id, m.display_name) for m in members]
        kind.choices = [("", "Every kind"), *kind_choices()]
        for name, field in self.fields.items():
            css = "form-select form-select-sm" if name in ("person", "kind") else "form-control form-control-sm"
            field.widget.attrs["class"] = css

    def clean(self) -> dict:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError("The start date is after the end date.")
        return data

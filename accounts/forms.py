from django import forms

from .form_guards import GuardedFormMixin
from .models import Business, Membership, time_zone_choices


class BusinessForm(GuardedFormMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(choices=time_zone_choices)

    class Meta:
        model = Business
        fields = ["name", "currency", "time_zone", "default_hourly_cost"]
        widgets = {"default_hourly_cost": forms.NumberInput(attrs={"min": "0", "step": "0.01"})}


class MemberAddForm(GuardedFormMixin, forms.Form):
    email = forms.EmailField(label="E-mail")
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.STAFF)
    hourly_cost = forms.DecimalField(
        label="Cost of one hour",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="Leave empty to use the business default.",
    )


class MemberEditForm(GuardedFormMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "hourly_cost"]
        widgets = {"hourly_cost": forms.NumberInput(attrs={"min": "0", "step": "0.01"})}

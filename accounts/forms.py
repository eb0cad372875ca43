from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError

from .models import Business, Membership, time_zone_choices


class BusinessForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=time_zone_choices)

    class Meta:
        model = Business
        fields = ["name", "currency", "time_zone", "default_hourly_cost", "require_two_factor"]
        widgets = {"default_hourly_cost": forms.NumberInput(attrs={"min": "0", "step": "0.01"})}


class MemberEditForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "hourly_cost"]
        widgets = {"hourly_cost": forms.NumberInput(attrs={"min": "0", "step": "0.01"})}


class InvitationForm(forms.Form):
    email = forms.EmailField(label="E-mail")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.STAFF)
    hourly_cost = forms.DecimalField(
        label="Cost of one hour",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="Leave empty to use the business default.",
    )


class InviteeAccountForm(forms.Form):
    """A new person's name and password, chosen through their invitation link."""

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150, required=False)
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict:
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and password != cleaned.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        elif password:
            # Judged against the person's own name and e-mail (the similarity validator).
            person = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, person)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

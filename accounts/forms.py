from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError

from .form_guards import GuardedFormMixin, OneTimeSubmissionMixin, VersionedFormMixin
from .models import CURRENCY_CHOICES, Business, Membership, time_zone_choices

User = get_user_model()


class BusinessForm(VersionedFormMixin, forms.ModelForm):
    time_zone = forms.ChoiceField(choices=time_zone_choices)

    class Meta:
        model = Business
        fields = [
            "name",
            "currency",
            "time_zone",
            "country",
            "default_hourly_cost",
            "require_two_factor",
            "address",
            "phone",
            "email",
            "website",
        ]
        widgets = {
            "default_hourly_cost": forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional in the form: left empty, the business keeps its country (US for a new one).
        self.fields["country"].required = False

    def clean_country(self) -> str:
        value = (self.cleaned_data.get("country") or "").strip().upper()
        return value or self.instance.country or "US"


class InvitationForm(OneTimeSubmissionMixin, forms.Form):
    """Invite a person (a create form: its one-time key makes a double submit send one invitation)."""

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


class MemberEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "hourly_cost"]
        widgets = {"hourly_cost": forms.NumberInput(attrs={"min": "0", "step": "0.01"})}


class SignupForm(GuardedFormMixin, forms.Form):
    """A new owner and their business, in one step."""

    first_name = forms.CharField(
        label="Your first name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    email = forms.EmailField(
        label="E-mail",
        max_length=150,  # it becomes the user name, which holds 150 characters
        help_text="We send a link to confirm it. It is also your user name.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="Password again", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    business_name = forms.CharField(label="Business name", max_length=200)
    currency = forms.ChoiceField(choices=CURRENCY_CHOICES, initial="USD")
    time_zone = forms.ChoiceField(choices=time_zone_choices, initial="UTC")
    default_hourly_cost = forms.DecimalField(
        label="Default cost of one staff hour",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        initial=Decimal("50.00"),
        help_text="Wage plus taxes, benefits and overheads, per hour. You can set each person's own cost later.",
        widget=forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
    )

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            # Django's validators, judged against the person's own name and address.
            user = User(username=cleaned.get("email") or "", email=cleaned.get("email") or "")
            user.first_name = cleaned.get("first_name") or ""
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class InviteeAccountForm(GuardedFormMixin, forms.Form):
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
        super().clean()
        cleaned = self.cleaned_data
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

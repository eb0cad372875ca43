"""Finding a business's existing customers and team members from what a file says about them."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Business, Membership
from customers.models import Customer

from ..values import normalise_name, normalise_phone

CUSTOMER_FIELDS = ("id", "name", "email", "phone", "external_id", "contact_person", "address", "tags")


@dataclass
class Match:
    customer_id: int | str  # an id, or the key of a customer this import creates
    matched_by: str  # "external id", "e-mail", "name"


class CustomerIndex:
    """The business's customers by external id, e-mail and normalised name (one query).

    Customers the import itself creates are added with a string key, so a later
    row naming the same customer finds them too.
    """

    def __init__(self, business: Business):
        self.rows: dict[int | str, dict] = {}
        self.by_external: dict[str, int | str] = {}
        self.by_email: dict[str, int | str] = {}
        self.by_name: dict[str, int | str] = {}
        for row in Customer.objects.filter(business=business).order_by("id").values(*CUSTOMER_FIELDS):
            self.add(row["id"], row)

    def add(self, key: int | str, row: dict) -> None:
        self.rows[key] = row
        if row.get("external_id"):
            self.by_external.setdefault(row["external_id"], key)
        if row.get("email"):
            self.by_email.setdefault(row["email"].casefold(), key)
        if row.get("name"):
            self.by_name.setdefault(normalise_name(row["name"]), key)

    def find(self, *, external_id: str = "", email: str = "", name: str = "") -> Match | None:
        """External id first, then e-mail, then normalised name."""
        if external_id and external_id in self.by_external:
            return Match(self.by_external[external_id], "external id")
        if email and email.casefold() in self.by_email:
            return Match(self.by_email[email.casefold()], "e-mail")
        if name and normalise_name(name) in self.by_name:
            return Match(self.by_name[normalise_name(name)], "name")
        return None

    def phone_index(self, region: str) -> dict[str, int]:
        """E.164 number → the first customer (by id) with that phone."""
        numbers: dict[str, int] = {}
        for key, row in self.rows.items():
            number = normalise_phone(row.get("phone") or "", region)
            if number and isinstance(key, int):
                numbers.setdefault(number, key)
        return numbers


class MemberIndex:
    """The team by full name, e-mail and username, with each person's hourly cost (one query)."""

    def __init__(self, business: Business):
        self.by_key: dict[str, Membership] = {}
        memberships = Membership.objects.filter(business=business).select_related("user", "business")
        for membership in memberships:
            user = membership.user
            for key in (user.get_full_name(), user.email, user.get_username()):
                if key:
                    self.by_key.setdefault(normalise_name(key), membership)

    def find(self, *texts: str) -> Membership | None:
        for text in texts:
            if text and normalise_name(text) in self.by_key:
                return self.by_key[normalise_name(text)]
        return None

from django.conf import settings
from django.db import models

from accounts.access import BusinessQuerySet
from accounts.models import Business


class BusinessOwned(models.Model):
    """A row that belongs to one business, and remembers who made it and when.

    Child rows also carry ``business`` and the database checks it matches their
    parent's through composite foreign keys (see the migrations), so a row can
    never point at another business's customer, contract or invoice.
    """

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Moves on with every edit; an edit form sent with an older one is a conflict (accounts.versions).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = BusinessQuerySet.as_manager()

    class Meta:
        abstract = True

from django.http import HttpRequest

from .models import Membership


def current_business(request: HttpRequest) -> dict:
    """Expose the resolved business, membership and the user's other businesses to templates."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    others = getattr(request, "other_memberships", None)  # read with the membership (accounts.access)
    if others is None:
        others = (
            Membership.objects.filter(user_id=membership.user_id)
            .exclude(business_id=membership.business_id)
            .select_related("business")
            .order_by("business__name", "business_id")
        )
    return {
        "business": membership.business,
        "membership": membership,
        "is_owner": membership.is_owner,
        "other_memberships": others,
    }

from django.http import HttpRequest


def current_business(request: HttpRequest) -> dict:
    """Expose the resolved business, membership and the user's other businesses to templates.

    All three are set by ``accounts.access.business_view`` (the others read with the membership, in one query).
    """
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    return {
        "business": membership.business,
        "membership": membership,
        "is_owner": membership.is_owner,
        "other_memberships": getattr(request, "other_memberships", []),
    }

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Site-wide template values: the phase banner's phase."""
    return {"pledge_phase": settings.PLEDGE_PHASE}

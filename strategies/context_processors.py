from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from strategies.models import Organisation


def pledge(request: HttpRequest) -> dict:
    """Site-wide template values: the phase banner and whether demonstration data is loaded."""
    return {
        "pledge_phase": settings.PLEDGE_PHASE,
        "demo_data_present": SimpleLazyObject(
            lambda: Organisation.objects.filter(demo_since__isnull=False).exists()
        ),
    }

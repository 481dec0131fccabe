from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from strategies.models import Organisation

# The demonstration banner may lag `seed --demo` (run by hand) by this long.
DEMO_FLAG_SECONDS = 60


def demo_data_present() -> bool:
    """Whether any council holds the demonstration layer: asked once a minute at most (every
    page shows the answer), or every time when the page cache is off."""

    def ask() -> bool:
        return Organisation.objects.filter(demo_since__isnull=False).exists()

    seconds = min(settings.PLEDGE_PAGE_CACHE_SECONDS, DEMO_FLAG_SECONDS)
    if not seconds:
        return ask()
    return cache.get_or_set("pledge:demo-data-present", ask, seconds)


def demo_banner(request: HttpRequest) -> dict:
    """Whether every page shows the demonstration data banner: asked only if a page reads it."""
    return {"demo_data_present": SimpleLazyObject(demo_data_present)}

"""The product's URLs plus one that fails, so a browser test can see the 500 page as served.

Used only by tests that set ROOT_URLCONF to this module for their duration.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns

SERVER_ERROR_PATH = "/test-only/server-error/"


@login_not_required
def server_error(request):
    raise RuntimeError("A deliberate failure, to show the 500 page")


urlpatterns = [
    *product_urlpatterns,
    path(SERVER_ERROR_PATH.strip("/") + "/", server_error),
]

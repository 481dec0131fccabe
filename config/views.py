"""The load balancer's questions. Both are open to everyone and say no more than they must."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

PLAIN_TEXT = "text/plain; charset=utf-8"


@login_not_required
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process is up and answering. It needs no database, so a database outage
    does not have every worker restarted (that is what readyz is for)."""
    return HttpResponse("ok", content_type=PLAIN_TEXT)


@login_not_required
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: the worker can reach its database, so it can serve pages. A 503 takes it
    out of the load balancer's rotation until the database is back."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("The database cannot be reached.", status=503, content_type=PLAIN_TEXT)
    return HttpResponse("ok", content_type=PLAIN_TEXT)

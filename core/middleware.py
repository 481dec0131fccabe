"""What every response shares: form bodies Pledge can read, and nothing signed-in kept."""

from __future__ import annotations

import codecs

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers

from core import security_log

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NOT_UTF_8 = "Send forms in UTF-8, as web browsers do.\n"


def _is_utf_8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name in ("utf-8", "ascii")
    except LookupError:
        return True  # Django ignores a charset it does not know and reads the body as UTF-8


class FormCharsetMiddleware:
    """Refuses a form body in a charset other than UTF-8 with a short plain-text 400.

    Django refuses to read such a body (BadRequest) each time anything asks for request.POST,
    and its 400 page runs the CSRF check, which asks again: the person got a 500. Browsers
    always send forms in UTF-8, so only a hand-made request meets this. "utf8" and ASCII
    are UTF-8 under other names: those bodies are read as UTF-8.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_TYPES:
            charset = request.content_params.get("charset")
            if charset is not None:
                if not _is_utf_8(charset):
                    return HttpResponseBadRequest(
                        NOT_UTF_8, content_type="text/plain; charset=utf-8"
                    )
                request.encoding = "utf-8"
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """Every answer to a signed-in person, pages and downloads alike, says that no browser
    or proxy may keep it (Django's `never_cache`, for every view at once): a shared computer
    must not show the next person a plan, and a proxy must not hand a Part II pack on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class RefusalLogMiddleware:
    """Logs each refusal a view makes (core/security_log.py): PermissionDenied (403), and a 404
    raised by a view for a signed-in person, which is how another council's object, or one
    that does not exist, is refused. A URL that matches no view is not a refusal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        user = getattr(request, "user", None)
        if isinstance(exception, PermissionDenied):
            security_log.log("refused", request=request, status=403)
        elif isinstance(exception, Http404) and user is not None and user.is_authenticated:
            security_log.log("refused", request=request, status=404)

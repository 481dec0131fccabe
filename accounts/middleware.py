"""Keeps a signed-in person's session alive while they use Pledge, without a write per request."""

from __future__ import annotations

import time

from django.conf import settings

REFRESHED_KEY = "pledge_refreshed_at"
# How stale the session's expiry may grow before a request pushes it forward: a session ends
# between SESSION_COOKIE_AGE minus this and SESSION_COOKIE_AGE after the last request.
REFRESH_SECONDS = 60


def stamp_session(*, request, **kwargs) -> None:
    """Signing in saves the session with a fresh expiry: the next minute's requests need not."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_KEY] = int(time.time())


class SessionRefreshMiddleware:
    """Marks a signed-in session changed when its expiry was last pushed forward over a minute
    ago, so SessionMiddleware saves it (and moves its expiry) then rather than on every request
    as SESSION_SAVE_EVERY_REQUEST would (an UPDATE and a transaction for every page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            refreshed = request.session.get(REFRESHED_KEY)
            every = getattr(settings, "PLEDGE_SESSION_REFRESH_SECONDS", REFRESH_SECONDS)
            if not isinstance(refreshed, int) or not 0 <= now - refreshed < every:
                request.session[REFRESHED_KEY] = now
        return self.get_response(request)

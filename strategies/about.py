"""The pages a public-sector service must have, linked from every page's footer and open to
everyone signed in or not: the accessibility statement, the privacy notice, cookies, and how
to contact a council's administrators."""

from __future__ import annotations

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.views.generic import TemplateView

from core.text import counted
from strategies.models import CouncilRole, Role


def duration(seconds: int) -> str:
    """A cookie's lifetime in the largest whole unit: "60 minutes", "52 weeks"."""
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return counted(count, unit)
    return counted(seconds, "second")


class AccessibilityView(TemplateView):
    template_name = "about/accessibility.html"


class PrivacyView(TemplateView):
    template_name = "about/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "session_lifetime": duration(settings.SESSION_COOKIE_AGE)
        }


class CookiesView(TemplateView):
    """The cookies Pledge sets, named and timed from the settings: all strictly necessary."""

    template_name = "about/cookies.html"

    def get_context_data(self, **kwargs):
        session = duration(settings.SESSION_COOKIE_AGE)
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE:
            session = (
                f"until you close your browser, and no more than {session} of not using Pledge"
            )
        csrf = (
            "until you close your browser"
            if settings.CSRF_USE_SESSIONS
            else duration(settings.CSRF_COOKIE_AGE)
        )
        cookies = [
            (
                settings.SESSION_COOKIE_NAME,
                "Keeps you signed in as you move between pages.",
                session,
            ),
            (settings.CSRF_COOKIE_NAME, "Checks that a form you send came from Pledge.", csrf),
            (
                CookieStorage.cookie_name,
                'Carries a confirmation such as "Update saved" to the next page you see.',
                "until the next page is shown, or you close your browser",
            ),
        ]
        if settings.CSRF_USE_SESSIONS:
            cookies = [cookie for cookie in cookies if cookie[0] != settings.CSRF_COOKIE_NAME]
        return super().get_context_data(**kwargs) | {"cookies": cookies}


class ContactView(TemplateView):
    """Signed in: the administrators of each council the person works with, by name and
    email. Signed out: how to reach them."""

    template_name = "about/contact.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        councils = CouncilRole.objects.for_user(user).values("organisation")
        administrators = (
            CouncilRole.objects.filter(organisation__in=councils, role=Role.ADMIN)
            .select_related("user", "organisation")
            .order_by("organisation__name", "user__last_name", "user__first_name")
        )
        return super().get_context_data(**kwargs) | {"administrators": administrators}

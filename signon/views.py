"""Signing in through a council's own provider: the start (to the provider) and the callback.

Both are open to people signed out. The start remembers, with the state the library keeps in
the session, which council's provider it sent the person to; the callback accepts that state
only for that council, so a code from one provider is never checked against another's.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from core import security_log
from signon.backends import discover
from signon.models import CouncilSignIn
from signon.services import PROVIDER_FAILED, PROVIDER_REFUSED, SignInRefused

STATES = "signon_states"  # session: {state: the provider's pk}
# The error codes of OAuth 2.0 and OpenID Connect that a provider sends back: only these are
# logged as they are, since anyone can type another into the callback's address.
PROVIDER_ERRORS = {
    "access_denied", "invalid_request", "unauthorized_client", "unsupported_response_type",
    "invalid_scope", "server_error", "temporarily_unavailable", "interaction_required",
    "login_required", "account_selection_required", "consent_required",
}  # fmt: skip


def _refused(request, provider: CouncilSignIn | None, reason: str, message: str):
    security_log.log(
        "sign-in-refused",
        request=request,
        method="provider",
        council=provider.organisation.slug if provider else "",
        reason=reason[:100],
    )
    return render(
        request,
        "signon/refused.html",
        {"message": message, "provider": provider},
        status=403,
    )


@method_decorator(login_not_required, name="dispatch")
class SignInStart(OIDCAuthenticationRequestView):
    """Sends the person to their council's provider to sign in."""

    def __init__(self, **kwargs):
        # The library reads one provider from the settings here; ours is the council's.
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request, org: str):
        provider = get_object_or_404(CouncilSignIn.objects.enabled(), organisation__slug=org)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discover(provider)["authorization_endpoint"]
        except (requests.RequestException, ValueError, SuspiciousOperation) as error:
            message = PROVIDER_FAILED.format(council=provider.organisation)
            return _refused(request, provider, f"discovery: {type(error).__name__}", message)
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        states = request.session.get(STATES)
        states = states if isinstance(states, dict) else {}
        # As many as the library keeps (OIDC_MAX_STATES), dropping those it has dropped.
        kept = request.session.get("oidc_states", {})
        request.session[STATES] = {key: value for key, value in states.items() if key in kept} | {
            state: provider.pk
        }
        return response


@method_decorator(login_not_required, name="dispatch")
class SignInCallback(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back, with a code or an error."""

    def get(self, request):
        state = request.GET.get("state", "")
        states = request.session.get(STATES)
        provider_pk = states.pop(state, None) if isinstance(states, dict) else None
        if provider_pk is None:
            return HttpResponseBadRequest(
                "This sign-in has expired or was not started here. Go back to the sign-in page "
                "and start again.",
                content_type="text/plain; charset=utf-8",
            )
        request.session[STATES] = states
        self.provider = CouncilSignIn.objects.enabled().filter(pk=provider_pk).first()
        if self.provider is None:
            return HttpResponseBadRequest("This council no longer signs in this way.")
        request.signon_provider = self.provider
        try:
            return super().get(request)
        except SignInRefused as refusal:
            return _refused(request, self.provider, refusal.reason, refusal.message)

    def login_failure(self):
        error = self.request.GET.get("error", "")
        if error:
            message = PROVIDER_REFUSED.format(council=self.provider.organisation)
            code = error if error in PROVIDER_ERRORS else "other"
            return _refused(self.request, self.provider, f"provider-error: {code}", message)
        message = PROVIDER_FAILED.format(council=self.provider.organisation)
        return _refused(self.request, self.provider, "failed", message)

    def login_success(self):
        response = super().login_success()
        security_log.log(
            "signed-in",
            request=self.request,
            method="provider",
            council=self.provider.organisation.slug,
        )
        return response

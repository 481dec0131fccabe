"""Authentication backends: a council's provider (OpenID Connect, through
mozilla-django-oidc), and the password, refused to people whose council uses its provider.

mozilla-django-oidc reads one provider from the settings; here each council has its own, so
the backend takes it from the request (set by signon.views.SignInCallback, and only there),
and reads the provider's endpoints from its discovery document. The library keeps the state,
nonce and PKCE handling and the token exchange; what it leaves out is added here: the id
token's audience and issuer are checked (it decodes with `verify_aud` off and ignores `iss`),
only RS256 is accepted, and exp, iat, iss, aud and sub must all be present.
"""

from __future__ import annotations

import hashlib

import jwt
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation, ValidationError
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from core import security_log
from signon.models import CouncilSignIn, check_secure_url
from signon.services import (
    OTHER_PROVIDER,
    PROVIDER_FAILED,
    SignInRefused,
    council_requiring_provider,
    single_sign_on_complete,
)

TIMEOUT_SECONDS = 10
DISCOVERY_SECONDS = 600  # how long a provider's discovery document is reused
ALGORITHM = "RS256"
LEEWAY_SECONDS = 60


def discover(provider: CouncilSignIn) -> dict:
    """The provider's discovery document, checked: it names the configured issuer, and its
    endpoints are HTTPS (or on this machine). Kept for DISCOVERY_SECONDS in the cache, so a
    sign-in page opened by anyone does not make Pledge ask the provider each time; a
    document that fails its checks is never kept."""
    key = "signon:discovery:" + hashlib.sha256(provider.issuer.encode()).hexdigest()
    document = cache.get(key)
    if document is None:
        document = _fetch_discovery(provider)
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def _fetch_discovery(provider: CouncilSignIn) -> dict:
    url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    response = requests.get(url, timeout=TIMEOUT_SECONDS)
    response.raise_for_status()
    document = response.json()
    if document.get("issuer") != provider.issuer:
        raise SuspiciousOperation("The discovery document names another issuer.")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        try:
            check_secure_url(str(document[key]))
        except (KeyError, ValidationError):
            raise SuspiciousOperation(
                f"The discovery document's {key} is missing or not HTTPS."
            ) from None
    return document


def provider_failed(provider: CouncilSignIn, reason: str) -> SignInRefused:
    return SignInRefused(reason, PROVIDER_FAILED.format(council=provider.organisation))


class CouncilProviderBackend(OIDCAuthenticationBackend):
    """Signs in through the council's provider that the callback view put on the request."""

    def __init__(self, *args, **kwargs):
        # The library reads one provider's settings here; ours are read per request.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        provider = getattr(request, "signon_provider", None)
        if provider is None:
            return None  # a password sign-in, or anything but our callback
        self.provider = provider
        try:
            document = discover(provider)
            self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
            self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
            self.OIDC_RP_CLIENT_ID = provider.client_id
            self.OIDC_RP_CLIENT_SECRET = provider.client_secret
            self.OIDC_RP_SIGN_ALGO = ALGORITHM
            self.OIDC_RP_IDP_SIGN_KEY = None
            if not self.OIDC_RP_CLIENT_SECRET:
                raise provider_failed(provider, "no-client-secret")
            return super().authenticate(request, **kwargs)
        except requests.RequestException:
            raise provider_failed(provider, "provider-unreachable") from None
        except SuspiciousOperation as error:
            # The nonce, a token that does not verify, a key not in the provider's JWKS.
            raise provider_failed(provider, f"token-refused: {error}") from None

    def _verify_jws(self, payload, key):
        """The signature, and also the audience, issuer, expiry and presence of the claims
        OpenID Connect requires, which the library's own check leaves out."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != ALGORITHM:
            raise SuspiciousOperation("The token is not signed with RS256.")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[ALGORITHM],
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(type(error).__name__) from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.provider.client_id:
            raise SuspiciousOperation("InvalidAuthorizedParty")
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        """The claims are the id token's, just verified; the userinfo endpoint is not asked."""
        return single_sign_on_complete(provider=self.provider, claims=payload)

    def store_tokens(self, access_token, id_token):
        """Pledge calls no API of the provider's: the tokens are not kept."""


class PasswordBackend(ModelBackend):
    """Django's password check, then: a person of a council that signs in through its own
    provider is told to use it. Raised as a ValidationError after the password was found
    right, so the sign-in form shows it and it says nothing about who has an account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            return None
        council = council_requiring_provider(user)
        if council is not None:
            security_log.log(
                "sign-in-refused",
                request=request,
                user=user.get_username(),
                reason="password-but-provider",
                council=council.slug,
            )
            raise ValidationError(OTHER_PROVIDER.format(council=council), code="use_provider")
        return user

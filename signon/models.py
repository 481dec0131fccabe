"""A council's own identity provider, and the accounts people hold there.

The client secret is not in the database: the provider names an environment variable
(PLEDGE_OIDC_SECRET_...) that holds it, so a copy of the database, or of the admin's pages,
gives away no secret, and a member of staff cannot point the secret's name at another
setting (the prefix is fixed) to have it sent to an address they chose.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from strategies.models import Organisation

SECRET_PREFIX = "PLEDGE_OIDC_SECRET_"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_secure_url(url: str) -> None:
    """An address a secret or a token passes through: HTTPS, or plain HTTP on this machine
    (a test's provider, or a proxy on loopback)."""
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback(parts.hostname or "")):
        return
    raise ValidationError("Enter an address that starts with https://")


class SubjectClaim(models.TextChoices):
    SUB = "sub", "sub (any OpenID Connect provider)"
    OID = "oid", "oid (Microsoft Entra ID's object id)"


class CouncilSignInQuerySet(models.QuerySet):
    def enabled(self) -> CouncilSignInQuerySet:
        return self.filter(is_enabled=True).select_related("organisation")


class CouncilSignIn(models.Model):
    """The identity provider a council's people sign in through, instead of a password."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="sign_in_provider"
    )
    issuer = models.CharField(
        max_length=300,
        validators=[check_secure_url],
        help_text=(
            "The provider's issuer, exactly as its tokens give it. For Microsoft Entra ID: "
            "https://login.microsoftonline.com/<tenant id>/v2.0"
        ),
    )
    client_id = models.CharField(
        max_length=200, help_text="Pledge's application (client) id at the provider."
    )
    client_secret_env = models.CharField(
        "client secret's environment variable",
        max_length=100,
        validators=[
            RegexValidator(
                rf"^{SECRET_PREFIX}[A-Z0-9_]+$",
                f"Enter the name of an environment variable starting {SECRET_PREFIX}",
            )
        ],
        help_text=(
            f"The name of the environment variable, starting {SECRET_PREFIX}, that holds the "
            "client secret on every app server. The secret itself is never stored here."
        ),
    )
    subject_claim = models.CharField(
        max_length=3, choices=SubjectClaim.choices, default=SubjectClaim.SUB
    )
    required_group = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "If set, a person signs in only while the provider's token lists this value in its "
            "groups or roles claim (an Entra ID group's object id, or an app role)."
        ),
    )
    trust_email = models.BooleanField(
        default=False,
        help_text=(
            "The provider's directory sets its people's email addresses (a council's own "
            "Entra ID tenant does), so an address it gives may link an account the first time "
            "even without an email_verified claim."
        ),
    )
    is_enabled = models.BooleanField(
        "in use",
        default=True,
        help_text=(
            "While in use, the council's people sign in only through this provider, "
            "not with a password."
        ),
    )

    objects = CouncilSignInQuerySet.as_manager()

    class Meta:
        verbose_name = "council's sign-in provider"

    def __str__(self) -> str:
        return f"{self.organisation}'s sign-in provider"

    @property
    def client_secret(self) -> str:
        """Read when needed, so a rotated secret takes effect at the app servers' restart."""
        return os.environ.get(self.client_secret_env, "") if self.client_secret_env else ""


class ExternalIdentity(models.Model):
    """A person's account at a council's provider, by its issuer and subject, linked once to
    their Pledge account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField()
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "external identities"
        ordering = ["issuer", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="identity_once"),
            models.UniqueConstraint(fields=["user", "issuer"], name="one_identity_per_issuer"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"

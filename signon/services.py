"""Who a council's provider lets in: the rules of single sign-on, in one place.

- A person is matched on the issuer and subject of the provider's token, never on email.
- The first time, and only then, an identity is linked to an account by email: the account
  must hold a role in the provider's council, have that address, be linked to no identity of
  this issuer yet, and the provider must vouch for the address (email_verified, or a provider
  set to be trusted for email). Without such an account, a pending invitation of the council
  to that address is accepted by the sign-in, making the account if there is none. After
  that the email plays no part: two accounts with one address, or an address changed at the
  provider, change nothing.
- The person's roles grant access, as for a password: an identity whose account has no role
  in the council, or whose account is switched off, is refused.
- Removed from the council's directory, a person loses access at their next sign-in: the
  provider refuses them (it answers with an error), or, where the council names a group,
  the token no longer lists it.
- A person of a council that signs in through its provider signs in through that one only:
  with a password, or through another council's provider, they are refused (see
  `council_requiring_provider`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from signon.models import CouncilSignIn, ExternalIdentity
from strategies.audit import change_record
from strategies.models import CouncilRole, Organisation
from strategies.people import invitation_accept_proven

NOT_LINKED = (
    "Your {council} account is not linked to Pledge. Ask your council's Pledge administrator "
    "to invite you, using the email address your council's account has."
)
NO_ROLE = "You do not have a role in {council} on Pledge. Ask your council's Pledge administrator."
NOT_IN_GROUP = (
    "Your {council} account is not allowed to use Pledge. Ask your council's Pledge administrator."
)
SWITCHED_OFF = "Your account has been switched off: ask your Pledge administrator"
OTHER_PROVIDER = "Sign in with {council}'s account."
PROVIDER_REFUSED = "{council}'s sign-in service did not sign you in."
PROVIDER_FAILED = (
    "Signing in with {council}'s account did not work. Try again, or ask your council's "
    "Pledge administrator if it keeps happening."
)


class SignInRefused(Exception):
    """A sign-in through a provider that must not succeed: `reason` for the security log,
    `message` for the person."""

    def __init__(self, reason: str, message: str):
        super().__init__(reason)
        self.reason = reason
        self.message = message


def council_requiring_provider(user, *, besides: Organisation | None = None):
    """The first council, other than `besides`, where this person holds a role and whose
    people sign in through its own provider; None if there is none."""
    return (
        Organisation.objects.filter(roles__user=user, sign_in_provider__is_enabled=True)
        .exclude(pk=besides.pk if besides else None)
        .order_by("name")
        .first()
    )


def _in_group(provider: CouncilSignIn, claims: dict) -> bool:
    if not provider.required_group:
        return True
    listed = []
    for claim in ("groups", "roles"):
        value = claims.get(claim) or []
        listed += value if isinstance(value, list) else [value]
    return provider.required_group in [str(item) for item in listed]


def _link_once(provider: CouncilSignIn, claims: dict, subject: str, now) -> ExternalIdentity:
    council = provider.organisation
    email = claims.get("email") or claims.get("preferred_username") or ""
    vouched = claims.get("email_verified") is True or provider.trust_email
    if not (isinstance(email, str) and "@" in email and vouched):
        raise SignInRefused("not-linked", NOT_LINKED.format(council=council))
    candidates = list(
        get_user_model()
        .objects.filter(email__iexact=email, council_roles__organisation=council)
        .exclude(external_identities__issuer=provider.issuer)[:2]
    )
    if not candidates:
        candidates = _invited(provider, claims, email)
    if len(candidates) != 1:
        raise SignInRefused("not-linked", NOT_LINKED.format(council=council))
    identity = ExternalIdentity.objects.create(
        user=candidates[0], issuer=provider.issuer, subject=subject, linked_at=now
    )
    change_record(
        organisation=council,
        actor=candidates[0],
        obj=identity,
        summary=f"Linked {candidates[0]}'s {council} account on first sign-in",
        changes={"subject": (None, subject)},
        at=now,
    )
    return identity


def _invited(provider: CouncilSignIn, claims: dict, email: str) -> list:
    """The person, if the council has invited this address: the invitation is accepted by
    this sign-in (the provider has just vouched for the address), so nobody needs a password
    to join a council that signs in through its provider."""
    try:
        council_role = invitation_accept_proven(
            organisation=provider.organisation,
            email=email,
            first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""),
        )
    except ValidationError:  # the account with that address already has a role here
        return []
    if council_role is None:
        return []
    person = council_role.user
    if ExternalIdentity.objects.filter(user=person, issuer=provider.issuer).exists():
        return []  # linked to another subject of this provider already: not this one's
    return [person]


def single_sign_on_complete(*, provider: CouncilSignIn, claims: dict):
    """The person a verified token from the council's provider signs in, or SignInRefused.
    `claims` must already be checked (signature, issuer, audience, nonce, expiry)."""
    council = provider.organisation
    subject = claims.get(provider.subject_claim)
    if not isinstance(subject, str) or not subject:
        raise SignInRefused("no-subject", PROVIDER_FAILED.format(council=council))
    if not _in_group(provider, claims):
        raise SignInRefused("not-in-group", NOT_IN_GROUP.format(council=council))
    now = timezone.now()
    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_for_update()
            .select_related("user")
            .filter(issuer=provider.issuer, subject=subject)
            .first()
        ) or _link_once(provider, claims, subject, now)
        user = identity.user
        if not user.is_active:
            raise SignInRefused("switched-off", SWITCHED_OFF)
        if not CouncilRole.objects.filter(user=user, organisation=council).exists():
            raise SignInRefused("no-role", NO_ROLE.format(council=council))
        elsewhere = council_requiring_provider(user, besides=council)
        if elsewhere is not None:
            raise SignInRefused("other-provider", OTHER_PROVIDER.format(council=elsewhere))
        ExternalIdentity.objects.filter(pk=identity.pk).update(last_signed_in_at=now)
    return user

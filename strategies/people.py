"""A council's administrators look after its people: invitations and roles.

Only the council's administrators (Role.ADMIN) change anything here, and every service checks
that itself, so no caller can forget: a person's role in another council gives them nothing.
Attaching an officer to leads and removing a person from the council touch leads, which live
in actionplans: see actionplans/people.py, which calls `council_role_delete` here.

An invitation is a random token of 32 bytes, sent once, in the email's link; the database keeps
only its SHA-256 digest. It works once and for INVITATION_DAYS days. A council sends at most
PLEDGE_INVITATIONS_PER_DAY invitations in 24 hours, and one address is sent at most
PLEDGE_INVITATIONS_PER_ADDRESS of them, so an administrator cannot flood anyone's inbox.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.mail import council_sender, site_url
from strategies.audit import change_record
from strategies.models import CouncilRole, Invitation, Organisation, Role

INVITATION_DAYS = 7

NOT_AN_ADMINISTRATOR = "Only the council's administrators can change its people."
LAST_ADMINISTRATOR = (
    "{council} must keep at least one administrator. Make someone else an administrator first."
)
ALREADY_IN_COUNCIL = "This person already has a role in {council}. Change their role instead."
TOO_MANY_FROM_COUNCIL = (
    "{council} has sent {limit} invitations in the last 24 hours. Try again tomorrow."
)
TOO_MANY_TO_ADDRESS = (
    "This address has been sent {limit} invitations in the last 24 hours. Try again tomorrow."
)
SELECT_ROLE = "Select a role"
INVITATION_GONE = "This invitation can no longer be accepted."
NOT_FOR_THIS_ACCOUNT = "This invitation is for another email address."
HAS_ACCOUNT = "You already have a Pledge account. Sign in to accept the invitation."
ALREADY_HAS_ROLE = "You already have a role in {council}."
NOT_STAFF = "Only the service's staff can appoint a council's administrator."


def can_manage_people(council_role: CouncilRole) -> bool:
    """Invite people, change their roles and leads, and remove them from the council."""
    return council_role.role == Role.ADMIN


def can_see_people(council_role: CouncilRole) -> bool:
    """Read the council's people, their roles and leads: plan owners chase updates by lead."""
    return council_role.role in {Role.ADMIN, Role.OWNER}


def administrators_of(organisations) -> list[CouncilRole]:
    """The administrators of these councils, by council and name: whom to ask for a lead."""
    return list(
        CouncilRole.objects.filter(organisation__in=organisations, role=Role.ADMIN)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__first_name", "user__last_name", "user__username")
    )


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def require_administrator(person, organisation: Organisation) -> None:
    """Checked inside each service's transaction: a role just taken away counts at once."""
    if not CouncilRole.objects.filter(
        user=person, organisation=organisation, role=Role.ADMIN
    ).exists():
        raise PermissionDenied(NOT_AN_ADMINISTRATOR)


def _check_rate(organisation: Organisation, email: str, now: datetime.datetime) -> None:
    recent = Invitation.objects.filter(
        organisation=organisation, created_at__gt=now - datetime.timedelta(days=1)
    )
    per_council = settings.PLEDGE_INVITATIONS_PER_DAY
    if recent.count() >= per_council:
        raise ValidationError(
            TOO_MANY_FROM_COUNCIL.format(council=organisation.name, limit=per_council)
        )
    per_address = settings.PLEDGE_INVITATIONS_PER_ADDRESS
    if recent.filter(email__iexact=email).count() >= per_address:
        raise ValidationError({"email": TOO_MANY_TO_ADDRESS.format(limit=per_address)})


def invitation_send(*, organisation: Organisation, email: str, role: str, invited_by) -> Invitation:
    """Invite `email` to `role` in the council and email the link. An earlier invitation of
    the address to this council that is still open is withdrawn: only the newest link works.
    The email is sent inside the transaction, so if it cannot be sent nothing is kept."""
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError({"role": SELECT_ROLE})
    now = timezone.now()
    with transaction.atomic():
        # The council's row is the lock that makes counting and inserting one step.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        require_administrator(invited_by, organisation)
        if CouncilRole.objects.filter(organisation=organisation, user__email__iexact=email):
            raise ValidationError({"email": ALREADY_IN_COUNCIL.format(council=organisation.name)})
        _check_rate(organisation, email, now)
        Invitation.objects.filter(organisation=organisation, email=email).pending(now=now).update(
            withdrawn_at=now
        )
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            token_hash=token_digest(token),
            invited_by=invited_by,
            created_at=now,
            expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
        )
        change_record(
            organisation=organisation,
            actor=invited_by,
            obj=invitation,
            summary=f"Invited {email} as {invitation.get_role_display()}",
            changes={"role": (None, role)},
            at=now,
        )
        invitation_email(invitation, token).send()
    return invitation


def invitation_withdraw(*, invitation: Invitation, withdrawn_by) -> None:
    """Stop an invitation's link working; one already accepted or expired is left as it is."""
    with transaction.atomic():
        require_administrator(withdrawn_by, invitation.organisation)
        now = timezone.now()
        if (
            not Invitation.objects.filter(pk=invitation.pk)
            .pending(now=now)
            .update(withdrawn_at=now)
        ):
            return
        change_record(
            organisation=invitation.organisation,
            actor=withdrawn_by,
            obj=invitation,
            summary=f"Withdrew the invitation of {invitation.email}",
            changes={"withdrawn_at": (None, now)},
            at=now,
        )


def invitation_email(invitation: Invitation, token: str) -> EmailMultiAlternatives:
    """Plain text and HTML, from "<council> via Pledge", like the reminders."""
    council = invitation.organisation.name
    path = reverse("strategies:invitation-accept", kwargs={"token": token})
    context = {
        "council": council,
        "role": invitation.get_role_display(),
        "invited_by": str(invitation.invited_by),
        "url": site_url(path),
        "expires_at": timezone.localtime(invitation.expires_at),
        "subject": f"You are invited to {council} on Pledge",
    }
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=render_to_string("strategies/emails/invitation.txt", context),
        from_email=council_sender(council),
        to=[invitation.email],
    )
    message.attach_alternative(
        render_to_string("strategies/emails/invitation.html", context), "text/html"
    )
    return message


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=token_digest(token))
        .first()
    )


def account_for_email(email: str):
    """The active account that has this address, if any: it is given the role."""
    return (
        get_user_model().objects.filter(is_active=True, email__iexact=email).order_by("pk").first()
    )


def invitation_accept(
    *, token: str, person=None, password: str = "", first_name: str = "", last_name: str = ""
) -> CouncilRole:
    """Give the invited person the role. `person` is the signed-in account with the invited
    address; without one a new account is made, its username the address."""
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .filter(token_hash=token_digest(token))
            .pending(now=now)
            .first()
        )
        if invitation is None:
            raise ValidationError(INVITATION_GONE)
        if person is None:
            if account_for_email(invitation.email) or (
                get_user_model().objects.filter(username__iexact=invitation.email).exists()
            ):
                raise ValidationError(HAS_ACCOUNT)
            person = get_user_model().objects.create_user(
                username=invitation.email,
                email=invitation.email,
                password=password,
                first_name=first_name,
                last_name=last_name,
            )
        elif person.email.lower() != invitation.email:
            raise ValidationError(NOT_FOR_THIS_ACCOUNT)
        return _accept(invitation, person, now)


def invitation_accept_proven(
    *, organisation: Organisation, email: str, first_name: str = "", last_name: str = ""
) -> CouncilRole | None:
    """Accept the council's pending invitation of `email` for someone whose council account
    has just proved that address (signon: the council's own provider vouched for it), with no
    link followed. The account with that address takes the role; without one, a new account
    is made, its username the address, with no usable password. None if there is no pending
    invitation, or the address is another account's username."""
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .filter(organisation=organisation, email=email.strip().lower())
            .pending(now=now)
            .first()
        )
        if invitation is None:
            return None
        person = account_for_email(invitation.email)
        if person is None:
            if get_user_model().objects.filter(username__iexact=invitation.email).exists():
                return None
            person = get_user_model().objects.create_user(
                username=invitation.email,
                email=invitation.email,
                password=None,
                first_name=first_name[:150],
                last_name=last_name[:150],
            )
        return _accept(invitation, person, now)


def _accept(invitation: Invitation, person, now) -> CouncilRole:
    """Give `person` the invitation's role and mark the invitation used, with its record."""
    organisation = invitation.organisation
    if CouncilRole.objects.filter(user=person, organisation=organisation).exists():
        raise ValidationError(ALREADY_HAS_ROLE.format(council=organisation.name))
    council_role = CouncilRole.objects.create(
        user=person, organisation=organisation, role=invitation.role
    )
    invitation.used_at = now
    invitation.accepted_by = person
    invitation.save(update_fields=["used_at", "accepted_by"])
    change_record(
        organisation=organisation,
        actor=person,
        obj=council_role,
        summary=f"{person} accepted the invitation as {council_role.get_role_display()}",
        changes={"role": (None, council_role.role)},
        at=now,
    )
    return council_role


def _keep_an_administrator(council_role: CouncilRole) -> None:
    """Refuse to take the council's last administrator away. Locks every administrator's row
    first, in one order, so two administrators demoting each other at once cannot both go."""
    administrators = list(
        CouncilRole.objects.select_for_update()
        .filter(organisation=council_role.organisation_id, role=Role.ADMIN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if administrators == [council_role.pk]:
        raise ValidationError(
            {"role": LAST_ADMINISTRATOR.format(council=council_role.organisation.name)}
        )


def council_role_change(*, council_role: CouncilRole, role: str, changed_by) -> CouncilRole:
    """Give a person another role in the same council."""
    if role not in Role.values:
        raise ValidationError({"role": SELECT_ROLE})
    with transaction.atomic():
        require_administrator(changed_by, council_role.organisation)
        if role != Role.ADMIN:
            _keep_an_administrator(council_role)
        current = CouncilRole.objects.select_for_update().get(pk=council_role.pk)
        if current.role == role:
            return current
        old = current.role
        current.role = role
        current.save(update_fields=["role"])
        change_record(
            organisation=current.organisation,
            actor=changed_by,
            obj=current,
            summary=f"Changed the role of {current.user} to {current.get_role_display()}",
            changes={"role": (old, role)},
        )
    return current


def council_role_delete(*, council_role: CouncilRole, removed_by) -> None:
    """Take a person's role in the council away; they keep their account and what they wrote.
    Call it through actionplans.people.council_member_remove, which also unlinks their leads."""
    with transaction.atomic():
        require_administrator(removed_by, council_role.organisation)
        _keep_an_administrator(council_role)
        change_record(
            organisation=council_role.organisation,
            actor=removed_by,
            obj=council_role,
            summary=f"Removed {council_role.user} from {council_role.organisation}",
            changes={"role": (council_role.role, None)},
        )
        CouncilRole.objects.filter(pk=council_role.pk).delete()


def council_administrator_appoint(
    *, organisation: Organisation, person, appointed_by
) -> CouncilRole:
    """The service's staff make a person an administrator of a council, in the admin: its
    first, or a new one when none is left. A role the person holds there already is raised."""
    with transaction.atomic():
        if not (appointed_by.is_active and appointed_by.is_staff):
            raise PermissionDenied(NOT_STAFF)
        council_role, created = CouncilRole.objects.select_for_update().get_or_create(
            user=person, organisation=organisation, defaults={"role": Role.ADMIN}
        )
        old = None if created else council_role.role
        if old == Role.ADMIN:
            return council_role
        council_role.role = Role.ADMIN
        council_role.save(update_fields=["role"])
        change_record(
            organisation=organisation,
            actor=appointed_by,
            obj=council_role,
            summary=f"The service's staff made {person} an administrator of {organisation}",
            changes={"role": (old, Role.ADMIN)},
        )
    return council_role


# What each role may do, in a line, for the role radios (the README's "Who may do what").
ROLE_HINTS = {
    Role.ADMIN: "Everything a plan owner does, and looks after the council's people",
    Role.OWNER: "Sets up and keeps the plans, meetings and board packs; updates any action",
    Role.OFFICER: "Updates the actions of the leads they act for",
    Role.BOARD: "Reads the plans, dashboards and board packs, Part II ones too",
    Role.VIEWER: "Reads the plans, dashboards and Part I board packs",
}

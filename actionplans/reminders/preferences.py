"""How a person hears about missing updates in one council: a reminder and a chaser each
period (the default), or one weekly digest instead. Per council, not per person: emails are
already one per council, and someone with many leads in one council and one lead in another
may well want a digest from the first and the reminders from the second."""

from __future__ import annotations

from django.db import transaction

from actionplans.models import ReminderPreference
from strategies.audit import change_record
from strategies.models import CouncilRole


def weekly_digest_chosen(council_role: CouncilRole) -> bool:
    return ReminderPreference.objects.filter(
        person=council_role.user_id, organisation=council_role.organisation_id, weekly_digest=True
    ).exists()


def reminder_preference_set(*, council_role: CouncilRole, weekly_digest: bool) -> bool:
    """Record the person's choice in the council of `council_role`; True if it changed."""
    with transaction.atomic():
        preference, _ = ReminderPreference.objects.select_for_update().get_or_create(
            person_id=council_role.user_id, organisation_id=council_role.organisation_id
        )
        if preference.weekly_digest == weekly_digest:
            return False
        ReminderPreference.objects.filter(pk=preference.pk).update(weekly_digest=weekly_digest)
        change_record(
            organisation=council_role.organisation,
            actor=council_role.user,
            obj=preference,
            summary="Chose one weekly digest" if weekly_digest else "Chose reminders and chasers",
            changes={"weekly_digest": (preference.weekly_digest, weekly_digest)},
        )
        return True

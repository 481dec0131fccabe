"""Who is owed which email today: the reading half of `manage.py send_reminders`.

For each plan whose current period (ReportingPeriod.current_of, the one rule) has an update
deadline:

- a reminder from `days before` the deadline (the plan's own, else
  PLEDGE_REMINDER_DAYS_BEFORE) until the deadline, and a chaser after it, to each officer
  who acts for a lead (Lead.officers) of an open action not updated in that period
  (not_updated_q, the one rule), and who holds a role that reports on actions in that
  council;
- from the reminder's first day on, a weekly digest to the council's plan owners of every
  action still missing, by lead, on the first run on or after PLEDGE_DIGEST_WEEKDAY;
- an officer who chose one digest instead (ReminderPreference, per council) gets no
  reminder or chaser there, but the weekly digest, of their leads' actions only;
- nothing about a period whose reminders are paused, and no reminder, chaser or officer's
  digest about a lead whose reminders are paused (plan owners' digests still list it).

"Chase now" (chase.py) asks for one plan's chasers today, whatever the day (chase_due).

Everything is read in a fixed number of queries, however many officers, leads or actions:
rows are read whole and grouped in Python. Each email is built from one council's rows only.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model

from actionplans.models import (
    PLAN_ORDER,
    Action,
    ActionPlan,
    Lead,
    ReminderPreference,
    ReminderSent,
    ReportingPeriod,
    not_updated_q,
)
from actionplans.permissions import REPORTING_ROLES
from strategies.models import CouncilRole, Organisation, Role

Kind = ReminderSent.Kind


@dataclass
class Round:
    """One plan's current period and which kinds of email are due for it today."""

    period: ReportingPeriod
    kinds: list[str]
    round_on: dict[str, datetime.date]


@dataclass
class Email:
    """One email to one person in one council: the actions it names, by period."""

    person: object
    organisation: Organisation
    kind: str
    # (period, round_on) -> actions of that period's plan, in plan order.
    actions: dict[tuple[ReportingPeriod, datetime.date], list[Action]] = field(default_factory=dict)
    # For a digest: lead name -> its actions, over every period named.
    by_lead: dict[str, list[Action]] = field(default_factory=dict)

    @property
    def action_count(self) -> int:
        return len({action.pk for actions in self.actions.values() for action in actions})


def _rounds(on: datetime.date) -> list[Round]:
    periods = ReportingPeriod.objects.of_current_plans().select_related(
        "plan__strategy__organisation"
    )
    by_plan: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for period in periods:
        by_plan[period.plan_id].append(period)
    monday = on - datetime.timedelta(days=on.weekday())
    rounds = []
    for plan_periods in by_plan.values():
        period = ReportingPeriod.current_of(plan_periods, on)
        if period is None or period.update_deadline is None or period.reminders_paused:
            continue
        deadline = period.update_deadline
        days = period.plan.reminder_days_before
        days = settings.PLEDGE_REMINDER_DAYS_BEFORE if days is None else days
        if on < deadline - datetime.timedelta(days=days):
            continue
        kinds = [Kind.REMINDER if on <= deadline else Kind.CHASER]
        if on.weekday() >= settings.PLEDGE_DIGEST_WEEKDAY:
            kinds.append(Kind.DIGEST)
        round_on = {Kind.REMINDER: deadline, Kind.CHASER: deadline, Kind.DIGEST: monday}
        rounds.append(Round(period=period, kinds=kinds, round_on=round_on))
    return rounds


def chase_due(plan: ActionPlan, *, on: datetime.date) -> list[Email]:
    """The chasers "chase now" sends for one plan on `on`: to every officer of a lead (not
    paused) with an action not updated in the current period, whatever the deadline; none
    when the plan has no current period, its reminders are paused or its strategy is
    superseded."""
    periods = list(
        ReportingPeriod.objects.of_current_plans()
        .filter(plan=plan)
        .select_related("plan__strategy__organisation")
    )
    period = ReportingPeriod.current_of(periods, on)
    if period is None or period.reminders_paused:
        return []
    return _emails([Round(period=period, kinds=[Kind.CHASE], round_on={Kind.CHASE: on})])


def emails_due(*, on: datetime.date) -> list[Email]:
    """Every email owed on `on`, before asking what was sent already (see sending.py)."""
    return _emails(_rounds(on))


def _emails(found_rounds: list[Round]) -> list[Email]:
    rounds = {r.period.plan_id: r for r in found_rounds}
    if not rounds:
        return []
    periods = [r.period for r in rounds.values()]
    actions = list(
        Action.objects.filter(plan__in=list(rounds))
        .filter(not_updated_q(periods))
        .select_related("key_outcome")
        .only("pk", "plan_id", "reference", "number", "description", "key_outcome__number")
        .order_by("plan_id", *PLAN_ORDER, "pk")
    )
    action_by_id = {action.pk: action for action in actions}
    leads_of: dict[int, list[int]] = defaultdict(list)
    for action_id, lead_id in Action.leads.through.objects.filter(
        action_id__in=action_by_id
    ).values_list("action_id", "lead_id"):
        leads_of[action_id].append(lead_id)
    lead_ids = {lead_id for ids in leads_of.values() for lead_id in ids}
    lead_names, paused = {}, set()
    for lead_id, name, is_paused in Lead.objects.filter(pk__in=lead_ids).values_list(
        "pk", "name", "reminders_paused"
    ):
        lead_names[lead_id] = name
        if is_paused:
            paused.add(lead_id)
    councils = {r.period.plan.strategy.organisation_id for r in rounds.values()}
    digest_only = set(
        ReminderPreference.objects.filter(
            organisation__in=councils, weekly_digest=True
        ).values_list("person_id", "organisation_id")
    )
    roles = set(
        CouncilRole.objects.filter(organisation__in=councils).values_list(
            "user_id", "organisation_id", "role"
        )
    )
    reporting = {(user, org) for user, org, role in roles if role in REPORTING_ROLES}
    officers_of: dict[int, list[int]] = defaultdict(list)
    for lead_id, user_id in Lead.officers.through.objects.filter(lead_id__in=lead_ids).values_list(
        "lead_id", "user_id"
    ):
        officers_of[lead_id].append(user_id)
    owners = {(user, org) for user, org, role in roles if role == Role.OWNER}
    people = {
        person.pk: person
        for person in get_user_model()
        .objects.filter(pk__in={u for u, _ in reporting | owners}, is_active=True, email__gt="")
        .only("pk", "email", "username", "first_name", "last_name")
    }
    emails: dict[tuple[int, int, str], Email] = {}

    def email_for(person_id: int, organisation: Organisation, kind: str) -> Email:
        key = (person_id, organisation.pk, kind)
        if key not in emails:
            emails[key] = Email(person=people[person_id], organisation=organisation, kind=kind)
        return emails[key]

    for action in actions:
        found = rounds[action.plan_id]
        organisation = found.period.plan.strategy.organisation
        officers = {
            user_id
            for lead_id in leads_of[action.pk]
            if lead_id not in paused
            for user_id in officers_of[lead_id]
            if (user_id, organisation.pk) in reporting
        }
        prefer_digest = {u for u in officers if (u, organisation.pk) in digest_only}
        for kind in found.kinds:
            slot = (found.period, found.round_on[kind])
            if kind == Kind.DIGEST:
                recipients = {u for u, org in owners if org == organisation.pk} | prefer_digest
            elif kind == Kind.CHASE:
                recipients = officers
            else:
                recipients = officers - prefer_digest
            for person_id in sorted(recipients & people.keys()):
                email = email_for(person_id, organisation, kind)
                email.actions.setdefault(slot, []).append(action)
                if kind == Kind.DIGEST:
                    names = [lead_names[i] for i in leads_of[action.pk]] or ["No lead"]
                    for name in sorted(names):
                        email.by_lead.setdefault(name, []).append(action)
    return sorted(
        emails.values(), key=lambda e: (e.organisation.name, e.kind, e.person.email, e.person.pk)
    )

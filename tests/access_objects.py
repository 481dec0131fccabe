"""The objects tests/test_url_access.py walks with: a council's plan, action, meeting,
recommendation, pack, young people's item, plan import, a person of the council (an officer
besides the personas) and an invitation waiting, built the same for one's own
council and another; and the reading of every watched table, to prove nothing changed."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from actionplans.imports import plan_import_read, plan_import_upload
from actionplans.models import KeyOutcome, Lead
from governance.models import BoardPack, Recommendation, VoiceItem
from strategies.models import ChangeRecord, CouncilRole, Invitation, Role
from tests.conftest import build_meeting, build_period, build_plan

# A plan file for the walk's PlanImports: one key outcome, one action, one lead.
IMPORTABLE_CSV = b"Key Outcome,Action,Lead\r\nCare leavers have a home,Open two flats,Housing\r\n"


def council_objects(organisation, officer=None) -> dict:
    built_plan = build_plan(organisation)
    first_action = built_plan.actions.first()
    if officer is not None:
        # The officer acts for this action's lead, so may update it.
        Lead.objects.get(actions=first_action).officers.add(officer)
    built_meeting = build_meeting(organisation, built_plan)
    built_pack = BoardPack.objects.create(meeting=built_meeting, status=BoardPack.Status.READY)
    built_pack.plans.add(built_plan)
    built_pack.pdf.save(built_pack.file_name, ContentFile(b"%PDF-1.7 for the access walk"))
    member = get_user_model().objects.create_user(
        f"member-{organisation.slug}", email=f"member@{organisation.slug}.example.org"
    )
    inviter = get_user_model().objects.create_user(f"inviter-{organisation.slug}")
    return {
        "council": organisation,
        "council_role": CouncilRole.objects.create(
            user=member, organisation=organisation, role=Role.OFFICER
        ),
        "invitation": Invitation.objects.create(
            organisation=organisation,
            email=f"invited@{organisation.slug}.example.org",
            role=Role.OFFICER,
            token_hash=f"{organisation.slug:0<64}",
            invited_by=inviter,
            expires_at=timezone.now() + datetime.timedelta(days=7),
        ),
        "lead": Lead.objects.get(actions=first_action),
        # A plan whose unfinished action may be carried into `plan`.
        "earlier_plan": build_plan(organisation, actions=1, title=f"Earlier {organisation.slug}"),
        # A lead with no open actions: one to merge into, or to retire.
        "idle_lead": Lead.objects.create(organisation=organisation, name="Virtual School"),
        "plan": built_plan,
        "period": build_period(built_plan),
        "objective": built_plan.strategy.objectives.first(),
        "section": built_plan.sections.first(),
        "key_outcome": built_plan.key_outcomes.first(),
        # Somewhere to move an action to.
        "second_key_outcome": KeyOutcome.objects.create(
            plan=built_plan, number=2, title="Care leavers are heard"
        ),
        "action": first_action,
        "meeting": built_meeting,
        "recommendation": Recommendation.objects.create(
            board=built_meeting.board, meeting=built_meeting, text="Report back"
        ),
        "pack": built_pack,
        "voice_item": VoiceItem.objects.create(organisation=organisation, said="More youth clubs"),
        "plan_import": read(
            plan_import_upload(
                organisation=organisation,
                uploaded_by=get_user_model().objects.create_user(f"importer-{organisation.slug}"),
                file_name="plan.csv",
                data=IMPORTABLE_CSV,
                file_format="csv",
                plan_title=f"Imported plan of {organisation.name}",
                strategy=None,
            )
        ),
    }


def read(plan_import):
    """As the background reading leaves it once the upload commits (which a test's never
    does): with its preview."""
    plan_import_read(plan_import.pk)
    plan_import.refresh_from_db()
    return plan_import


WATCHED_APPS = ("strategies", "actionplans", "governance")


def database_rows() -> dict[str, list[tuple]]:
    """Every row of the council data's tables, many-to-many ones too, and the audit trail:
    comparing rows, not counts, also catches a change to a row (a pack issued, a status)."""
    models = {ChangeRecord} | {
        model
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in models
    }


def changed_tables(before: dict[str, list[tuple]]) -> list[str]:
    return sorted(label for label, rows in database_rows().items() if rows != before[label])

"""The admin is for the service's staff (issue 13, README Decisions 2026-12-06): they read a
council's data for support and change none of what the app keeps through its services; they
add a council, appoint its administrator, keep accounts and the council's sign-in settings,
and set up boards and measures, which have no page in the app yet."""

import datetime
import uuid

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from actionplans.models import (
    Action,
    ActionPlan,
    KeyOutcome,
    Lead,
    Measure,
    ProgressUpdate,
    Rag,
    ReminderSent,
    ReportingPeriod,
)
from actionplans.services import progress_update_record
from governance.models import Board, BoardPack, Meeting, Recommendation, VoiceItem
from signon.models import CouncilSignIn, ExternalIdentity
from strategies.models import (
    CarePrinciple,
    ChangeRecord,
    CouncilRole,
    Objective,
    Organisation,
    Role,
    Strategy,
)
from strategies.people import council_administrator_appoint
from tests.conftest import build_meeting, build_period, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

READ_ONLY = (
    ActionPlan,
    ReportingPeriod,
    KeyOutcome,
    Lead,
    Action,
    ProgressUpdate,
    ReminderSent,
    Meeting,
    BoardPack,
    Recommendation,
    VoiceItem,
    Strategy,
    Objective,
    CarePrinciple,
)
# ExternalIdentity is an account's, read only but deletable: see signon/admin.py.
KEPT = (Organisation, CouncilRole, CouncilSignIn, ExternalIdentity, Board, Measure)
COUNCIL_APPS = {"strategies", "actionplans", "governance", "signon"}


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x")


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def council_data(council, officer):
    plan = build_plan(council, actions=1)
    period = build_period(plan)
    progress_update_record(
        action=plan.actions.get(), author=officer, narrative="Started", rag=Rag.AMBER, period=None
    )
    meeting = build_meeting(council, plan)
    BoardPack.objects.create(meeting=meeting, status=BoardPack.Status.READY, version=1)
    Recommendation.objects.create(board=meeting.board, meeting=meeting, text="Report back")
    VoiceItem.objects.create(organisation=council, said="More youth clubs")
    CarePrinciple.objects.get_or_create(number=1, defaults={"text": "To act in the best interests"})
    ReminderSent.objects.create(
        person=officer,
        organisation=council,
        period=period,
        kind=ReminderSent.Kind.REMINDER,
        round_on=datetime.date(2026, 12, 8),
        run=uuid.uuid4(),
        claimed_at=timezone.now(),
    )


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_council_model_in_the_admin_is_read_only_or_kept_on_purpose():
    registered = {model for model in admin.site._registry if model._meta.app_label in COUNCIL_APPS}
    assert registered == {*READ_ONLY, *KEPT}


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda model: model.__name__)
def test_staff_read_council_data_the_app_keeps_but_cannot_add_change_or_delete_it(
    staff, staff_user, council_data, model
):
    row = model.objects.first() if model is not BoardPack else BoardPack.objects.first()
    request = RequestFactory().get("/")
    request.user = staff_user
    model_admin = admin.site._registry[model]
    before = model.objects.count()

    listed = staff.get(url(model, "changelist"))
    shown = staff.get(url(model, "change", row.pk))

    assert listed.status_code == 200 and "delete_selected" not in listed.content.decode()
    assert shown.status_code == 200 and not shown.context["has_change_permission"]
    assert not any(
        formset.formset.can_delete or formset.formset.extra
        for formset in shown.context["inline_admin_formsets"]
    )
    assert (
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request, row),
        model_admin.has_delete_permission(request, row),
    ) == (False, False, False)
    assert staff.get(url(model, "add")).status_code == 403
    assert staff.post(url(model, "add"), {}).status_code == 403
    assert staff.post(url(model, "change", row.pk), {}).status_code == 403
    assert staff.post(url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.count() == before


def test_staff_add_a_council_but_never_delete_one(staff):
    added = staff.post(
        url(Organisation, "add"),
        {"name": "Newshire Council", "slug": "newshire", "source": "", "roles-TOTAL_FORMS": "0"}
        | {"roles-INITIAL_FORMS": "0"},
    )
    council = Organisation.objects.get(slug="newshire")

    assert added.status_code == 302
    assert staff.post(url(Organisation, "delete", council.pk), {"post": "yes"}).status_code == 403
    assert Organisation.objects.filter(pk=council.pk).exists()


def test_staff_appoint_a_councils_first_administrator_with_a_change_record(
    staff, staff_user, council, django_user_model
):
    person = django_user_model.objects.create_user("first.admin", "first@example.org")

    added = staff.post(url(CouncilRole, "add"), {"user": person.pk, "organisation": council.pk})

    assert added.status_code == 302
    council_role = CouncilRole.objects.get(user=person, organisation=council)
    assert council_role.role == Role.ADMIN
    record = ChangeRecord.objects.for_object(council_role).get()
    assert (record.actor, record.changes) == (staff_user, {"role": [None, Role.ADMIN]})
    shown = staff.get(url(CouncilRole, "change", council_role.pk))
    assert shown.status_code == 200 and not shown.context["has_change_permission"]
    assert staff.post(url(CouncilRole, "change", council_role.pk), {}).status_code == 403
    assert (
        staff.post(url(CouncilRole, "delete", council_role.pk), {"post": "yes"}).status_code == 403
    )
    assert CouncilRole.objects.filter(pk=council_role.pk, role=Role.ADMIN).exists()


def test_staff_appointing_a_person_who_has_a_role_makes_them_administrator(staff, council, officer):
    added = staff.post(url(CouncilRole, "add"), {"user": officer.pk, "organisation": council.pk})

    assert added.status_code == 302
    assert CouncilRole.objects.get(user=officer, organisation=council).role == Role.ADMIN
    assert CouncilRole.objects.filter(user=officer).count() == 1


def test_only_staff_may_appoint_an_administrator(council, admin_user, officer):
    with pytest.raises(PermissionDenied):
        council_administrator_appoint(organisation=council, person=officer, appointed_by=admin_user)
    assert CouncilRole.objects.get(user=officer, organisation=council).role == Role.OFFICER


@pytest.mark.parametrize("model", [CouncilSignIn, Board, Measure], ids=lambda m: m.__name__)
def test_staff_may_still_add_what_the_app_has_no_page_for(staff, model):
    assert staff.get(url(model, "add")).status_code == 200


def test_a_board_or_measure_is_never_deleted_in_the_admin(staff, council):
    board = build_meeting(council).board
    measure = Measure.objects.create(organisation=council, name="Care leavers in work")
    for model, row in ((Board, board), (Measure, measure)):
        assert staff.post(url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=row.pk).exists()

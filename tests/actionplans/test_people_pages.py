"""The council's people pages: who is in the council, changing a role, the leads an officer
acts for, and removing a person, who loses access on their next request and keeps their name
on what they wrote. Who may reach each page is tests/test_url_access.py's."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Lead, ProgressUpdate, Rag
from actionplans.people import council_member_remove, officer_leads_set
from actionplans.services import progress_update_record
from strategies.models import ChangeRecord, CouncilRole, Invitation, Role
from strategies.people import council_role_change, invitation_send
from tests.conftest import build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def url(name: str, council_role: CouncilRole | None = None, org: str = "testshire") -> str:
    kwargs = {"org": org} | ({"pk": council_role.pk} if council_role else {})
    return reverse(f"actionplans:{name}", kwargs=kwargs)


def role_of(person) -> CouncilRole:
    return CouncilRole.objects.get(user=person)


def test_the_list_shows_each_person_their_role_leads_and_the_invitations_waiting(
    client, council, personas, plan
):
    lead = Lead.objects.get(actions=plan.actions.first())
    lead.officers.add(personas["officer"])
    invitation_send(
        organisation=council,
        email="soon@example.org",
        role=Role.BOARD,
        invited_by=personas["admin"],
    )
    client.force_login(personas["admin"])

    page = client.get(url("people-list")).content.decode()

    for username in ("officer", "owner", "board", "counciladmin", "viewer"):
        assert f">{username}</h3>" in page
    assert "outsider" not in page
    assert lead.name in page
    assert "soon@example.org" in page and "Board member" in page
    assert "Invite a person" in page
    assert url("person-role", role_of(personas["officer"])) in page


def test_a_plan_owner_reads_the_list_but_is_offered_no_change(client, council, owner, admin_user):
    client.force_login(owner)

    page = client.get(url("people-list")).content.decode()

    assert "counciladmin" in page
    for offered in ("Invite a person", "Change", "Remove", "Withdraw"):
        assert offered not in page


def test_the_list_costs_the_same_queries_however_many_people(
    client, council, admin_user, make_person, plan
):
    client.force_login(admin_user)
    lead = Lead.objects.get(actions=plan.actions.first())

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("people-list")).status_code == 200
        return len(captured)

    few = count_queries()
    for number in range(8):
        lead.officers.add(make_person(f"officer{number}", council, Role.OFFICER))
        invitation_send(
            organisation=council,
            email=f"new{number}@example.org",
            role=Role.OFFICER,
            invited_by=admin_user,
        )
    assert count_queries() == few


def test_changing_a_role_is_saved_and_recorded(client, council, admin_user, officer):
    client.force_login(admin_user)

    answer = client.post(url("person-role", role_of(officer)), {"role": Role.OWNER})

    assert answer.status_code == 302
    assert role_of(officer).role == Role.OWNER
    record = ChangeRecord.objects.for_object(role_of(officer)).get()
    assert (record.actor, record.changes) == (admin_user, {"role": ["officer", "owner"]})


def test_the_last_administrator_cannot_stop_being_one_and_is_told_why(client, admin_user):
    client.force_login(admin_user)

    page = client.post(url("person-role", role_of(admin_user)), {"role": Role.OWNER})

    assert b"Error: Change role" in page.content
    assert (
        b"Testshire County Council must keep at least one administrator. Make someone else an "
        b"administrator first." in page.content
    )
    assert role_of(admin_user).role == Role.ADMIN
    removed = client.post(url("person-remove", role_of(admin_user)), {"sure": "yes"})
    assert b"must keep at least one administrator" in removed.content
    assert CouncilRole.objects.filter(user=admin_user).exists()


def test_with_a_second_administrator_the_first_may_step_down(council, admin_user, make_person):
    second = make_person("second-admin", council, Role.ADMIN)
    council_role_change(council_role=role_of(admin_user), role=Role.VIEWER, changed_by=second)
    with pytest.raises(ValidationError):
        council_role_change(council_role=role_of(second), role=Role.VIEWER, changed_by=second)


@pytest.mark.parametrize("persona", ["owner", "officer", "outsider"])
def test_the_services_refuse_anyone_but_the_councils_administrators(personas, persona, plan):
    target = role_of(personas["viewer"])
    actor = personas[persona]
    with pytest.raises(PermissionDenied):
        council_role_change(council_role=target, role=Role.ADMIN, changed_by=actor)
    with pytest.raises(PermissionDenied):
        officer_leads_set(
            council_role=target,
            leads=Lead.objects.filter(organisation=plan.strategy.organisation),
            changed_by=actor,
        )
    with pytest.raises(PermissionDenied):
        council_member_remove(council_role=target, removed_by=actor)
    assert role_of(personas["viewer"]).role == Role.VIEWER


def test_the_leads_page_offers_the_councils_leads_by_name_and_saves_them(
    client, council, other_council, admin_user, officer
):
    for name in ("Virtual School", "Fostering", "Leaving care"):
        Lead.objects.create(organisation=council, name=name)
    elsewhere = Lead.objects.create(organisation=other_council, name="Elsewhere's housing")
    client.force_login(admin_user)
    page = client.get(url("person-leads", role_of(officer))).content.decode()

    offered = [name for name in ("Fostering", "Leaving care", "Virtual School") if name in page]
    assert offered == ["Fostering", "Leaving care", "Virtual School"]
    assert page.index("Fostering") < page.index("Leaving care") < page.index("Virtual School")
    assert "Elsewhere" not in page

    chosen = Lead.objects.filter(name__in=["Fostering", "Virtual School"])
    answer = client.post(url("person-leads", role_of(officer)), {"leads": [c.pk for c in chosen]})
    assert answer.status_code == 302
    assert set(officer.leads.all()) == set(chosen)

    refused = client.post(url("person-leads", role_of(officer)), {"leads": [elsewhere.pk]})
    assert b"Select leads of this council only" in refused.content
    assert set(officer.leads.all()) == set(chosen)
    with pytest.raises(ValidationError):
        officer_leads_set(council_role=role_of(officer), leads=[elsewhere], changed_by=admin_user)


def test_an_officer_attached_to_a_lead_then_finds_its_actions_in_my_actions(
    client, council, admin_user, make_person
):
    plan = build_plan(council, actions=2)
    newcomer = make_person("newcomer", council, Role.OFFICER)
    client.force_login(newcomer)
    empty = client.get(reverse("actionplans:my-actions")).content.decode()
    assert "ask an administrator of your council" in empty
    assert "Testshire County Council: counciladmin" in empty
    assert "plan owner" not in empty

    officer_leads_set(
        council_role=role_of(newcomer),
        leads=Lead.objects.filter(actions__plan=plan).distinct(),
        changed_by=admin_user,
    )

    mine = client.get(reverse("actionplans:my-actions")).content.decode()
    for action in plan.actions.all():
        assert action.description in mine
    record = ChangeRecord.objects.for_object(role_of(newcomer)).get()
    assert record.summary == "Changed the leads newcomer acts for"


def test_a_removed_person_is_refused_on_their_next_request_and_keeps_their_name_on_updates(
    client, council, admin_user, officer, plan
):
    action = plan.actions.first()
    Lead.objects.get(actions=action).officers.add(officer)
    progress_update_record(action=action, author=officer, narrative="Flats let", rag=Rag.GREEN)
    client.force_login(officer)
    home = reverse("governance:council-home", kwargs={"org": "testshire"})
    assert client.get(home).status_code == 200

    council_member_remove(council_role=role_of(officer), removed_by=admin_user)

    # The same session, its next request.
    assert client.get(home).status_code == 404
    assert action.description not in client.get(reverse("actionplans:my-actions")).content.decode()
    assert not officer.leads.exists()
    assert ProgressUpdate.objects.get(action=action).author == officer
    client.force_login(admin_user)
    action_page = client.get(
        reverse("actionplans:action-detail", kwargs={"org": "testshire", "pk": action.pk})
    )
    assert "Flats let" in action_page.content.decode()
    assert str(officer) in action_page.content.decode()
    summaries = set(ChangeRecord.objects.values_list("summary", flat=True))
    assert {"Removed officer from Testshire County Council"} <= summaries


def test_removing_asks_first_and_no_keeps_the_person(client, admin_user, officer):
    client.force_login(admin_user)
    confirm = client.get(url("person-remove", role_of(officer))).content.decode()
    assert "Are you sure you want to remove them from the council?" in confirm

    assert client.post(url("person-remove", role_of(officer)), {"sure": "no"}).status_code == 302
    assert CouncilRole.objects.filter(user=officer).exists()
    assert client.post(url("person-remove", role_of(officer)), {"sure": "yes"}).status_code == 302
    assert not CouncilRole.objects.filter(user=officer).exists()


def test_removing_a_person_leaves_their_role_and_leads_in_another_council(
    council, other_council, admin_user, make_person
):
    both = make_person("both", council, Role.OFFICER)
    CouncilRole.objects.create(user=both, organisation=other_council, role=Role.OFFICER)
    theirs = Lead.objects.create(organisation=other_council, name="Their lead")
    theirs.officers.add(both)

    council_member_remove(council_role=role_of_in(both, council), removed_by=admin_user)

    assert list(both.council_roles.values_list("organisation", flat=True)) == [other_council.pk]
    assert list(both.leads.all()) == [theirs]


def role_of_in(person, organisation) -> CouncilRole:
    return CouncilRole.objects.get(user=person, organisation=organisation)


def test_withdrawing_an_invitation_stops_its_link(client, council, admin_user):
    invitation = invitation_send(
        organisation=council, email="late@example.org", role=Role.VIEWER, invited_by=admin_user
    )
    client.force_login(admin_user)

    client.post(
        reverse("actionplans:invitation-withdraw", kwargs={"org": "testshire", "pk": invitation.pk})
    )

    assert Invitation.objects.get().state() == "withdrawn"
    client.get(url("people-list"))  # the page that shows the message
    assert "late@example.org" not in client.get(url("people-list")).content.decode()


def test_a_council_administrator_is_not_staff_and_the_django_admin_refuses_them(client, admin_user):
    client.force_login(admin_user)
    answer = client.get("/admin/")
    assert answer.status_code == 302 and "/admin/login/" in answer["Location"]
    assert not admin_user.is_staff

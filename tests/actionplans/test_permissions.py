"""What actionplans/permissions.py promises besides who reaches which page (test_url_access)."""

import pytest

from actionplans import permissions
from actionplans.models import Action
from strategies.models import CouncilRole
from tests.actionplans.updating import officer_action

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_an_officers_leads_are_read_once_however_many_actions_are_checked(
    council, officer, django_assert_num_queries
):
    first, second = officer_action(council, officer), officer_action(council, officer)
    actions = Action.objects.filter(pk__in=[first.pk, second.pk]).prefetch_related("leads")
    actions = list(actions)
    council_role = CouncilRole.objects.get(user=officer, organisation=council)

    with django_assert_num_queries(1):
        assert all(permissions.can_update_action(council_role, action) for action in actions)


def test_the_leads_an_officer_acts_for_are_those_of_the_council_asked_about(
    council, other_council, officer
):
    """A person may act for leads in two councils; their role in one names that one's only."""
    here = officer_action(council, officer)
    CouncilRole.objects.create(user=officer, organisation=other_council, role="officer")
    officer_action(other_council, officer)
    council_role = CouncilRole.objects.get(user=officer, organisation=council)

    assert permissions.officer_lead_ids(council_role) == set(
        here.leads.values_list("pk", flat=True)
    )

"""The generated benchmark plan keeps the rules the services keep, so a bench measures real data."""

import datetime

import pytest
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionStatus, DeadlineChange, Lead, ProgressUpdate, Rag
from strategies.models import ChangeRecord
from tests.benchdata import generate_plan

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def generated(council):
    return generate_plan(council, actions=300, updates=2500, today=TODAY)


@pytest.mark.django_db
def test_generated_plan_has_the_sizes_asked_for(generated):
    assert generated.actions.count() == 300
    assert ProgressUpdate.objects.filter(action__plan=generated).count() == 2500
    assert generated.periods.count() == 4
    assert generated.periods.filter(locked_at__isnull=True).count() == 1
    assert generated.periods.current(on=TODAY).starts_on == datetime.date(2026, 10, 1)
    sizes = generated.key_outcomes.annotate(n=Count("actions")).values_list("n", flat=True)
    assert min(sizes) >= 1
    assert 8 <= sum(sizes) / len(sizes) <= 12


@pytest.mark.django_db
def test_each_actions_rating_is_its_newest_updates_and_blue_only_when_complete(generated):
    actions = generated.actions.prefetch_related("updates")
    for action in actions:
        updates = sorted(action.updates.all(), key=lambda u: (u.created_at, u.pk))
        assert action.rag == (updates[-1].rag if updates else Rag.NOT_RATED)
        assert (action.rag == Rag.BLUE) == (action.status == ActionStatus.COMPLETE)
        assert all(update.rag != Rag.BLUE for update in updates[:-1])
        for update in updates:
            day = timezone.localdate(update.created_at)
            assert update.period.starts_on <= day <= update.period.ends_on


@pytest.mark.django_db
def test_each_actions_version_counts_its_changes_and_each_change_is_recorded(generated):
    actions = generated.actions.annotate(
        updates_made=Count("updates", distinct=True),
        deadline_moves=Count("deadline_changes", distinct=True),
    )
    records = dict(
        ChangeRecord.objects.filter(object_id__in=actions.values("pk"))
        .values_list("object_id")
        .annotate(n=Count("pk"))
    )
    for action in actions:
        closed = action.status == ActionStatus.NOT_NEEDED
        changes = action.updates_made + action.deadline_moves + closed
        assert action.version == 1 + changes
        assert records.get(action.pk, 0) == changes
    newest = Max("updates__created_at")
    assert not generated.actions.annotate(newest=newest).filter(updated_at__lt=newest).exists()


@pytest.mark.django_db
def test_generated_plan_has_the_awkward_cases_a_real_one_has(generated):
    period = generated.periods.current(on=TODAY)
    assert generated.actions.overdue(on=TODAY).count() > 30
    assert generated.actions.filter(deadline__isnull=True, deadline_text__startswith="Ongoing")
    assert generated.actions.not_updated_in(period).count() > 30
    assert generated.actions.filter(rag=Rag.NOT_RATED).exists()
    assert generated.actions.filter(status=ActionStatus.NOT_NEEDED).exists()
    assert DeadlineChange.objects.filter(action__plan=generated).exists()
    rags = set(generated.actions.values_list("rag", flat=True))
    assert rags == set(Rag.values)
    leads = Lead.objects.filter(actions__plan=generated).annotate(n=Count("actions"))
    assert 20 <= leads.count() < 300
    assert all(lead.officers.exists() for lead in leads)


@pytest.mark.django_db
def test_same_seed_gives_the_same_plan_and_leads_are_shared(council, other_council):
    first = generate_plan(council, actions=60, updates=400, today=TODAY)
    again = generate_plan(other_council, actions=60, updates=400, today=TODAY)
    second = generate_plan(council, actions=60, updates=400, today=TODAY, seed=2)

    def shape(plan):
        fields = ("description", "deadline_text", "status", "rag", "version")
        return list(plan.actions.order_by("key_outcome__number", "number").values_list(*fields))

    assert shape(first) == shape(again)
    assert shape(first) != shape(second)
    assert Lead.objects.filter(organisation=council).count() == 6


@pytest.mark.django_db
def test_generated_plan_pages_fifty_rows_to_its_owner(client, generated, owner):
    client.force_login(owner)
    url = reverse(
        "actionplans:plan-detail",
        kwargs={"org": generated.strategy.organisation.slug, "pk": generated.pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["actions"]) == 50
    assert Action.objects.filter(plan=generated).count() == 300

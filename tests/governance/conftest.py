"""Governance tests keep the files they build (board pack PDFs) in a temporary folder."""

import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

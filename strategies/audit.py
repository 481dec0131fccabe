"""Recording who changed plan data. Called by every service function that writes."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from strategies.models import ChangeRecord, Organisation


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def change_record(
    *,
    organisation: Organisation,
    actor,
    obj: models.Model,
    summary: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
    at: datetime.datetime | None = None,
) -> ChangeRecord:
    """Write one audit entry; `changes` maps a field to its (old, new) values."""
    return ChangeRecord.objects.create(
        organisation=organisation,
        actor=actor,
        at=at or timezone.now(),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        summary=summary[:300],
        changes={name: [_plain(old), _plain(new)] for name, (old, new) in (changes or {}).items()},
    )

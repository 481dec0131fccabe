"""Recording who changed plan data. Called by every service function that writes."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from core import security_log
from strategies.models import ChangeRecord, Organisation


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def changed(current: models.Model, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The `changes` of an edit: each field of `values` whose value differs from `current`'s,
    as (old, new)."""
    return {
        name: (getattr(current, name), value)
        for name, value in values.items()
        if getattr(current, name) != value
    }


def created(values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The `changes` of a creation: each field given a value, as (None, value)."""
    return {name: (None, value) for name, value in values.items() if value}


def change_record(
    *,
    organisation: Organisation,
    actor,
    obj: models.Model,
    summary: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
    at: datetime.datetime | None = None,
) -> ChangeRecord:
    """Write one audit entry; `changes` maps a field to its (old, new) values. The security
    log gets a line naming the fields, never their values."""
    content_type = ContentType.objects.get_for_model(obj)
    security_log.log(
        "change",
        user=actor.get_username() if actor is not None else "",
        council=organisation.slug,
        model=content_type.model,
        id=obj.pk,
        fields=",".join(sorted(changes or {})),
    )
    return ChangeRecord.objects.create(
        organisation=organisation,
        actor=actor,
        at=at or timezone.now(),
        content_type=content_type,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        summary=summary[:300],
        changes={name: [_plain(old), _plain(new)] for name, (old, new) in (changes or {}).items()},
    )

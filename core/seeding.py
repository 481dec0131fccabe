"""Writing seed data so that loading it twice changes nothing: each helper writes only what
differs from the database. They work on any model; the loaders are the apps' own."""

from __future__ import annotations

from typing import Any

from django.db import models


def upsert[M: models.Model](model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """Create the row, or change only the fields whose values differ; never a blind save."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance.save()
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
    return instance


def set_if_changed(manager, objects) -> None:
    """Set a many-to-many relation only when its members differ."""
    wanted = {obj.pk for obj in objects}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(list(objects))

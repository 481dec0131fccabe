"""A council's data revision.

A council's revision (`CouncilRevision`, read as `Organisation.data_revision`) moves after
every committed change to anything the council's pages show, so a page kept under it
(core.pages) is reused until then. Only this module moves it, by one UPDATE that adds one.

What moves it: saving or deleting a row of any model in `COUNCIL_OF`, and adding or removing
any many-to-many link between them, through Django's signals, so services, the admin, a shell
and the seed commands all count. `QuerySet.update()` sends no signal: the services that use
one also record a ChangeRecord in the same transaction, which does. A change made in SQL by
hand shows when the cache entry expires (PLEDGE_PAGE_CACHE_SECONDS).

The revision is moved after the change commits (`transaction.on_commit`), never inside its
transaction: holding the council's row until the writer commits would queue all of a
council's writers behind one another, and could deadlock with an action's own row lock. Each
change adds its council to a set pending on its connection and registers a callback; the
first callback to run after a commit moves every pending council in one UPDATE and empties the
set, so a transaction that saves many rows moves each of its councils once, and the other
callbacks find nothing to do. Without a transaction the callback runs at once. The councils of
a transaction or savepoint that is rolled back stay pending and move with the next commit: a
page rendered afresh once more, never a change missed. All of it is Django's public API.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_save, pre_delete

from strategies.models import CouncilRevision, Organisation

EVERY_COUNCIL = "*"

# What each app registers from its AppConfig.ready(): a model's label and its way to its
# council, a lookup from the row to the organisation's id, or EVERY_COUNCIL for shared
# reference data (follow, follow_everywhere); and the models no kept page shows (not_shown).
# tests/strategies/test_revisions.py fails on a model of the councils' apps in neither.
COUNCIL_OF: dict[str, str] = {}
NOT_SHOWN: set[str] = set()


def follow(model: type[models.Model], lookup: str) -> None:
    """Move the council that `lookup` leads to (from a row of `model` to its organisation's
    id) after every committed save or delete of a row, or change to one of the model's own
    many-to-many links. Only followed models are listened to: a listener on every model would
    stop Django deleting other rows (sessions, sign-in failures) in one statement."""
    label = _label(model)
    COUNCIL_OF[label] = lookup
    uid = f"pledge-revision-{label}"
    post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-save")
    pre_delete.connect(_saved, sender=model, dispatch_uid=f"{uid}-delete")
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(_linked, sender=through, dispatch_uid=f"{uid}-{field.name}")


def follow_everywhere(model: type[models.Model]) -> None:
    """For shared reference data, which every council's pages show: a change moves them all."""
    follow(model, EVERY_COUNCIL)


def not_shown(model: type[models.Model]) -> None:
    """For a model of a council's data that no kept page shows: changing it moves nothing."""
    NOT_SHOWN.add(_label(model))


def _label(model: type[models.Model]) -> str:
    return model._meta.concrete_model._meta.label


def council_of(instance: models.Model) -> int | str | None:
    """The id of the council the row belongs to (EVERY_COUNCIL for shared data; None if not
    one of COUNCIL_OF's). Follows relations already loaded, then at most one query."""
    lookup = COUNCIL_OF.get(_label(type(instance)))
    if lookup is None or lookup == EVERY_COUNCIL:
        return lookup
    if lookup == "pk":
        return instance.pk
    parts, row = lookup.split("__"), instance
    for depth, part in enumerate(parts):
        field = row._meta.get_field(part)
        if depth == len(parts) - 1:
            return getattr(row, field.attname)
        if not field.is_cached(row):
            key = getattr(row, field.attname)
            rest = "__".join(parts[depth + 1 :])
            found = field.related_model._base_manager.filter(pk=key).values_list(rest, flat=True)
            # A row whose parent is already gone (or not yet loaded, in raw fixture loading):
            # move every council rather than guess.
            return found.first() or EVERY_COUNCIL
        row = getattr(row, part)
    return None  # pragma: no cover - the loop always returns


class _Pending(threading.local):
    """The councils changed on this thread's connections (Django's are per thread too) and not
    yet moved, by database alias."""

    def __init__(self) -> None:
        self.councils: defaultdict[str, set[int | str]] = defaultdict(set)


_pending = _Pending()


@dataclass(frozen=True)
class MovePending:
    """What every change registers with `transaction.on_commit`. The first to run after a
    commit moves every council pending on its connection, in one UPDATE, and the rest find
    nothing left to do."""

    using: str

    def __call__(self) -> None:
        pending = _pending.councils[self.using]
        if not pending:
            return
        councils = set(pending)
        pending.clear()
        try:
            _move(councils, self.using)
        except Exception:
            pending |= councils  # the next commit tries again
            raise


def _move(councils: set[int | str], using: str) -> None:
    revisions = CouncilRevision.objects.using(using)
    uncounted = Organisation.objects.using(using).filter(revision__isnull=True)
    if EVERY_COUNCIL not in councils:
        revisions = revisions.filter(organisation__in=councils)
        uncounted = uncounted.filter(pk__in=councils)
    # A council's row is made at its first move, wherever the council was made (the seed, the
    # admin, a shell); at 0, so that two first moves at once still add two.
    CouncilRevision.objects.using(using).bulk_create(
        [CouncilRevision(organisation_id=pk) for pk in uncounted.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )
    revisions.update(value=F("value") + 1)


def touch(council: int | str | None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the council's revision (EVERY_COUNCIL: all of them) once the transaction commits;
    at once when there is no transaction."""
    if council is None:
        return
    _pending.councils[using].add(council)
    # A callback for each change, not one per transaction: Django drops the callbacks of a
    # savepoint that is rolled back, and only its private API tells which of ours survived.
    # robust: the change is committed by now; a failed UPDATE is logged, not raised into the
    # request that saved it, and its councils stay pending for the next commit.
    transaction.on_commit(MovePending(using), using=using, robust=True)


def forget_pending() -> None:
    """For tests, whose transactions never commit: what one left pending is not the next's."""
    _pending.councils.clear()


def _saved(sender, instance, using, created=False, **kwargs) -> None:
    if created and COUNCIL_OF.get(_label(sender)) == "pk":
        return  # a council just made: none of its pages has been kept
    touch(council_of(instance), using)


def _linked(sender, instance, action, model, pk_set, using, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action != "post_clear" and not pk_set:  # adding links that were all there already
        return
    if _label(type(instance)) in COUNCIL_OF:
        touch(council_of(instance), using)
    elif _label(model) in COUNCIL_OF and pk_set:  # from the other end: user.leads.add(lead)
        for row in model._base_manager.using(using).filter(pk__in=pk_set)[:1]:
            touch(council_of(row), using)

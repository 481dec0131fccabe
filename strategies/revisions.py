"""A council's data revision.

`Organisation.data_revision` moves after every committed change to anything a council's pages
show, so a page kept under it (core.pages) is reused until then.

What moves it: saving or deleting a row of any model in `COUNCIL_OF`, and adding or removing
any many-to-many link between them, through Django's signals, so services, the admin, a shell
and the seed commands all count. `QuerySet.update()` sends no signal: the services that use
one also record a ChangeRecord in the same transaction, which does. A change made in SQL by
hand shows when the cache entry expires (PLEDGE_PAGE_CACHE_SECONDS).

The revision is moved once per transaction (once per savepoint in it that changed something),
after it commits (`transaction.on_commit`), and never inside it: holding the council's row
until the writer commits would queue all of a council's writers behind one another, and could
deadlock with an action's own row lock. The order keeps the cache right: a reader reads the
revision before the data, so a page rendered from data older than the revision it was filed
under cannot happen; one rendered from older data under an older revision is simply never
asked for again.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_save, pre_delete

from strategies.models import Organisation

EVERY_COUNCIL = "*"

# What each app registers from its AppConfig.ready(): a model's label and its way to its
# council, a lookup from the row to the organisation's id, or EVERY_COUNCIL for shared
# reference data (follow, follow_everywhere); and the models no kept page shows (not_shown).
# tests/strategies/test_revisions.py fails on a model of the councils' apps in neither.
COUNCIL_OF: dict[str, str] = {}
NOT_SHOWN: set[str] = set()


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


class _Touched:
    """The councils changed in the current transaction; moves their revisions on commit."""

    def __init__(self, using: str):
        self.using = using
        self.councils: set[int | str] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        rows = Organisation.objects.using(self.using)
        if EVERY_COUNCIL not in self.councils:
            rows = rows.filter(pk__in=self.councils)
        rows.update(data_revision=F("data_revision") + 1)


def touch(council: int | str | None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the council's revision (EVERY_COUNCIL: all of them) once the transaction commits;
    at once when there is no transaction."""
    if council is None:
        return
    connection = connections[using]
    pending = None
    if connection.in_atomic_block:
        # One _Touched for each savepoint that touches, however many rows change in it; a
        # savepoint rolled back takes its _Touched with it (Django drops its callbacks).
        here = set(connection.savepoint_ids)
        pending = next(
            (
                entry[1]
                for entry in connection.run_on_commit
                if isinstance(entry[1], _Touched) and not entry[1].done and entry[0] == here
            ),
            None,
        )
    if pending is None:
        pending = _Touched(using)
        pending.councils.add(council)
        # robust: the change is committed by now; a failed UPDATE is logged, not raised into
        # the request that saved it (its pages then show the change when their entries expire).
        transaction.on_commit(pending, using=using, robust=True)
    else:
        pending.councils.add(council)


def _saved(sender, instance, using, **kwargs) -> None:
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

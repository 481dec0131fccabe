"""Links between records never cross councils.

Pages only offer a council's own plans, actions and leads, but a many-to-many link can also be
made in Django's admin, by a data fix in a shell, or by a future form that forgets to scope its
choices. A board of one council that "oversees" another council's plan would put that plan
into the first council's meeting pages and board packs.

So each app declares its council-scoped many-to-many links once (`CouncilLink`), and:
- `guard` refuses, before anything is written, an `add` that would cross councils, however it
  is made (Django's `m2m_changed` signal, `pre_add`, both directions of the relation);
- `CouncilLinksForm` gives admin forms the same check as a clear message on the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models.signals import m2m_changed

from strategies.models import Organisation


@dataclass(frozen=True)
class CouncilLink:
    """A many-to-many field whose two ends must belong to the same council.

    `source` and `target` are lookups from each end to its organisation's id, for example
    "organisation" for a board and "strategy__organisation" for a plan.
    """

    model: type[models.Model]
    field: str
    source: str
    target: str

    @property
    def related_model(self) -> type[models.Model]:
        return self.model._meta.get_field(self.field).related_model

    @property
    def through(self) -> type[models.Model]:
        return getattr(self.model, self.field).through


def of_other_councils(
    model: type[models.Model], lookup: str, council_id: int | None, items: Iterable
) -> list:
    """The items (objects or primary keys) of `model` whose council, reached through `lookup`,
    is not council_id. The one check behind every council link: the guard, the admin forms
    and the services that write links all ask it."""
    pks = [getattr(item, "pk", item) for item in items]
    if not pks:
        return []
    return list(
        model._default_manager.filter(pk__in=pks).exclude(**{lookup: council_id}).order_by("pk")
    )


def _council_of(model: type[models.Model], lookup: str, pk) -> int | None:
    return model._default_manager.filter(pk=pk).values_list(lookup, flat=True).first()


def _message(link: CouncilLink, council_id: int, strays: list[models.Model]) -> str:
    council = Organisation.objects.filter(pk=council_id).values_list("name", flat=True).first()
    noun = link.related_model._meta.verbose_name_plural
    names = "; ".join(str(stray) for stray in strays[:3])
    return f"Choose {noun} of {council or 'the same council'} only. Another council's: {names}"


def cross_council_targets(link: CouncilLink, council_id: int, targets: Iterable) -> list:
    """The targets (objects or primary keys) that belong to a council other than council_id."""
    return of_other_councils(link.related_model, link.target, council_id, targets)


def guard(link: CouncilLink) -> None:
    """Refuse, before it is written, any add to the link that would cross councils."""

    def refuse_cross_council(sender, instance, action, reverse, pk_set, **kwargs) -> None:
        if action != "pre_add" or not pk_set:
            return
        if reverse:  # plan.boards.add(board): the instance is the target
            council_id = _council_of(link.related_model, link.target, instance.pk)
            strays = of_other_councils(link.model, link.source, council_id, pk_set)
        else:
            council_id = _council_of(link.model, link.source, instance.pk)
            strays = cross_council_targets(link, council_id, pk_set)
        if strays:
            raise ValidationError(
                f"{link.model._meta.verbose_name.capitalize()} and"
                f" {link.related_model._meta.verbose_name_plural} must belong to the same"
                " council."
            )

    m2m_changed.connect(
        refuse_cross_council,
        sender=link.through,
        weak=False,
        dispatch_uid=f"council-link:{link.model._meta.label}.{link.field}",
    )


def _walk(start, path: list[str]):
    value = start
    for name in path:
        if value is None:
            return None
        value = getattr(value, name, None)
    return value


class CouncilLinksForm(forms.ModelForm):
    """An admin form that refuses another council's choices in its council-scoped links.

    Subclasses set `council_links`. The council comes from the form's own data where the
    lookup starts with one of its fields (a board's organisation), else from the saved
    object (an agenda item's meeting); a new object with neither is left to `guard`.
    """

    council_links: tuple[CouncilLink, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for link in self.council_links:
            chosen = cleaned.get(link.field)
            council_id = self._council_id(link)
            if not chosen or council_id is None:
                continue
            strays = cross_council_targets(link, council_id, chosen)
            if strays:
                self.add_error(link.field, _message(link, council_id, strays))
        return cleaned

    def _council_id(self, link: CouncilLink) -> int | None:
        # An inline's foreign key to its parent is a form field too (the parent, saved or not).
        first, *rest = link.source.split("__")
        if first in self.fields:
            start = self.cleaned_data.get(first)
        else:
            try:
                start = getattr(self.instance, first)
            except ObjectDoesNotExist:
                start = None
        council = _walk(start, rest)
        return getattr(council, "pk", council)


def council_links_form(*links: CouncilLink) -> type[CouncilLinksForm]:
    """A base form for a ModelAdmin or inline (its `form`) checking these links."""
    return type("CouncilLinksAdminForm", (CouncilLinksForm,), {"council_links": links})

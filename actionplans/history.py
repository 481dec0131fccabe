"""A plan's history cannot be deleted. The schema holds most of it: progress updates,
deadline changes, actions, key outcomes and plans are protected (on_delete=PROTECT) by what
refers to them. A lead's actions refer to it through a many-to-many link, which the database
drops without asking; this receiver of pre_delete refuses instead, as PROTECT would, for one
lead or a queryset of them. A lead that owns actions is merged into another or retired.
"""

from __future__ import annotations

from django.db.models import ProtectedError

from actionplans.models import Lead


def refuse_lead_with_actions_deletion(sender, instance: Lead, **kwargs) -> None:
    actions = list(instance.actions.all()[:5])
    if actions:
        raise ProtectedError(
            f"The lead \u201c{instance.name}\u201d owns actions: deleting it would lose who "
            "was responsible for them. Move its actions to another lead first.",
            set(actions),
        )

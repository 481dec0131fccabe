"""Paths to a council's action pages, made without a reverse() per action: the plan table, the
dashboard and the board pack list from dozens to thousands of actions."""

from __future__ import annotations

from django.urls import reverse


class ActionPaths:
    """`paths(action_id)`: the path of that action's page in the council's site."""

    def __init__(self, organisation_slug: str):
        # Reversed once with a stand-in id, whose "0/" ends the path.
        self.prefix = reverse("actionplans:action-detail", args=[organisation_slug, 0])[:-2]

    def __call__(self, action_id: int) -> str:
        return f"{self.prefix}{action_id}/"

"""Builders and page readers for the tests of officers' updates (not fixtures: plain calls).

`form_fields(response)` reads the form back out of the HTML the person was shown, as a
browser would submit it, so a test that saves "again" proves the page itself carried the
typed answers, the version and the confirmation.
"""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionPlan, Lead, ReportingPeriod
from tests.conftest import build_period, build_plan


def url(name: str, action: Action) -> str:
    return reverse(name, kwargs={"org": action.plan.strategy.organisation.slug, "pk": action.pk})


def current_period(plan: ActionPlan, **fields) -> ReportingPeriod:
    """A period that began a month ago and is still open: updates go to it today."""
    today = timezone.localdate()
    defaults = {
        "name": "This quarter",
        "starts_on": today - datetime.timedelta(days=30),
        "ends_on": today + datetime.timedelta(days=60),
        "update_deadline": today + datetime.timedelta(days=45),
    }
    return build_period(plan, **(defaults | fields))


def officer_action(organisation, officer, *, overdue: bool = False, **plan_fields) -> Action:
    """The first action of a new plan with a current period; `officer` acts for its lead."""
    plan = build_plan(organisation, actions=2, **plan_fields)
    current_period(plan)
    action = plan.actions.order_by("number").first()
    if overdue:
        action.deadline_text = "January 2020"
        action.deadline = datetime.date(2020, 1, 31)
        action.save(update_fields=["deadline_text", "deadline"])
    Lead.objects.get(actions=action).officers.add(officer)
    return action


class _FormReader(HTMLParser):
    """The fields of the first POST form holding a `version`, as a browser submits them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self._fields: dict[str, str] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._fields = {}
        elif self._fields is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self._fields[attrs["name"]] = attrs.get("value") or "on"
            elif kind != "submit":
                self._fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea is not None and self._fields is not None:
            self._fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._fields is not None:
            # HTML drops one newline straight after <textarea>, as Django writes it.
            value = self._fields[self._textarea]
            self._fields[self._textarea] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "form" and self._fields is not None:
            self.forms.append(self._fields)
            self._fields = None


def form_fields(response) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(response.content.decode())
    forms = [fields for fields in reader.forms if "version" in fields]
    assert forms, "the page has no form carrying the action's version"
    return forms[0]

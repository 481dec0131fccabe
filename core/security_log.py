"""The security log: failed sign-ins, refused access and administrative changes, one line
each, on the "pledge.security" logger, with who, which council, which URL and when.

What a line may hold is fixed here and nowhere else: names of people (as typed, for a failed
sign-in), councils' slugs, paths without their query strings, model names, ids and field
names. Never a value a person wrote: no narrative, no young people's words, no object's
text (an object's str() can be its narrative). tests/test_security_log.py posts a marker into
every form and checks every log line.
"""

from __future__ import annotations

import json
import logging

from django.http import HttpRequest

logger = logging.getLogger("pledge.security")


def _value(value) -> str:
    """A value as it appears in a line: quoted, with any line break or control character
    escaped, so no value can forge a second line."""
    if value is None or value == "":
        return "-"
    text = str(value)
    if text.replace("-", "").replace("_", "").replace(".", "").replace("/", "").isalnum():
        return text
    return json.dumps(text, ensure_ascii=True)


def log(event: str, *, request: HttpRequest | None = None, **fields) -> None:
    """One line: the event, then key=value pairs; the request gives the person and the URL
    unless `fields` say otherwise."""
    if request is not None:
        user = getattr(request, "user", None)
        fields = {
            "user": user.get_username() if user and user.is_authenticated else "",
            "council": _council(request),
            "method": request.method,
            "url": request.path,
            "address": request.META.get("REMOTE_ADDR"),
        } | fields
    logger.info("%s %s", event, " ".join(f"{key}={_value(v)}" for key, v in fields.items()))


def _council(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.kwargs.get("org", "") if match else "") or ""


def admin_change(sender, instance, created: bool, **kwargs) -> None:
    """post_save of Django admin's LogEntry: every change made in the admin."""
    if not created:
        return
    fields = []
    try:
        for change in json.loads(instance.change_message or "[]"):
            for detail in change.values():
                fields += detail.get("fields", [])
    except (ValueError, AttributeError, TypeError):
        pass
    action = {1: "added", 2: "changed", 3: "deleted"}.get(instance.action_flag, "?")
    log(
        "admin-change",
        user=instance.user.get_username() if instance.user_id else "",
        action=action,
        model=instance.content_type.model if instance.content_type_id else "",
        id=instance.object_id,
        fields=",".join(sorted(set(fields))),
    )

"""Malformed requests get a 4xx (or are read as nothing), never a 500.

A corpus of malformed query strings and bodies is sent to every URL of the access table
(tests/test_url_access.py), signed out and as a plan owner, who may use every form. Each query
parameter a view reads gets values it cannot use: not a number, a fraction, negative, beyond
64 bits, empty, a NUL byte, overlong, invalid percent-encoding, and repeated; each alone and
all at once. Each form gets
the same values in each of its fields, huge ids in its choice fields, a body in UTF-16, an
invalid multipart body and a JSON body.

Which parameters a view reads is found by asking it, as the plan owner, once with none and
once with every one (`parameters_read`): those it reads by name, or every one when it reads
the query string whole (its keys, a copy, its encoding, as `{% querystring %}` does). Only
those are sent alone and repeated: a page that reads none would render the same page for
each of the 150 requests, which made this file a quarter of the test run. Signed out, where
only the middleware reads a request, and all at once, every parameter is sent to every URL.

pytest-django runs with DEBUG False, as in production, and the client here does not re-raise
a view's exception: a 500 is what a person would see. The test lists every request that got
one, so a failure shows each of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from unittest import mock

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from governance.links import SELECT_COUNCIL_PLANS
from governance.models import BoardPack, Meeting
from tests.access_objects import council_objects
from tests.access_table import ACCESS, POST_BODIES

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

BEYOND_64_BITS = str(2**64 + 1)
JSON = "application/json"
VALUES = {
    "word": "abc",
    "empty": "",
    "fraction": "1.5",
    "negative": "-1",
    "zero": "0",
    "max-64-bit": str(2**63 - 1),
    "beyond-64-bits": BEYOND_64_BITS,
    "huge": "9" * 40,
    "nul": "1\x00",
    "overlong": "x" * 10_000,
    "date-like": "31/02/2027",
    "space": " ",
}

# Every parameter a view reads from the query string, or a form from a body.
QUERY_PARAMETERS = [
    "plan", "part", "page", "rag", "status", "due_after", "due_before", "lead", "key_outcome",
    "objective", "section", "sort", "q", "since", "show", "overdue", "not_overdue",
    "not_updated", "deadline_moved", "next", "compare", "state", "code", "error", "find",
]  # fmt: skip
FORM_FIELDS = [
    "username", "password", "email", "new_password1", "new_password2", "version", "narrative",
    "rag", "complete", "new_text", "reason", "date_0", "date_1", "date_2", "title", "plans",
    "actions", "text", "status", "owner", "part", "said", "theme", "raised_at", "date_text",
    "author_role", "actions_asked", "confirmed", "due_on_0", "due_on_1", "due_on_2",
]  # fmt: skip


@dataclass(frozen=True)
class Sent:
    """One malformed request: how to send it and what to call it when it fails."""

    label: str
    method: str
    query: str | dict | None = None
    body: object = None
    content_type: str | None = None


# Each parameter alone gets these: alone, because a view may stop at the first it cannot read
# (a page number past the end is a 404). Every parameter at once gets every value.
ALONE = ("word", "empty", "fraction", "negative", "beyond-64-bits", "nul")


def malformed_queries(read: list[str] = QUERY_PARAMETERS) -> list[Sent]:
    """Each of the parameters `read` alone and repeated; every parameter at once."""
    sent = [
        Sent(f"?{name}={label}", "get", query={name: VALUES[label]})
        for name in read
        for label in ALONE
    ]
    every = list(dict.fromkeys([*QUERY_PARAMETERS, *read]))
    sent += [
        Sent(f"every parameter={label}", "get", query=dict.fromkeys(every, value))
        for label, value in VALUES.items()
    ]
    sent += [
        Sent(f"?{name} repeated", "get", query=f"{name}=1&{name}=abc&{name}={BEYOND_64_BITS}")
        for name in read
    ]
    sent += [
        Sent("invalid percent-encoding", "get", query="plan=%FF%FE&page=%C0%80&q=%00"),
        Sent("no value, no equals sign", "get", query="plan&page&rag&since"),
    ]
    return sent


def malformed_bodies(good: dict) -> list[Sent]:
    """Every field at once with each value; each field of `good` alone with each value;
    then bodies the form cannot read."""
    sent = [
        Sent(f"every field={label}", "post", body=dict.fromkeys(FORM_FIELDS, value))
        for label, value in VALUES.items()
    ]
    sent += [
        Sent(f"good body, {name}={label}", "post", body=good | {name: value})
        for name in good
        for label, value in VALUES.items()
    ]
    sent.append(
        Sent(
            "good body, every field repeated",
            "post",
            body={name: ["1", "abc", BEYOND_64_BITS] for name in good or FORM_FIELDS},
        )
    )
    return sent + unreadable_bodies()


def unreadable_bodies() -> list[Sent]:
    """Bodies no form can read: another charset, broken multipart, JSON."""
    return [
        Sent(
            "utf-16 form body",
            "post",
            body="title=abc&text=abc&username=a&password=b".encode("utf-16"),
            content_type="application/x-www-form-urlencoded; charset=utf-16",
        ),
        Sent(
            "latin-1 form body",
            "post",
            body="title=caf\xe9&username=caf\xe9&password=b".encode("latin-1"),
            content_type="application/x-www-form-urlencoded; charset=latin-1",
        ),
        Sent(
            "utf8 spelled without the hyphen",
            "post",
            body=b"title=abc&username=a&password=b",
            content_type="application/x-www-form-urlencoded; charset=UTF8",
        ),
        Sent(
            "unknown charset",
            "post",
            body=b"title=abc&username=a&password=b",
            content_type="application/x-www-form-urlencoded; charset=no-such-charset",
        ),
        Sent(
            "invalid utf-8 in a form body",
            "post",
            body=b"title=%FF%FE&text=\xff\xfe&username=\xc0\x80&password=b",
            content_type="application/x-www-form-urlencoded",
        ),
        Sent(
            "multipart with no boundary",
            "post",
            body=b"--x\r\nContent-Disposition: form-data; name=title\r\n\r\nabc\r\n--x--",
            content_type="multipart/form-data",
        ),
        Sent(
            "multipart that never ends",
            "post",
            body=b"--x\r\nContent-Disposition: form-data; name=title\r\n\r\nabc",
            content_type="multipart/form-data; boundary=x",
        ),
        Sent(
            "multipart in utf-16",
            "post",
            body=b"--x\r\nContent-Disposition: form-data; name=title\r\n\r\n\xff\xfea\x00\r\n--x--",
            content_type="multipart/form-data; boundary=x; charset=utf-16",
        ),
        Sent("json body", "post", body=b'{"title": "x", "plans": [1]}', content_type=JSON),
        Sent("json that is not json", "post", body=b"{", content_type=JSON),
    ]  # fmt: skip


def send(client: Client, url: str, sent: Sent):
    if sent.method == "get":
        if isinstance(sent.query, str):
            return client.get(f"{url}?{sent.query}")
        return client.get(url, sent.query)
    if sent.content_type is None:
        return client.post(url, sent.body)
    # As the bytes are, in whatever charset the content type names.
    return client.generic("POST", url, sent.body, content_type=sent.content_type)


@pytest.fixture
def objects(council, other_council, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return {
        "own": council_objects(council, personas["officer"]),
        "other": council_objects(other_council),
    }


def corpus_for(name: str, objects: dict, read: list[str] = QUERY_PARAMETERS) -> list[Sent]:
    good = POST_BODIES.get(name, lambda objects: {})(objects["own"])
    good = {
        key: str(value[0]) if isinstance(value, list) else str(value) for key, value in good.items()
    }
    return malformed_queries(read) + malformed_bodies(good)


WHOLE = object()


class ReadingQueryDict(QueryDict):
    """A request's query string that notes in `read` each parameter asked for by name, and
    WHOLE when it is read whole. Only while probing (`parameters_read`)."""

    read: set = set()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recording = True  # filling itself in is not reading

    def _note(self, key) -> None:
        if getattr(self, "recording", False):
            self.read.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


def _reads_whole(method: str):
    def whole(self, *args, **kwargs):
        self._note(WHOLE)
        return getattr(QueryDict, method)(self, *args, **kwargs)

    return whole


for _method in (
    "__iter__", "__len__", "keys", "items", "values", "lists", "dict", "copy", "urlencode",
    "__copy__", "__deepcopy__", "__eq__",
):  # fmt: skip
    setattr(ReadingQueryDict, _method, _reads_whole(_method))


def parameters_read(client: Client, url: str) -> list[str]:
    """The query parameters the view at `url` reads, asked once with none and once with every
    one (a view may read one only when another is there): by name, or all when it reads the
    query string whole. Names read that QUERY_PARAMETERS does not list are added."""
    ReadingQueryDict.read = set()
    with mock.patch("django.core.handlers.wsgi.QueryDict", ReadingQueryDict):
        client.get(url)
        client.get(url, dict.fromkeys(QUERY_PARAMETERS, "1"))
    read = ReadingQueryDict.read
    if WHOLE in read:
        read = read - {WHOLE} | set(QUERY_PARAMETERS)
    return sorted(read)


def server_errors(client: Client, url: str, corpus: list[Sent], *, then=None) -> list[str]:
    failed = []
    for sent in corpus:
        response = send(client, url, sent)
        if response.status_code >= 500:
            failed.append(f"{sent.method.upper()} {url} {sent.label}: {response.status_code}")
        if then:
            then()
    return failed


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_no_malformed_request_gets_a_server_error(personas, objects, name):
    url = reverse(name, kwargs=ACCESS[name].kwargs(objects["own"]))
    corpus = corpus_for(name, objects)
    signed_out = Client(raise_request_exception=False)
    # The CSRF check reads the body before any view does, and again for the 400 page.
    checking_csrf = Client(raise_request_exception=False, enforce_csrf_checks=True)
    owner = Client(raise_request_exception=False)
    owner.force_login(personas["owner"])
    # Signing out ends the owner's session: sign in again after each request there.
    again = (lambda: owner.force_login(personas["owner"])) if name == "accounts:logout" else None
    read = parameters_read(owner, url)
    if again:
        again()

    failed = (
        server_errors(signed_out, url, corpus)
        + server_errors(checking_csrf, url, unreadable_bodies())
        + server_errors(owner, url, corpus_for(name, objects, read), then=again)
    )

    assert failed == [], "\n".join(failed)


def test_the_probe_finds_the_parameters_each_view_reads(personas, objects):
    """If it found none anywhere (say, Django made its query strings elsewhere), the test
    above would send each parameter alone nowhere, and pass."""
    owner = Client(raise_request_exception=False)
    owner.force_login(personas["owner"])

    def read(name):
        return parameters_read(owner, reverse(name, kwargs=ACCESS[name].kwargs(objects["own"])))

    assert set(read("actionplans:plan-detail")) >= set(QUERY_PARAMETERS)  # {% querystring %}
    assert read("governance:pack-preview") == ["part", "plan"]
    assert read("actionplans:plan-carry-over") == ["from"]  # a name the list above lacks
    assert read("actionplans:update-create") == []


def test_a_form_body_in_utf_16_is_refused_with_a_plain_400(client):
    response = Client(enforce_csrf_checks=True).generic(
        "POST",
        reverse("accounts:login"),
        "username=officer&password=secret".encode("utf-16"),
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text == "Send forms in UTF-8, as web browsers do.\n"


def test_a_form_body_labelled_utf8_without_the_hyphen_is_read_as_utf_8(client, owner, objects):
    client.force_login(owner)
    url = reverse(
        "governance:meeting-create",
        kwargs=ACCESS["governance:meeting-create"].kwargs(objects["own"]),
    )

    response = client.generic(
        "POST",
        url,
        b"date_0=3&date_1=3&date_2=2031&title=Caf%C3%A9 meeting",
        content_type="application/x-www-form-urlencoded; charset=UTF8",
    )

    assert response.status_code == 302
    assert Meeting.objects.filter(title="Caf\u00e9 meeting").exists()


@pytest.mark.parametrize("huge", [BEYOND_64_BITS, str(2**63)])
def test_a_huge_id_in_a_choice_field_shows_the_fields_select_message(client, owner, objects, huge):
    client.force_login(owner)
    url = reverse(
        "governance:pack-build", kwargs=ACCESS["governance:pack-build"].kwargs(objects["own"])
    )

    response = client.post(url, {"plans": [huge], "part": BoardPack.Part.PART_I})

    assert response.status_code == 200
    assert SELECT_COUNCIL_PLANS in response.text
    assert (
        not BoardPack.objects.filter(meeting=objects["own"]["meeting"])
        .exclude(pk=objects["own"]["pack"].pk)
        .exists()
    )


@pytest.mark.parametrize("plan", ["abc", "", "1.5", BEYOND_64_BITS])
def test_a_pack_preview_for_a_plan_that_is_not_a_number_is_not_found(client, owner, objects, plan):
    client.force_login(owner)  # the preview is for plan owners and administrators
    url = reverse(
        "governance:pack-preview", kwargs=ACCESS["governance:pack-preview"].kwargs(objects["own"])
    )

    assert client.get(url, {"plan": plan}).status_code == 404
    assert client.get(url, {"plan": objects["own"]["plan"].pk}).status_code == 200


def test_a_date_too_large_for_the_calendar_is_not_a_real_date(client, owner, objects):
    client.force_login(owner)
    url = reverse(
        "governance:meeting-create",
        kwargs=ACCESS["governance:meeting-create"].kwargs(objects["own"]),
    )

    response = client.post(url, {"date_0": "1", "date_1": "1", "date_2": "9" * 30, "title": "x"})

    assert response.status_code == 200
    assert "Enter a real date of the meeting" in response.text

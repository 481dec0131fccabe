"""The URL x role access table that tests/test_url_access.py walks: for every URL pattern,
who may GET and POST it (Rule), the objects its address names, and a body that would be saved
for each URL that names an object and takes a POST (POST_BODIES). A new page adds its row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from actionplans.models import Rag
from governance.models import BoardPack, Recommendation, Response

ROLES = ("officer", "owner", "board", "admin", "viewer")
LOGIN = "login"
SHOWS_ERRORS = "200 with the error summary"


@dataclass(frozen=True)
class Rule:
    """Expected (GET, POST) answers for the anonymous visitor and for each role."""

    kwargs: Callable[[dict], dict] = field(default=lambda objects: {})
    anonymous: tuple = (LOGIN, LOGIN)
    roles: dict[str, tuple] = field(default_factory=dict)
    council_scoped: bool = True


def page(kwargs, *, get=200, post=405, only=ROLES, denied=403, denied_post=None) -> Rule:
    """A page every role in `only` may GET; the others get `denied` (`denied_post` to a POST:
    405 for a page that takes none, which Django answers before any check)."""
    refused = (denied, denied_post or denied)
    return Rule(
        kwargs=kwargs, roles={role: (get, post) if role in only else refused for role in ROLES}
    )


def form(kwargs, *, only) -> Rule:
    """A form: an empty POST comes back refused, with the error summary, for those allowed;
    403 for others. A bare 200 is not enough: a page that ignored the POST answers 200 too."""
    return page(kwargs, get=200, post=SHOWS_ERRORS, only=only)


def public(kwargs=lambda objects: {}, *, get=200, post=405, signed_in=None) -> Rule:
    return Rule(
        kwargs=kwargs,
        anonymous=(get, post),
        roles=dict.fromkeys(ROLES, signed_in or (get, post)),
        council_scoped=False,
    )


def council(objects):
    return {"org": objects["council"].slug}


def strategy(objects):
    return council(objects) | {"pk": objects["plan"].strategy_id}


def objective(objects):
    return council(objects) | {"pk": objects["objective"].pk}


def plan(objects):
    return council(objects) | {"pk": objects["plan"].pk}


def section(objects):
    return council(objects) | {"pk": objects["section"].pk}


def key_outcome(objects):
    return council(objects) | {"pk": objects["key_outcome"].pk}


def lead(objects):
    return council(objects) | {"pk": objects["lead"].pk}


def idle_lead(objects):
    return council(objects) | {"pk": objects["idle_lead"].pk}


def action(objects):
    return council(objects) | {"pk": objects["action"].pk}


def board(objects):
    return council(objects) | {"pk": objects["meeting"].board_id}


def meeting(objects):
    return council(objects) | {"pk": objects["meeting"].pk}


def recommendation(objects):
    return council(objects) | {"pk": objects["recommendation"].pk}


def voice_item(objects):
    return council(objects) | {"pk": objects["voice_item"].pk}


def pack(objects):
    return council(objects) | {"pk": objects["pack"].pk}


def plan_import(objects):
    return council(objects) | {"pk": objects["plan_import"].pk}


def person(objects):
    return council(objects) | {"pk": objects["council_role"].pk}


def period(objects):
    return council(objects) | {"pk": objects["period"].pk}


def plan_lead(objects):
    return plan(objects) | {"lead": objects["lead"].pk}


def invitation(objects):
    return council(objects) | {"pk": objects["invitation"].pk}


UPDATERS = ("officer", "owner", "admin")
MANAGERS = ("owner", "admin")
ADMINS = ("admin",)

ACCESS: dict[str, Rule] = {
    "healthz": public(),
    "readyz": public(),
    "accounts:login": public(post=SHOWS_ERRORS, signed_in=(302, 302)),
    "accounts:logout": public(get=405, post=LOGIN),
    "accounts:password-reset": public(post=SHOWS_ERRORS),
    "accounts:password-reset-done": public(),
    "accounts:password-reset-confirm": public(
        lambda objects: {"uidb64": "MQ", "token": "not-a-token"}, post=200
    ),
    "accounts:password-reset-complete": public(),
    # A council's own provider: none for the walk's councils (tests/signon has one).
    "signon:start": public(council, get=404),
    # Without a sign-in started in this session: a 400, whoever asks.
    "signon:callback": public(get=400),
    "strategies:accessibility": public(),
    "strategies:privacy": public(),
    "strategies:cookies": public(),
    "strategies:contact": public(),
    "strategies:council-list": Rule(council_scoped=False, roles=dict.fromkeys(ROLES, (302, 405))),
    "governance:council-home": page(council),
    "governance:council-dashboard": page(council),
    "governance:voice": page(council),
    "governance:voice-create": form(council, only=MANAGERS),
    "governance:voice-respond": form(voice_item, only=MANAGERS),
    "governance:plan-dashboard": page(plan),
    "governance:plan-dashboard-breakdown": page(plan),
    "strategies:strategy-detail": page(strategy),
    "strategies:strategy-create": form(council, only=MANAGERS),
    "strategies:strategy-edit": form(strategy, only=MANAGERS),
    "strategies:objective-create": form(strategy, only=MANAGERS),
    "strategies:objective-edit": form(objective, only=MANAGERS),
    "actionplans:plan-detail": page(plan),
    "actionplans:plan-create": form(strategy, only=MANAGERS),
    "actionplans:plan-setup": page(plan, only=MANAGERS, denied_post=405),
    "actionplans:plan-edit": form(plan, only=MANAGERS),
    # Every meaning may be left empty: an empty form is an answer.
    "actionplans:plan-meanings": page(plan, post=302, only=MANAGERS),
    "actionplans:plan-carry-over": form(plan, only=MANAGERS),
    "actionplans:section-create": form(plan, only=MANAGERS),
    "actionplans:section-edit": form(section, only=MANAGERS),
    "actionplans:key-outcome-create": form(plan, only=MANAGERS),
    "actionplans:key-outcome-edit": form(key_outcome, only=MANAGERS),
    "actionplans:plan-export-csv": page(plan),
    "actionplans:plan-export-xlsx": page(plan),
    "actionplans:my-actions": Rule(council_scoped=False, roles=dict.fromkeys(ROLES, (200, 405))),
    "actionplans:action-detail": page(action),
    "actionplans:update-create": form(action, only=UPDATERS),
    "actionplans:deadline-change": form(action, only=UPDATERS),
    "actionplans:action-close": form(action, only=MANAGERS),
    "actionplans:action-create": form(key_outcome, only=MANAGERS),
    "actionplans:action-edit": form(action, only=MANAGERS),
    "actionplans:action-move": form(action, only=MANAGERS),
    # POST only, from the plan's set-up page; a POST that says neither up nor down is a 400.
    "actionplans:action-reorder": Rule(
        kwargs=action,
        roles={role: (405, 400 if role in MANAGERS else 403) for role in ROLES},
    ),
    "actionplans:lead-list": page(council, only=MANAGERS, denied_post=405),
    "actionplans:lead-create": form(council, only=MANAGERS),
    "actionplans:lead-edit": form(lead, only=MANAGERS),
    "actionplans:lead-merge": form(lead, only=MANAGERS),
    "actionplans:lead-retire": form(idle_lead, only=MANAGERS),
    "actionplans:import-upload": form(council, only=MANAGERS),
    "actionplans:reminder-preference": form(council, only=UPDATERS),
    # POST only; chasing redirects to the plan (a second press the same day says when).
    "actionplans:plan-chase": Rule(
        kwargs=plan, roles={role: (405, 302 if role in MANAGERS else 403) for role in ROLES}
    ),
    "actionplans:import-preview": form(plan_import, only=MANAGERS),
    # POST only; importing redirects to the new plan (a second press finds it imported).
    "actionplans:import-confirm": Rule(
        kwargs=plan_import,
        roles={role: (405, 302 if role in MANAGERS else 403) for role in ROLES},
    ),
    # The council's people: administrators change them, plan owners read the list.
    "actionplans:people-list": Rule(
        kwargs=council,
        roles={role: (200 if role in MANAGERS else 403, 405) for role in ROLES},
    ),
    "actionplans:invitation-create": form(council, only=ADMINS),
    "actionplans:person-role": form(person, only=ADMINS),
    # Ticking no lead is an answer: the person then acts for none.
    "actionplans:person-leads": page(person, post=302, only=ADMINS),
    "actionplans:person-remove": form(person, only=ADMINS),
    "actionplans:invitation-withdraw": Rule(
        kwargs=invitation,
        roles={role: (405, 302 if role in ADMINS else 403) for role in ROLES},
    ),
    # Signed in or out; a token that is no invitation's is a 404 (tests/strategies).
    "strategies:invitation-accept": public(
        lambda objects: {"token": "not-a-token"}, get=404, post=404
    ),
    # The reporting cycle: every role reads the periods; plan owners change them. The pause
    # buttons post paused=yes or no, and anything else is a 400.
    "governance:plan-periods": page(plan),
    "governance:plan-cadence": form(plan, only=MANAGERS),
    "governance:period-deadline": form(period, only=MANAGERS),
    "governance:period-reminders": Rule(
        kwargs=period, roles={role: (405, 400 if role in MANAGERS else 403) for role in ROLES}
    ),
    "governance:lead-reminders": Rule(
        kwargs=plan_lead, roles={role: (405, 400 if role in MANAGERS else 403) for role in ROLES}
    ),
    "governance:board-list": page(council),
    "governance:board-detail": page(board),
    "governance:meeting-create": form(board, only=MANAGERS),
    "governance:meeting-detail": page(meeting),
    "governance:agenda-item-create": form(meeting, only=MANAGERS),
    "governance:recommendation-create": form(meeting, only=MANAGERS),
    "governance:recommendation-update": form(recommendation, only=MANAGERS),
    "governance:pack-build": form(meeting, only=MANAGERS),
    # Drafts and the preview are for those who prepare packs; an issued pack is read by
    # every role, a Part II one not by viewers (tests/governance/test_pack_issuing.py).
    "governance:pack-preview": page(meeting, only=MANAGERS, denied_post=405),
    "governance:pack-download": page(pack, only=MANAGERS, denied_post=405),
    # Asks for confirmation; its POST issues and redirects back (a second says it already was).
    "governance:pack-issue": page(pack, post=302, only=MANAGERS),
}


def nothing(objects) -> dict:
    return {}


def version(objects) -> dict:
    return {"version": objects["action"].version}


# What a person allowed to use each form would send to save it, for the council's `objects`.
# Posted with another council's objects under one's own council's address, a view that forgot
# its council filter would save it; test_each_post_body_is_saved_on_ones_own_councils_object
# keeps these bodies good enough to be saved. Every URL that names an object and takes a POST
# needs one here.
POST_BODIES: dict[str, Callable[[dict], dict]] = {
    "strategies:strategy-edit": lambda objects: {
        "title": "Our promise, renewed",
        "period_start_year": "2026",
        "period_end_year": "2029",
        "status": "approved",
    },
    "strategies:objective-create": lambda objects: {"title": "Be healthy"},
    "actionplans:plan-create": lambda objects: {"title": "Next plan"},
    "actionplans:plan-edit": lambda objects: {"title": "Renamed plan"},
    "actionplans:plan-meanings": lambda objects: {"red_means": "Off track"},
    "actionplans:plan-carry-over": lambda objects: {
        "from_plan": objects["earlier_plan"].pk,
        f"outcome_{objects['earlier_plan'].key_outcomes.get().pk}": objects["key_outcome"].pk,
    },
    "actionplans:section-create": lambda objects: {"title": "Health"},
    "actionplans:section-edit": lambda objects: {"title": "Leaving care"},
    "actionplans:key-outcome-create": lambda objects: {
        "title": "Young people are heard",
        "section": objects["section"].pk,
        "objective": objects["objective"].pk,
    },
    "actionplans:key-outcome-edit": lambda objects: {"title": "Care leavers have homes"},
    "strategies:objective-edit": lambda objects: {"title": "Be safe", "aim": "Fewer moves"},
    "governance:voice-respond": lambda objects: {
        "text": "A youth club opened in May",
        "status": Response.Status.DONE,
        "actions": [objects["action"].pk],
    },
    "actionplans:update-create": lambda objects: (
        version(objects) | {"narrative": "The first homes are let", "rag": Rag.AMBER}
    ),
    "actionplans:deadline-change": lambda objects: (
        version(objects) | {"new_text": "June 2031", "reason": "The tender was delayed"}
    ),
    "actionplans:action-close": lambda objects: (
        version(objects) | {"reason": "The service now does this"}
    ),
    "actionplans:action-create": lambda objects: {
        "description": "Open two more flats",
        "leads": [objects["lead"].pk],
    },
    "actionplans:action-edit": lambda objects: (
        version(objects) | {"description": "Open three flats", "leads": [objects["lead"].pk]}
    ),
    "actionplans:action-move": lambda objects: (
        version(objects) | {"key_outcome": objects["second_key_outcome"].pk}
    ),
    "actionplans:action-reorder": lambda objects: {"direction": "down"},
    "actionplans:lead-edit": lambda objects: {"name": "Housing services", "kind": "service"},
    "actionplans:lead-merge": lambda objects: {"into": objects["idle_lead"].pk},
    "actionplans:lead-retire": lambda objects: {"sure": "yes"},
    "governance:meeting-create": lambda objects: {
        "date_0": "3",
        "date_1": "3",
        "date_2": "2031",
        "title": "Extra meeting",
    },
    "governance:agenda-item-create": lambda objects: {
        "title": "Care leavers' housing",
        "plans": [objects["plan"].pk],
    },
    "governance:recommendation-create": lambda objects: {
        "text": "Report back on housing",
        "actions": [objects["action"].pk],
    },
    "governance:recommendation-update": lambda objects: {
        "text": "The report is written",
        "status": Recommendation.Status.DONE,
    },
    "governance:pack-build": lambda objects: {
        "plans": [objects["plan"].pk],
        "part": BoardPack.Part.PART_I,
    },
    "governance:pack-issue": nothing,
    "governance:plan-cadence": lambda objects: {"cadence": "quarterly", "update_deadline_days": 14},
    "governance:period-deadline": lambda objects: {
        "deadline_0": "1",
        "deadline_1": "12",
        "deadline_2": "2026",
    },
    "governance:period-reminders": lambda objects: {"paused": "yes"},
    "governance:lead-reminders": lambda objects: {"paused": "yes"},
    "actionplans:import-preview": lambda objects: {
        "column-0-0": "key_outcome",
        "column-0-1": "action",
        "column-0-2": "none",
    },
    "actionplans:import-confirm": nothing,
    "actionplans:plan-chase": nothing,
    "actionplans:person-role": lambda objects: {"role": "viewer"},
    "actionplans:person-leads": lambda objects: {"leads": [objects["lead"].pk]},
    "actionplans:person-remove": lambda objects: {"sure": "yes"},
    "actionplans:invitation-withdraw": nothing,
}

# Django's admin has its own staff-only permission system, tested by Django itself.
NOT_WALKED = {"admin"}


@dataclass(frozen=True)
class Pattern:
    """A named URL pattern: the names of its parameters and the view behind it."""

    parameters: frozenset[str]
    view: Callable

    def takes(self, method: str) -> bool:
        """Whether the view handles `method`; if not, Django answers 405 before any lookup."""
        view_class = getattr(self.view, "view_class", None)
        if view_class is None:
            return True
        return method in view_class.http_method_names and hasattr(view_class, method)


def url_patterns(patterns=None, namespace="") -> dict[str, Pattern]:
    found = {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in NOT_WALKED:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= url_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            parameters = frozenset(entry.pattern.regex.groupindex)
            found[f"{namespace}{entry.name}"] = Pattern(parameters, entry.callback)
    return found


URLS = url_patterns()

# Council pages whose address names an object besides the council: a pack, a meeting, a plan...
NAMING_AN_OBJECT = sorted(
    name
    for name, rule in ACCESS.items()
    if rule.council_scoped and name in URLS and URLS[name].parameters - {"org"}
)

"""The many-to-many links of boards, meetings, packs and voice that must stay within one
council, and the check that every writer of them asks (see strategies.integrity).

The services call plans_of_council and actions_of_council before they write, so a refusal
names the field in GOV.UK's words; the forms offer only the council's own choices and use the
same words for a choice that is not offered. The signal guard (strategies.integrity.guard)
asks the same question of every other writer: the admin, a shell, the seed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from actionplans.models import Action, ActionPlan
from governance.models import AgendaItem, Board, BoardPack, Recommendation, Response
from strategies.integrity import CouncilLink, of_other_councils

SELECT_COUNCIL_PLANS = "Select plans of this council"
SELECT_COUNCIL_ACTIONS = "Select actions of this council's plans"

PLAN = "strategy__organisation"
ACTION = "plan__strategy__organisation"

BOARD_PLANS = CouncilLink(Board, "plans", "organisation", PLAN)
AGENDA_ITEM_PLANS = CouncilLink(AgendaItem, "plans", "meeting__board__organisation", PLAN)
PACK_PLANS = CouncilLink(BoardPack, "plans", "meeting__board__organisation", PLAN)
RECOMMENDATION_ACTIONS = CouncilLink(Recommendation, "actions", "board__organisation", ACTION)
RESPONSE_ACTIONS = CouncilLink(Response, "actions", "voice_item__organisation", ACTION)

COUNCIL_LINKS = (
    BOARD_PLANS,
    AGENDA_ITEM_PLANS,
    PACK_PLANS,
    RECOMMENDATION_ACTIONS,
    RESPONSE_ACTIONS,
)


def plans_of_council(plans: Iterable[ActionPlan], *, council_id: int) -> list[ActionPlan]:
    """The plans as a list; refused, in GOV.UK's words, when any is another council's."""
    plans = list(plans)
    if of_other_councils(ActionPlan, PLAN, council_id, plans):
        raise ValidationError({"plans": SELECT_COUNCIL_PLANS})
    return plans


def actions_of_council(actions: Iterable[Action], council_id: int, errors: dict) -> list[Action]:
    """The actions as a list; GOV.UK's error in `errors` when any is another council's."""
    actions = list(actions)
    if of_other_councils(Action, ACTION, council_id, actions):
        errors["actions"] = SELECT_COUNCIL_ACTIONS
    return actions

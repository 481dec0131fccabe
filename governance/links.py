"""The many-to-many links of boards, meetings and packs that must stay within one council (see
strategies.integrity)."""

from governance.models import AgendaItem, Board, BoardPack, Recommendation, Response
from strategies.integrity import CouncilLink

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

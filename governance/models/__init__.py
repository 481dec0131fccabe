"""The governance models, one module per part of the domain; import them from here."""

from governance.models.boards import AgendaItem, Board, Meeting, Membership
from governance.models.packs import BoardPack, FrozenAction
from governance.models.recommendations import Recommendation, RecommendationUpdate
from governance.models.voice import Response, VoiceItem

__all__ = [
    "AgendaItem",
    "Board",
    "BoardPack",
    "FrozenAction",
    "Meeting",
    "Membership",
    "Recommendation",
    "RecommendationUpdate",
    "Response",
    "VoiceItem",
]

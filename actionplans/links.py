"""The many-to-many links of action plans that must stay within one council (see
strategies.integrity)."""

from actionplans.models import Action, Measure
from strategies.integrity import CouncilLink

ACTION_LEADS = CouncilLink(Action, "leads", "plan__strategy__organisation", "organisation")
MEASURE_ACTIONS = CouncilLink(Measure, "actions", "organisation", "plan__strategy__organisation")

COUNCIL_LINKS = (ACTION_LEADS, MEASURE_ACTIONS)

"""What a board reads: ratings at a glance, what changed, exceptions, measures.

plan.py builds one plan's dashboard (for the page and the board pack), council.py a council's
live plans side by side; links.py, history.py, exceptions.py and measures.py are their parts.
"""

from governance.dashboard.council import CouncilDashboard, council_dashboard, live_plans
from governance.dashboard.plan import Breakdown, PlanDashboard, last_issued_pack, plan_dashboard

__all__ = [
    "Breakdown",
    "CouncilDashboard",
    "PlanDashboard",
    "council_dashboard",
    "last_issued_pack",
    "live_plans",
    "plan_dashboard",
]

from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    name = "strategies"
    verbose_name = "Councils and strategies"

    def ready(self) -> None:
        from strategies import revisions
        from strategies.models import (
            CarePrinciple,
            ChangeRecord,
            CouncilRevision,
            CouncilRole,
            Invitation,
            Objective,
            Organisation,
            Strategy,
            StrategyPrinciple,
        )

        revisions.follow(Organisation, "pk")
        revisions.follow(Strategy, "organisation")
        revisions.follow(Objective, "strategy__organisation")
        revisions.follow(StrategyPrinciple, "strategy__organisation")
        revisions.follow(ChangeRecord, "organisation")
        revisions.follow_everywhere(CarePrinciple)
        # Who holds which role: no kept page shows it. The revision is what moves.
        revisions.not_shown(CouncilRole)
        revisions.not_shown(Invitation)
        revisions.not_shown(CouncilRevision)

from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from actionplans.history import refuse_lead_with_actions_deletion
        from actionplans.links import COUNCIL_LINKS
        from actionplans.models import (
            Action,
            ActionPlan,
            ClosingRating,
            DeadlineChange,
            KeyOutcome,
            Lead,
            Measure,
            MeasureValue,
            PlanImport,
            PlanSection,
            ProgressUpdate,
            ReminderPreference,
            ReminderSent,
            ReportingPeriod,
        )
        from strategies import revisions
        from strategies.integrity import guard

        for link in COUNCIL_LINKS:
            guard(link)
        pre_delete.connect(refuse_lead_with_actions_deletion, sender=Lead, dispatch_uid="lead-keep")

        revisions.follow(ActionPlan, "strategy__organisation")
        revisions.follow(PlanSection, "plan__strategy__organisation")
        revisions.follow(ReportingPeriod, "plan__strategy__organisation")
        revisions.follow(KeyOutcome, "plan__strategy__organisation")
        revisions.follow(Action, "plan__strategy__organisation")
        revisions.follow(ProgressUpdate, "action__plan__strategy__organisation")
        revisions.follow(DeadlineChange, "action__plan__strategy__organisation")
        revisions.follow(Lead, "organisation")
        revisions.follow(Measure, "organisation")
        revisions.follow(MeasureValue, "measure__organisation")
        # Bookkeeping of emails sent: no page a council is kept under shows it.
        revisions.not_shown(ReminderSent)
        revisions.not_shown(ReminderPreference)
        # An upload waiting for its preview, or the record of one: no kept page shows it.
        revisions.not_shown(PlanImport)
        # Recorded from the history on a read, and what it shows already: it moves nothing.
        revisions.not_shown(ClosingRating)

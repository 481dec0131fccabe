import logging

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Boards and meetings"

    def ready(self) -> None:
        # WeasyPrint logs its progress (even while it is imported); board packs turn that into
        # a pack's progress (governance.packs.pdf) and it stays out of the site's log.
        logging.getLogger("weasyprint.progress").propagate = False

        from django.db.models.signals import post_delete, pre_delete

        from governance.links import COUNCIL_LINKS
        from governance.models import (
            AgendaItem,
            Board,
            BoardPack,
            FrozenAction,
            Meeting,
            Membership,
            Recommendation,
            RecommendationUpdate,
            Response,
            VoiceItem,
        )
        from governance.packs.store import forget_deleted_packs_file, refuse_issued_pack_deletion
        from strategies import revisions
        from strategies.integrity import guard

        for link in COUNCIL_LINKS:
            guard(link)
        pre_delete.connect(refuse_issued_pack_deletion, sender=BoardPack, dispatch_uid="pack-keep")
        post_delete.connect(forget_deleted_packs_file, sender=BoardPack, dispatch_uid="pack-file")

        revisions.follow(Board, "organisation")
        revisions.follow(Meeting, "board__organisation")
        revisions.follow(AgendaItem, "meeting__board__organisation")
        revisions.follow(BoardPack, "meeting__board__organisation")
        revisions.follow(Recommendation, "board__organisation")
        revisions.follow(RecommendationUpdate, "recommendation__board__organisation")
        revisions.follow(VoiceItem, "organisation")
        revisions.follow(Response, "voice_item__organisation")
        # Who sits on which board: no kept page shows it.
        revisions.not_shown(Membership)
        # Written and deleted only with its pack (freeze, and the pack's deletion), whose own
        # save and delete move the revision. Listening would make Django delete a pack's
        # thousands of rows one at a time, each with a query for its council.
        revisions.not_shown(FrozenAction)

import logging

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Boards and meetings"

    def ready(self) -> None:
        # WeasyPrint logs its progress (even while it is imported); board packs turn that into
        # a pack's progress (governance.packs.pdf) and it stays out of the site's log.
        logging.getLogger("weasyprint.progress").propagate = False

        from governance.links import COUNCIL_LINKS
        from strategies.integrity import guard

        for link in COUNCIL_LINKS:
            guard(link)

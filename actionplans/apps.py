from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from actionplans.links import COUNCIL_LINKS
        from strategies.integrity import guard

        for link in COUNCIL_LINKS:
            guard(link)

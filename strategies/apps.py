from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    name = "strategies"
    verbose_name = "Councils and strategies"

    def ready(self) -> None:
        from strategies import revisions

        revisions.connect()

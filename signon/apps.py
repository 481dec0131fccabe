from django.apps import AppConfig


class SignonConfig(AppConfig):
    name = "signon"
    verbose_name = "Signing in through a council's own provider"

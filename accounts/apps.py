from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and sign-in"

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_save

        from accounts.middleware import stamp_session
        from core import security_log

        user_logged_in.connect(stamp_session, dispatch_uid="pledge-stamp-session")
        user_login_failed.connect(sign_in_failed, dispatch_uid="pledge-log-sign-in-failed")
        post_save.connect(
            security_log.admin_change, sender=LogEntry, dispatch_uid="pledge-log-admin-change"
        )


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """Django's user_login_failed: a wrong username or password, on any sign-in page."""
    from core import security_log

    security_log.log("sign-in-failed", request=request, user=credentials.get("username", "")[:150])

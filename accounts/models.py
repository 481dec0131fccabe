import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in: an officer, a plan owner, a board member or an administrator."""

    job_title = models.CharField(max_length=200, blank=True)
    is_demo = models.BooleanField(
        default=False, help_text="Created by the demonstration layer (seed --demo)."
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class SignInFailureQuerySet(models.QuerySet):
    def since(self, moment: datetime.datetime) -> "SignInFailureQuerySet":
        return self.filter(at__gte=moment)

    def from_address(self, address: str) -> "SignInFailureQuerySet":
        return self.filter(address=address)


class SignInFailure(models.Model):
    """A sign-in that failed, kept for the throttle's window so that guessing passwords is slow.

    The row is written before the password is checked (see accounts/services.py) and deleted
    when the sign-in succeeds or is refused, so what remains are failures. The password is
    never kept. The username is whatever was typed, so it need not belong to anyone.
    """

    username = models.CharField(max_length=150, help_text="As typed, in lower case.")
    address = models.CharField(
        max_length=45, help_text="The IP address signed in from (for IPv6, its /64 network)."
    )
    at = models.DateTimeField(db_index=True)

    objects = SignInFailureQuerySet.as_manager()

    class Meta:
        verbose_name = "failed sign-in"
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["address", "username", "at"], name="signinfailure_address_user"),
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.address}"


class PasswordResetRequest(models.Model):
    """A request for a password reset link, kept for the reset limit's window (see
    accounts/services.py). Counted whether or not the address belongs to anyone, so the limit
    says nothing about who has an account."""

    email = models.CharField(max_length=254, help_text="As typed, in lower case.")
    address = models.CharField(
        max_length=45, help_text="The IP address asked from (for IPv6, its /64 network)."
    )
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["email", "at"], name="resetrequest_email_at")]

    def __str__(self) -> str:
        return f"{self.email} from {self.address}"

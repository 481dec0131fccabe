"""Sign-in throttle: slows password guessing without locking anyone out for good. And the
password reset limit, which stops the reset page being used to flood someone's inbox.

The policy (numbers are settings, with the defaults from config/settings.py):

- PLEDGE_SIGN_IN_FAILURES (5) failed sign-ins for one username (in any letter case) from one
  address within PLEDGE_SIGN_IN_WINDOW_SECONDS (15 minutes) refuse that username from that
  address; other usernames from there, and that username from elsewhere, are unaffected.
- PLEDGE_SIGN_IN_ADDRESS_FAILURES (50) failed sign-ins from one address within the window,
  whatever the usernames, refuse every sign-in from that address (someone trying many
  usernames with common passwords).
- A refused attempt is answered without checking the password, so a right password is
  refused too and the page gives nothing away. Refused attempts are not counted: the block
  lifts when the oldest failure leaves the window, at most one window after it began.
- A successful sign-in clears that username's failures from that address.
- Rows older than the window are deleted whenever an attempt is counted, so the table holds
  at most a window's worth of failures.

How the address is found: accounts/addresses.py. Administrators see and delete the rows in
the admin ("Failed sign-ins"); deleting them lifts a block at once.

Transactions: each write is one statement that stands on its own, and there is deliberately
no transaction around the three. The attempt is inserted, and committed, before the failures
are counted, so that attempts arriving together each see the others: the Nth insert counts
at least N rows, and however many arrive at once, no more than the limit get their password
checked. A process that dies after the insert leaves the row as a failure, which errs on the
safe side.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import PasswordResetRequest, SignInFailure

USERNAME_LENGTH = SignInFailure._meta.get_field("username").max_length


def _window_start(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(seconds=settings.PLEDGE_SIGN_IN_WINDOW_SECONDS)


def _username_key(username: str) -> str:
    # Django's sign-in form does not enforce the username's length; no one's is longer.
    return username.lower()[:USERNAME_LENGTH]


def sign_in_attempt_start(*, username: str, address: str) -> bool:
    """Count an attempt before its password is checked; False if it must be refused."""
    now = timezone.now()
    window_start = _window_start(now)
    SignInFailure.objects.filter(at__lt=window_start).delete()
    attempt = SignInFailure.objects.create(
        username=_username_key(username), address=address, at=now
    )
    counts = (
        SignInFailure.objects.since(window_start)
        .from_address(address)
        .aggregate(
            from_address=Count("pk"), for_username=Count("pk", filter=Q(username=attempt.username))
        )
    )
    if (
        counts["for_username"] > settings.PLEDGE_SIGN_IN_FAILURES
        or counts["from_address"] > settings.PLEDGE_SIGN_IN_ADDRESS_FAILURES
    ):
        attempt.delete()
        return False
    return True


def sign_in_failures_clear(*, username: str, address: str) -> None:
    """Forget a username's failures from an address, after it has signed in from there."""
    SignInFailure.objects.from_address(address).filter(username=_username_key(username)).delete()


def password_reset_request_start(*, email: str, address: str) -> bool:
    """Count a request for a reset link; False if it must be refused: more than
    PLEDGE_RESET_PER_EMAIL requests for one address, or PLEDGE_RESET_PER_CLIENT from one
    client, within PLEDGE_RESET_WINDOW_SECONDS. Every request counts, sent or not and known
    address or not, so the answer is the same for all. Written like the sign-in throttle: the
    request is committed before the count, so requests arriving together see each other."""
    now = timezone.now()
    window_start = now - datetime.timedelta(seconds=settings.PLEDGE_RESET_WINDOW_SECONDS)
    PasswordResetRequest.objects.filter(at__lt=window_start).delete()
    request = PasswordResetRequest.objects.create(
        email=email.lower()[:254], address=address, at=now
    )
    recent = PasswordResetRequest.objects.filter(at__gte=window_start)
    counts = recent.aggregate(
        for_email=Count("pk", filter=Q(email=request.email)),
        from_client=Count("pk", filter=Q(address=address)),
    )
    if (
        counts["for_email"] > settings.PLEDGE_RESET_PER_EMAIL
        or counts["from_client"] > settings.PLEDGE_RESET_PER_CLIENT
    ):
        request.delete()
        return False
    return True

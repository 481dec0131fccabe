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

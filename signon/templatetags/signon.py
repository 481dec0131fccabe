from django import template

from signon.models import CouncilSignIn

register = template.Library()


@register.inclusion_tag("signon/sign_in_links.html")
def council_sign_in_links() -> dict:
    """The sign-in page's "Sign in with <council>'s account" buttons."""
    return {"providers": CouncilSignIn.objects.enabled().order_by("organisation__name")}

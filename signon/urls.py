"""Signing in with a council's own account (OpenID Connect). Open to people signed out."""

from django.urls import path

from signon.views import SignInCallback, SignInStart

app_name = "signon"

urlpatterns = [
    # One address for every council: the one registered with each council's provider. First,
    # so that a council whose slug is "callback" cannot hide it.
    path("callback/", SignInCallback.as_view(), name="callback"),
    path("<slug:org>/", SignInStart.as_view(), name="start"),
]

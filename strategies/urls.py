from django.contrib.auth.decorators import login_not_required
from django.urls import path

from strategies import about, views

app_name = "strategies"

urlpatterns = [
    path("", views.CouncilListView.as_view(), name="council-list"),
    path(
        "councils/<slug:org>/strategies/<int:pk>/",
        views.StrategyDetailView.as_view(),
        name="strategy-detail",
    ),
    path(
        "invitations/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation-accept"
    ),
    # The footer's pages: open to everyone, signed in or not.
    path(
        "accessibility/",
        login_not_required(about.AccessibilityView.as_view()),
        name="accessibility",
    ),
    path("privacy/", login_not_required(about.PrivacyView.as_view()), name="privacy"),
    path("cookies/", login_not_required(about.CookiesView.as_view()), name="cookies"),
    path("contact/", login_not_required(about.ContactView.as_view()), name="contact"),
]

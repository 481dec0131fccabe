from django.contrib.auth.decorators import login_not_required
from django.urls import path

from strategies import about, setup_views, views

app_name = "strategies"

urlpatterns = [
    path("", views.CouncilListView.as_view(), name="council-list"),
    path(
        "councils/<slug:org>/strategies/<int:pk>/",
        views.StrategyDetailView.as_view(),
        name="strategy-detail",
    ),
    # Setting up and keeping strategies: plan owners and administrators.
    path(
        "councils/<slug:org>/strategies/new/",
        setup_views.StrategyCreateView.as_view(),
        name="strategy-create",
    ),
    path(
        "councils/<slug:org>/strategies/<int:pk>/edit/",
        setup_views.StrategyEditView.as_view(),
        name="strategy-edit",
    ),
    path(
        "councils/<slug:org>/strategies/<int:pk>/objectives/new/",
        setup_views.ObjectiveCreateView.as_view(),
        name="objective-create",
    ),
    path(
        "councils/<slug:org>/objectives/<int:pk>/edit/",
        setup_views.ObjectiveEditView.as_view(),
        name="objective-edit",
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

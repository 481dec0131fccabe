from django.urls import path

from strategies import views

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
]

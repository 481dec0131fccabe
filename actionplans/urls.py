from django.urls import path

from actionplans import views

app_name = "actionplans"

urlpatterns = [
    path("my-actions/", views.MyActionsView.as_view(), name="my-actions"),
    path(
        "councils/<slug:org>/plans/<int:pk>/",
        views.ActionPlanDetailView.as_view(),
        name="plan-detail",
    ),
    path(
        "councils/<slug:org>/actions/<int:pk>/",
        views.ActionDetailView.as_view(),
        name="action-detail",
    ),
    path(
        "councils/<slug:org>/actions/<int:pk>/update/",
        views.ProgressUpdateCreateView.as_view(),
        name="update-create",
    ),
    path(
        "councils/<slug:org>/actions/<int:pk>/deadline/",
        views.DeadlineChangeView.as_view(),
        name="deadline-change",
    ),
    path(
        "councils/<slug:org>/actions/<int:pk>/close/",
        views.ActionCloseView.as_view(),
        name="action-close",
    ),
]

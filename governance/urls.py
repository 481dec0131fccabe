from django.urls import path

from governance.views import dashboard, home

app_name = "governance"

urlpatterns = [
    path("councils/<slug:org>/", home.CouncilHomeView.as_view(), name="council-home"),
    path(
        "councils/<slug:org>/dashboard/",
        dashboard.CouncilDashboardView.as_view(),
        name="council-dashboard",
    ),
    path(
        "councils/<slug:org>/plans/<int:pk>/dashboard/",
        dashboard.PlanDashboardView.as_view(),
        name="plan-dashboard",
    ),
]

from django.urls import path

from governance import views as home
from governance.boards import views as boards
from governance.cycle import views as cycle
from governance.dashboard import views as dashboard
from governance.packs import views as packs
from governance.voice import views as voice

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
    path(
        "councils/<slug:org>/plans/<int:pk>/dashboard/breakdown/",
        dashboard.PlanBreakdownView.as_view(),
        name="plan-dashboard-breakdown",
    ),
    # A plan's reporting cycle
    path(
        "councils/<slug:org>/plans/<int:pk>/periods/",
        cycle.PlanPeriodsView.as_view(),
        name="plan-periods",
    ),
    path(
        "councils/<slug:org>/plans/<int:pk>/periods/cadence/",
        cycle.PlanCadenceView.as_view(),
        name="plan-cadence",
    ),
    path(
        "councils/<slug:org>/plans/<int:pk>/leads/<int:lead>/reminders/",
        cycle.LeadRemindersView.as_view(),
        name="lead-reminders",
    ),
    path(
        "councils/<slug:org>/periods/<int:pk>/deadline/",
        cycle.PeriodDeadlineView.as_view(),
        name="period-deadline",
    ),
    path(
        "councils/<slug:org>/periods/<int:pk>/reminders/",
        cycle.PeriodRemindersView.as_view(),
        name="period-reminders",
    ),
    path("councils/<slug:org>/you-said-we-did/", voice.VoiceView.as_view(), name="voice"),
    path(
        "councils/<slug:org>/you-said-we-did/new/",
        voice.VoiceItemCreateView.as_view(),
        name="voice-create",
    ),
    path(
        "councils/<slug:org>/you-said-we-did/<int:pk>/respond/",
        voice.VoiceResponseCreateView.as_view(),
        name="voice-respond",
    ),
    # Boards, meetings and packs
    path("councils/<slug:org>/boards/", boards.BoardListView.as_view(), name="board-list"),
    path(
        "councils/<slug:org>/boards/<int:pk>/",
        boards.BoardDetailView.as_view(),
        name="board-detail",
    ),
    path(
        "councils/<slug:org>/boards/<int:pk>/meetings/new/",
        boards.MeetingCreateView.as_view(),
        name="meeting-create",
    ),
    path(
        "councils/<slug:org>/meetings/<int:pk>/",
        boards.MeetingDetailView.as_view(),
        name="meeting-detail",
    ),
    path(
        "councils/<slug:org>/meetings/<int:pk>/agenda/new/",
        boards.AgendaItemCreateView.as_view(),
        name="agenda-item-create",
    ),
    path(
        "councils/<slug:org>/meetings/<int:pk>/recommendations/new/",
        boards.RecommendationCreateView.as_view(),
        name="recommendation-create",
    ),
    path(
        "councils/<slug:org>/recommendations/<int:pk>/update/",
        boards.RecommendationUpdateView.as_view(),
        name="recommendation-update",
    ),
    path(
        "councils/<slug:org>/meetings/<int:pk>/packs/new/",
        packs.PackBuildView.as_view(),
        name="pack-build",
    ),
    path(
        "councils/<slug:org>/meetings/<int:pk>/packs/preview/",
        packs.PackPreviewView.as_view(),
        name="pack-preview",
    ),
    path(
        "councils/<slug:org>/packs/<int:pk>/download/",
        packs.PackDownloadView.as_view(),
        name="pack-download",
    ),
    path(
        "councils/<slug:org>/packs/<int:pk>/issue/",
        packs.PackIssueView.as_view(),
        name="pack-issue",
    ),
]

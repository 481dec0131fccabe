from django.urls import path

from actionplans import exports, import_views, views

app_name = "actionplans"

urlpatterns = [
    path("my-actions/", views.MyActionsView.as_view(), name="my-actions"),
    path(
        "councils/<slug:org>/plans/<int:pk>/",
        views.ActionPlanDetailView.as_view(),
        name="plan-detail",
    ),
    path(
        "councils/<slug:org>/plans/<int:pk>/actions.csv",
        exports.PlanExportView.as_view(file_format="csv"),
        name="plan-export-csv",
    ),
    path(
        "councils/<slug:org>/plans/<int:pk>/actions.xlsx",
        exports.PlanExportView.as_view(file_format="xlsx"),
        name="plan-export-xlsx",
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
    path(
        "councils/<slug:org>/imports/new/",
        import_views.PlanImportUploadView.as_view(),
        name="import-upload",
    ),
    path(
        "councils/<slug:org>/imports/<int:pk>/",
        import_views.PlanImportPreviewView.as_view(),
        name="import-preview",
    ),
    path(
        "councils/<slug:org>/imports/<int:pk>/import/",
        import_views.PlanImportConfirmView.as_view(),
        name="import-confirm",
    ),
]

from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("councils/<slug:org>/", views.CouncilHomeView.as_view(), name="council-home"),
]

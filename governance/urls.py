from django.urls import path

from governance.views import home

app_name = "governance"

urlpatterns = [
    path("councils/<slug:org>/", home.CouncilHomeView.as_view(), name="council-home"),
]

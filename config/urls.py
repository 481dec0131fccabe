from django.contrib import admin
from django.urls import include, path

from config.views import healthz

admin.site.site_header = "Pledge administration"
admin.site.site_title = "Pledge administration"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("strategies.urls")),
    path("", include("actionplans.urls")),
    path("", include("governance.urls")),
]

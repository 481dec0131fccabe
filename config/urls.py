from django.contrib import admin
from django.urls import include, path

from accounts.forms import AdminSignInForm
from config.views import healthz, readyz

admin.site.site_header = "Pledge administration"
admin.site.site_title = "Pledge administration"
# The admin's sign-in counts failures with the app's own (accounts/services.py).
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/sign-in-with/", include("signon.urls")),
    path("", include("strategies.urls")),
    path("", include("actionplans.urls")),
    path("", include("governance.urls")),
]

"""Signing in and out, and resetting a forgotten password: Django's auth views, GOV.UK pages.

Reachable while signed out (LoginRequiredMiddleware is on): Django marks LoginView and the
password reset views `login_not_required` itself; LogoutView it does not, so a person whose
session has already ended can still press "Sign out" without being sent to sign in first.
"""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from accounts.forms import NewPasswordForm, SignInForm
from accounts.views import PasswordResetRequestView

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(form_class=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    # POST only (Django's LogoutView answers GET with 405): signing out changes state.
    path("logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password-reset/",
        PasswordResetRequestView.as_view(),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=NewPasswordForm,
            success_url=reverse_lazy("accounts:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]

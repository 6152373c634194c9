from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter

from waypoint.accounts import views as account_views
from waypoint.api.api import urls as api_urls
from waypoint.api.problems import not_found as api_not_found
from waypoint.converters import IdConverter
from waypoint.views import favicon, floor

register_converter(IdConverter, "id")

urlpatterns = [
    # The product's name, not the host name Django's login view would put in `site_name`.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(extra_context={"site_name": settings.SITE_NAME}),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/reset/",
        login_not_required(account_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        login_not_required(account_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/change/",
        account_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/", include("waypoint.accounts.urls")),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("api/", api_urls()),
    path("api/<path:rest>", api_not_found, name="api-not-found"),
    path("settings/tokens/", include("waypoint.api.urls")),
    path("personal/", include("waypoint.personal.urls")),
    path("coach/", include("waypoint.coach.urls")),
    path("spreadsheets/", include("waypoint.exchange.urls")),
    path("", include("waypoint.orgs.urls")),
    path("", include("waypoint.alignment.urls")),
    path("", include("waypoint.cadence.urls")),
    path("", include("waypoint.planning.urls")),
    path("", include("waypoint.okrs.urls")),
]

if settings.WAYPOINT_BENCH_FLOOR:
    urlpatterns.insert(0, path("bench/floor/", floor, name="bench-floor"))

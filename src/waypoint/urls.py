from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from waypoint.api.api import urls as api_urls
from waypoint.api.problems import not_found as api_not_found
from waypoint.converters import IdConverter
from waypoint.views import favicon

register_converter(IdConverter, "id")

urlpatterns = [
    # The product's name, not the host name Django's login view would put in `site_name`.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(extra_context={"site_name": settings.SITE_NAME}),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("api/", api_urls()),
    path("api/<path:rest>", api_not_found, name="api-not-found"),
    path("settings/tokens/", include("waypoint.api.urls")),
    path("personal/", include("waypoint.personal.urls")),
    path("coach/", include("waypoint.coach.urls")),
    path("spreadsheets/", include("waypoint.exchange.urls")),
    path("", include("waypoint.alignment.urls")),
    path("", include("waypoint.cadence.urls")),
    path("", include("waypoint.planning.urls")),
    path("", include("waypoint.okrs.urls")),
]

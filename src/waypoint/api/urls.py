from django.urls import path

from waypoint.api import views

app_name = "tokens"
urlpatterns = [
    path("", views.token_list, name="token-list"),
    path("<id:pk>/revoke/", views.token_revoke, name="token-revoke"),
]

from django.urls import path

from waypoint.cadence import views

app_name = "cadence"
urlpatterns = [
    path("units/<slug:slug>/check-ins/", views.team_check_in, name="team-check-in"),
]

from django.urls import path

from waypoint.cadence import views

app_name = "cadence"
urlpatterns = [
    path("units/<slug:slug>/check-ins/", views.team_check_in, name="team-check-in"),
    path("units/<slug:slug>/commitments/", views.unit_commitments, name="unit-commitments"),
    path(
        "commitments/<int:pk>/done/",
        views.commitment_change,
        {"verb": "done"},
        name="commitment-done",
    ),
    path(
        "commitments/<int:pk>/drop/",
        views.commitment_change,
        {"verb": "drop"},
        name="commitment-drop",
    ),
    path(
        "commitments/<int:pk>/carry-over/",
        views.commitment_change,
        {"verb": "carry"},
        name="commitment-carry-over",
    ),
]

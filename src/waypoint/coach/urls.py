from django.urls import path

from waypoint.coach import views

app_name = "coach"
urlpatterns = [
    path("health/", views.health, name="health"),
    path("health/<slug:slug>/", views.health, name="unit-health"),
    path("dismissals/", views.dismiss, name="dismiss"),
    path("hints/<str:kind>/", views.hints, name="hints"),
]

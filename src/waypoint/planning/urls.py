from django.urls import path

from waypoint.planning import views

app_name = "planning"
urlpatterns = [
    path("units/<slug:slug>/close/", views.quarter_close, name="quarter-close"),
    path("units/<slug:slug>/learning/", views.learning_loop, name="learning"),
    path("units/<slug:slug>/publish/", views.publish_drafts, name="publish-drafts"),
    path("periods/", views.period_list, name="period-list"),
    path("periods/new/", views.period_create, name="period-create"),
]

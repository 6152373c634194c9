from django.urls import path

from waypoint.hooks import views

app_name = "hooks"
urlpatterns = [
    path("", views.webhook_list, name="webhook-list"),
    path("<id:pk>/", views.webhook_detail, name="webhook-detail"),
    path("<id:pk>/pause/", views.webhook_pause, name="webhook-pause"),
    path("<id:pk>/secret/", views.webhook_rotate, name="webhook-rotate"),
    path("<id:pk>/test/", views.webhook_test, name="webhook-test"),
    path("<id:pk>/delete/", views.webhook_delete, name="webhook-delete"),
]

from django.urls import path

from waypoint.personal import views

app_name = "personal"
urlpatterns = [
    path("goals/", views.goal_list, name="goal-list"),
    path("goals/new/", views.goal_edit, name="goal-create"),
    path("goals/<id:pk>/", views.goal_detail, name="goal-detail"),
    path("goals/<id:pk>/edit/", views.goal_edit, name="goal-edit"),
    path("goals/<id:pk>/delete/", views.goal_delete, name="goal-delete"),
    path("goals/<id:pk>/key-results/new/", views.key_result_edit, name="key-result-create"),
    path(
        "goals/<id:pk>/key-results/<id:kr_pk>/edit/",
        views.key_result_edit,
        name="key-result-edit",
    ),
]

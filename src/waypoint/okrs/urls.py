from django.urls import path

from waypoint.okrs import views

app_name = "okrs"
urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.my_okrs, name="my-okrs"),
    path("units/<slug:slug>/", views.unit_detail, name="unit-detail"),
    path("objectives/new/", views.objective_create, name="objective-create"),
    path("objectives/<id:pk>/", views.objective_detail, name="objective-detail"),
    path("objectives/<id:pk>/edit/", views.objective_edit, name="objective-edit"),
    path("objectives/<id:pk>/close/", views.objective_close, name="objective-close"),
    path("objectives/<id:pk>/key-results/new/", views.key_result_create, name="key-result-create"),
    path("key-results/<id:pk>/", views.key_result_detail, name="key-result-detail"),
    path("key-results/<id:pk>/edit/", views.key_result_edit, name="key-result-edit"),
    path("key-results/<id:pk>/close/", views.key_result_close, name="key-result-close"),
    path("key-results/<id:pk>/check-ins/", views.check_in, name="check-in"),
    path("check-ins/<id:pk>/correct/", views.check_in_correct, name="check-in-correct"),
    path(
        "objectives/<id:pk>/reopen/", views.reopen, {"kind": "objectives"}, name="reopen-objective"
    ),
    path(
        "key-results/<id:pk>/reopen/",
        views.reopen,
        {"kind": "key-results"},
        name="reopen-key-result",
    ),
]

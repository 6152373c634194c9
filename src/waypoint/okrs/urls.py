from django.urls import path

from waypoint.okrs import views

app_name = "okrs"
urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.my_okrs, name="my-okrs"),
    path("units/<slug:slug>/", views.unit_detail, name="unit-detail"),
    path("objectives/new/", views.objective_create, name="objective-create"),
    path("objectives/<int:pk>/", views.objective_detail, name="objective-detail"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective-edit"),
    path("objectives/<int:pk>/close/", views.objective_close, name="objective-close"),
    path("objectives/<int:pk>/key-results/new/", views.key_result_create, name="key-result-create"),
    path("key-results/<int:pk>/", views.key_result_detail, name="key-result-detail"),
    path("key-results/<int:pk>/edit/", views.key_result_edit, name="key-result-edit"),
    path("key-results/<int:pk>/close/", views.key_result_close, name="key-result-close"),
    path("key-results/<int:pk>/check-ins/", views.check_in, name="check-in"),
    path("key-results/<int:pk>/row/", views.kr_row, name="key-result-row"),
    path(
        "objectives/<int:pk>/reopen/", views.reopen, {"kind": "objectives"}, name="reopen-objective"
    ),
    path(
        "key-results/<int:pk>/reopen/",
        views.reopen,
        {"kind": "key-results"},
        name="reopen-key-result",
    ),
]

from django.urls import path

from waypoint.alignment import views

app_name = "alignment"
urlpatterns = [
    path("alignment/", views.alignment_map, name="map"),
    path("alignment/map-data/", views.map_data, name="map-data"),
]
urlpatterns += [path("alignment/reports/", views.alignment_reports, name="reports")]
urlpatterns += [
    path("objectives/<id:pk>/supports/", views.support_add, name="support-add"),
    path("supports/<id:pk>/remove/", views.support_remove, name="support-remove"),
]
urlpatterns += [path("alignment/organisation/", views.org_view, name="org-view")]
urlpatterns += [
    path("alignment/secondments/new/", views.secondment_create, name="secondment-create"),
    path("alignment/secondments/<id:pk>/end/", views.secondment_end, name="secondment-end"),
    path("alignment/assignments/", views.assignments, name="assignments"),
]

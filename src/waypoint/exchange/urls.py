from django.urls import path

from waypoint.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.home, name="home"),
    path("export/", views.export, name="export"),
    path("template.<str:fmt>", views.template_file, name="template"),
    path("imports/", views.upload, name="upload"),
    path("imports/<id:pk>/", views.preview, name="preview"),
    path("imports/<id:pk>/apply/", views.apply, name="apply"),
]

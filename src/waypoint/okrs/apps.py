from django.apps import AppConfig


class OkrsConfig(AppConfig):
    name = "waypoint.okrs"
    verbose_name = "OKRs"

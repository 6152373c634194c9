from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "waypoint.ops"
    verbose_name = "Operations"

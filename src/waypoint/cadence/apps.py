from django.apps import AppConfig


class CadenceConfig(AppConfig):
    name = "waypoint.cadence"
    verbose_name = "Cadence"

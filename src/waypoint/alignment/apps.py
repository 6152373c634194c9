from django.apps import AppConfig


class AlignmentConfig(AppConfig):
    name = "waypoint.alignment"
    verbose_name = "Alignment"

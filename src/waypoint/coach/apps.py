from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "waypoint.coach"
    verbose_name = "Coach"

from django.apps import AppConfig


class HooksConfig(AppConfig):
    name = "waypoint.hooks"
    verbose_name = "Webhooks"

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "waypoint.orgs"
    verbose_name = "Organisation"

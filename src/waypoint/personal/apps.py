from django.apps import AppConfig


class PersonalConfig(AppConfig):
    name = "waypoint.personal"
    verbose_name = "Personal goals"

from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "waypoint.coach"
    verbose_name = "Coach"

    def ready(self) -> None:
        from waypoint.coach import signals

        signals.connect()

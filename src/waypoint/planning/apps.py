from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """Periods, quarter close with retrospectives and carry-over, and the learning loop."""

    name = "waypoint.planning"
    default_auto_field = "django.db.models.BigAutoField"

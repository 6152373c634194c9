from django.contrib import admin

from waypoint.coach.models import Dismissal


@admin.register(Dismissal)
class DismissalAdmin(admin.ModelAdmin):
    list_display = ("code", "subject", "subject_id", "author", "at")

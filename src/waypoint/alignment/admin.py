from django.contrib import admin

from waypoint.alignment.models import Secondment, SupportLink


@admin.register(SupportLink)
class SupportLinkAdmin(admin.ModelAdmin):
    list_display = ["objective", "unit", "served_objective", "created_at"]
    raw_id_fields = ["objective", "served_objective"]


@admin.register(Secondment)
class SecondmentAdmin(admin.ModelAdmin):
    list_display = ["person", "unit", "start", "end", "note"]
    list_filter = ["unit"]

from django.contrib import admin

from waypoint.okrs.models import Change, CheckIn, KeyResult, Objective, Period


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "start", "end")
    prepopulated_fields = {"slug": ("name",)}


class KeyResultInline(admin.StackedInline):
    model = KeyResult
    extra = 0
    fields = (
        "title",
        "owner_unit",
        "kind",
        "baseline",
        "target",
        "current",
        "unit_label",
        "weight",
        "status",
    )
    autocomplete_fields = ["owner_unit"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ("title", "period", "owner", "stretch", "kind", "status")
    list_filter = ("period", "status", "stretch", "kind")
    search_fields = ("title",)
    filter_horizontal = ("units",)
    raw_id_fields = ("parent_objectives", "parent_key_results")
    inlines = [KeyResultInline]


@admin.register(KeyResult)
class KeyResultAdmin(admin.ModelAdmin):
    list_display = ("title", "objective", "owner_unit", "kind", "current", "status")
    list_filter = ("kind", "status", "objective__period")
    search_fields = ("title",)


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("key_result", "value", "confidence", "author", "at")
    date_hierarchy = "at"

    def has_change_permission(self, request, obj=None) -> bool:  # check-ins are append-only
        return False


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ("objective", "field", "old", "new", "author", "at")
    list_filter = ("field",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

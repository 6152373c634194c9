from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from waypoint.orgs.models import Membership, Person, Unit


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["person", "unit"]


@admin.register(Person)
class PersonAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Waypoint", {"fields": ("title", "level")}))
    list_display = ("username", "first_name", "last_name", "title", "level", "is_staff")
    list_filter = ("level", "is_staff", "is_active")
    inlines = [MembershipInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "is_supporting")
    list_filter = ("kind", "is_supporting")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("member_units",)
    inlines = [MembershipInline]

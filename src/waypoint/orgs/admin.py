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

    def get_deleted_objects(self, objs, request):  # type: ignore[no-untyped-def]
        """The delete confirmation counts a person's personal goals but never shows their
        titles: they are private even to administrators."""
        from waypoint.personal.models import PersonalGoal, PersonalKeyResult

        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        private = {PersonalGoal._meta.verbose_name, PersonalKeyResult._meta.verbose_name}
        private_plural = {
            str(PersonalGoal._meta.verbose_name_plural),
            str(PersonalKeyResult._meta.verbose_name_plural),
        }

        def redact(items: list) -> list:
            kept: list = []
            hidden = 0
            for item in items:
                if isinstance(item, list):
                    kept.append(redact(item))
                elif any(str(item).startswith(f"{str(name).capitalize()}:") for name in private):
                    hidden += 1
                else:
                    kept.append(item)
            if hidden:
                kept.append(f"{hidden} private personal item{'s' if hidden != 1 else ''}")
            return kept

        model_count = {
            name: count for name, count in model_count.items() if str(name) not in private_plural
        }
        return redact(to_delete), model_count, perms_needed, protected


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "is_supporting")
    list_filter = ("kind", "is_supporting")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("member_units",)
    inlines = [MembershipInline]

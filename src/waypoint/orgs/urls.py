from django.urls import path

from waypoint.orgs import views

app_name = "orgs"

urlpatterns = [
    path("organisation/settings/", views.settings_page, name="settings"),
    path("organisation/units/", views.unit_list, name="unit-list"),
    path("organisation/units/new/", views.unit_create, name="unit-create"),
    path("organisation/units/<slug:slug>/edit/", views.unit_edit, name="unit-edit"),
    path("organisation/units/<slug:slug>/archive/", views.unit_archive, name="unit-archive"),
    path("organisation/units/<slug:slug>/restore/", views.unit_restore, name="unit-restore"),
    path("organisation/units/<slug:slug>/members/", views.unit_members, name="unit-members"),
    path("organisation/units/<slug:slug>/members/add/", views.member_add, name="member-add"),
    path("memberships/<id:pk>/role/", views.member_role, name="member-role"),
    path("memberships/<id:pk>/remove/", views.member_remove, name="member-remove"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path(
        "people/invitations/<id:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("people/<id:pk>/", views.person_detail, name="person-detail"),
    path("people/<id:pk>/units/", views.person_unit_add, name="person-unit-add"),
    path("people/<id:pk>/deactivate/", views.person_deactivate, name="person-deactivate"),
    path("people/<id:pk>/reactivate/", views.person_reactivate, name="person-reactivate"),
]

from django.urls import path

from waypoint.cadence import meeting_views, views

app_name = "cadence"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/count/", views.inbox_count, name="inbox-count"),
    path("inbox/reminders/", views.reminders_setting, name="reminders-setting"),
    path("units/<slug:slug>/check-ins/", views.team_check_in, name="team-check-in"),
    path("units/<slug:slug>/commitments/", views.unit_commitments, name="unit-commitments"),
    path(
        "commitments/<int:pk>/done/",
        views.commitment_change,
        {"verb": "done"},
        name="commitment-done",
    ),
    path(
        "commitments/<int:pk>/drop/",
        views.commitment_change,
        {"verb": "drop"},
        name="commitment-drop",
    ),
    path(
        "commitments/<int:pk>/carry-over/",
        views.commitment_change,
        {"verb": "carry"},
        name="commitment-carry-over",
    ),
    path("units/<slug:slug>/meetings/", meeting_views.unit_meetings, name="unit-meetings"),
    path(
        "units/<slug:slug>/meetings/new/", meeting_views.meeting_schedule, name="meeting-schedule"
    ),
    path("units/<slug:slug>/cadence/", meeting_views.unit_cadence, name="unit-cadence"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/agenda.md", meeting_views.meeting_markdown, name="meeting-markdown"),
    path("meetings/<int:pk>/print/", meeting_views.meeting_print, name="meeting-print"),
    path(
        "meetings/<int:pk>/agenda-items/",
        meeting_views.meeting_agenda_item,
        name="meeting-agenda-item",
    ),
    path("meetings/<int:pk>/notes/", meeting_views.meeting_notes, name="meeting-notes"),
    path(
        "meetings/<int:pk>/commitments/",
        meeting_views.meeting_commitment,
        name="meeting-commitment",
    ),
    path("meetings/<int:pk>/backlog/", meeting_views.meeting_backlog, name="meeting-backlog"),
    path("meetings/<int:pk>/held/", meeting_views.meeting_held, name="meeting-held"),
    path(
        "meetings/<int:pk>/reschedule/", meeting_views.meeting_reschedule, name="meeting-reschedule"
    ),
    path("meetings/<int:pk>/cancel/", meeting_views.meeting_cancel, name="meeting-cancel"),
    path("units/<slug:slug>/backlog/", views.unit_backlog, name="unit-backlog"),
    path(
        "units/<slug:slug>/backlog/reviewed/",
        views.unit_backlog_reviewed,
        name="unit-backlog-reviewed",
    ),
    *[
        path(f"backlog/{route}/", views.backlog_change, {"verb": verb}, name=f"backlog-{name}")
        for route, verb, name in (
            ("<int:pk>/keep", "keep", "keep"),
            ("<int:pk>/discard", "discard", "discard"),
            ("<int:pk>/promote-to-commitment", "commitment", "promote-commitment"),
            ("<int:pk>/promote-to-objective", "objective", "promote-objective"),
        )
    ],
    path("units/<slug:slug>/kpis/", views.unit_kpis, name="unit-kpis"),
    path("kpis/<int:pk>/", views.kpi_detail, name="kpi-detail"),
    path("kpis/<int:pk>/recovery/", views.kpi_recovery, name="kpi-recovery"),
    path("objectives/<int:pk>/as-kpi/", views.kpi_from_objective, name="kpi-from-objective"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("units/<slug:slug>/calendar/", views.unit_calendar_feed, name="unit-calendar-feed"),
    path("calendar/mine/", views.my_calendar_feed, name="my-calendar-feed"),
    path("calendar/<int:pk>/revoke/", views.calendar_feed_revoke, name="calendar-feed-revoke"),
]

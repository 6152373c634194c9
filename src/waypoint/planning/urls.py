from django.urls import path

from waypoint.planning import views

app_name = "planning"
urlpatterns = [
    path("units/<slug:slug>/close/", views.quarter_close, name="quarter-close"),
    path("units/<slug:slug>/learning/", views.learning_loop, name="learning"),
    path("units/<slug:slug>/publish/", views.publish_drafts, name="publish-drafts"),
    path("units/<slug:slug>/monthly/", views.relevance_check, name="relevance-check"),
    path("units/<slug:slug>/mid-quarter/", views.mid_quarter_review, name="mid-quarter"),
    path("objectives/<id:pk>/proposals/new/", views.proposal_create, name="proposal-create"),
    path("objectives/<id:pk>/merge/", views.merge_propose, name="merge-propose"),
    path("proposals/", views.proposal_list, name="proposal-list"),
    path(
        "proposals/<id:pk>/accept/",
        views.proposal_answer,
        {"verdict": "accept"},
        name="proposal-accept",
    ),
    path(
        "proposals/<id:pk>/decline/",
        views.proposal_answer,
        {"verdict": "decline"},
        name="proposal-decline",
    ),
    path("units/<slug:slug>/plan/", views.plan, name="plan"),
    path("units/<slug:slug>/plan/drafts/", views.plan_draft, name="plan-draft"),
    path("units/<slug:slug>/back-briefs/", views.back_briefs, name="back-briefs"),
    path(
        "back-briefs/<id:pk>/accept/",
        views.back_brief_answer,
        {"verdict": "accept"},
        name="back-brief-accept",
    ),
    path(
        "back-briefs/<id:pk>/ask-for-changes/",
        views.back_brief_answer,
        {"verdict": "changes"},
        name="back-brief-changes",
    ),
    path("units/<slug:slug>/agendas/<str:meeting>/", views.offsite_agenda, name="agenda"),
    path(
        "units/<slug:slug>/agendas/<str:meeting>.md",
        views.offsite_agenda_markdown,
        name="agenda-markdown",
    ),
    path("periods/", views.period_list, name="period-list"),
    path("periods/new/", views.period_create, name="period-create"),
]

"""My private personal goals: create, edit, share."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from waypoint.okrs.views import apply_action_errors
from waypoint.personal import actions
from waypoint.personal.access import get_goal_for_user, goals_shared_with
from waypoint.personal.forms import PersonalGoalForm, PersonalKeyResultForm


def goal_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "personal/goal_list.html",
        {
            "goals": request.user.personal_goals.prefetch_related("key_results", "shared_with"),
            "shared": goals_shared_with(request.user),
        },
    )


def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_goal_for_user(request.user, pk)
    return render(
        request,
        "personal/goal_detail.html",
        {
            "goal": goal,
            "is_owner": goal.owner_id == request.user.pk,
            "kr_form": PersonalKeyResultForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    goal = get_goal_for_user(request.user, pk, write=True) if pk else None
    form = PersonalGoalForm(request.POST or None, instance=goal, owner=request.user)
    if form.is_valid():
        goal = actions.save_personal_goal(request.user, goal, **form.cleaned_data)
        messages.success(request, "Personal goal saved. It is private unless you shared it.")
        return redirect(goal)
    return render(request, "personal/goal_form.html", {"form": form, "goal": goal})


@require_http_methods(["GET", "POST"])
def key_result_edit(request: HttpRequest, pk: int, kr_pk: int | None = None) -> HttpResponse:
    goal = get_goal_for_user(request.user, pk, write=True)
    key_result = get_object_or_404(goal.key_results, pk=kr_pk) if kr_pk else None
    form = PersonalKeyResultForm(request.POST or None, instance=key_result)
    if form.is_valid():
        try:
            actions.save_personal_key_result(request.user, goal, key_result, **form.cleaned_data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            return redirect(goal)
    return render(
        request,
        "personal/key_result_form.html",
        {
            "form": form,
            "goal": goal,
            "key_result": key_result,
        },
    )


@require_POST
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.delete_personal_goal(request.user, get_goal_for_user(request.user, pk, write=True))
    messages.success(request, "Personal goal deleted.")
    return redirect("personal:goal-list")

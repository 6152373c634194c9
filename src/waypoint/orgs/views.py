"""The organisation in the app: settings, units and their members, people and invitations."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from waypoint.accounts import access as invitation_access
from waypoint.accounts.actions import invite_person, withdraw_invitation
from waypoint.okrs.views import apply_action_errors
from waypoint.orgs import access, actions
from waypoint.orgs.forms import (
    InvitationForm,
    MembershipForm,
    OrganisationForm,
    PersonUnitForm,
    RoleForm,
    UnitForm,
)
from waypoint.orgs.models import Membership, Organisation, OrgEvent, Person, Unit

PEOPLE_PAGE_SIZE = 100


def flash_refusal(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- settings ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    access.require_admin(request.user)
    form = OrganisationForm(request.POST or None, instance=Organisation.current())
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_organisation(request.user, form.cleaned_data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, "Saved the organisation's settings.")
            return redirect("orgs:settings")
    events = OrgEvent.objects.select_related("author")[:15]
    status = 400 if form.errors else 200
    return render(
        request, "orgs/organisation_settings.html", {"form": form, "events": events}, status=status
    )


# --- units -------------------------------------------------------------------------------------


def unit_list(request: HttpRequest) -> HttpResponse:
    """Administrators see every unit (archived ones apart); leads, the teams they lead."""
    if access.is_admin(request.user):
        units = Unit.objects.all()
    else:
        units = Unit.objects.filter(pk__in=access.led_unit_ids(request.user))
        if not units:
            raise PermissionDenied("Only administrators and team leads manage units.")
    units = units.select_related("parent").prefetch_related("memberships").order_by("name")
    return render(
        request,
        "orgs/unit_list.html",
        {
            "active": [u for u in units if not u.is_archived],
            "archived": [u for u in units if u.is_archived],
            "is_admin": access.is_admin(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    access.require_admin(request.user)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = actions.create_unit(request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, f"Created {unit}. Add its people below.")
            return redirect("orgs:unit-members", unit.slug)
    return render(
        request, "orgs/unit_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.get_unit_for_admin(request.user, slug)
    initial = {
        "name": unit.name,
        "parent": unit.parent_id,
        "is_supporting": unit.is_supporting,
        "description": unit.description,
    }
    form = UnitForm(request.POST or None, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_unit(request.user, unit, **form.cleaned_data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, f"Saved {form.cleaned_data['name']}.")
            return redirect("orgs:unit-list")
    return render(
        request,
        "orgs/unit_form.html",
        {"form": form, "unit": unit},
        status=400 if form.errors else 200,
    )


@require_POST
def unit_archive(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.get_unit_for_admin(request.user, slug)
    try:
        actions.archive_unit(request.user, unit)
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, f"Archived {unit}. Its OKRs stay readable on its page.")
    return redirect("orgs:unit-list")


@require_POST
def unit_restore(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.get_unit_for_admin(request.user, slug)
    try:
        actions.restore_unit(request.user, unit)
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, f"Restored {unit}.")
    return redirect("orgs:unit-list")


# --- members -----------------------------------------------------------------------------------


def _members_page(
    request: HttpRequest, unit: Unit, form: MembershipForm | None = None
) -> HttpResponse:
    memberships = unit.memberships.select_related("person").order_by(
        "role", "person__first_name", "person__last_name"
    )
    return render(
        request,
        "orgs/unit_members.html",
        {
            "unit": unit,
            "memberships": memberships,
            "form": form or MembershipForm(),
            "roles": Membership.Role.choices,
            "is_admin": access.is_admin(request.user),
        },
        status=400 if form is not None and form.errors else 200,
    )


def unit_members(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.get_unit_for_member_management(request.user, slug)
    return _members_page(request, unit)


@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.get_unit_for_member_management(request.user, slug)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            membership = actions.add_membership(request.user, unit, **form.cleaned_data)
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, f"Added {membership.person} to {unit}.")
            return redirect("orgs:unit-members", unit.slug)
    return _members_page(request, unit, form)


@require_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = access.get_membership_for_management(request.user, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        actions.change_membership_role(request.user, membership, form.cleaned_data["role"])
        messages.success(request, f"{membership.person} is now {form.cleaned_data['role']}.")
    else:
        messages.error(request, "Choose lead or member.")
    return back_to(request, membership)


@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = access.get_membership_for_management(request.user, pk)
    actions.remove_membership(request.user, membership)
    messages.success(request, f"Removed {membership.person} from {membership.unit}.")
    return back_to(request, membership)


def back_to(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Back to the person's page or the unit's members, whichever the form was on."""
    if request.POST.get("back") == "person":
        return redirect("orgs:person-detail", membership.person_id)
    return redirect("orgs:unit-members", membership.unit.slug)


# --- people ------------------------------------------------------------------------------------


def people(request: HttpRequest) -> HttpResponse:
    """Everyone, searchable by name, email, title or unit."""
    query = request.GET.get("q", "").strip()[:100]
    persons = Person.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
    ).order_by("-is_active", "first_name", "last_name", "username")
    if query:
        persons = persons.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(username__icontains=query)
            | Q(email__icontains=query)
            | Q(title__icontains=query)
            | Q(memberships__unit__name__icontains=query)
        ).distinct()
    is_admin = access.is_admin(request.user)
    return render(
        request,
        "orgs/people.html",
        {
            "people": persons[:PEOPLE_PAGE_SIZE],
            "total": persons.count(),
            "query": query,
            "is_admin": is_admin,
            "can_invite": is_admin or bool(access.led_unit_ids(request.user)),
            "invitations": list(invitation_access.pending_for(request.user)),
        },
    )


def _person_page(
    request: HttpRequest, person: Person, form: PersonUnitForm | None = None
) -> HttpResponse:
    return render(
        request,
        "orgs/person_detail.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("unit").order_by("unit__name"),
            "form": form or PersonUnitForm(),
            "roles": Membership.Role.choices,
            "events": OrgEvent.objects.filter(person=person).select_related("author")[:10],
        },
        status=400 if form is not None and form.errors else 200,
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, access.get_person_for_admin(request.user, pk))


@require_POST
def person_unit_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_admin(request.user, pk)
    form = PersonUnitForm(request.POST)
    if form.is_valid():
        try:
            actions.add_membership(
                request.user, form.cleaned_data["unit"], person, form.cleaned_data["role"]
            )
        except ValidationError as error:
            apply_action_errors(form, error)
        else:
            messages.success(request, f"Added {person} to {form.cleaned_data['unit']}.")
            return redirect("orgs:person-detail", person.pk)
    return _person_page(request, person, form)


@require_POST
def person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_admin(request.user, pk)
    try:
        actions.deactivate_person(request.user, person)
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, f"Deactivated {person}: they can no longer log in.")
    return redirect("orgs:person-detail", person.pk)


@require_POST
def person_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_admin(request.user, pk)
    try:
        actions.reactivate_person(request.user, person)
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, f"Reactivated {person}.")
    return redirect("orgs:person-detail", person.pk)


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    is_admin = access.is_admin(request.user)
    units = Unit.objects.active().order_by("kind", "name")
    if not is_admin:
        units = units.filter(pk__in=access.led_unit_ids(request.user))
        if not units:
            raise PermissionDenied("Only administrators and team leads invite people.")
    form = InvitationForm(request.POST or None, units=units, admin=is_admin)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite_person(
                request.user,
                **form.cleaned_data,
                link_for=lambda token: request.build_absolute_uri(
                    reverse("accounts:invitation-accept", args=[token])
                ),
            )
        except ValidationError as error:
            apply_action_errors(form, error)
        except OSError as error:
            form.add_error(
                None, f"The invitation mail could not be sent ({error}); nothing was saved."
            )
        else:
            messages.success(request, f"Sent an invitation to {invitation.email}.")
            return redirect("orgs:people")
    context = {"form": form, "invitation_days": settings.WAYPOINT_INVITATION_DAYS}
    return render(request, "orgs/invite.html", context, status=400 if form.errors else 200)


@require_POST
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a pending invitation; its link then says it was withdrawn."""
    invitation = invitation_access.get_invitation_for_withdrawal(request.user, pk)
    try:
        withdraw_invitation(request.user, invitation)
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(
            request, f"Withdrew the invitation for {invitation.email}: its link no longer works."
        )
    return redirect("orgs:people")

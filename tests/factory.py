"""Plain `make_*` factories for tests: the same ones the demo organisation is built with."""

from __future__ import annotations

from dataclasses import dataclass

from waypoint.orgs.models import Person, Unit
from waypoint.seed import (
    add_member,
    ensure_periods,
    make_check_in,
    make_key_result,
    make_objective,
    make_period,
    make_person,
    make_unit,
    period_from_span,
)

# Every person in the test cast logs in with this password.
PASSWORD = "correct-horse-battery"

__all__ = [
    "PASSWORD",
    "Cast",
    "add_member",
    "ensure_periods",
    "make_check_in",
    "make_cast",
    "make_key_result",
    "make_objective",
    "make_period",
    "make_person",
    "make_unit",
    "period_from_span",
]


@dataclass(frozen=True)
class Cast:
    company: Unit
    product: Unit
    checkout: Unit
    search: Unit
    finance: Unit
    virtual: Unit
    alice: Person
    bob: Person
    charlie: Person
    dana: Person
    admin: Person


def make_cast(password_hash: str) -> Cast:
    """The named organisation of tests/conftest.py, everyone with this password hash."""
    alice = make_person(
        "alice",
        first_name="Alice",
        last_name="Archer",
        title="Checkout lead",
        level="leadership",
        password_hash=password_hash,
    )
    bob = make_person(
        "bob",
        first_name="Bob",
        last_name="Baker",
        title="Engineer",
        level="team",
        password_hash=password_hash,
    )
    charlie = make_person(
        "charlie",
        first_name="Charlie",
        last_name="Chen",
        title="Search engineer",
        level="team",
        password_hash=password_hash,
    )
    dana = make_person(
        "dana",
        first_name="Dana",
        last_name="Diaz",
        title="Designer",
        level="team",
        password_hash=password_hash,
    )
    admin = make_person(
        "admin",
        first_name="Ada",
        last_name="Admin",
        title="Administrator",
        level="senior",
        password_hash=password_hash,
        is_staff=True,
        is_superuser=True,
    )
    company = make_unit("Acme", "company", slug="acme")
    product = make_unit("Product", "department", parent=company)
    return Cast(
        company=company,
        product=product,
        checkout=make_unit("Checkout", "team", parent=product, members=[bob], leads=[alice]),
        search=make_unit("Search", "team", parent=product, members=[charlie]),
        finance=make_unit("Finance", "department", parent=company, is_supporting=True),
        virtual=make_unit("Checkout Experience", "virtual", parent=product, members=[dana]),
        alice=alice,
        bob=bob,
        charlie=charlie,
        dana=dana,
        admin=admin,
    )

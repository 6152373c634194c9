"""The demo company, Tidewater Software: its units and the people in them.

About 75 named people stand in for a 400-person company: the senior team, department heads,
and the teams that own key results. The first person listed for a unit leads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from waypoint.orgs.actions import ORGANISATION_FIELDS, save_organisation
from waypoint.orgs.models import Organisation, Person, Unit
from waypoint.seed import make_person, make_unit

COMPANY_SLUG = "tidewater"
COMPANY_NAME = "Tidewater Software"

SENIOR = Person.Level.SENIOR
LEADERSHIP = Person.Level.LEADERSHIP
TEAM = Person.Level.TEAM

# username, first name, last name, title, level
PEOPLE: tuple[tuple[str, str, str, str, str], ...] = (
    ("maya", "Maya", "Lindqvist", "Chief Executive Officer", SENIOR),
    ("priya", "Priya", "Raman", "Chief Revenue Officer", SENIOR),
    ("felix", "Felix", "Amsel", "Chief Financial Officer", SENIOR),
    ("raj", "Raj", "Patel", "VP Engineering", LEADERSHIP),
    ("elif", "Elif", "Demir", "Head of Product", LEADERSHIP),
    ("marcus", "Marcus", "Reid", "VP Customer Success", LEADERSHIP),
    ("nadia", "Nadia", "Haddad", "Head of People", LEADERSHIP),
    ("kwame", "Kwame", "Mensah", "Product Manager, Checkout", TEAM),
    ("ines", "Inés", "Ferreira", "Product Manager, Search", TEAM),
    ("lucas", "Lucas", "Brandt", "Product Manager, Onboarding", TEAM),
    ("yuki", "Yuki", "Tanaka", "Product Manager, Mobile", TEAM),
    ("hana", "Hana", "Kowalski", "Head of Design", LEADERSHIP),
    ("marta", "Marta", "Silva", "Product Designer, Checkout", TEAM),
    ("felipe", "Felipe", "Ortiz", "Product Designer", TEAM),
    ("chloe", "Chloe", "Dubois", "UX Researcher", TEAM),
    ("arjun", "Arjun", "Mehta", "Analytics Lead", TEAM),
    ("sofia", "Sofia", "Rossi", "Product Analyst", TEAM),
    ("ben", "Ben", "Adler", "Data Analyst", TEAM),
    ("lena", "Lena", "Hoffmann", "Team Lead, Checkout", TEAM),
    ("tom", "Tom", "Becker", "Software Engineer", TEAM),
    ("aisha", "Aisha", "Bello", "Senior Software Engineer", TEAM),
    ("diego", "Diego", "Marín", "Software Engineer", TEAM),
    ("kai", "Kai", "Nakamura", "Software Engineer", TEAM),
    ("noor", "Noor", "Saleh", "QA Engineer", TEAM),
    ("pieter", "Pieter", "de Vries", "Senior Software Engineer", TEAM),
    ("viktor", "Viktor", "Novak", "Team Lead, Search", TEAM),
    ("emma", "Emma", "Laurent", "Senior Software Engineer", TEAM),
    ("samir", "Samir", "Khalil", "Software Engineer", TEAM),
    ("julia", "Julia", "Wagner", "Machine Learning Engineer", TEAM),
    ("oliver", "Oliver", "Grant", "Software Engineer", TEAM),
    ("rosa", "Rosa", "Jiménez", "Team Lead, Onboarding", TEAM),
    ("david", "David", "Cho", "Senior Software Engineer", TEAM),
    ("leah", "Leah", "Goldberg", "Software Engineer", TEAM),
    ("mateo", "Mateo", "Ruiz", "Software Engineer", TEAM),
    ("freya", "Freya", "Nilsson", "Frontend Engineer", TEAM),
    ("ethan", "Ethan", "Brooks", "Team Lead, Mobile", TEAM),
    ("mina", "Mina", "Park", "iOS Engineer", TEAM),
    ("luca", "Luca", "Romano", "Android Engineer", TEAM),
    ("zara", "Zara", "Ahmed", "Android Engineer", TEAM),
    ("niklas", "Niklas", "Berg", "iOS Engineer", TEAM),
    ("grace", "Grace", "Liu", "Engineering Manager, Data Platform", TEAM),
    ("hugo", "Hugo", "Martin", "Data Engineer", TEAM),
    ("imani", "Imani", "Okoro", "Data Engineer", TEAM),
    ("stefan", "Stefan", "Ivanov", "Analytics Engineer", TEAM),
    ("omar", "Omar", "Farouk", "SRE Lead", TEAM),
    ("karin", "Karin", "Holm", "Site Reliability Engineer", TEAM),
    ("theo", "Theo", "Walsh", "Site Reliability Engineer", TEAM),
    ("ravi", "Ravi", "Shah", "Platform Engineer", TEAM),
    ("claire", "Claire", "Morgan", "Growth Marketing Lead", TEAM),
    ("jasper", "Jasper", "Quinn", "Content Marketer", TEAM),
    ("amara", "Amara", "Nwosu", "Performance Marketer", TEAM),
    ("lina", "Lina", "Petrova", "Marketing Operations Specialist", TEAM),
    ("george", "George", "Adeyemi", "Sales Enablement Lead", TEAM),
    ("paula", "Paula", "Schmidt", "Enablement Manager", TEAM),
    ("tariq", "Tariq", "Aziz", "Sales Engineer", TEAM),
    ("rebecca", "Rebecca", "Stone", "Head of Enterprise Sales", LEADERSHIP),
    ("alex", "Alex", "Moreau", "Account Executive", TEAM),
    ("nina", "Nina", "Volkova", "Account Executive", TEAM),
    ("sean", "Sean", "O'Brien", "Sales Development Representative", TEAM),
    ("fatima", "Fatima", "Zahra", "Support Lead", TEAM),
    ("jonah", "Jonah", "Fischer", "Support Engineer", TEAM),
    ("elena", "Elena", "Popescu", "Support Specialist", TEAM),
    ("marco", "Marco", "Bianchi", "Support Specialist", TEAM),
    ("ingrid", "Ingrid", "Larsen", "Customer Success Lead", TEAM),
    ("kofi", "Kofi", "Asante", "Customer Success Manager", TEAM),
    ("lucy", "Lucy", "Chen", "Customer Success Manager", TEAM),
    ("ana", "Ana", "Moreira", "Finance Lead", TEAM),
    ("peter", "Peter", "Lund", "Senior Accountant", TEAM),
    ("yasmin", "Yasmin", "Said", "Financial Analyst", TEAM),
    ("henrik", "Henrik", "Dahl", "Legal Counsel", TEAM),
    ("olga", "Olga", "Sokolova", "Contracts Manager", TEAM),
    ("bianca", "Bianca", "Ferri", "Talent Lead", TEAM),
    ("will", "Will", "Turner", "Technical Recruiter", TEAM),
    ("maria", "María", "González", "Recruiter", TEAM),
    ("joanna", "Joanna", "Kent", "People Operations Lead", TEAM),
)

ADMIN = ("admin", "Sam", "Whitfield", "IT Administrator", TEAM)


@dataclass(frozen=True)
class UnitSpec:
    """A unit of the demo company; ``people`` lists usernames, the first one leads."""

    slug: str
    name: str
    kind: str
    parent: str | None
    people: tuple[str, ...]
    supporting: bool = False
    description: str = ""
    extra_leads: tuple[str, ...] = ()
    member_units: tuple[str, ...] = ()


DEPT = Unit.Kind.DEPARTMENT
TEAM_KIND = Unit.Kind.TEAM

UNITS: tuple[UnitSpec, ...] = (
    UnitSpec(
        COMPANY_SLUG,
        COMPANY_NAME,
        Unit.Kind.COMPANY,
        None,
        ("maya", "priya", "felix", "raj", "elif", "marcus", "nadia"),
        description="Commerce software for mid-sized retailers. About 400 people.",
    ),
    UnitSpec("product", "Product", DEPT, COMPANY_SLUG, ("elif", "kwame", "ines", "lucas", "yuki")),
    UnitSpec("engineering", "Engineering", DEPT, COMPANY_SLUG, ("raj",)),
    UnitSpec("sales-marketing", "Sales & Marketing", DEPT, COMPANY_SLUG, ("priya",)),
    UnitSpec("customer-success", "Customer Success", DEPT, COMPANY_SLUG, ("marcus",)),
    UnitSpec(
        "finance-legal",
        "Finance & Legal",
        DEPT,
        COMPANY_SLUG,
        ("felix",),
        supporting=True,
        description="Money, contracts and compliance for the whole company.",
    ),
    UnitSpec(
        "people",
        "People",
        DEPT,
        COMPANY_SLUG,
        ("nadia",),
        supporting=True,
        description="Hiring, onboarding and growth for everyone at Tidewater.",
    ),
    UnitSpec("design", "Design", TEAM_KIND, "product", ("hana", "marta", "felipe", "chloe")),
    UnitSpec(
        "product-analytics", "Product Analytics", TEAM_KIND, "product", ("arjun", "sofia", "ben")
    ),
    UnitSpec(
        "checkout",
        "Checkout",
        TEAM_KIND,
        "engineering",
        ("lena", "tom", "aisha", "diego", "kai", "noor", "pieter", "marta"),
        description="Cart, payment and order confirmation on merchants' storefronts.",
    ),
    UnitSpec(
        "search", "Search", TEAM_KIND, "engineering", ("viktor", "emma", "samir", "julia", "oliver")
    ),
    UnitSpec(
        "onboarding",
        "Onboarding",
        TEAM_KIND,
        "engineering",
        ("rosa", "david", "leah", "mateo", "freya"),
    ),
    UnitSpec(
        "mobile", "Mobile", TEAM_KIND, "engineering", ("ethan", "mina", "luca", "zara", "niklas")
    ),
    UnitSpec(
        "data-platform",
        "Data Platform",
        TEAM_KIND,
        "engineering",
        ("grace", "hugo", "imani", "stefan"),
        supporting=True,
        description="Pipelines and the warehouse every team's numbers come from.",
    ),
    UnitSpec(
        "sre",
        "SRE",
        TEAM_KIND,
        "engineering",
        ("omar", "karin", "theo", "ravi"),
        supporting=True,
        description="Reliability, on-call and the deployment pipeline.",
    ),
    UnitSpec(
        "growth-marketing",
        "Growth Marketing",
        TEAM_KIND,
        "sales-marketing",
        ("claire", "jasper", "amara", "lina"),
    ),
    UnitSpec(
        "sales-enablement",
        "Sales Enablement",
        TEAM_KIND,
        "sales-marketing",
        ("george", "paula", "tariq"),
    ),
    UnitSpec(
        "enterprise-sales",
        "Enterprise Sales",
        TEAM_KIND,
        "sales-marketing",
        ("rebecca", "alex", "nina", "sean"),
    ),
    UnitSpec(
        "support",
        "Customer Support",
        TEAM_KIND,
        "customer-success",
        ("fatima", "jonah", "elena", "marco"),
    ),
    UnitSpec(
        "account-management",
        "Account Management",
        TEAM_KIND,
        "customer-success",
        ("ingrid", "kofi", "lucy"),
    ),
    UnitSpec(
        "finance",
        "Finance",
        TEAM_KIND,
        "finance-legal",
        ("ana", "peter", "yasmin"),
        supporting=True,
        description="Accounting, reporting and billing.",
    ),
    UnitSpec(
        "legal-ops", "Legal Ops", TEAM_KIND, "finance-legal", ("henrik", "olga"), supporting=True
    ),
    UnitSpec("talent", "Talent", TEAM_KIND, "people", ("bianca", "will", "maria"), supporting=True),
    UnitSpec(
        "people-ops", "People Operations", TEAM_KIND, "people", ("joanna", "admin"), supporting=True
    ),
    UnitSpec(
        "checkout-experience",
        "Checkout Experience",
        Unit.Kind.VIRTUAL,
        None,
        ("kwame", "lena", "marta", "aisha", "sofia", "amara"),
        extra_leads=("lena",),
        member_units=("checkout", "design", "product-analytics", "growth-marketing"),
        description="Product, engineering, design, analytics and marketing people who "
        "jointly own the checkout experience.",
    ),
)


@dataclass
class Org:
    """The demo company as loaded: people by username, units by slug."""

    people: dict[str, Person]
    units: dict[str, Unit]

    def members(self, slug: str) -> list[Person]:
        """The people of a unit in roster order, lead first (the administrator excluded)."""
        spec = next(s for s in UNITS if s.slug == slug)
        return [self.people[u] for u in spec.people if u != ADMIN[0]]


def load_people(password_hash: str) -> dict[str, Person]:
    """Create or refresh every demo person; they all share one password."""
    people = {
        username: make_person(
            username,
            first_name=first,
            last_name=last,
            title=title,
            level=level,
            password_hash=password_hash,
        )
        for username, first, last, title, level in PEOPLE
    }
    username, first, last, title, level = ADMIN
    people[username] = make_person(
        username,
        first_name=first,
        last_name=last,
        title=title,
        level=level,
        password_hash=password_hash,
        is_staff=True,
        is_superuser=True,
    )
    return people


def load_units(people: dict[str, Person]) -> dict[str, Unit]:
    """Create or refresh every unit (parents first) and its memberships."""
    units: dict[str, Unit] = {}
    for spec in UNITS:
        units[spec.slug] = make_unit(
            spec.name,
            spec.kind,
            slug=spec.slug,
            parent=units[spec.parent] if spec.parent else None,
            is_supporting=spec.supporting,
            description=spec.description,
            leads=[people[u] for u in (spec.people[0], *spec.extra_leads)],
            members=[people[u] for u in spec.people[1:] if u not in spec.extra_leads],
            member_units=[units[s] for s in spec.member_units],
        )
    return units


def load_org(password_hash: str) -> Org:
    people = load_people(password_hash)
    return Org(people, load_units(people))


def load_organisation(org: Org) -> None:
    """The organisation's own settings, saved once by the administrator (Sam): its name is
    what the login page, the settings and the mails show. A later load leaves them alone."""
    if Organisation.objects.exists():
        return
    defaults = Organisation.defaults()
    values = {name: getattr(defaults, name) for name in ORGANISATION_FIELDS}
    save_organisation(org.people[ADMIN[0]], values | {"name": COMPANY_NAME})

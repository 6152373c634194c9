"""Reading an objective: an improvement, a task (a project) or KTLO (business as usual)?

Implements OKR-PRINCIPLES §5: objectives that are really projects (*Activity-focused*) and
"KTLO work dressed as an objective". The rules are in docs/rules/coach-text.md §4. Pure Python,
standard library only.
"""

from __future__ import annotations

import re

from waypoint.domain.coach_lexicon import (
    ARTEFACT_NOUNS,
    CHANGE_NOUNS,
    CHANGE_VERBS,
    CLAUSE_STOP,
    COLLECTIVE_NOUNS,
    DELIVERY_VERBS,
    DETERMINERS,
    ENABLING_VERBS,
    EVALUATIVE_WORDS,
    KTLO_VERBS,
    METRIC_NOUNS,
    OBSTACLE_NOUNS,
    PEOPLE_NOUNS,
    PROVISION_VERBS,
    RELATIONAL_VERBS,
    SERVICE_FUNCTIONS,
    SERVICE_LEVEL_NOUNS,
    STATE_NOUNS,
    lemma_of,
    singular,
)
from waypoint.domain.coach_readings import (
    CERTAIN,
    ObjectiveLabel,
    ObjectiveReading,
)
from waypoint.domain.coach_rewrites import (
    suggest_rewrite,
)
from waypoint.domain.coach_sentence import (
    COMPARATIVE,
    finite_verb,
    head_verb,
    leading_participle,
    makes_artefact,
    normalise,
    object_phrase,
    parse,
    tokenise,
)


def _objective_object(tokens: tuple[str, ...], index: int) -> tuple[str, ...]:
    """The object of the head verb without determiners: adjectives joined by "and" stay in it
    ("an efficient and standard process"), and a collective is looked through ("a handful of
    programmes" → programmes)."""
    start = index + 1
    phrase: list[str] = []
    for position, token in enumerate(tokens[start:], start=start):
        if token in {"and", "or", "&"} and phrase and position + 1 < len(tokens):
            following = tokens[position + 1]
            if (
                singular(phrase[-1]) == phrase[-1]
                and lemma_of(following) is None
                and following not in CLAUSE_STOP | DETERMINERS
            ):
                continue
        if token in CLAUSE_STOP and phrase:
            if token == "of" and singular(phrase[-1]) in COLLECTIVE_NOUNS:
                phrase = []
                continue
            break
        phrase.append(token)
    return tuple(t for t in phrase if t not in DETERMINERS)


def _provides_function(head: str, obj: tuple[str, ...]) -> bool:
    """ "Provide access to the collections", "Perform architecture reviews": a standing
    function performed, with no change or quality asked for, is business as usual."""
    if head not in PROVISION_VERBS or not obj:
        return False
    if set(obj) & (EVALUATIVE_WORDS | CHANGE_NOUNS | {"new", "more", "better"}):
        return False
    return any(singular(t) in SERVICE_FUNCTIONS for t in obj)


def _listed_objects(tokens: tuple[str, ...], index: int) -> tuple[str, ...]:
    """Every object of the head verb up to the first preposition, lists and all
    ("Administer pensions, insurance and financial services")."""
    words: list[str] = []
    for token in tokens[index + 1 :]:
        if token in CLAUSE_STOP and token not in {"and", "or", "&"}:
            break
        words.append(token)
    return tuple(words)


def _ensures_duty(head: str | None, tokens: tuple[str, ...], index: int) -> bool:
    """ "Ensure fiscal responsibility through …": a standing duty kept, not a change."""
    if head != "ensure":
        return False
    obj = object_phrase(tokens, index + 1)
    return bool(obj) and singular(obj[-1]) in SERVICE_LEVEL_NOUNS


# "Get a data warehouse in place", "Have an on-call rota up and running": a thing put in place.
_IN_PLACE = re.compile(r"\b(?:in place|up and running|set up|stood up)\b")


def _objective_task(head: str, tokens: tuple[str, ...], index: int) -> bool:
    """True when an imperative objective names a deliverable rather than a state to reach."""
    obj = _objective_object(tokens, index)
    rest = tokens[index + 1 :]
    if head in {"set", "stand"} and rest[:1] == ("up",):
        return True
    if head in {"get", "have", "put"} and _IN_PLACE.search(" ".join(rest)):
        return True
    if head in {"get", "make", "bring", "take"} and _TO_LAUNCH.search(" ".join(rest)):
        return True
    if head in {"get", "make"} and any(t.split("-")[-1] in _READY_STATES for t in rest[:5]):
        return True
    if " into " in f" {' '.join(rest)} " and head not in DELIVERY_VERBS - {"move", "evolve"}:
        return False  # "Transform the library into a space for learning": a change of state
    nouns = [singular(t) for t in obj]
    if head in DELIVERY_VERBS and nouns and nouns[-1] in OBSTACLE_NOUNS:
        return False  # "Fix the issues that block adoption": obstacles removed, a change
    if head in _ENGAGING_VERBS | RELATIONAL_VERBS and _engages_people(obj):
        return False  # "Engage a new generation of donors": people reached, a change
    if head in {"establish", "position"} and "as" in rest:
        return False  # "Establish the library as the place to study": a standing to reach
    if head == "make" and rest[:1] and rest[0] in {"explicit", "available", "public", "official"}:
        return True
    if COMPARATIVE.search(" ".join(rest)) and head in {"get", "make", "bring"}:
        return False
    if head in ENABLING_VERBS and ("to" in rest[:4] or head == "let"):
        return False
    if head == "get":
        return any(t.endswith("ed") and lemma_of(t) in DELIVERY_VERBS for t in rest)
    if head == "make":
        return bool(rest) and rest[0] in {"explicit", "available", "public", "official"}
    if head in CHANGE_VERBS:
        return False
    if head not in DELIVERY_VERBS:
        return False
    # "Introduce a better content system" is still a system to build; "Build greater trust",
    # "Provide a great experience" name a quality to reach.
    artefact = bool(nouns) and nouns[-1] in ARTEFACT_NOUNS
    quality = bool(COMPARATIVE.search(" ".join(obj))) or bool(
        set(obj) & (EVALUATIVE_WORDS | {"greater", "stronger", "high"})
    )
    if quality and not artefact or head == "have":
        return False
    if head in {"develop", "create", "establish"} and nouns and not artefact:
        # "Develop version control for hardware" is a thing to make; "Develop a culture of
        # assessment", "Develop our leaders" name a state among people.
        return not (set(nouns) & (STATE_NOUNS | PEOPLE_NOUNS | METRIC_NOUNS) or quality)
    if head in {"build", "set", "bring", "foster", "lead"}:
        return artefact
    return True


# "Bring the product to market", "Take the service into production": a launch.
_TO_LAUNCH = re.compile(r"\b(?:to|into|onto) (?:the )?(?:market|production|general availability)\b")
_READY_STATES = frozenset({"ready", "live", "launched", "released", "shipped"})


def _engages_people(obj: tuple[str, ...]) -> bool:
    """The object of a verb of engaging is people ("readers", "the community")."""
    head = singular(obj[-1]) if obj else ""
    return head in PEOPLE_NOUNS or head in _ENGAGED


_ENGAGING_VERBS = frozenset({"engage", "involve", "mobilise", "mobilize", "invite", "reach"})
_ENGAGED = frozenset({"community", "public", "audience", "generation", "people"})


def _deliverable_phrase(tokens: tuple[str, ...]) -> bool:
    """A bare noun phrase naming a thing to make ("Revenue reporting solution"), or opened
    by a participle of work ("Standardised reporting on …"), with no verb of its own."""
    if not tokens or finite_verb(tokens):
        return False
    if leading_participle(tokens):
        return True
    if any(lemma_of(t) and singular(t) not in ARTEFACT_NOUNS for t in tokens[1:]):
        return False
    phrase: list[str] = []
    for token in tokens:
        if token in CLAUSE_STOP and token not in {"and", "or", "&"}:
            break
        phrase.append(token)
    if set(phrase) & EVALUATIVE_WORDS:
        return False
    return singular(phrase[-1]) in ARTEFACT_NOUNS if phrase else False


def _bare_service_level(tokens: tuple[str, ...]) -> bool:
    """A service level named with no direction ("Availability") is something to keep."""
    if not tokens or len(tokens) > 4 or lemma_of(tokens[0]):
        return False
    return singular(tokens[0]) in SERVICE_LEVEL_NOUNS


_KTLO_PHRASE = re.compile(
    r"\b(?:ongoing|business[- ]as[- ]usual|bau|keep(?:ing)? the lights on|ktlo|day-to-day|"
    r"continuity|as usual|steady[- ]state|status quo|routine|smooth(?:ly)? running|"
    r"running smoothly|smooth operations?)\b"
)


def _ktlo_example(text: str) -> str:
    if re.search(r"uptime|availab|reliab", text):
        return "uptime stays between 99.9% and 100%"
    if re.search(r"respon|support|ticket", text):
        return "first response stays under 4 business hours"
    if re.search(r"complian|gdpr|audit|security", text):
        return "zero open high-severity findings"
    return "the KPI stays between an agreed floor and ceiling"


# A theme before the objective: "Retention: keep more …", "Reliability - keep the platform up".
_THEME = re.compile(r"^[^:]*:\s*|^(?:[\w&/]+\s+){0,2}[\w&/]+\s+[-|]\s+")


def _without_theme(norm: str) -> str:
    """Leave out a theme in front ("Retention: …"); a theme names a subject, it does not
    start with a verb ("Launch the partner portal: phase one", "Ship v2 - the fast one")."""
    match = _THEME.match(norm)
    if not match or head_verb(tokenise(match.group(0)))[0] is not None:
        return norm
    return norm[match.end() :].strip()


def read_objective(text: str) -> ObjectiveReading:
    """Read an objective as an improvement, a task (a project) or KTLO (business as usual).

    Implements OKR-PRINCIPLES §5: objectives that are really projects (*Activity-focused*) and
    "KTLO work dressed as an objective ('maintain…')". ``fix`` says what to write instead.
    """
    norm = normalise(text)
    clause = _without_theme(norm)
    tokens = tokenise(clause)
    head, index = head_verb(tokens)
    label, signals = _objective_label(clause, tokens, head, index)
    return ObjectiveReading(label, signals, _objective_fix(label, norm, text), CERTAIN)


def _objective_label(
    clause: str, tokens: tuple[str, ...], head: str | None, index: int
) -> tuple[ObjectiveLabel, tuple[str, ...]]:
    following = tokens[index + 1 : index + 4]
    grows = any(lemma_of(t) in CHANGE_VERBS - KTLO_VERBS for t in following)
    grows = grows or bool(set(following) & (CHANGE_NOUNS | {"more", "fewer", "less", "better"}))
    if head in KTLO_VERBS and not grows:
        return "ktlo", ("keep-verb",)
    if head is not None and _provides_function(head, _listed_objects(tokens, index)):
        return "ktlo", ("standing-function",)
    if _ensures_duty(head, tokens, index):
        return "ktlo", ("standing-duty",)
    if _KTLO_PHRASE.search(clause):
        return "ktlo", ("business-as-usual",)
    if head is None and _bare_service_level(tokens):
        return "ktlo", ("service-level-noun",)
    if head is not None and _objective_task(head, tokens, index):
        return "task", ("deliverable-verb",)
    if head is None and _deliverable_phrase(tokens):
        return "task", ("deliverable-noun",)
    if head is None and makes_artefact(tokens) and "into" not in tokens:
        return "task", ("deliverable-verb",)
    if head in CHANGE_VERBS:
        return "improvement", ("change-verb",)
    return "improvement", ("end-state",)


def _objective_fix(label: ObjectiveLabel, norm: str, text: str) -> str | None:
    if label == "ktlo":
        return (
            f"'{text.strip()}' keeps things as they are. Track it as a KTLO KPI with a healthy "
            f"range (e.g. {_ktlo_example(norm)}) and alert when it leaves the range; spend "
            "objectives on change."
        )
    if label == "task":
        measure = suggest_rewrite(parse(norm))
        return (
            f"'{text.strip()}' is a project. Make the objective the improvement it serves and keep "
            f"the project as an initiative under it; measure it with a KR such as: {measure}."
        )
    return None

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
    DELIVERY_VERBS,
    DETERMINERS,
    ENABLING_VERBS,
    EVALUATIVE_WORDS,
    KTLO_VERBS,
    SERVICE_LEVEL_NOUNS,
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
    phrase = object_phrase(tokens, index + 1)
    return tuple(t for t in phrase if t not in DETERMINERS)


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
    nouns = [singular(t) for t in obj]
    # "Introduce a better content system" is still a system to build; "Build greater trust",
    # "Provide a great experience" name a quality to reach.
    artefact = bool(nouns) and nouns[-1] in ARTEFACT_NOUNS
    quality = bool(COMPARATIVE.search(" ".join(obj))) or bool(
        set(obj) & (EVALUATIVE_WORDS | {"greater", "stronger", "high"})
    )
    if quality and not artefact or head == "have":
        return False
    if head in {"build", "create", "develop", "establish", "set", "bring", "foster", "lead"}:
        return artefact
    return True


def _deliverable_phrase(tokens: tuple[str, ...]) -> bool:
    """A bare noun phrase naming a thing to make ("Revenue reporting solution"), or opened
    by a participle of work ("Standardised reporting on …"), with no verb of its own."""
    if not tokens or finite_verb(tokens):
        return False
    if leading_participle(tokens):
        return True
    if any(lemma_of(t) for t in tokens[1:]):
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
    if _KTLO_PHRASE.search(clause):
        return "ktlo", ("business-as-usual",)
    if head is None and _bare_service_level(tokens):
        return "ktlo", ("service-level-noun",)
    if head is not None and _objective_task(head, tokens, index):
        return "task", ("deliverable-verb",)
    if head is None and _deliverable_phrase(tokens):
        return "task", ("deliverable-noun",)
    if head is None and makes_artefact(tokens):
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

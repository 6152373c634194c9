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
    VAGUE_HEADS,
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
    is_metric_word,
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
    raw = object_phrase(tokens, index + 1)
    quality = bool(COMPARATIVE.search(" ".join(raw))) or bool(
        set(obj) & (EVALUATIVE_WORDS | {"greater", "stronger", "high"})
    )
    quality = quality or any(_changed(t) for t in raw) or _by_changing(rest)
    if quality and not artefact or head == "have":
        return False
    if head in {"develop", "create", "establish"} and nouns and not artefact:
        # "Develop version control for hardware" is a thing to make; "Develop a culture of
        # assessment", "Develop our leaders" name a state among people.
        return not (set(nouns) & (STATE_NOUNS | PEOPLE_NOUNS | METRIC_NOUNS) or quality)
    if head == "build":
        return artefact or _concrete_thing(tokens, index)
    if head == "set":
        return artefact or _concrete_thing(tokens, index)
    if head in {"bring", "foster", "lead"}:
        return artefact
    return True


def _concrete_thing(tokens: tuple[str, ...], index: int) -> bool:
    """The verb at ``index`` names a concrete thing to make or put in place: its object is a
    noun phrase with no change, quality, comparison or purpose in it ("a campus recreation
    facility", "distribution channels"), headed by no person, metric, service level, obstacle
    or state among people ("trust", "a culture of …")."""
    rest = tokens[index + 1 :]
    if not rest or rest[0] in CLAUSE_STOP:
        return False  # "Iterate on the talent function": no thing made, a way of working
    obj = _objective_object(tokens, index)
    raw = object_phrase(tokens, index + 1)
    words = [t for t in obj if not t.endswith("ly")]  # "frequently", "quarterly"
    nouns = [
        singular(t)
        for t in words
        if not lemma_of(t) or singular(t) in ARTEFACT_NOUNS or t.endswith("ing") and t != obj[-1]
    ]
    if not nouns or len(nouns) != len(words) or is_metric_word(nouns[-1]) or _PRONOUNS & set(obj):
        return False
    if set(raw) & (EVALUATIVE_WORDS | CHANGE_NOUNS | _QUALITY_DETERMINERS):
        return False
    if COMPARATIVE.search(" ".join(raw)) or {"into", "as"} & set(rest):
        return False
    if _MEANS.search(" ".join(rest)):
        return False  # "Stimulate imagination by providing …": the means named, an aim sought
    return nouns[-1] not in (
        STATE_NOUNS
        | PEOPLE_NOUNS
        | SERVICE_LEVEL_NOUNS
        | OBSTACLE_NOUNS
        | _ENGAGED
        | _STANDINGS
        | SERVICE_FUNCTIONS - {"service", "offering", "review"}
    )


# "… by providing …", "… from being abused": a clause of means or prevention after the object.
_MEANS = re.compile(r"\b(?:by|from) (?:\w+ )?\w+ing\b")
# Where an organisation stands, not a thing it makes: "our financial situation", "the market".
_STANDINGS = frozenset({"situation", "position", "health", "standing", "market", "word", "fit"})


_QUALITY_DETERMINERS = frozenset({"more", "better", "fewer", "less"})
_PRONOUNS = frozenset({"ourselves", "themselves", "itself", "us", "them", "it", "we"})
_MAKING_VERBS = frozenset({"build", "create", "develop", "establish", "launch", "design"})


def _changed(token: str) -> bool:
    """A participle of change ("enhanced programming", "increased demand"): a quality asked
    of the object, not a thing to make."""
    lemma = lemma_of(token)
    return token != lemma and lemma in CHANGE_VERBS | {"enhance"} and token.endswith("ed")


def _by_changing(rest: tuple[str, ...]) -> bool:
    """ "Meet the demand … by improving our services": the work is a means to a change."""
    return any(
        word == "by" and following.endswith("ing") and lemma_of(following) in CHANGE_VERBS
        for word, following in zip(rest, rest[1:], strict=False)
    )


# A first word shaped like a verb: a verb ending ("Renovate", "Modularize", "Ratify") or a
# known verb with a prefix of repetition or togetherness ("Relaunch", "Co-create").
_VERB_ENDING = re.compile(r"^[a-z]{2,}(?:ise|ize|ate|ify)$")
_VERB_PREFIX = re.compile(r"^(?:re|co|pre)-?(?P<verb>[a-z]{3,})$")
_OBJECT_OPENERS = frozenset({"a", "an", "the", "our", "their", "its", "my", "your", "this"})


def _unlisted_imperative(tokens: tuple[str, ...]) -> bool:
    """An imperative whose verb the lexicon does not list, told by its shape: a verb-shaped
    first word, or any first word followed straight by a determiner ("Renovate the student
    centre", "Modularize service deployment"), then a concrete thing to make."""
    if len(tokens) < 2 or lemma_of(tokens[0]) or tokens[0].endswith("s"):
        return False
    first = tokens[0]
    prefixed = _VERB_PREFIX.match(first)
    shaped = bool(_VERB_ENDING.match(first)) or bool(prefixed and lemma_of(prefixed["verb"]))
    if not shaped and tokens[1] not in _OBJECT_OPENERS:
        return False
    if is_metric_word(first) or singular(first) in PEOPLE_NOUNS:
        return False
    if singular(first) in ARTEFACT_NOUNS and tokens[1] not in _OBJECT_OPENERS:
        return False  # "Roadmap for 2027" is a noun phrase; "Catalogue the photos" is not
    return _concrete_thing(tokens, 0)


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
    if not tokens or finite_verb(tokens) or "into" in tokens:
        return False
    if len(tokens) > 1 and tokens[1] in _OBJECT_OPENERS:
        return False  # a noun is not followed straight by "the": "Transform the library …"
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


def _coordinated_verbs(tokens: tuple[str, ...], index: int) -> tuple[list[str], int]:
    """The verbs that share the head's object ("Create and deploy an agent platform",
    "Analyse, increase and broaden the user base"), and the index of the last one."""
    verbs = [lemma_of(tokens[index]) or tokens[index]]
    position = index
    while position + 2 < len(tokens) and tokens[position + 1] in {"and", "&", "or"}:
        lemma = lemma_of(tokens[position + 2])
        if lemma is None or lemma != tokens[position + 2]:
            break
        verbs.append(lemma)
        position += 2
    return verbs, position


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
    if head is not None:
        # "Create and deploy an agent platform" reads as its last verb, "Review and maintain
        # the stacks" as keeping them; "Launch and maintain X" still makes X first.
        verbs, last = _coordinated_verbs(tokens, index)
        kept = verbs[-1] in KTLO_VERBS and head not in _MAKING_VERBS
        if head not in CHANGE_VERBS | VAGUE_HEADS and (kept or verbs[-1] in DELIVERY_VERBS):
            head, index = verbs[-1], last
    following = tokens[index + 1 : index + 4]
    grows = any(lemma_of(t) in CHANGE_VERBS - KTLO_VERBS for t in following)
    grows = grows or bool(set(following) & (CHANGE_NOUNS | {"more", "fewer", "less", "better"}))
    kept = {singular(t) for t in object_phrase(tokens, index + 1)}
    if head in KTLO_VERBS and kept & _ONE_OFF_WORK:
        return "task", ("deliverable-noun",)  # "Support the 2.1 upgrade": a project to see through
    if head in KTLO_VERBS and not grows and not kept & CHANGE_NOUNS:
        return "ktlo", ("keep-verb",)
    if head is not None and _provides_function(head, _listed_objects(tokens, index)):
        return "ktlo", ("standing-function",)
    if _ensures_duty(head, tokens, index):
        return "ktlo", ("standing-duty",)
    if _KTLO_PHRASE.search(_main_clause(clause, head)):
        return "ktlo", ("business-as-usual",)
    if head is None and _bare_service_level(tokens):
        return "ktlo", ("service-level-noun",)
    if head is not None and _objective_task(head, tokens, index):
        return "task", ("deliverable-verb",)
    if head is None and _deliverable_phrase(tokens):
        return "task", ("deliverable-noun",)
    if head is None and makes_artefact(tokens) and "into" not in tokens:
        return "task", ("deliverable-verb",)
    if head is None and _unlisted_imperative(tokens):
        return "task", ("deliverable-verb",)
    if head in CHANGE_VERBS:
        return "improvement", ("change-verb",)
    return "improvement", ("end-state",)


# One-off pieces of change work: supporting or keeping one ("support the migration") sees a
# project through, it does not keep business as usual.
_ONE_OFF_WORK = frozenset(
    {"migration", "rollout", "roll-out", "upgrade", "overhaul", "redesign", "rewrite", "launch"}
)

# A purpose after the main clause: "… to sustain the ongoing transformation", "… so that …".
_PURPOSE = re.compile(r"\s(?:in order to|so that|so we|to (?P<verb>[a-z-]+))\b")


def _main_clause(clause: str, head: str | None) -> str:
    """An imperative without the purpose after its object: "Increase digital skills to sustain
    the ongoing transformation" asks for skills, it keeps nothing going."""
    if head is None:
        return clause
    for match in _PURPOSE.finditer(clause):
        if match["verb"] is None or lemma_of(match["verb"]):
            return clause[: match.start()]
    return clause


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

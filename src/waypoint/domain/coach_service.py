"""Service standards: promises to the people a team serves, read as results.

Part of the *Activity-focused* reader of OKR-PRINCIPLES §5 (docs/rules/coach-text.md §1.0). A
service standard names no deliverable: it promises how quickly what others bring in is
handled ("Respond to emails within 5 working days", "Calls answered within 20 seconds"), how
much of the time a service is there for them ("Systems available 99% of the time"), or where
the people served place it ("In the top 3 for user satisfaction"). Each is a level that can
be met or missed, week after week, so it is an outcome however work-like its verb. Pure
Python, standard library only; every regular expression is compiled once at import.
"""

from __future__ import annotations

import re

from waypoint.domain.coach_lexicon import (
    ARTEFACT_NOUNS,
    EFFORT_NOUNS,
    HANDLING_NOUNS,
    HANDLING_VERBS,
    NUMBER_WORDS,
    WORK_NOMINALS,
    singular,
    verb_forms,
)
from waypoint.domain.coach_sentence import NUMBER_TOKEN, Parsed

_HANDLING_FORMS = {form: verb for verb in HANDLING_VERBS for form in verb_forms(verb)} | {
    "paid": "pay",
    "seen": "see",
    "dealt": "handle",
}
_AMOUNT = (
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|\d[\d.,]*)"
)
_UNIT = (
    r"(?:ms|s|secs?|seconds?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|rings?|"
    r"iterations?|releases?|sprints?)"
)
# A limit on how long handling takes: "within 48 hours", "in under a day", "by the end of the
# next working day", "within agreed SLA times". Not a window ("within the last 12 months") and
# not a date ("within Q3").
_TIME_LIMIT = re.compile(
    r"\b(?:within|in under|in less than|in no more than|no later than|inside)\s+"
    r"(?:a maximum of\s+|at most\s+|no more than\s+|less than\s+)?"
    + _AMOUNT
    + r"\s*(?:[a-z]+\s+)?"
    + _UNIT
    + r"\b"
    r"|\bby the end of the (?:next|same|following) (?:working |business )?day\b"
    r"|\b(?:the )?same (?:working |business )?day\b"
    r"|\bwithin (?:the )?(?:defined|agreed|target|published|set) (?:sla|service level|time)"
)

# "… available 99% of the time", "open 95% of advertised opening hours": a share of time.
_SHARE_OF_TIME = re.compile(
    r"\b\d[\d.]*\s*%\s+(?:of\s+)?(?:the\s+|our\s+|all\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:time|hours|days|opening hours|business hours|working hours|year)\b"
)
# "Be in the top 3 of …", "ranked among the top ten", "rated #1 for …": a standing among peers.
_RANKING = re.compile(
    r"\b(?:be|is|are|stay|remain|rank(?:ed|s)?|placed?|finish|come|appear)\s+"
    r"(?:in|among|within|as)?\s*(?:the\s+)?(?:top|best)\s+(?:\d+|three|five|ten|twenty|quartile|"
    r"decile|half)\b"
    r"|\b(?:rank(?:ed|s)?|rated|voted|placed)\s+(?:as\s+)?(?:#|no\.?\s*|number\s+)1\b"
)


def _handles(tokens: tuple[str, ...]) -> bool:
    """Some word of the sentence names handling what others bring in."""
    return any(t in _HANDLING_FORMS or singular(t) in HANDLING_NOUNS for t in tokens)


def _own_effort_counted(tokens: tuple[str, ...]) -> bool:
    """A number of the team's own pieces of work ("Review 5 designs within a week"): effort
    with a deadline, not a service. A share ("95% of calls") counts cases, not effort."""
    work = EFFORT_NOUNS | ARTEFACT_NOUNS | WORK_NOMINALS
    for index, token in enumerate(tokens):
        if token in {"within", "under", "inside"}:
            return False
        if NUMBER_TOKEN.match(token) and not token.endswith("%") or token in NUMBER_WORDS:
            following = [singular(t) for t in tokens[index + 1 : index + 4]]
            if any(t in work for t in following) and "of" not in following:
                return True
    return False


def service_standard(parsed: Parsed) -> str | None:
    """The service-standard shape of a KR, if any: ``handled-in-time``, ``share-of-time`` or
    ``ranking``. A KR whose head verb is work of the team's own choosing ("Schedule …",
    "Migrate …") is not a service standard, however quickly it is done."""
    text, tokens = parsed.text, parsed.tokens
    if _RANKING.search(text):
        return "ranking"
    head = parsed.head
    own_work_head = head is not None and head not in HANDLING_VERBS and head != "ensure"
    if _SHARE_OF_TIME.search(text) and not own_work_head:
        return "share-of-time"
    if own_work_head:
        return None
    if _TIME_LIMIT.search(text) and _handles(tokens) and not _own_effort_counted(tokens):
        return "handled-in-time"
    return None

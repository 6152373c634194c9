"""Suggested outcome KRs for an output: what the work serves, with blanks for the numbers.

OKR-PRINCIPLES §5 asks for a fix with every finding; docs/rules/coach-text.md §5 lists the
themes. Pure Python, standard library only.
"""

from __future__ import annotations

import re

from waypoint.domain.coach_lexicon import (
    FEATURE_VERBS,
    PARTICLES,
    PEOPLE_NOUNS,
    lemma_of,
    singular,
)
from waypoint.domain.coach_sentence import (
    Parsed,
    content_words,
    object_phrase,
)

_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (r"referr", "Increase sign-ups from referrals from __ to __ a month"),
        (
            r"\bblog|\barticle|\bpost\b|\bposts\b|tutorial|newsletter|\bvideo|podcast|content",
            "Grow organic visitors from {thing} from __ to __ a month",
        ),
        (
            r"\btalk|webinar|meetup|conference|\bconf|\bama|hackathon|office hour|\bevent",
            "Grow active community members reached through {thing} from __ to __ a quarter",
        ),
        (
            r"\bhire|\bhiring|recruit|\bengineer|salespe|headcount",
            "Raise the team's delivery capacity: cut lead time from __ to __ days",
        ),
        (
            r"onboarding|\bsetup\b|set up|activation|sign-?up",
            "Increase activation (new accounts reaching first value) from __% to __%",
        ),
        (
            r"\bdoc|guide|handbook|runbook|readme|\bfaq",
            "Cut questions and support tickets about {thing} from __ to __ a month",
        ),
        (
            r"migrat|upgrade|decommission|legacy|\bmove\b",
            "Cut incidents and running cost of {destination} from __ to __ a month",
        ),
        (r"contract|supplier|vendor|procure", "Cut the cost of {thing} from __ to __ a year"),
        (
            r"\btests?\b|\bci\b|\bqa\b|coverage|benchmark",
            "Cut defects that reach production from __ to __ a month",
        ),
        (
            r"interview|survey|feedback|research",
            "Raise customer satisfaction (CSAT) from __ to __ by acting on {thing}",
        ),
        (
            r"pricing|checkout|website|landing|\bpage\b",
            "Raise conversion on {thing} from __% to __%",
        ),
        (
            r"\bcrm\b|sales|proposal|\bcalls?\b|\bdeals?\b|\bleads?\b",
            "Raise the win rate of qualified deals from __% to __%",
        ),
        (
            r"train|workshop|course|mentor",
            "Raise the share of people who meet the skill bar after {thing} from __% to __%",
        ),
        (r"fundrais|donat|campaign|grant", "Grow donations from __ to __ a quarter"),
        (r"contributor|communit|maintainer", "Grow active contributors from __ to __ a month"),
        (r"audit|soc ?2|complian|security|gdpr", "Cut open audit findings from __ to __"),
        (
            r"process|template|policy|norm|role|roadmap|plan\b|strategy",
            "Cut the cycle time of the work that {thing} governs from __ to __ days",
        ),
        (
            r"dashboard|metric|track|monitor|alert",
            "Cut the time to detect problems with {thing} from __ to __ hours",
        ),
    )
)
_ADOPTION_REWRITE = "Increase the share of active users who use {thing} from __% to __%"
_GENERIC_REWRITE = "Move the result {thing} is for (its cost, speed or adoption) from __ to __"
_DESTINATION = re.compile(r"\b(?:to|into|onto) (?:the |a |our )?(?:new )?([\w\s-]+?)(?:$|[,.;(])")


def _thing(parsed: Parsed) -> str:
    """A short noun phrase naming the deliverable, for use inside a rewrite."""
    tokens = parsed.tokens
    if parsed.head is not None:
        start = parsed.head_index + 1
        if start < len(tokens) and tokens[start] in PARTICLES:
            start += 1
        phrase = object_phrase(tokens, start)
    else:
        phrase = _subject_phrase(tokens)
    words = content_words(phrase)[:5]
    if not words or all(singular(w) in PEOPLE_NOUNS for w in words):
        return "the new capability"
    return " ".join(words)


def _subject_phrase(tokens: tuple[str, ...]) -> tuple[str, ...]:
    phrase: list[str] = []
    for token in tokens:
        if token in {"is", "are", "has", "have", "exists", "exist", "can", "will", "gets"}:
            break
        if lemma_of(token) and phrase:
            break
        phrase.append(token)
    return tuple(phrase)


def suggest_rewrite(parsed: Parsed) -> str:
    """Suggest an outcome KR for the result an output serves, with blanks for the numbers."""
    thing = _thing(parsed)
    destination = _DESTINATION.search(parsed.text)
    where = destination.group(1).strip() if destination else thing
    for pattern, template in _REWRITES:
        if pattern.search(parsed.text):
            return template.format(thing=thing, destination=where)
    if parsed.head in FEATURE_VERBS:
        return _ADOPTION_REWRITE.format(thing=thing)
    return _GENERIC_REWRITE.format(thing=thing)

"""Does a key result state a starting value (a baseline) and a target?

Implements the "no baseline or no target" trap of OKR-PRINCIPLES §5; the rules are in
docs/rules/coach-text.md §2–3. Pure Python, standard library only.
"""

from __future__ import annotations

import re

from waypoint.domain.coach_lexicon import (
    NUMBER_WORDS,
    RELATIONAL_VERBS,
    VAGUE_HEADS,
)
from waypoint.domain.coach_sentence import (
    PLACEHOLDER,
    Parsed,
)

_TIME_REFERENCE = re.compile(
    r"\b(?:q[1-4]|h[12]|fy\s?\d{2,4}|(?:19|20)\d\d|\d+(?:st|nd|rd|th))\b|\b\d+-(?:day|week|month|year|hour|minute)\b"
)
# A digit that starts a quantity, not one inside an identifier such as "p95", "v2" or "ipv6".
_DIGIT = re.compile(r"(?<![a-z\d.])\d")
_BASELINE_FROM = re.compile(
    r"\bfrom\s+(?:the\s+|a\s+|our\s+)?(?:current(?:ly)?\s+|present\s+|existing\s+|today'?s?\s+|"
    r"baseline\s+(?:of\s+)?|an?\s+average\s+of\s+|around\s+|about\s+|roughly\s+|"
    r"approx(?:imately|\.)?\s+|~)?(?:level\s+of\s+)?[$£€~]?\d"
)
_BASELINE_MARKER = re.compile(
    r"\b(?:today|currently|current(?:\s+(?:is|level|value|rate))?|baseline(?:\s+(?:is|of))?|"
    r"up from|down from|instead of|vs\.?|versus|compared (?:to|with))\s*[:=]?\s*"
    r"(?:is\s+|at\s+|of\s+)?[$£€~]?\d"
)
_BASELINE_ARROW = re.compile(r"\d[^\s→]*\s*(?:→|->|=>)\s*[$£€~<>≤≥]?\s*\d")
_BASELINE_PAREN = re.compile(
    r"\(\s*(?:today|current|currently|now|baseline|was|from|was at)\b[^)]*\d"
)
COMPARATOR = re.compile(
    r"\b(?:fewer|less|more|greater|higher|lower|longer|shorter) than\b|\bat (?:least|most)\b|"
    r"\bor (?:more|better|higher|less|fewer|lower)\b|"
    r"\b(?:under|below|above|over|within)\s+[$£€~]?\d"
    r"|\b(?:under|below|within|less than) (?:a|an|one) (?:second|minute|hour|day|week|month)\b"
)
_ABSOLUTE = re.compile(
    r"^(?:no|zero|all|every|none|never)\b|\b(?:always|never|every|all|zero|eliminated?)\b"
    r"|\b(?:flat|unchanged)\b"
)
# "Win the city's tender", "Secure a partner in Spain": an end state that is reached or not.
_END_STATE = re.compile(
    r"^(?:win|secure|land|sign|pass|obtain|earn|gain|close)\s+(?:the|a|an|our|[a-z]+'s?)\s"
)
_VAGUE = re.compile(
    r"\b(?:improved|improvements?|enhanced|better|simplified|easily|robust|some|various|"
    r"progress|look into|work on)\b"
)
_SENTENCE_SPLIT = re.compile(r"(?<=[a-z0-9)])[.;]\s+")


# What may follow the number after "from" for it to be a starting value: a unit, a "to …"
# later on, or the end of the clause ("from 5 users" and "from 2024 on" are not baselines).
_FROM_VALUE_TAIL = re.compile(
    r"^[\d,.]*(?:%|k|m|bn|x|h|hrs?|s|ms|pp)?\+?\s*"
    r"(?:$|[,;)(]|(?:[a-z/ ]{0,30}?\s)?(?:to|down to|up to)\s"
    r"|(?:days?|hours?|minutes?|weeks?|months?|seconds?|ms|points?|percent|per|a|an)\b)"
)


def _baseline_from(text: str) -> bool:
    for match in _BASELINE_FROM.finditer(text):
        tail = text[match.end() - 1 :]
        if re.match(r"(?:19|20)\d\d\b", tail) and not re.match(r"\d{4}\s+to\s", tail):
            continue
        if match.group(0)[-2:-1] in "$£€~" or _FROM_VALUE_TAIL.match(tail):
            return True
    return False


def states_baseline(text: str) -> bool:
    return bool(
        _baseline_from(text)
        or _BASELINE_MARKER.search(text)
        or _BASELINE_PAREN.search(text)
        or _BASELINE_ARROW.search(text)
    )


def _has_real_number(text: str, tokens: tuple[str, ...]) -> bool:
    if _DIGIT.search(_TIME_REFERENCE.sub(" ", text)):
        return True
    return any(t in NUMBER_WORDS for t in tokens)


def _is_vague(parsed: Parsed) -> bool:
    """Work with no checkable end: "simplify the release process", "contribute to the SDK"."""
    first_sentence = _SENTENCE_SPLIT.split(parsed.text, maxsplit=1)[0]
    if parsed.head in VAGUE_HEADS or bool(_VAGUE.search(first_sentence)):
        return True
    after = parsed.tokens[parsed.head_index + 1 : parsed.head_index + 2]
    if parsed.head in RELATIONAL_VERBS and after in (("to",), ("with",), ("in",)):
        return True
    return _ongoing_care(parsed.tokens)


# Verbs of ongoing care or of influence: with no amount they name no point at which the work
# is done ("Maintain the build farm", "Socialise the new spec", "Stabilise search in production").
_ONGOING_VERBS = frozenset(
    {
        "maintain",
        "support",
        "socialise",
        "socialize",
        "align",
        "explain",
        "mature",
        "stabilise",
        "stabilize",
        "nurture",
        "champion",
    }
)


def _ongoing_care(tokens: tuple[str, ...]) -> bool:
    """The KR opens with a verb of ongoing care ("Support the design work"), not a noun
    ("Support for signed builds")."""
    first = tokens[0] if tokens else ""
    following = tokens[1] if len(tokens) > 1 else ""
    return first in _ONGOING_VERBS and following not in {"for", "of", "is", "are", "tickets"}


def states_target(parsed: Parsed, is_output: bool) -> bool:
    if PLACEHOLDER.search(parsed.text):
        return False
    if _has_real_number(parsed.text, parsed.tokens) or COMPARATOR.search(parsed.text):
        return True
    if is_output:
        return not _is_vague(parsed)
    head_on = " ".join(parsed.tokens[parsed.head_index :])
    return bool(_ABSOLUTE.search(parsed.text) or _END_STATE.match(head_on))

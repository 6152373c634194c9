"""The shape of an OKR sentence, shared by the coach's text readers: normalised tokens, the
imperative head verb, the object phrase and the noun an amount counts.

Part of the readers for OKR-PRINCIPLES §5 (Diagnosis); see docs/rules/coach-text.md. Pure
Python, standard library only; every regular expression is compiled once at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from waypoint.domain.coach_lexicon import (
    ARTEFACT_NOUNS,
    CLAUSE_STOP,
    DELIVERY_VERBS,
    DETERMINERS,
    EFFORT_NOUNS,
    FILLERS,
    FINITE_MARKERS,
    METRIC_NOUNS,
    NOUN_LIKE_VERBS,
    NUMBER_WORDS,
    PEOPLE_NOUNS,
    PHRASAL_WORK,
    QUANTITY_WORDS,
    UNIT_NOUNS,
    WORK_NOMINALS,
    WORK_REVIEW_KINDS,
    lemma_of,
    singular,
)

_WORD = re.compile(r"[a-z0-9$£€][a-z0-9'\-.,/$£€%+]*[a-z0-9%+]|[a-z0-9%]")
NUMBER_TOKEN = re.compile(r"^[$£€~]?\d[\d,.]*(?:%|k|m|bn|b|x|h|hrs?|s|ms|tb|gb|mb|\+|pp)*\+?$")
PLACEHOLDER = re.compile(
    r"(?<![\w.])(?:[$£€]?[xn]{1,2}|_{2,}|tbd|\?{2,}|#{2,}|\[(?:x|n|number|target|value|tbd)\])"
    r"(?:%|k)?(?![\w\[])"
)
COMPARATIVE = re.compile(
    r"\b(?:faster|slower|shorter|longer|fewer|less|more|higher|lower|cheaper|twice as|"
    r"half as|better|quicker|smaller|larger)\b"
)


@dataclass(frozen=True)
class Parsed:
    """A normalised KR: lower-case text, its tokens, and the imperative head verb if any."""

    text: str
    tokens: tuple[str, ...]
    head: str | None
    head_index: int


def normalise(text: str) -> str:
    """Lower-case text with typographic quotes and dashes made plain and spaces collapsed."""
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-")
    return " ".join(text.lower().split()).strip(" .;:!\"'*-•")


def tokenise(text: str) -> tuple[str, ...]:
    """The words and amounts of normalised text ("$2m", "95%", "sign-up")."""
    return tuple(_WORD.findall(text))


def head_verb(tokens: tuple[str, ...]) -> tuple[str | None, int]:
    """Find the imperative head: the first non-filler token, if it is a known verb.

    A phrasal verb of work ("reach out", "follow up") reads as that work; a perfect tense
    ("we have reduced …") reads as its participle's verb.
    """
    for index, token in enumerate(tokens[:4]):
        if token in FILLERS or token.endswith("ly") and len(token) > 4 and index < 3:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if (token, following) in PHRASAL_WORK:
            return PHRASAL_WORK[(token, following)], index + 1
        lemma = lemma_of(token)
        if lemma == "have" and index + 1 < len(tokens):
            participle = lemma_of(following)
            if participle and following != participle and following.endswith(("ed", "en")):
                return participle, index + 1
        if lemma is None or token.endswith("s") and not token.endswith("ss") and lemma != token:
            return None, index
        if token.endswith("ed") and lemma != token:
            return None, index
        if lemma in NOUN_LIKE_VERBS and _reads_as_noun_phrase(tokens, index):
            return None, index
        return lemma, index
    return None, 0


def _reads_as_noun_phrase(tokens: tuple[str, ...], index: int) -> bool:
    """True for "Lead time …", "Audit logging is …": the verb-like word modifies a noun."""
    following = tokens[index + 1 : index + 5]
    if (
        following
        and following[0] not in DETERMINERS
        and any(t in FINITE_MARKERS for t in following[1:])
    ):
        return True
    phrase: list[str] = []
    for token in tokens[index + 1 :]:
        lemma = lemma_of(token)
        if token in CLAUSE_STOP or token in FINITE_MARKERS or lemma and lemma != token:
            break
        phrase.append(token)
    if not phrase or not is_metric_word(phrase[0]):
        return False
    return is_metric_word(phrase[-1]) and singular(phrase[-1]) not in PEOPLE_NOUNS


# "By the end of 2024, …", "Twice a year, …", "Based on feedback, …": a lead-in before the KR.
_LEAD_IN = re.compile(
    r"^(?:by|in|during|before|after|until|within|throughout|every|each|twice|once|"
    r"based on|starting|from now|this|next|q[1-4]|h[12])\b[^,]{0,40},\s+"
)


def parse(text: str) -> Parsed:
    norm = _LEAD_IN.sub("", normalise(text))
    tokens = tokenise(norm)
    head, index = head_verb(tokens)
    return Parsed(norm, tokens, head, index)


def is_metric_word(token: str) -> bool:
    """True for a word naming a measured quantity ("churn", "nps", "cycle-time")."""
    if "-" in token:
        return any(is_metric_word(part) for part in token.split("-") if part)
    return singular(token) in METRIC_NOUNS or token in {"%", "nps", "csat"}


def object_phrase(tokens: tuple[str, ...], start: int) -> tuple[str, ...]:
    """The noun phrase after ``start``, up to the first preposition or conjunction."""
    phrase: list[str] = []
    for token in tokens[start:]:
        if token in CLAUSE_STOP and phrase:
            break
        phrase.append(token)
    return tuple(phrase)


def content_words(phrase: Iterable[str]) -> list[str]:
    """The words of a phrase without determiners and amounts."""
    return [
        t
        for t in phrase
        if t not in DETERMINERS and not NUMBER_TOKEN.match(t) and t not in NUMBER_WORDS
    ]


def counted_head(tokens: tuple[str, ...]) -> str:
    """The head (last) noun of the phrase after an amount: "100+ blog subscribers" → subscriber."""
    phrase: list[str] = []
    for token in tokens:
        if token in FINITE_MARKERS and phrase:
            break
        if token in {"and", "or", "&"}:
            continue
        if token in CLAUSE_STOP and phrase or lemma_of(token) and token != singular(token) == token:
            break
        if token in {"at", "least", "over", "more", "than"} and not phrase:
            continue
        if lemma_of(token) and phrase and token.endswith(("ed", "en")):
            break
        phrase.append(token)
    nouns = [singular(t) for t in phrase if not _is_quantity(t) and t not in NUMBER_WORDS]
    return nouns[-1] if nouns else ""


def counted_noun(tokens: tuple[str, ...]) -> str | None:
    """The effort, metric or people noun counted by a leading number ("3 mentions …").

    The head of the counted phrase decides ("100 blog subscribers" counts people); failing
    that, the first known noun after the number.
    """
    head = counted_head(tokens)
    if head == "review" and any(t in WORK_REVIEW_KINDS for t in tokens[1:4]):
        return "review-work"
    if head in EFFORT_NOUNS or head in METRIC_NOUNS or head in PEOPLE_NOUNS:
        return head
    for index, token in enumerate(tokens[1:6], start=1):
        noun = singular(token)
        if noun == "review" and tokens[index - 1] in WORK_REVIEW_KINDS:
            return "review-work"
        if noun in EFFORT_NOUNS or noun in METRIC_NOUNS or noun in PEOPLE_NOUNS:
            return noun
    return None


def object_class(rest: tuple[str, ...]) -> str | None:
    """Classify what a change verb acts on by the head (last) noun of its object phrase."""
    start = 0
    phrase = object_phrase(rest, start)
    while phrase and _is_quantity(phrase[-1]) and start + len(phrase) < len(rest):
        start += len(phrase) + 1
        phrase = object_phrase(rest, start)
    head = singular(phrase[-1]) if phrase else ""
    if head in EFFORT_NOUNS and not qualified_as_value(head, phrase):
        return "effort"
    if head in UNIT_NOUNS and quantity_ahead(phrase):
        return "metric"
    if is_metric_word(head) or head in PEOPLE_NOUNS:
        return "metric"
    return first_class(phrase) or first_class(rest)


def object_head(rest: tuple[str, ...]) -> str:
    """The singular head (last) noun of the object phrase that opens ``rest``."""
    phrase = object_phrase(rest, 0)
    return singular(phrase[-1]) if phrase else ""


def _is_quantity(token: str) -> bool:
    return (
        singular(token) in QUANTITY_WORDS or token.endswith("%") or bool(NUMBER_TOKEN.match(token))
    )


def first_class(phrase: Iterable[str]) -> str | None:
    """Classify a phrase by its first noun that is in a lexicon: effort, metric or None."""
    for token in phrase:
        noun = singular(token)
        if noun in EFFORT_NOUNS and not qualified_as_value(token, phrase):
            return "effort"
        if noun in METRIC_NOUNS or noun in PEOPLE_NOUNS or token == "%":
            return "metric"
    return None


def qualified_as_value(token: str, phrase: Iterable[str]) -> bool:
    # "positive reviews" and "customer calls answered" count what others do, not our effort.
    words = set(phrase)
    return bool(words & {"positive", "5-star", "inbound", "organic"})


def quantity_ahead(rest: tuple[str, ...]) -> bool:
    """True when the object starts with an amount ("40 …", "at least 5 …", "a 12% …")."""
    words = [t for t in rest[:4] if t not in DETERMINERS and t not in {"at", "least", "over"}]
    return bool(words) and (
        bool(NUMBER_TOKEN.match(words[0]))
        or words[0] in NUMBER_WORDS
        or bool(PLACEHOLDER.match(words[0]))
    )


def leading_participle(tokens: tuple[str, ...]) -> bool:
    """A noun phrase opened by a participle of work ("Revamped API", "Redesigned signup")."""
    first = tokens[0] if tokens else ""
    lemma = lemma_of(first)
    return first != lemma and lemma in DELIVERY_VERBS | {"simplify"} or first == "simplified"


def work_nominal(tokens: tuple[str, ...]) -> bool:
    """A bare noun phrase headed by a unit of work ("Bitswap improvements around …")."""
    phrase = object_phrase(tokens, 0)
    return bool(phrase) and singular(phrase[-1]) in WORK_NOMINALS and not finite_verb(tokens)


def finite_verb(tokens: tuple[str, ...]) -> bool:
    """True when the sentence has a finite verb of its own ("is", "can", "has", …)."""
    return any(t in FINITE_MARKERS for t in tokens)


def leads_with_count(tokens: tuple[str, ...]) -> bool:
    """True when the sentence opens with an amount ("400 …", "three …", "at least …")."""
    return bool(tokens) and (
        bool(NUMBER_TOKEN.match(tokens[0]))
        or tokens[0] in NUMBER_WORDS
        or tokens[:2] == ("at", "least")
    )


# Words that open an object right after a verb: "Assemble *a* starter kit", "Craft *our* deck".
_OBJECT_OPENERS = frozenset({"a", "an", "the", "our", "their", "its", "my", "your", "this"})


def makes_artefact(tokens: tuple[str, ...]) -> bool:
    """An imperative whose verb the lexicon does not know but whose shape is plain: a bare
    verb, then a determiner, then an artefact or a piece of effort ("Assemble a starter kit",
    "Craft a pitch deck"). A noun does not start a sentence followed straight by "a"/"the".
    """
    if len(tokens) < 3 or lemma_of(tokens[0]) or tokens[1] not in _OBJECT_OPENERS:
        return False
    first = singular(tokens[0])
    if is_metric_word(first) or first in PEOPLE_NOUNS or first in ARTEFACT_NOUNS:
        return False
    phrase: list[str] = []
    for token in tokens[2:]:
        if token in CLAUSE_STOP or lemma_of(token) and phrase:
            break
        phrase.append(singular(token))
    return bool(phrase) and (phrase[-1] in ARTEFACT_NOUNS or phrase[-1] in EFFORT_NOUNS)

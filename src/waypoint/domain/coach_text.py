"""Reading the words of an OKR: is a key result an output, and is an objective a task or KTLO?

Implements OKR-PRINCIPLES §5 (Diagnosis): the *Activity-focused* trap (KRs that are outputs —
ship, launch, write, build, hold N meetings — instead of outcomes; objectives that are really
projects), the "no baseline or no target" trap, and "KTLO work dressed as an objective".

The readers are rules over the *structure* of a sentence rather than word lists alone:

* the grammatical head — an imperative verb of delivery ("launch", "write", "hire") versus a
  verb of change ("increase", "cut", "reach") applied to a measured quantity;
* a declarative predicate — a metric that moves ("churn falls to 3%"), a share of people
  doing something ("60% of trials invite a teammate"), or a capability that now exists
  ("admins can export…", "X is enabled by default", "a runbook exists");
* a counted noun — effort ("posts", "talks", "interviews") versus people or value
  ("sign-ups", "donors", "views").

Pure Python, standard library only; every regular expression is compiled once at import.
The words themselves (verb sets, metric and effort nouns, …) live in ``coach_lexicon``.
See docs/rules/coach-text.md for the rules with worked examples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from waypoint.domain.coach_lexicon import (
    ACQUIRING_VERBS,
    ADOPTION_WORDS,
    ARTEFACT_NOUNS,
    CHANGE_NOUNS,
    CHANGE_VERBS,
    CLAUSE_STOP,
    DEFECT_NOUNS,
    DELIVERY_VERBS,
    DETERMINERS,
    EFFORT_NOUNS,
    ENABLING_VERBS,
    EVALUATIVE_WORDS,
    FEATURE_VERBS,
    FILLERS,
    FINITE_MARKERS,
    INTERNAL_PEOPLE,
    KTLO_VERBS,
    METRIC_NOUNS,
    NOUN_LIKE_VERBS,
    NUMBER_WORDS,
    OBJECT_SENSITIVE_CHANGE,
    PARTICIPLE_IRREGULAR,
    PARTICLES,
    PEOPLE_NOUNS,
    PHRASAL_WORK,
    QUANTITY_WORDS,
    RECEIVED_WORK,
    REDUCING_VERBS,
    ROLE_NOUNS,
    SERVICE_LEVEL_NOUNS,
    STATE_ADJECTIVES,
    UNIT_NOUNS,
    VAGUE_HEADS,
    WORK_NOMINALS,
    WORK_REVIEW_KINDS,
    lemma_of,
    singular,
)

ObjectiveLabel = Literal["improvement", "ktlo", "task"]

# Confidence levels: a reading at or above SURE may become a finding; below it, a question.
SURE = 0.75
CERTAIN = 0.9
UNSURE = 0.5


@dataclass(frozen=True)
class KrReading:
    """How the coach reads one key result (OKR-PRINCIPLES §5, Activity-focused; baseline/target).

    ``is_output`` is true when the KR is met by doing work rather than by changing a result;
    ``signals`` are short machine tags naming the evidence; ``rewrite`` is a suggested outcome
    KR for an output, else ``None``. ``confidence`` (0.0–1.0) says how sure the reading of
    output versus outcome is: only a ``sure`` reading may become a finding, an unsure one is
    asked about instead.
    """

    is_output: bool
    has_baseline: bool
    has_target: bool
    signals: tuple[str, ...]
    rewrite: str | None
    confidence: float = 1.0

    @property
    def sure(self) -> bool:
        """True when the reading is certain enough to be reported as a finding."""
        return self.confidence >= SURE

    @property
    def sure_output(self) -> bool:
        """True for a key result the coach may report as an output."""
        return self.is_output and self.sure


@dataclass(frozen=True)
class ObjectiveReading:
    """How the coach reads one objective (OKR-PRINCIPLES §5: projects and KTLO as objectives).

    ``label`` is ``improvement`` (a change or desired end state), ``task`` (a project or
    deliverable) or ``ktlo`` (keeping business as usual running); ``fix`` suggests what to write
    instead for ``task`` and ``ktlo``, else ``None``. ``confidence`` (0.0–1.0) says how sure
    the label is; only a ``sure`` task or KTLO label may become a finding.
    """

    label: ObjectiveLabel
    signals: tuple[str, ...]
    fix: str | None
    confidence: float = 1.0

    @property
    def sure(self) -> bool:
        """True when the label is certain enough to be reported as a finding."""
        return self.confidence >= SURE


# --- Patterns --------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9$£€][a-z0-9'\-.,/$£€%+]*[a-z0-9%+]|[a-z0-9%]")
_NUMBER_TOKEN = re.compile(r"^[$£€~]?\d[\d,.]*(?:%|k|m|bn|b|x|h|hrs?|s|ms|tb|gb|mb|\+|pp)*\+?$")
_TIME_REFERENCE = re.compile(
    r"\b(?:q[1-4]|h[12]|fy\s?\d{2,4}|(?:19|20)\d\d|\d+(?:st|nd|rd|th))\b|\b\d+-(?:day|week|month|year|hour|minute)\b"
)
# A digit that starts a quantity, not one inside an identifier such as "p95", "v2" or "ipv6".
_DIGIT = re.compile(r"(?<![a-z\d.])\d")
_PLACEHOLDER = re.compile(
    r"(?<![\w.])(?:[$£€]?[xn]{1,2}|_{2,}|tbd|\?{2,}|\[(?:x|n|number|target|value|tbd)\])"
    r"(?:%|k)?(?![\w\[])"
)
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
_COMPARATOR = re.compile(
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
_METHOD = re.compile(
    r"\s(?:by|through|via|thanks to|using|with the help of)\s+(?:\w+ing|the\s+\w+ing|adding|"
    r"launching|shipping|building)\b.*$"
    r"|\s(?:by|through|via)\s+(?:a|an|the|our|new)\s+(?!end\b|the end\b).*$"
)
_SHARE_OF_PEOPLE = re.compile(
    r"(?:\d[\d.,]*\s*%|\d+\s+(?:in|out of)\s+\d+|half|a third|two thirds|majority|most)"
    r"\s+(?:of\s+)?(?:(?:the|our|all|new|active|paying|\w+)\s+){0,4}?(\w+)"
)
_PERCENT_FEEL = re.compile(
    r"\d\s*%\s+(?:feel|say|said|report|agree|rate|recommend|are|would|find|use|return|renew)\b"
)
_TIME_THRESHOLD = re.compile(
    r"\btakes? (?:less|more|under|over|no more|longer)\b|\bwithin \d"
    r"|\b(?:under|below|less than|in under)\s+\d[\d.,]*\s*"
    r"(?:ms|s|secs?|seconds?|minutes?|mins?|hours?|hrs?|days?)\b"
)
_DEFECT_NEGATION = re.compile(r"^(?:no|zero|less than|fewer than|under)\b|\bwithout (?:a|any)\b")
_COMPARATIVE = re.compile(
    r"\b(?:faster|slower|shorter|longer|fewer|less|more|higher|lower|cheaper|twice as|"
    r"half as|better|quicker|smaller|larger)\b"
)
_EXISTENCE = re.compile(
    r"\bexists?\b|^there (?:is|are|will be)\b|\bcan (?:now )?(?!handle|be used|reach)\w+|"
    r"\b(?:has|have) (?:its own|their own|our own|a|an|the|proper|rich|full|tests|documentation)\b"
    r"|\bsupports?\b|\bworking\b|\binterops?\b|\bis an?\b|\bare (?:now )?part of\b"
    r"|\bin place\b|\b(?:is|are) (?:now )?able to\b"
)
# "sick days per head", "tickets per 100 accounts": a rate is a measured quantity.
_RATE_PHRASE = re.compile(r"^[a-z][\w\s-]*\bper (?:head|capita|\d[\d,]*|[a-z]+)\b")
_FASTER_PROCESS = re.compile(
    r"\b\w+ed (?:faster|quicker|sooner|more often|less often|more reliably|on time)\b"
)
_HAS_PARTICIPLE = re.compile(r"\b(?:has|have)\s+(?:[\w-]+\s+){1,4}?(\w+ed)\b")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|gets?|got)\s+(?:now\s+|\w+ly\s+)?(\w+)")
_SENTENCE_SPLIT = re.compile(r"(?<=[a-z0-9)])[.;]\s+")


@dataclass(frozen=True)
class _Parsed:
    """A normalised KR: lower-case text, its tokens, and the imperative head verb if any."""

    text: str
    tokens: tuple[str, ...]
    head: str | None
    head_index: int


def _normalise(text: str) -> str:
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-")
    return " ".join(text.lower().split()).strip(" .;:!\"'*-•")


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


def _head_verb(tokens: tuple[str, ...]) -> tuple[str | None, int]:
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
    if not phrase or not _is_metric_word(phrase[0]):
        return False
    return _is_metric_word(phrase[-1]) and singular(phrase[-1]) not in PEOPLE_NOUNS


# "By the end of 2024, …", "Twice a year, …", "Based on feedback, …": a lead-in before the KR.
_LEAD_IN = re.compile(
    r"^(?:by|in|during|before|after|until|within|throughout|every|each|twice|once|"
    r"based on|starting|from now|this|next|q[1-4]|h[12])\b[^,]{0,40},\s+"
)


def _parse(text: str) -> _Parsed:
    norm = _LEAD_IN.sub("", _normalise(text))
    tokens = _tokens(norm)
    head, index = _head_verb(tokens)
    return _Parsed(norm, tokens, head, index)


def _is_metric_word(token: str) -> bool:
    if "-" in token:
        return any(_is_metric_word(part) for part in token.split("-") if part)
    return singular(token) in METRIC_NOUNS or token in {"%", "nps", "csat"}


def _object_phrase(tokens: tuple[str, ...], start: int) -> tuple[str, ...]:
    """The noun phrase after ``start``, up to the first preposition or conjunction."""
    phrase: list[str] = []
    for token in tokens[start:]:
        if token in CLAUSE_STOP and phrase:
            break
        phrase.append(token)
    return tuple(phrase)


def _content_words(phrase: Iterable[str]) -> list[str]:
    return [
        t
        for t in phrase
        if t not in DETERMINERS and not _NUMBER_TOKEN.match(t) and t not in NUMBER_WORDS
    ]


def _counted_head(tokens: tuple[str, ...]) -> str:
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


def _counted_noun(tokens: tuple[str, ...]) -> str | None:
    """The effort, metric or people noun counted by a leading number ("3 mentions …").

    The head of the counted phrase decides ("100 blog subscribers" counts people); failing
    that, the first known noun after the number.
    """
    head = _counted_head(tokens)
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


def _object_class(rest: tuple[str, ...]) -> str | None:
    """Classify what a change verb acts on by the head (last) noun of its object phrase."""
    start = 0
    phrase = _object_phrase(rest, start)
    while phrase and _is_quantity(phrase[-1]) and start + len(phrase) < len(rest):
        start += len(phrase) + 1
        phrase = _object_phrase(rest, start)
    head = singular(phrase[-1]) if phrase else ""
    if head in EFFORT_NOUNS and not _qualified_as_value(head, phrase):
        return "effort"
    if head in UNIT_NOUNS and _quantity_ahead(phrase):
        return "metric"
    if _is_metric_word(head) or head in PEOPLE_NOUNS:
        return "metric"
    return _first_class(phrase) or _first_class(rest)


def _object_head(rest: tuple[str, ...]) -> str:
    phrase = _object_phrase(rest, 0)
    return singular(phrase[-1]) if phrase else ""


def _is_quantity(token: str) -> bool:
    return (
        singular(token) in QUANTITY_WORDS or token.endswith("%") or bool(_NUMBER_TOKEN.match(token))
    )


def _first_class(phrase: Iterable[str]) -> str | None:
    """Classify a phrase by its first noun that is in a lexicon: effort, metric or None."""
    for token in phrase:
        noun = singular(token)
        if noun in EFFORT_NOUNS and not _qualified_as_value(token, phrase):
            return "effort"
        if noun in METRIC_NOUNS or noun in PEOPLE_NOUNS or token == "%":
            return "metric"
    return None


def _qualified_as_value(token: str, phrase: Iterable[str]) -> bool:
    # "positive reviews" and "customer calls answered" count what others do, not our effort.
    words = set(phrase)
    return bool(words & {"positive", "5-star", "inbound", "organic"})


# --- Baseline and target ---------------------------------------------------------------------


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


def _has_baseline(text: str) -> bool:
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


def _is_vague(parsed: _Parsed) -> bool:
    first_sentence = _SENTENCE_SPLIT.split(parsed.text, maxsplit=1)[0]
    return parsed.head in VAGUE_HEADS or bool(_VAGUE.search(first_sentence))


def _has_target(parsed: _Parsed, is_output: bool) -> bool:
    if _PLACEHOLDER.search(parsed.text):
        return False
    if _has_real_number(parsed.text, parsed.tokens) or _COMPARATOR.search(parsed.text):
        return True
    if is_output:
        return not _is_vague(parsed)
    head_on = " ".join(parsed.tokens[parsed.head_index :])
    return bool(_ABSOLUTE.search(parsed.text) or _END_STATE.match(head_on))


# --- Output versus outcome -------------------------------------------------------------------

_Decision = tuple[bool, tuple[str, ...]]

# The signal a rule adds when its decision is a fallback or a guess: the reading is unsure.
GUESS = "unsure"


def _read_imperative(parsed: _Parsed, baseline: bool) -> _Decision:
    """Decide an imperative KR from its head verb and what the verb acts on."""
    head, tokens = parsed.head, parsed.tokens
    rest = tokens[parsed.head_index + 1 :]
    if head == "ensure":
        return _classify(_parse(" ".join(t for t in rest if t != "that")), baseline)
    kind = _object_class(rest)
    if baseline and not (head in CHANGE_VERBS and kind == "effort" and "%" not in parsed.text):
        return False, ("baseline-metric",)
    if head in {"get", "make"}:
        return _read_get_or_make(rest)
    if head in CHANGE_VERBS:
        if head in OBJECT_SENSITIVE_CHANGE and kind is None and _quantity_ahead(rest):
            kind = "metric"
        if kind == "effort" or head in OBJECT_SENSITIVE_CHANGE and kind is None:
            tag = "effort-count" if kind == "effort" else "improves-artefact"
            return True, ("change-verb", tag)
        if _object_head(rest) in INTERNAL_PEOPLE:
            return True, ("change-verb", "hiring")
        return False, ("change-verb", "metric-change")
    if head in ACQUIRING_VERBS and _quantity_ahead(rest):
        return _read_acquired(rest)
    if head in REDUCING_VERBS and kind == "metric":
        return False, ("change-verb", "metric-change", GUESS)
    if head not in DELIVERY_VERBS and head not in {"measure", "monitor"}:
        return _read_declarative(parsed)
    return True, ("deliverable-verb",)


def _quantity_ahead(rest: tuple[str, ...]) -> bool:
    """True when the object starts with an amount ("40 …", "at least 5 …", "a 12% …")."""
    words = [t for t in rest[:4] if t not in DETERMINERS and t not in {"at", "least", "over"}]
    return bool(words) and (
        bool(_NUMBER_TOKEN.match(words[0]))
        or words[0] in NUMBER_WORDS
        or bool(_PLACEHOLDER.match(words[0]))
    )


def _read_acquired(rest: tuple[str, ...]) -> _Decision:
    """ "Add 40 paying customers", "Have 200 weekly active teams": a count of what is gained.

    People, customers or value gained are a result; effort or artefacts are work; anything
    else is asked about.
    """
    noun = _counted_head(rest)
    if noun in ROLE_NOUNS or {"full-time", "part-time", "full"} & set(rest[:5]):
        return True, ("deliverable-verb", "hiring")
    if noun in EFFORT_NOUNS or noun in ARTEFACT_NOUNS:
        return True, ("deliverable-verb", "effort-count")
    if noun in PEOPLE_NOUNS or noun in METRIC_NOUNS or set(rest) & ADOPTION_WORDS:
        return False, ("counted-result",)
    return True, ("deliverable-verb", GUESS)


def _state_after_make(rest: tuple[str, ...]) -> bool:
    """ "Make the API available", "get X approved": a deliverable brought to a state (not "make
    X the default choice", where the state word belongs to a noun phrase)."""
    for index, token in enumerate(rest[:6]):
        if token in STATE_ADJECTIVES and (index == 0 or rest[index - 1] not in DETERMINERS):
            return True
    return False


def _read_get_or_make(rest: tuple[str, ...]) -> _Decision:
    first = rest[0] if rest else ""
    if first == "to" and len(rest) > 1:
        first = rest[1]
    if first in {"more", "fewer", "less"} or _NUMBER_TOKEN.match(first):
        return False, ("change-verb", "metric-change")
    if {singular(t) for t in rest[:4]} & RECEIVED_WORK:
        return True, ("deliverable-verb",)
    joined = " ".join(rest)
    if _COMPARATIVE.search(" ".join(rest[:4])) and _first_class(rest) or _COMPARATOR.search(joined):
        return False, ("change-verb", "metric-change")
    if _state_after_make(rest) or any(lemma_of(t) in DELIVERY_VERBS for t in rest[:6]):
        return True, ("deliverable-verb",)
    return True, ("deliverable-verb", GUESS)


def _shares_people(text: str) -> bool:
    """True for "60% of trial users …": a share of people whose behaviour is counted."""
    for match in _SHARE_OF_PEOPLE.finditer(text):
        following = _tokens(text[match.start(1) :])[:5]
        if any(singular(t) in PEOPLE_NOUNS for t in following):
            return True
    return False


def _finite_change(tokens: tuple[str, ...]) -> bool:
    """A change verb used as a predicate after a subject ("churn falls", "is increased")."""
    for index, token in enumerate(tokens):
        if index == 0:
            continue
        lemma = lemma_of(token)
        if lemma in CHANGE_VERBS and lemma not in {"sign", "win", "land", "hold", "set"}:
            if token.endswith("ing") or not _has_subject(tokens[:index]):
                continue
            if lemma in OBJECT_SENSITIVE_CHANGE and not any(
                _is_metric_word(t) for t in tokens[:index]
            ):
                continue  # "Docs are kept up to date": an artefact looked after, not a metric
            previous = tokens[index - 1]
            if token != lemma or previous in {"and", "will", "should", "is", "are"}:
                return True
            if previous.endswith("s") and not lemma_of(previous) and previous not in CLAUSE_STOP:
                return True
        if (
            token in {"up", "down"}
            and index + 1 < len(tokens)
            and _NUMBER_TOKEN.match(tokens[index + 1])
        ):
            return True
    return False


def _has_subject(before: tuple[str, ...]) -> bool:
    """True if some word before a verb could be its subject (not just "simplified and")."""
    return any(
        t not in {"and", "or", "&"} and not (t.endswith("ed") and len(t) > 4) for t in before
    )


def _leading_participle(tokens: tuple[str, ...]) -> bool:
    """A noun phrase opened by a participle of work ("Revamped API", "Redesigned signup")."""
    first = tokens[0] if tokens else ""
    lemma = lemma_of(first)
    return first != lemma and lemma in DELIVERY_VERBS | {"simplify"} or first == "simplified"


def _work_nominal(tokens: tuple[str, ...]) -> bool:
    """A bare noun phrase headed by a unit of work ("Bitswap improvements around …")."""
    phrase = _object_phrase(tokens, 0)
    return bool(phrase) and singular(phrase[-1]) in WORK_NOMINALS and not _finite_verb(tokens)


def _finite_verb(tokens: tuple[str, ...]) -> bool:
    return any(t in FINITE_MARKERS for t in tokens)


def _done_statement(tokens: tuple[str, ...]) -> bool:
    """A reduced passive ("Three sessions held", "Database cleaned up"): work reported done."""
    if _finite_verb(tokens):
        return False
    for index, token in enumerate(tokens[1:], start=1):
        lemma = lemma_of(token)
        if token == lemma or lemma not in DELIVERY_VERBS:
            continue
        if token.endswith(("ed", "en")) or token in PARTICIPLE_IRREGULAR:
            return tokens[index - 1] not in DETERMINERS
    return False


def _read_declarative(parsed: _Parsed) -> _Decision:
    """Decide a KR written as a statement or a bare noun phrase."""
    text, tokens = parsed.text, parsed.tokens
    if _shares_people(text) or _PERCENT_FEEL.search(text):
        return False, ("share-of-people",)
    if _STATISTIC.match(text):
        counted = _counted_head(tokens[2:])
        if counted in EFFORT_NOUNS and not _agent_is_people(tokens):
            return True, ("effort-count", GUESS)
        return False, ("metric-noun",)
    if _TIME_THRESHOLD.search(text) and _first_class(tokens) != "effort":
        return False, ("time-threshold",)
    if _DEFECT_NEGATION.search(text) and any(singular(t) in DEFECT_NOUNS for t in tokens):
        return False, ("defect-level",)
    if _leading_participle(tokens) or _work_nominal(tokens):
        return True, ("work-item",)
    if _finite_change(tokens):
        return False, ("metric-change",)
    metric = any(_is_metric_word(t) for t in tokens) or bool(_RATE_PHRASE.search(text))
    if metric and _COMPARATIVE.search(text) or _FASTER_PROCESS.search(text):
        return False, ("metric-comparison",)
    if _ADOPTED_BY_COUNT.search(text) or _agent_is_people(tokens) and _leads_with_count(tokens):
        return False, ("people-acting",)
    if _THERE_ARE_COUNT.match(text):
        return _read_count(tokens[2:]) or (False, ("counted-result", GUESS))
    if _counts_people(tokens):
        return False, ("counted-result",)
    if _capability(text):
        return True, ("capability",)
    if _done_statement(tokens):
        return True, ("done-statement",)
    if _leads_with_count(tokens):
        decision = _read_count(tokens)
        if decision is not None:
            return decision
    people = _people_doing_work(tokens)
    if people is not None:
        return people
    if _people_subject(tokens):
        return False, ("people-acting", GUESS)
    if _object_head(tokens) in EFFORT_NOUNS | ARTEFACT_NOUNS and not _finite_verb(tokens):
        return True, ("work-item",)
    if metric:
        return False, ("metric-noun",)
    if _work_evidence(tokens) and "%" not in text:
        return True, ("no-metric",)
    return True, ("no-metric", GUESS)


# "Number of …", "Median of …", "Average …": a metric named by its statistic.
_STATISTIC = re.compile(
    r"^(?:the\s+)?(?:number|median|average|mean|share|percentage|proportion|amount|total|"
    r"count|ratio)\s+(?:of|number of)\b"
)
# "… is supported by 2+ EHRs", "used by 30 teams": adoption counted by its adopters.
_ADOPTED_BY_COUNT = re.compile(
    r"\b(?:is|are|be|been|being)\s+(?:\w+ly\s+)?\w+(?:ed|en)\s+by\s+"
    r"(?:at least\s+|over\s+|more than\s+|[≥>]\s*)?\d"
)
_THERE_ARE_COUNT = re.compile(r"^there (?:is|are|will be) (?:at least |over |more than )?[$£€]?\d")


def _counts_people(tokens: tuple[str, ...]) -> bool:
    """ "At least four customers are running …", "No tier 1 customers are blocked …": a count
    (or none) of people outside the team, whatever the rest of the sentence says."""
    if not (_leads_with_count(tokens) or tokens[:1] in (("no",), ("zero",))):
        return False
    head = _counted_head(tokens[1:] if tokens[0] in {"no", "zero"} else tokens)
    return head in PEOPLE_NOUNS and head not in INTERNAL_PEOPLE


def _leads_with_count(tokens: tuple[str, ...]) -> bool:
    return bool(tokens) and (
        bool(_NUMBER_TOKEN.match(tokens[0]))
        or tokens[0] in NUMBER_WORDS
        or tokens[:2] == ("at", "least")
    )


def _read_count(tokens: tuple[str, ...]) -> _Decision | None:
    """A statement led by an amount: of effort (work), of people or value (a result)."""
    if tokens and tokens[0][:1] in "$£€":
        return False, ("counted-result",)
    counted = _counted_noun(tokens)
    if (
        counted == "review-work"
        or counted in EFFORT_NOUNS
        and not _qualified_as_value(counted, tokens)
    ):
        return True, ("effort-count",)
    if counted is not None or set(tokens) & ADOPTION_WORDS:
        return False, ("counted-result",)
    if _counted_head(tokens) in ARTEFACT_NOUNS:
        return True, ("effort-count",)
    return None


def _agent_is_people(tokens: tuple[str, ...]) -> bool:
    """A participle whose agent is people outside the team ("opened by referred customers")."""
    for index, token in enumerate(tokens[:-1]):
        if token != "by" or index == 0 or not tokens[index - 1].endswith(("ed", "en")):
            continue
        agent = _counted_head(tokens[index + 1 :])
        if agent in PEOPLE_NOUNS and agent not in INTERNAL_PEOPLE:
            return True
    return False


def _people_subject(tokens: tuple[str, ...]) -> bool:
    """A statement opened by people outside the team ("Shop owners export …"): what they do
    is most likely a result, though the verb is not one the reader knows."""
    for token in tokens[:3]:
        noun = singular(token)
        if token != noun and noun in PEOPLE_NOUNS and noun not in INTERNAL_PEOPLE:
            return len(tokens) > tokens.index(token) + 2
    return False


def _work_evidence(tokens: tuple[str, ...]) -> bool:
    """Some sign that a phrase names work: its head noun is an artefact, effort or unit of
    work, or it opens with a verb-shaped word ("Cultivate …", "Participate in …")."""
    if not tokens:
        return False
    first_phrase = _object_phrase(tokens, 0)
    heads = {singular(first_phrase[-1]) if first_phrase else "", singular(tokens[-1])}
    if heads & (ARTEFACT_NOUNS | EFFORT_NOUNS | WORK_NOMINALS):
        return True
    first = tokens[0] if tokens else ""
    return first.endswith(("ate", "ise", "ize", "ify")) and not _is_metric_word(first)


def _capability(text: str) -> bool:
    if _EXISTENCE.search(text):
        return True
    for match in _HAS_PARTICIPLE.finditer(text):
        if lemma_of(match.group(1)) not in CHANGE_VERBS:
            return True
    for match in _PASSIVE.finditer(text):
        word = match.group(1)
        lemma = lemma_of(word)
        if word in STATE_ADJECTIVES:
            return True
        if word.endswith(("ed", "en")) and lemma not in CHANGE_VERBS:
            return True
    return False


def _people_doing_work(tokens: tuple[str, ...]) -> _Decision | None:
    """People as subject of a delivery verb ("members speak at 10 conferences") is effort by
    the team; customers or users doing something is a result ("5 customers run the importer")."""
    for index, token in enumerate(tokens[1:], start=1):
        lemma = lemma_of(token)
        if lemma is None or token == lemma + "ed":
            continue
        subject = [singular(t) for t in tokens[:index]]
        if any(t in PEOPLE_NOUNS and t not in INTERNAL_PEOPLE for t in subject):
            return False, ("people-acting",)
        internal = any(t in INTERNAL_PEOPLE for t in subject)
        if lemma in DELIVERY_VERBS and internal:
            return True, ("effort-count",)
        if lemma in {"contribute", "speak", "present", "publish", "write", "host"}:
            return True, ("effort-count",) if internal else ("effort-count", GUESS)
    return None


def _classify(parsed: _Parsed, baseline: bool) -> _Decision:
    if parsed.head is not None:
        return _read_imperative(parsed, baseline)
    if baseline:
        return False, ("baseline-metric",)
    return _read_declarative(parsed)


# "… to (collectively) achieve a 15% response rate": work done for a stated, measured result.
_PURPOSE_RESULT = re.compile(
    r"\bto\s+(?:\w+ly\s+)?(?:achieve|reach|hit|drive|increase|reduce|grow|raise|cut|lower)\s+"
    r"(?=[^.;]*\d)"
)


def _purpose_result(text: str) -> str | None:
    """The measured result named after "to achieve …", when it reads as an outcome."""
    match = _PURPOSE_RESULT.search(text)
    if not match or match.start() == 0:
        return None
    return text[match.start() + 3 :]


def _strip_method(text: str) -> tuple[str, bool]:
    """Drop an "… by doing Y" tail: the method does not change what is measured."""
    stripped = _METHOD.sub("", text)
    return stripped, stripped != text


# --- Rewrites --------------------------------------------------------------------------------

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


def _thing(parsed: _Parsed) -> str:
    """A short noun phrase naming the deliverable, for use inside a rewrite."""
    tokens = parsed.tokens
    if parsed.head is not None:
        start = parsed.head_index + 1
        if start < len(tokens) and tokens[start] in PARTICLES:
            start += 1
        phrase = _object_phrase(tokens, start)
    else:
        phrase = _subject_phrase(tokens)
    words = _content_words(phrase)[:5]
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


def _rewrite(parsed: _Parsed) -> str:
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


# --- Public API ------------------------------------------------------------------------------


def read_key_result(text: str) -> KrReading:
    """Read a key result: output or outcome, and whether it states a baseline and a target.

    Implements OKR-PRINCIPLES §5: *Activity-focused* KRs (outputs such as ship, launch, write,
    hire, hold N meetings) and the "no baseline or no target" trap. An output gets a suggested
    outcome rewrite toward what the work serves.
    """
    parsed = _parse(text)
    baseline = _has_baseline(parsed.text)
    core, has_method = _strip_method(parsed.text)
    core_parsed = _parse(core) if has_method else parsed
    is_output, signals = _classify(core_parsed, baseline)
    purpose = _purpose_result(core_parsed.text) if is_output else None
    if purpose is not None and not _classify(_parse(purpose), baseline)[0]:
        is_output, signals, has_method = False, ("metric-change",), True
    if has_method and not is_output:
        signals = (*signals, "outcome-with-method")
    if baseline:
        signals = (*signals, "baseline")
    target = _has_target(parsed, is_output)
    if not target:
        signals = (*signals, "no-target")
    rewrite = _rewrite(core_parsed) if is_output else None
    confidence = UNSURE if GUESS in signals else CERTAIN
    return KrReading(is_output, baseline, target, signals, rewrite, confidence)


def _objective_object(tokens: tuple[str, ...], index: int) -> tuple[str, ...]:
    phrase = _object_phrase(tokens, index + 1)
    return tuple(t for t in phrase if t not in DETERMINERS)


def _objective_task(head: str, tokens: tuple[str, ...], index: int) -> bool:
    """True when an imperative objective names a deliverable rather than a state to reach."""
    obj = _objective_object(tokens, index)
    rest = tokens[index + 1 :]
    if head in {"set", "stand"} and rest[:1] == ("up",):
        return True
    if head == "make" and rest[:1] and rest[0] in {"explicit", "available", "public", "official"}:
        return True
    if _COMPARATIVE.search(" ".join(rest)) and head in {"get", "make", "bring"}:
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
    quality = bool(_COMPARATIVE.search(" ".join(obj))) or bool(
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
    if not tokens or _finite_verb(tokens):
        return False
    if _leading_participle(tokens):
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


def read_objective(text: str) -> ObjectiveReading:
    """Read an objective as an improvement, a task (a project) or KTLO (business as usual).

    Implements OKR-PRINCIPLES §5: objectives that are really projects (*Activity-focused*) and
    "KTLO work dressed as an objective ('maintain…')". ``fix`` says what to write instead.
    """
    norm = _normalise(text)
    clause = norm.split(":", 1)[1].strip() if ":" in norm else norm
    tokens = _tokens(clause)
    head, index = _head_verb(tokens)
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
        measure = _rewrite(_parse(norm))
        return (
            f"'{text.strip()}' is a project. Make the objective the improvement it serves and keep "
            f"the project as an initiative under it; measure it with a KR such as: {measure}."
        )
    return None

"""Output or outcome: is a key result met by doing work or by changing a result?

Implements the *Activity-focused* trap of OKR-PRINCIPLES §5 for key results, by the structure
of the sentence: the imperative head verb and what it acts on, or the shape of a statement (a
metric that moves, a share of people, a capability that now exists, a count of effort or of
people). The rules are in docs/rules/coach-text.md §1. Pure Python, standard library only.
"""

from __future__ import annotations

import re

from waypoint.domain.coach_lexicon import (
    ACQUIRING_VERBS,
    ADOPTION_WORDS,
    ARTEFACT_NOUNS,
    CHANGE_VERBS,
    CLAUSE_STOP,
    DEFECT_NOUNS,
    DELIVERY_VERBS,
    DETERMINERS,
    EFFORT_NOUNS,
    INTERNAL_PEOPLE,
    METRIC_NOUNS,
    NUMBER_WORDS,
    OBJECT_SENSITIVE_CHANGE,
    PARTICIPLE_IRREGULAR,
    PEOPLE_NOUNS,
    RECEIVED_WORK,
    REDUCING_VERBS,
    ROLE_NOUNS,
    STATE_ADJECTIVES,
    VAGUE_HEADS,
    WORK_NOMINALS,
    lemma_of,
    singular,
)
from waypoint.domain.coach_readings import (
    GUESS,
    Decision,
)
from waypoint.domain.coach_sentence import (
    COMPARATIVE,
    NUMBER_TOKEN,
    Parsed,
    counted_head,
    counted_noun,
    finite_verb,
    first_class,
    is_metric_word,
    leading_participle,
    leads_with_count,
    makes_artefact,
    object_class,
    object_head,
    object_phrase,
    parse,
    qualified_as_value,
    quantity_ahead,
    tokenise,
    work_nominal,
)
from waypoint.domain.coach_service import (
    service_standard,
)
from waypoint.domain.coach_targets import (
    COMPARATOR,
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
_EXISTENCE = re.compile(
    r"\bexists?\b|^there (?:is|are|will be)\b|\bcan (?:now )?(?!handle|be used|reach)\w+|"
    r"\b(?:has|have) (?:its own|their own|our own|a|an|the|proper|rich|full|tests|documentation)\b"
    r"|\bsupports?\b|\bworking\b|\binterops?\b|\bis an?\b|\bare (?:now )?part of\b"
    r"|\bin place\b|\b(?:is|are) (?:now )?able to\b"
    r"|^(?!(?:at least\s+|over\s+)?(?:[$£€~]?\d|(?:one|two|three|four|five|six|seven|eight|"
    r"nine|ten|twelve|twenty|a dozen|dozens|hundreds)\b))[^\n]*?[a-z]\s+(?:now\s+)?live"
    r"(?:\s+(?:in|on|for|to|at|across)\b|$)"
)
# "sick days per head", "tickets per 100 accounts": a rate is a measured quantity.
_RATE_PHRASE = re.compile(r"^[a-z][\w\s-]*\bper (?:head|capita|\d[\d,]*|[a-z]+)\b")
_FASTER_PROCESS = re.compile(
    r"\b\w+ed (?:faster|quicker|sooner|more often|less often|more reliably|on time)\b"
)
_HAS_PARTICIPLE = re.compile(r"\b(?:has|have)\s+(?:[\w-]+\s+){1,4}?(\w+ed)\b")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|gets?|got)\s+(?:now\s+|\w+ly\s+)?(\w+)")


# "… at > 95%", "… above 6 a year", "… at or below 2%": a level stated for what is kept.
_AT_LEVEL = re.compile(
    r"\b(?:at|above|below|under|over)\s+(?:or\s+(?:above|below)\s+)?[<>≤≥=]*\s*[$£€~]?\d"
)


# --- Output versus outcome -------------------------------------------------------------------


def _read_imperative(parsed: Parsed, baseline: bool) -> Decision:
    """Decide an imperative KR from its head verb and what the verb acts on."""
    head, tokens = parsed.head, parsed.tokens
    rest = tokens[parsed.head_index + 1 :]
    if head == "ensure":
        return classify_output(parse(" ".join(t for t in rest if t != "that")), baseline)
    kind = object_class(rest)
    if baseline and not (head in CHANGE_VERBS and kind == "effort" and "%" not in parsed.text):
        return False, ("baseline-metric",)
    if head in {"get", "make"}:
        return _read_get_or_make(rest)
    if head in CHANGE_VERBS:
        if (
            head in OBJECT_SENSITIVE_CHANGE
            and kind is None
            and (quantity_ahead(rest) or _AT_LEVEL.search(" ".join(rest)))
        ):
            kind = "metric"  # "Keep stock turnover above 6 a year": a level held
        if kind == "effort" or head in OBJECT_SENSITIVE_CHANGE and kind is None:
            tag = "effort-count" if kind == "effort" else "improves-artefact"
            return True, ("change-verb", tag)
        if object_head(rest) in INTERNAL_PEOPLE and not set(rest[:4]) & ADOPTION_WORDS:
            # "Grow the team to 12" is hiring; "Reach 300 paying teams" counts customers.
            return True, ("change-verb", "hiring")
        return False, ("change-verb", "metric-change")
    if head == "receive" and quantity_ahead(rest):
        # What others send in, counted ("Receive 50 applications"), is a result of the work.
        return False, ("counted-result",)
    if head in ACQUIRING_VERBS and quantity_ahead(rest):
        return _read_acquired(rest)
    if head in REDUCING_VERBS and kind == "metric":
        return False, ("change-verb", "metric-change", GUESS)
    if head in VAGUE_HEADS and head not in DELIVERY_VERBS:
        return _read_reworking(rest, kind)
    if head not in DELIVERY_VERBS and head not in {"measure", "monitor"}:
        return _read_declarative(parsed)
    return True, ("deliverable-verb",)


def _read_reworking(rest: tuple[str, ...], kind: str | None) -> Decision:
    """A verb of reworking ("simplify", "refine", "foster") reads by what it works on: an
    artefact or a way of working is work ("Simplify the release process"), a metric is a
    result ("Optimise page load time"), "more …" or "fewer …" a change asked about."""
    head = object_head(rest)
    if head in ARTEFACT_NOUNS or head in EFFORT_NOUNS or head in WORK_NOMINALS:
        return True, ("improves-artefact",)
    if is_metric_word(head):
        return False, ("change-verb", "metric-change")
    if rest[:1] in (("more",), ("fewer",), ("less",)) or kind == "metric":
        return False, ("change-verb", "metric-change", GUESS)
    return True, ("improves-artefact",)


def _read_acquired(rest: tuple[str, ...]) -> Decision:
    """ "Add 40 paying customers", "Have 200 weekly active teams": a count of what is gained.

    People, customers or value gained are a result; effort or artefacts are work; anything
    else is asked about.
    """
    noun = counted_head(rest)
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


def _read_get_or_make(rest: tuple[str, ...]) -> Decision:
    first = rest[0] if rest else ""
    if first == "to" and len(rest) > 1:
        first = rest[1]
    if first in {"more", "fewer", "less"} or NUMBER_TOKEN.match(first):
        return False, ("change-verb", "metric-change")
    if {singular(t) for t in rest[:4]} & RECEIVED_WORK:
        return True, ("deliverable-verb",)
    joined = " ".join(rest)
    if COMPARATIVE.search(" ".join(rest[:4])) and first_class(rest) or COMPARATOR.search(joined):
        return False, ("change-verb", "metric-change")
    if _state_after_make(rest) or any(lemma_of(t) in DELIVERY_VERBS for t in rest[:6]):
        return True, ("deliverable-verb",)
    return True, ("deliverable-verb", GUESS)


def _shares_people(text: str) -> bool:
    """True for "60% of trial users …": a share of people whose behaviour is counted."""
    for match in _SHARE_OF_PEOPLE.finditer(text):
        following = tokenise(text[match.start(1) :])[:5]
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
                is_metric_word(t) for t in tokens[:index]
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
            and NUMBER_TOKEN.match(tokens[index + 1])
        ):
            return True
    return False


def _has_subject(before: tuple[str, ...]) -> bool:
    """True if some word before a verb could be its subject (not just "simplified and")."""
    return any(
        t not in {"and", "or", "&"} and not (t.endswith("ed") and len(t) > 4) for t in before
    )


def _done_statement(tokens: tuple[str, ...]) -> bool:
    """A reduced passive ("Three sessions held", "Database cleaned up"): work reported done."""
    if finite_verb(tokens):
        return False
    for index, token in enumerate(tokens[1:], start=1):
        lemma = lemma_of(token)
        if token == lemma or lemma not in DELIVERY_VERBS:
            continue
        if token.endswith(("ed", "en")) or token in PARTICIPLE_IRREGULAR:
            return tokens[index - 1] not in DETERMINERS
    return False


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# "… by May 2021", "… by the end of Q3", "… by M36": a due date closing the KR.
_DUE_DATE = re.compile(
    r"\s*\bby\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
    r"(?:" + _MONTH + r"(?:\s+\d{1,2})?(?:,?\s+(?:19|20)\d\d)?|q[1-4](?:\s+(?:19|20)\d\d)?|"
    r"h[12]|m\d{1,3}|(?:19|20)\d\d|fy\s?\d{2,4}|(?:this|next|the)\s+(?:year|quarter|month))"
    r"(?:(?:,|\s+and|\s+or)\s+(?:" + _MONTH + r"\s+)?(?:19|20)\d\d)*\s*$"
)
_PARENTHESES = re.compile(r"\([^)]*\)")


def _deliverable_due(parsed: Parsed) -> bool:
    """A bare noun phrase with a due date and nothing measured ("Metadata framework (WP3) by
    May 2021", "Tenant survey report by the end of Q2"): a deliverable, due on a date. A
    statement (a verb of its own), an amount or a share reads by the other rules."""
    match = _DUE_DATE.search(parsed.text)
    if not match or match.start() == 0:
        return False
    thing = _PARENTHESES.sub(" ", parsed.text[: match.start()])
    tokens = tokenise(thing)
    if not tokens or tokens[0] in {"no", "zero", "all", "every", "each"}:
        return False
    if any(t[:1].isdigit() or t in NUMBER_WORDS or "%" in t for t in tokens):
        return False
    return not finite_verb(tokens) and not _finite_change(tokens) and not _people_subject(tokens)


def _read_declarative(parsed: Parsed) -> Decision:
    """Decide a KR written as a statement or a bare noun phrase."""
    text, tokens = parsed.text, parsed.tokens
    if _shares_people(text) or _PERCENT_FEEL.search(text):
        return False, ("share-of-people",)
    if _deliverable_due(parsed):
        return True, ("deliverable-due",)
    if _STATISTIC.match(text):
        counted = counted_head(tokens[2:])
        if counted in EFFORT_NOUNS and not _agent_is_people(tokens):
            return True, ("effort-count", GUESS)
        return False, ("metric-noun",)
    if _TIME_THRESHOLD.search(text) and first_class(tokens) != "effort":
        return False, ("time-threshold",)
    if _DEFECT_NEGATION.search(text) and any(singular(t) in DEFECT_NOUNS for t in tokens):
        return False, ("defect-level",)
    if leading_participle(tokens) or work_nominal(tokens):
        return True, ("work-item",)
    if makes_artefact(tokens):
        return True, ("deliverable-verb",)
    if _finite_change(tokens):
        return False, ("metric-change",)
    metric = any(is_metric_word(t) for t in tokens) or bool(_RATE_PHRASE.search(text))
    if metric and COMPARATIVE.search(text) or _FASTER_PROCESS.search(text):
        return False, ("metric-comparison",)
    if _ADOPTED_BY_COUNT.search(text) or _agent_is_people(tokens) and leads_with_count(tokens):
        return False, ("people-acting",)
    if _THERE_ARE_COUNT.match(text):
        return _read_count(tokens[2:]) or (False, ("counted-result", GUESS))
    if _counts_people(tokens):
        return False, ("counted-result",)
    if _adopters_counted(text):
        return False, ("adoption",)
    if _capability(text):
        return True, ("capability",)
    if _done_statement(tokens):
        return True, ("done-statement",)
    if leads_with_count(tokens):
        decision = _read_count(tokens)
        if decision is not None:
            return decision
    people = _people_doing_work(tokens)
    if people is not None:
        return people
    if _people_subject(tokens):
        return False, ("people-acting", GUESS)
    if object_head(tokens) in EFFORT_NOUNS | ARTEFACT_NOUNS and not finite_verb(tokens):
        return True, ("work-item",)
    if metric:
        return False, ("metric-noun",)
    if _work_evidence(tokens) and "%" not in text:
        return True, ("no-metric",)
    return True, ("no-metric", GUESS)


# "3 enterprises adopt the new API", "All teams use the incident process": adopters counted.
_ADOPTERS_COUNTED = re.compile(
    r"^(?:all|every|most|(?:at least\s+|over\s+|more than\s+)?[~]?\d[\d,.]*[k+]*|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|a hundred)"
    r"\s+(?P<who>(?:[\w-]+\s+){1,3}?)(?:now\s+|regularly\s+|actively\s+)?"
    r"(?P<verb>adopts?|uses?|runs?|joins?|renews?|upgrades?|switch(?:es)?|chooses?|pays?|buys?|"
    r"returns?|recommends?|subscribes?|installs?|rel(?:y|ies) on|opts? in|stays?|come back)\b"
    r"(?P<what>.*)$"
)


def _adopters_counted(text: str) -> bool:
    """Adopters counted as they take something up, unless the subject is effort or an
    artefact ("All services run on the new cluster") or the team's own people run a piece of
    effort ("Every team runs a retro")."""
    match = _ADOPTERS_COUNTED.match(text)
    if not match:
        return False
    who = singular(tokenise(match.group("who"))[-1])
    if who in EFFORT_NOUNS or who in ARTEFACT_NOUNS or who in WORK_NOMINALS:
        return False
    if who in PEOPLE_NOUNS and leads_with_count(tokenise(text)):
        return False  # a number of people: read as a count (`counted-result`) by the rules after
    effort_object = any(singular(t) in EFFORT_NOUNS for t in tokenise(match.group("what"))[:4])
    return not (who in INTERNAL_PEOPLE and effort_object)


# "Number of …", "Median of …", "Average …": a metric named by its statistic.
_STATISTIC = re.compile(
    r"^(?:the\s+)?(?:number|median|average|mean|share|percentage|proportion|amount|total|"
    r"count|ratio)\s+(?:of|number of)\b|^[#%]\s*(?:of\s+)?[a-z]"
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
    if not (leads_with_count(tokens) or tokens[:1] in (("no",), ("zero",))):
        return False
    head = counted_head(tokens[1:] if tokens[0] in {"no", "zero"} else tokens)
    return head in PEOPLE_NOUNS and head not in INTERNAL_PEOPLE


def _read_count(tokens: tuple[str, ...]) -> Decision | None:
    """A statement led by an amount: of effort (work), of people or value (a result)."""
    if tokens and tokens[0][:1] in "$£€":
        return False, ("counted-result",)
    counted = counted_noun(tokens)
    if (
        counted == "review-work"
        or counted in EFFORT_NOUNS
        and not qualified_as_value(counted, tokens)
    ):
        return True, ("effort-count",)
    if counted is not None or set(tokens) & ADOPTION_WORDS:
        return False, ("counted-result",)
    if counted_head(tokens) in ARTEFACT_NOUNS:
        return True, ("effort-count",)
    return None


def _agent_is_people(tokens: tuple[str, ...]) -> bool:
    """A participle whose agent is people outside the team ("opened by referred customers")."""
    for index, token in enumerate(tokens[:-1]):
        if token != "by" or index == 0 or not tokens[index - 1].endswith(("ed", "en")):
            continue
        agent = counted_head(tokens[index + 1 :])
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
    first_phrase = object_phrase(tokens, 0)
    heads = {singular(first_phrase[-1]) if first_phrase else "", singular(tokens[-1])}
    if heads & (ARTEFACT_NOUNS | EFFORT_NOUNS | WORK_NOMINALS):
        return True
    first = tokens[0] if tokens else ""
    return first.endswith(("ate", "ise", "ize", "ify")) and not is_metric_word(first)


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


def _people_doing_work(tokens: tuple[str, ...]) -> Decision | None:
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


# "Ship 95% of orders within 48 hours": a share of cases meeting a time limit is a service level.
_SHARE_ON_TIME = re.compile(
    r"^(?:[a-z-]+\s+){1,2}(?:at least\s+)?\d[\d.]*\s*%\s+of\s+(?P<what>(?:[\w-]+\s+){1,4}?)"
    r"(?:are\s+|get\s+)?(?:\w+ed\s+)?(?:within|in under|in less than|under)\s+"
    r"(?:a|an|one|\d[\d.]*)\s*"
    r"(?:ms|s|secs?|seconds?|minutes?|mins?|hours?|hrs?|h|days?|business days?|weeks?)\b"
    r"|^(?:[a-z-]+\s+){1,2}\d[\d.]*\s*%\s+of\s+(?P<late>(?:[\w-]+\s+){1,4}?)on time\b"
)


def _service_level(parsed: Parsed) -> bool:
    """A share of cases handled within a time limit, when the cases are not the team's own
    effort ("Answer 90% of support emails within 4 hours", not "Schedule 95% of calls …")."""
    match = _SHARE_ON_TIME.match(parsed.text)
    if not match:
        return False
    cases = tokenise(match.group("what") or match.group("late"))
    work = EFFORT_NOUNS | ARTEFACT_NOUNS | WORK_NOMINALS
    return not any(singular(t) in work for t in cases)


def classify_output(parsed: Parsed, baseline: bool) -> Decision:
    """Decide whether a parsed key result is an output, with the signals that decided."""
    if parsed.head not in CHANGE_VERBS and _service_level(parsed):
        return False, ("service-level",)
    standard = service_standard(parsed)
    if standard is not None:
        return False, ("service-level", standard)
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


def purpose_result(text: str) -> str | None:
    """The measured result named after "to achieve …", when it reads as an outcome."""
    match = _PURPOSE_RESULT.search(text)
    if not match or match.start() == 0:
        return None
    return text[match.start() + 3 :]


def strip_method(text: str) -> tuple[str, bool]:
    """Drop an "… by doing Y" tail: the method does not change what is measured."""
    stripped = _METHOD.sub("", text)
    return stripped, stripped != text

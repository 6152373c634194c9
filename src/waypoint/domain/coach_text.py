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
The words themselves (verb sets, metric and effort nouns, …) live in ``coach_lexicon``; the
rules live in ``coach_sentence`` (the shape of a sentence), ``coach_outputs`` (output or
outcome), ``coach_targets`` (baseline and target), ``coach_rewrites`` (suggested outcome KRs)
and ``coach_objective`` (improvement, task or KTLO). This module is the entry point.
See docs/rules/coach-text.md for the rules with worked examples.
"""

from __future__ import annotations

import re

from waypoint.domain.coach_model import decide, decide_target, kr_probabilities
from waypoint.domain.coach_objective import read_objective
from waypoint.domain.coach_outputs import (
    classify_output,
    purpose_result,
    strip_method,
)
from waypoint.domain.coach_readings import (
    CERTAIN,
    GUESS,
    UNSURE,
    KrReading,
    ObjectiveReading,
)
from waypoint.domain.coach_rewrites import (
    suggest_rewrite,
)
from waypoint.domain.coach_sentence import (
    Parsed,
    parse,
)
from waypoint.domain.coach_targets import (
    states_baseline,
    states_target,
)

__all__ = ["KrReading", "ObjectiveReading", "read_key_result", "read_objective"]


# "Password resets: resolve 95% within a day": a short label in front of the KR itself.
_KR_THEME = re.compile(r"^(?:[a-z&/'-]+\s+){0,4}[a-z&/'-]+:\s+(?=\S)")


def _without_theme(parsed: Parsed) -> str:
    """Leave out a label before a colon when what follows is an imperative ("User training
    sessions: conduct 12 sessions a year"); a label before a statement or a measure ("Email
    uptime: measuring uptime against 99.9%") names the metric and stays part of the KR."""
    match = _KR_THEME.match(parsed.text)
    if not match:
        return parsed.text
    rest = parsed.text[match.end() :]
    head = parse(rest).head
    if head is None or head in {"measure", "monitor", "track"}:
        return parsed.text
    return rest


def read_key_result(text: str) -> KrReading:
    """Read a key result: output or outcome, and whether it states a baseline and a target.

    Implements OKR-PRINCIPLES §5: *Activity-focused* KRs (outputs such as ship, launch, write,
    hire, hold N meetings) and the "no baseline or no target" trap. An output gets a suggested
    outcome rewrite toward what the work serves.

    The rules read the sentence first (``read_key_result_by_rules``); the learned arbiter in
    ``coach_model`` then weighs their reading with the words of the KR and decides output or
    outcome and how sure that is, and whether the KR states a target (docs/rules/coach-text.md
    §8). The baseline stays the rules' reading.
    """
    rules = read_key_result_by_rules(text)
    probability, target_probability = kr_probabilities(text, rules)
    is_output, sure = decide(probability, rules)
    signals = tuple(s for s in rules.signals if s != GUESS)
    signals = (*signals, "model-output" if is_output else "model-outcome")
    if is_output != rules.is_output:
        signals = (*signals, "model-overrules")
    if not sure:
        signals = (*signals, GUESS)
    rewrite = rules.rewrite
    if is_output and rewrite is None:
        core, _ = strip_method(_without_theme(parse(text)))
        rewrite = suggest_rewrite(parse(core))
    if not is_output:
        rewrite = None
    confidence = CERTAIN if sure else UNSURE
    has_target = decide_target(target_probability, rules)
    return KrReading(is_output, rules.has_baseline, has_target, signals, rewrite, confidence)


def read_key_result_by_rules(text: str) -> KrReading:
    """The hand-written rules' reading of a key result, before the learned arbiter weighs it."""
    parsed = parse(text)
    baseline = states_baseline(parsed.text)
    core, has_method = strip_method(_without_theme(parsed))
    core_parsed = parse(core) if core != parsed.text else parsed
    is_output, signals = classify_output(core_parsed, baseline)
    purpose = purpose_result(core_parsed.text) if is_output else None
    if purpose is not None and not classify_output(parse(purpose), baseline)[0]:
        is_output, signals, has_method = False, ("metric-change",), True
    if has_method and not is_output:
        signals = (*signals, "outcome-with-method")
    if baseline:
        signals = (*signals, "baseline")
    target = states_target(parsed, is_output)
    if not target:
        signals = (*signals, "no-target")
    rewrite = suggest_rewrite(core_parsed) if is_output else None
    confidence = UNSURE if GUESS in signals else CERTAIN
    return KrReading(is_output, baseline, target, signals, rewrite, confidence)

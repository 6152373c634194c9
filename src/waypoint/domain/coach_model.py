"""The coach's learned arbiters for a key result: output or outcome, and target or not.

Supports OKR-PRINCIPLES §5 (Diagnosis: the *Activity-focused* trap and the "no baseline or no
target" trap). The hand-written rules in ``coach_outputs`` and ``coach_targets`` read the shape
of a sentence; on text from organisations they were never tuned on they told about one genuine
outcome KR in five that it was activity, and misread one target in five. Each reading is
weighed here by a linear model (logistic regression) over

* the words and word pairs of the text, with numbers reduced to their kind (``<num>``,
  ``<pct>``, ``<money>``), the first word and the first two words;
* character 3- and 4-grams of each word, so that unseen words that look like known ones
  ("listeners", "volunteers", "opened") weigh like them;
* the rules' own reading: their answer, sure or not, and every signal they raised.

The weights are learned with scikit-learn by ``waypoint coach-train`` from the labelled sets
in the repository and stored in ``coach_weights.json`` beside this module; scoring here is a
plain sum of weights (standard library only, no scikit-learn at run time). See
docs/rules/coach-text.md §8 for how the models were measured and how to retrain them.
"""

from __future__ import annotations

import json
import math
from functools import cache
from itertools import repeat
from pathlib import Path

from waypoint.domain.coach_readings import GUESS, KrReading
from waypoint.domain.coach_sentence import NUMBER_TOKEN, normalise, parse, tokenise

WEIGHTS_PATH = Path(__file__).with_name("coach_weights.json")

# The model decides output or outcome when it is at least SURE_AT sure of either; below that
# the rules' side stands, unsure (a question, never a finding). A reading is sure (may become
# a finding) when the model is SURE_AT sure and the rules read the same with evidence; when the
# rules guessed or read the other way, the model must be STRONG_AT sure.
OUTPUT_AT = 0.5
SURE_AT = 0.7
STRONG_AT = 0.9
# The target model decides whether a KR states a target when it is at least TARGET_SURE_AT
# sure of its side; below that the rules' reading stands.
TARGET_SURE_AT = 0.6
CHAR_SIZES = (3, 4)


def _shape(token: str) -> str:
    """A number becomes its kind; any other token stays as it is."""
    if NUMBER_TOKEN.match(token):
        if token.endswith("%"):
            return "<pct>"
        if token[0] in "$£€":
            return "<money>"
        return "<num>"
    return token


def text_features(text: str) -> list[str]:
    """The word, word-pair, position and character features of a KR's text."""
    tokens = [_shape(token) for token in tokenise(normalise(text))]
    if not tokens:
        return ["empty"]
    features = [f"f0:{tokens[0]}", f"len:{min(len(tokens) // 4, 5)}"]
    if len(tokens) > 1:
        features.append(f"f1:{tokens[0]}_{tokens[1]}")
    for index, token in enumerate(tokens):
        features.append(f"w:{token}")
        if index + 1 < len(tokens):
            features.append(f"b:{token}_{tokens[index + 1]}")
        if token[0] == "<":
            continue
        padded = f" {token} "
        for size in CHAR_SIZES:
            features.extend(f"c:{padded[i : i + size]}" for i in range(len(padded) - size + 1))
    return features


def rule_features(text: str, reading: KrReading) -> list[str]:
    """What the hand-written rules read in the KR, as features for the model."""
    features = [
        "r:out" if reading.is_output else "r:outcome",
        "r:sure" if reading.sure else "r:unsure",
        "r:tgt" if reading.has_target else "r:notgt",
        "r:base" if reading.has_baseline else "r:nobase",
        f"h:{parse(text).head}",
    ]
    features.extend(f"s:{signal}" for signal in reading.signals)
    return features


def kr_features(text: str, reading: KrReading) -> list[str]:
    """Every feature the models read for one KR (duplicates count once)."""
    return list(dict.fromkeys(text_features(text) + rule_features(text, reading)))


@cache
def _weights() -> dict:
    return json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))


def score(model: dict, features: list[str]) -> float:
    """The linear score of one model (``intercept`` and ``weights``) over a text's features."""
    weights = model["weights"]
    return model["intercept"] + sum(map(weights.get, features, repeat(0.0, len(features))))


def probability_of(model: dict, features: list[str]) -> float:
    """The logistic probability of one binary model over a text's features."""
    value = score(model, features)
    if value < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-value))


def decide(probability: float, rules: KrReading) -> tuple[bool, bool]:
    """Output or not, and sure or not, from the model's probability and the rules' reading."""
    is_output = probability >= OUTPUT_AT
    certainty = probability if is_output else 1.0 - probability
    if certainty < SURE_AT:  # the model is unsure: the rules' side stands, as a question
        return rules.is_output, False
    agrees = is_output == rules.is_output and GUESS not in rules.signals
    return is_output, certainty >= (SURE_AT if agrees else STRONG_AT)


def decide_target(probability: float, rules: KrReading) -> bool:
    """Whether the KR states a target, from the target model's probability and the rules."""
    if max(probability, 1.0 - probability) < TARGET_SURE_AT:
        return rules.has_target
    return probability >= 0.5


def output_probability(text: str, reading: KrReading) -> float:
    """The model's probability that the KR is an output (work done) rather than an outcome."""
    return probability_of(_weights()["output"], kr_features(text, reading))


def kr_probabilities(text: str, reading: KrReading) -> tuple[float, float]:
    """The probabilities that the KR is an output and that it states a target."""
    features = kr_features(text, reading)
    weights = _weights()
    return probability_of(weights["output"], features), probability_of(weights["target"], features)

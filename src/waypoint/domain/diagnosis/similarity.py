"""A small text similarity for spotting two objectives that pursue the same goal.

Titles are lower-cased and split into words; stop words and the generic verbs every objective
uses ("improve", "increase", "make") are dropped; the rest are lightly stemmed so "onboarding"
and "onboard", "customers" and "customer" meet. Two titles are alike when the Jaccard index
of their word sets reaches ``SAME_GOAL_THRESHOLD`` and they share at least ``MIN_SHARED``
words, so one common word ("customers") is never enough on its own.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)

SAME_GOAL_THRESHOLD = 0.5
MIN_SHARED = 2

_WORD = re.compile(r"[a-z0-9]+")
# Function words and the verbs every objective uses; their stems too, because the filter runs
# again after stemming ("improving" → "improv").
_STOP_TEXT = """
    a an and are as at be by for from in into is it its of on or our so that the their them
    this to we with via all across during about every each new more most less better best
    than very improve increase grow boost reduce cut make ensure deliver drive enable achieve
    become get keep help focus q1 q2 q3 q4 quarter year okr okrs objective goal
    improv increas reduc mak achiev ensur enabl becom
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_PLURAL_ES = ("sses", "xes", "ches", "shes", "zes")
_NOT_PLURAL = ("ss", "us", "is")
_SUFFIXES = ("ation", "ment", "ness", "ing", "ful", "ed", "er", "ly")
_MIN_STEM = 3


def stem(word: str) -> str:
    """Reduce a word to a rough stem: drop a plural ending, then one common suffix.

    Deliberately light ("customers" → "custom", "onboarding" → "onboard", "processes" →
    "process"); it only has to make two phrasings of one goal meet.
    """
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(_PLURAL_ES):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(_NOT_PLURAL) and len(word) > 3:
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def key_words(text: str) -> frozenset[str]:
    """The stemmed content words of ``text``, stop words removed."""
    stems = (stem(word) for word in _WORD.findall(text.lower()) if word not in _STOP_WORDS)
    return frozenset(word for word in stems if word not in _STOP_WORDS)


def jaccard(words_a: frozenset[str], words_b: frozenset[str]) -> float:
    """Jaccard index of two word sets (0.0 when either is empty)."""
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / len(words_a | words_b)


def similarity(a: str, b: str) -> float:
    """Jaccard index of the two texts' content words (0.0 when either has none)."""
    return jaccard(key_words(a), key_words(b))


def same_goal_words(words_a: frozenset[str], words_b: frozenset[str]) -> bool:
    """``same_goal`` for texts already reduced with ``key_words``."""
    return len(words_a & words_b) >= MIN_SHARED and jaccard(words_a, words_b) >= SAME_GOAL_THRESHOLD


def same_goal(a: str, b: str) -> bool:
    """True when two objective titles very probably pursue the same goal."""
    return same_goal_words(key_words(a), key_words(b))


def same_goal_pairs(words: Mapping[Key, frozenset[str]]) -> list[tuple[Key, Key]]:
    """Every pair of keys whose word sets pass ``same_goal_words``, without comparing all pairs.

    A prefix filter (the "all pairs" similarity join): words are ordered rarest first, and the
    sets are taken smallest first. Two sets pass only if they share at least ``required``
    words: at least ``MIN_SHARED``, at least ``t·|x|`` of the larger set x and at least
    ``2t/(1 + t)·|y|`` of the smaller set y (t the threshold; the overlap o of a passing pair
    has o ≥ t·(|x| + |y|)/(1 + t)). The rarest word they share then lies among the larger
    set's first ``|x| − t·|x| + 1`` words and the smaller's first ``|y| − 2t/(1 + t)·|y| + 1``
    words, so each set is indexed by that short prefix and looks up the sets before it by
    its longer one: only sets that meet in a rare word are ever compared, and the comparison
    takes one intersection. Each pair comes back once, as (earlier key, later key), in the
    keys' order.
    """
    t = SAME_GOAL_THRESHOLD
    frequency = Counter(word for group in words.values() for word in group)
    seen: dict[str, list[int]] = defaultdict(list)
    keys = list(words)
    sets = [words[key] for key in keys]
    found: list[tuple[int, int]] = []
    for position in sorted(range(len(sets)), key=lambda i: (len(sets[i]), i)):
        group = sets[position]
        size = len(group)
        rarest_first = sorted(group, key=lambda word: (frequency[word], word))
        probe = max(MIN_SHARED, math.ceil(t * size - 1e-9))
        candidates = {other for word in rarest_first[: size - probe + 1] for other in seen[word]}
        for other in candidates:  # ``same_goal_words``: o ≥ t·(a + b − o), with no union
            shared = len(sets[other] & group)
            if shared >= MIN_SHARED and shared * (1 + t) >= t * (len(sets[other]) + size) - 1e-9:
                found.append((other, position) if other < position else (position, other))
        indexed = max(MIN_SHARED, math.ceil(2 * t / (1 + t) * size - 1e-9))
        for word in rarest_first[: max(0, size - indexed + 1)]:
            seen[word].append(position)
    return [(keys[first], keys[second]) for first, second in sorted(found)]

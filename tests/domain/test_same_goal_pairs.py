"""The fragmentation checks find their candidate pairs with a prefix filter instead of
comparing every pair of objectives: it must find exactly the pairs a comparison of every pair
finds, on any titles, and compare far fewer pairs on an organisation's worth of them."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from waypoint.domain.diagnosis import similarity
from waypoint.domain.diagnosis.similarity import key_words, same_goal_pairs, same_goal_words

VOCABULARY = [f"w{n}" for n in range(14)]
word_sets = st.frozensets(st.sampled_from(VOCABULARY), max_size=8)


def every_pair(words: dict[int, frozenset[str]]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in combinations(words, 2) if same_goal_words(words[a], words[b])]


@settings(max_examples=300)
@given(st.lists(word_sets, max_size=30))
def test_the_prefix_filter_finds_exactly_the_pairs_every_comparison_finds(groups) -> None:
    words = dict(enumerate(groups))
    assert same_goal_pairs(words) == every_pair(words)


def test_pairs_keep_the_keys_and_their_order() -> None:
    titles = {
        30: "Make customer onboarding effortless for new teams",
        10: "Customer onboarding is effortless for every new team",
        20: "Halve the cost of our cloud hosting",
    }
    words = {key: key_words(title) for key, title in titles.items()}
    assert same_goal_pairs(words) == [(30, 10)]


def test_an_organisation_of_titles_is_not_compared_pair_by_pair(monkeypatch) -> None:
    themes = ["onboarding", "checkout", "billing", "search", "hiring", "uptime", "pricing"]
    titles = {
        n: f"{themes[n % 7]} {themes[(n * 3) % 7]} team{n} area{n // 7} customers"
        for n in range(700)
    }
    words = {key: key_words(title) for key, title in titles.items()}
    compared = 0
    real = similarity.same_goal_words

    def counting(a: frozenset[str], b: frozenset[str]) -> bool:
        nonlocal compared
        compared += 1
        return real(a, b)

    monkeypatch.setattr(similarity, "same_goal_words", counting)
    pairs = same_goal_pairs(words)
    monkeypatch.undo()
    assert pairs == every_pair(words)
    every = len(words) * (len(words) - 1) // 2  # 244,650
    assert compared * 3 < every  # even with three common words in every title of five

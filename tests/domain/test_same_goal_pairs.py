"""The fragmentation checks find their candidate pairs with a prefix filter instead of
comparing every pair of objectives: it must find exactly the pairs a comparison of every pair
finds, on any titles, and compare far fewer pairs on an organisation's worth of them."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

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


class Counted(frozenset):
    """A word set that counts the intersections taken with it: one per comparison."""

    taken = 0

    def __and__(self, other: frozenset) -> frozenset:
        Counted.taken += 1
        return frozenset(self).__and__(other)

    __rand__ = __and__


def test_an_organisation_of_titles_is_not_compared_pair_by_pair() -> None:
    themes = ["onboarding", "checkout", "billing", "search", "hiring", "uptime", "pricing"]
    titles = {
        n: f"{themes[n % 7]} {themes[(n * 3) % 7]} team{n} area{n // 7} customers"
        for n in range(700)
    }
    words = {key: Counted(key_words(title)) for key, title in titles.items()}
    Counted.taken = 0
    pairs = same_goal_pairs(words)
    compared = Counted.taken
    assert pairs == every_pair({key: frozenset(group) for key, group in words.items()})
    every = len(words) * (len(words) - 1) // 2  # 244,650
    assert compared > 0 and compared * 3 < every  # even with three common words in every title

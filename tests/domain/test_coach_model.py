"""The coach's learned output-or-outcome arbiter (coach_model) and how it is trained.

The examples are written for these tests in the shapes the rules used to get wrong; none is
an item of a labelled set.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from waypoint import coach_training
from waypoint.domain import coach_model
from waypoint.domain.coach_readings import CERTAIN, GUESS, KrReading
from waypoint.domain.coach_text import read_key_result, read_key_result_by_rules


@pytest.mark.parametrize(
    "text",
    [
        # a delivery-looking verb in front of a measured result
        "Add 25 paying schools in Wales",
        "Get 5 hospital groups live on the booking service",
        "Make sure 90% of refunds reach the customer within a week",
        "Have 120 monthly active clubs",
        # declarative results with no verb or metric word
        "350 weekly active classrooms",
        "Renewals at 95% of plan",
        "Donations up 12% year on year",
        # people doing something, and what they report
        "At least 10 libraries use the catalogue sync every month",
        "Mentors rate the induction 4 of 5 or better",
        # a change verb on a count of people
        "Grow newsletter readers by 30%",
        "Increase repeat volunteers by 20%",
        # guardrails, measured quality, people acting
        "Keep stock availability above 97%",
        "Search results load in under 300 ms for 99% of queries",
        "800 parcels tracked by their recipients",
    ],
)
def test_a_measured_result_is_never_reported_as_work(text: str) -> None:
    assert not read_key_result(text).sure_output


@pytest.mark.parametrize(
    "text",
    [
        "A retention cohort dashboard in place for the product team",
        "Start tracking time to first reply",
        "Write up the migration lessons for the council",
        "Let authors schedule newsletters ahead",
        "8 conference talks in H2",
        "Quorum sync for field teams",
        "Publish 6 case studies",
    ],
)
def test_work_to_do_is_a_sure_output(text: str) -> None:
    reading = read_key_result(text)
    assert reading.sure_output
    assert "model-output" in reading.signals


def _rules(is_output: bool, *signals: str) -> KrReading:
    return KrReading(is_output, False, True, signals, None, CERTAIN)


def test_the_model_decides_when_sure_and_the_rules_agree() -> None:
    assert coach_model.decide(0.8, _rules(True)) == (True, True)
    assert coach_model.decide(0.2, _rules(False)) == (False, True)


def test_an_unsure_model_keeps_the_rules_side_as_a_question() -> None:
    assert coach_model.decide(0.6, _rules(False)) == (False, False)
    assert coach_model.decide(0.4, _rules(True)) == (True, False)


def test_overruling_the_rules_or_a_rules_guess_needs_a_strong_model() -> None:
    assert coach_model.decide(0.8, _rules(False)) == (True, False)
    assert coach_model.decide(0.95, _rules(False)) == (True, True)
    assert coach_model.decide(0.8, _rules(True, GUESS)) == (True, False)
    assert coach_model.decide(0.05, _rules(True, GUESS)) == (False, True)


def test_an_overruled_reading_says_so_and_drops_the_rewrite() -> None:
    text = "Grow newsletter readers by 30%"
    reading = read_key_result(text)
    assert reading.rewrite is None
    assert "model-outcome" in reading.signals
    probability = coach_model.output_probability(text, read_key_result_by_rules(text))
    assert 0.0 <= probability < coach_model.OUTPUT_AT


def test_features_read_words_pairs_characters_and_the_rules() -> None:
    text = "Grow podcast listeners by 25%"
    features = coach_model.kr_features(text, read_key_result_by_rules(text))
    assert {"f0:grow", "w:listeners", "b:by_<pct>", "c: lis", "r:outcome"} <= set(features)
    assert len(features) == len(set(features))
    assert coach_model.text_features("") == ["empty"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "github:spicysoft/jp-www-gitlab-com/okrs.md (mirror of GitLab OKRs)",
            "handbook.gitlab.com/handbook/engineering/okrs",
        ),
        ("https://github.com/ipfs/kubo/OKR.md", "github:ipfs/community/okrs/2019-q1.md"),
        ("https://gov.gitcoin.co/t/2022-roadmap", "https://github.com/gitcoinco/GIPs/gip-3.md"),
        ("https://beta.lambeth.gov.uk/about", "https://www.lambeth.gov.uk/standards"),
    ],
)
def test_one_organisation_is_one_group_whatever_the_address(first: str, second: str) -> None:
    assert coach_training.organisation(first) == coach_training.organisation(second)


def test_different_organisations_on_one_platform_are_different_groups() -> None:
    assert coach_training.organisation("github:nodejs/okrs.md") != coach_training.organisation(
        "github:hackclub/okrs.md"
    )
    assert coach_training.organisation(
        "docs.google.com/document/d/ABC/pub"
    ) != coach_training.organisation("docs.google.com/document/d/XYZ/pub")


def test_training_items_skip_ambiguous_and_repeated_key_results(tmp_path: Path) -> None:
    rows = [
        {"kind": "kr", "text": "Publish 4 posts", "label": "output", "source": "a.org"},
        {"kind": "kr", "text": "publish  4 posts", "label": "output", "source": "b.org"},
        {"kind": "kr", "text": "Maybe", "label": "output", "ambiguous": True, "source": "a"},
        {"kind": "objective", "text": "Delight users", "label": "improvement", "source": "a"},
    ]
    path = tmp_path / "coach_set.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert [item["text"] for item in coach_training.training_items([path])] == ["Publish 4 posts"]


def test_retraining_reproduces_the_stored_weights() -> None:
    trained = coach_training.train()
    assert coach_training.same_weights(trained, coach_training.stored_weights())
    assert len(trained["output"]["weights"]) > 1000
    assert len(trained["target"]["weights"]) > 1000


def test_weights_that_differ_are_told_apart() -> None:
    stored = coach_training.stored_weights()
    assert coach_training.same_weights(stored, stored)
    for name in ("output", "target"):
        model = stored[name]
        changed = {**stored, name: {**model, "weights": {**model["weights"], "w:ship": 9.0}}}
        assert not coach_training.same_weights(changed, stored)
        fewer = {**stored, name: {**model, "weights": dict(list(model["weights"].items())[1:])}}
        assert not coach_training.same_weights(fewer, stored)
    assert not coach_training.same_weights({"model": "x", "output": stored["output"]}, stored)


def _target_rules(has_target: bool) -> KrReading:
    return KrReading(False, False, has_target, (), None, CERTAIN)


def test_a_sure_target_model_decides_whether_a_target_is_stated() -> None:
    assert coach_model.decide_target(0.9, _target_rules(False)) is True
    assert coach_model.decide_target(0.1, _target_rules(True)) is False


def test_an_unsure_target_model_leaves_the_rules_reading() -> None:
    assert coach_model.decide_target(0.55, _target_rules(False)) is False
    assert coach_model.decide_target(0.45, _target_rules(True)) is True


@pytest.mark.parametrize(
    ("text", "has_target"),
    [
        ("Cut median reply time to 4 hours", True),
        ("Ship the volunteer rota page", True),
        ("Grow use of the search page", False),
        ("Win N new enterprise accounts", False),
    ],
)
def test_the_target_reading_follows_the_labelling_guide(text: str, has_target: bool) -> None:
    assert read_key_result(text).has_target is has_target


def test_grouped_cross_validation_scores_every_set_and_the_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        {
            "kind": "kr",
            "text": text,
            "label": label,
            "has_target": label == "output",
            "source": f"org{index % 4}.org",
        }
        for index, (text, label) in enumerate(
            [
                ("Publish 4 posts", "output"),
                ("Ship the export page", "output"),
                ("Run 6 webinars", "output"),
                ("Write 3 guides", "output"),
                ("Grow weekly readers", "outcome"),
                ("Cut churn", "outcome"),
                ("Raise NPS", "outcome"),
                ("More paying teams", "outcome"),
            ]
        )
    ]
    rows.append({"kind": "objective", "text": "Launch the portal", "label": "task", "source": "a"})
    path = tmp_path / "coach_set.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    monkeypatch.setattr(coach_training, "FOLDS", 2)
    lines = coach_training.grouped_cv(coach_training.labelled_items([path]))
    assert lines[0].startswith("9 key results and objectives from 5 organisations")
    assert [line.split()[0] for line in lines[1::2]] == ["coach_set", "all"]
    assert all("objective_accuracy=1.00" in line for line in lines[1:])
    assert all("target_accuracy=" in line and "output_f1=" in line for line in lines[1:])

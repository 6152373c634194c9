"""Training and measuring the coach's learned key-result arbiters (``coach_model``).

``waypoint coach-train`` fits two logistic regressions (scikit-learn), output or outcome and
target or not, on every labelled key result in ``tests/domain/data/coach_*.jsonl`` and writes
their weights to ``src/waypoint/domain/coach_weights.json``; ``waypoint coach-train --cv``
estimates how well the coach does on organisations it has never seen, by grouped
cross-validation: each fold holds out whole organisations (grouped by the item's ``source``),
never a random split, and prints output F1, outcome false-positive rate, objective accuracy
and target accuracy per labelled set and pooled.

scikit-learn is needed only here (a development dependency); the product scores the stored
weights in plain Python. Training is deterministic: the same data gives the same file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from waypoint.domain import coach_model
from waypoint.domain.coach_eval import load_items
from waypoint.domain.coach_text import read_key_result_by_rules, read_objective

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO / "tests" / "domain" / "data"
C = 1.0
# The regularisation of each model (scikit-learn's C: larger fits the training data closer),
# chosen by the grouped cross-validation below.
C_BY_TASK = {"output": C, "target": 0.3}
MIN_COUNT = 2
DECIMALS = 5
FOLDS = 8
SEED = 0
# The newest set of real key results from organisations in no other set, labelled before the
# coach read it, is scored and not trained on: it measures the next change to the coach, once
# before and once after, and joins the training data when a newer one takes its place. Grouped
# cross-validation reads every set, this one too (its organisations are held out in turn).
# Set D (coach_fresh4) stays out as well: trained on, it makes the arbiter unsure of plain
# effort results such as "3 designs created", which then get a question instead of a finding.
NOT_TRAINED_ON = frozenset({"coach_fresh4", "coach_fresh5", "coach_fresh6"})

# Public suffixes and platform hosts: an organisation is named by the label before them.
_SUFFIXES = frozenset(
    {"com", "org", "net", "gov", "uk", "co", "ac", "edu", "io", "us", "ng", "nhs", "au", "ca"}
    | {"de", "eu", "info", "dev", "app", "ai", "ky", "nz", "in"}
)
_PLATFORMS = frozenset({"docs.google.com", "issuu.com", "online.flipbuilder.com", "medium.com"})
# The same organisation published under another name (a mirror, a sister project).
_SAME = {
    "spicysoft": "gitlab",
    "cn": "leeds",
    "mozillafoundation": "mozilla",
    "ipld": "ipfs",
    "libp2p": "ipfs",
}


def organisation(source: str) -> str:
    """The organisation an item comes from, read from its ``source`` (a URL or repository)."""
    text = source.split(" (")[0].strip().lower()
    text = re.sub(r"^https?://", "", text)
    text = re.sub(r"^www\.", "", text)
    if text.startswith("github:"):
        key = text[len("github:") :].split("/")[0].split(":")[0]
    else:
        host, _, path = text.partition("/")
        parts = path.split("/")
        if host == "github.com":
            key = parts[0]
        elif host in _PLATFORMS:
            key = host + "/" + "/".join(parts[:3])
        else:
            labels = [label for label in host.split(".") if label]
            while len(labels) > 1 and labels[-1] in _SUFFIXES:
                labels.pop()
            key = labels[-1] if labels else host
    key = re.sub(r"[^a-z0-9/]", "", key)
    if len(key) > 6:
        key = re.sub(r"(co|io|hq|inc)$", "", key)
    return _SAME.get(key, key)


def labelled_items(paths: Iterable[Path] | None = None) -> list[dict]:
    """Every unambiguous labelled key result and objective, once per text, in a stable order
    (by default from every set trained on)."""
    if paths is None:
        paths = (p for p in DATA_DIR.glob("coach_*.jsonl") if p.stem not in NOT_TRAINED_ON)
    items: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for path in sorted(paths):
        for item in load_items(path):
            key = (item["kind"], " ".join(item["text"].lower().split()))
            if item.get("ambiguous") or key in seen:
                continue
            seen.add(key)
            items.append({**item, "set": path.stem})
    return items


def training_items(paths: Iterable[Path] | None = None) -> list[dict]:
    """Every unambiguous labelled key result, once per text, in a stable order."""
    return [item for item in labelled_items(paths) if item["kind"] == "kr"]


@dataclass(frozen=True)
class Examples:
    """The labelled items with the rules' readings and the features the models read (the
    objectives are read by the rules alone and scored beside the key results)."""

    items: list[dict]
    readings: list
    features: list[list[str]]

    @classmethod
    def of(cls, items: list[dict]) -> Examples:
        readings = [
            read_key_result_by_rules(item["text"])
            if item["kind"] == "kr"
            else read_objective(item["text"])
            for item in items
        ]
        features = [
            coach_model.kr_features(item["text"], reading) if item["kind"] == "kr" else []
            for item, reading in zip(items, readings, strict=True)
        ]
        return cls(items, readings, features)


def _kept(features: list[list[str]]) -> list[dict[str, float]]:
    counts = Counter(feature for row in features for feature in row)
    return [{f: 1.0 for f in row if counts[f] >= MIN_COUNT} for row in features]


def _rounded(value: float) -> float:
    return round(float(value), DECIMALS)


def _linear(names, coefficients, intercept: float) -> dict:
    weights = {
        name: _rounded(weight)
        for name, weight in zip(names, coefficients, strict=True)
        if _rounded(weight) != 0.0
    }
    return {"intercept": _rounded(intercept), "weights": dict(sorted(weights.items()))}


def fit(features: list[list[str]], labels: list[bool], c: float = C) -> dict:
    """Fit one binary model on rows of features (kept when seen at least twice): its
    ``intercept`` and ``weights``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = DictVectorizer(sort=True)
    matrix = vectoriser.fit_transform(_kept(features))
    model = LogisticRegression(
        C=c, class_weight="balanced", max_iter=5000, tol=1e-8, random_state=SEED
    )
    model.fit(matrix, labels)
    names = vectoriser.get_feature_names_out()
    return _linear(names, model.coef_[0], model.intercept_[0])


def _rows(examples: Examples, task: str, within: Iterable[int]) -> list[int]:
    """The rows a model learns from: key results (for targets, those labelled with one)."""
    return [
        i
        for i in within
        if examples.items[i]["kind"] == "kr"
        and (task == "output" or "has_target" in examples.items[i])
    ]


def _label(item: dict, task: str) -> bool:
    return item["label"] == "output" if task == "output" else bool(item["has_target"])


def fit_all(examples: Examples, within: Iterable[int] | None = None) -> dict:
    """Fit both models on the given rows (all by default): the weights file's content."""
    within = range(len(examples.items)) if within is None else list(within)
    trained: dict = {"model": "logistic regression (waypoint coach-train)"}
    for task in ("output", "target"):
        rows = _rows(examples, task, within)
        trained[task] = fit(
            [examples.features[i] for i in rows],
            [_label(examples.items[i], task) for i in rows],
            C_BY_TASK[task],
        )
    return trained


def train(items: list[dict] | None = None) -> dict:
    """Train both models on every labelled key result and return the weights file's content."""
    return fit_all(Examples.of(labelled_items() if items is None else items))


def write_weights(trained: dict, path: Path = coach_model.WEIGHTS_PATH) -> None:
    """Write the weights file (sorted keys, one weight per line, so diffs stay readable)."""
    path.write_text(json.dumps(trained, indent=0, sort_keys=True) + "\n", encoding="utf-8")


@dataclass
class _Tally:
    """Counts behind one line of scores."""

    cells: Counter = field(default_factory=Counter)

    def kr(self, expected_output: bool, flagged: bool) -> None:
        self.cells[("t" if expected_output == flagged else "f") + ("p" if flagged else "n")] += 1

    def line(self) -> str:
        c = self.cells
        tp, fp, fn, tn = c["tp"], c["fp"], c["fn"], c["tn"]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        fpr = fp / (fp + tn) if fp + tn else 0.0
        objective = c["obj_right"] / c["obj"] if c["obj"] else 0.0
        target = c["tgt_right"] / c["tgt"] if c["tgt"] else 0.0
        return (
            f"output_f1={f1:.2f} outcome_fpr={fpr:.2f} objective_accuracy={objective:.2f} "
            f"target_accuracy={target:.2f} (P {precision:.2f}, R {recall:.2f}; "
            f"{tp + fp + fn + tn} KRs, {c['obj']} objectives)"
        )


def _score(tally: _Tally, item: dict, output: bool, target: bool | None, label: str) -> None:
    if item["kind"] == "objective":
        tally.cells["obj"] += 1
        tally.cells["obj_right"] += label == item["label"]
        return
    tally.kr(item["label"] == "output", output)
    if "has_target" in item and target is not None:
        tally.cells["tgt"] += 1
        tally.cells["tgt_right"] += target == bool(item["has_target"])


def _held_out(examples: Examples, trained: dict, i: int) -> tuple[bool, bool | None, str]:
    """What the models trained without row ``i``'s organisation read in it, as a finding
    (an objective is read by the rules)."""
    row, reading = examples.features[i], examples.readings[i]
    if examples.items[i]["kind"] == "objective":
        return _by_rules(examples, i)
    probability = coach_model.probability_of(trained["output"], row)
    is_output, sure = coach_model.decide(probability, reading)
    target = coach_model.decide_target(coach_model.probability_of(trained["target"], row), reading)
    return is_output and sure, target, ""


def _by_rules(examples: Examples, i: int) -> tuple[bool, bool | None, str]:
    reading = examples.readings[i]
    if examples.items[i]["kind"] == "objective":
        return False, None, reading.label if reading.sure else "improvement"
    return reading.sure_output, reading.has_target, ""


def grouped_cv(items: list[dict] | None = None) -> list[str]:
    """Grouped cross-validation of rules and arbiters: lines of per-set and pooled scores.

    Each fold holds out whole organisations; the models are trained on the other folds and read
    the held-out organisations' key results. Objectives are scored too (by the rules, which
    learn nothing here), so that each line carries all four figures."""
    from sklearn.model_selection import GroupKFold

    if items is None:
        items = labelled_items(DATA_DIR.glob("coach_*.jsonl"))
    examples = Examples.of(items)
    groups = [organisation(item["source"]) for item in examples.items]
    held_out: dict[int, tuple[bool, bool | None, str]] = {}
    splitter = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train_rows, test_rows in splitter.split(examples.features, groups=groups):
        trained = fit_all(examples, train_rows)
        for i in test_rows:
            held_out[i] = _held_out(examples, trained, i)
    lines = [
        f"{len(examples.items)} key results and objectives from {len(set(groups))} "
        f"organisations, {FOLDS} folds holding out whole organisations"
    ]
    names = sorted({item["set"] for item in examples.items}) + ["all"]
    for name in names:
        rules, models = _Tally(), _Tally()
        for i, item in enumerate(examples.items):
            if name in ("all", item["set"]):
                _score(rules, item, *_by_rules(examples, i))
                _score(models, item, *held_out[i])
        lines.append(f"{name:<16} rules    {rules.line()}")
        lines.append(f"{'':<16} held-out {models.line()}")
    return lines


WEIGHTS_FILE = coach_model.WEIGHTS_PATH


def stored_weights() -> dict:
    """The weights file the product scores with."""
    return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))


def same_weights(first: dict, second: dict, tolerance: float = 1e-4) -> bool:
    """True when two weight sets have the same models, features and weights within
    ``tolerance`` (descriptions aside)."""
    if "weights" in first:
        if "weights" not in second or first["weights"].keys() != second["weights"].keys():
            return False
        if abs(first["intercept"] - second["intercept"]) > tolerance:
            return False
        return all(
            abs(weight - second["weights"][name]) <= tolerance
            for name, weight in first["weights"].items()
        )
    models = {key for key, value in first.items() if isinstance(value, dict)}
    if models != {key for key, value in second.items() if isinstance(value, dict)}:
        return False
    return all(same_weights(first[key], second[key], tolerance) for key in models)

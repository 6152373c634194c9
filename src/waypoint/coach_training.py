"""Training and measuring the coach's learned output-or-outcome arbiter (``coach_model``).

``waypoint coach-train`` fits a logistic regression (scikit-learn) on every labelled key result
in ``tests/domain/data/coach_*.jsonl`` and writes its weights to
``src/waypoint/domain/coach_weights.json``; ``waypoint coach-train --cv`` estimates how well
the arbiter does on organisations it has never seen, by grouped cross-validation: each fold
holds out whole organisations (grouped by the item's ``source``), never a random split.

scikit-learn is needed only here (a development dependency); the product scores the stored
weights in plain Python. Training is deterministic: the same data gives the same file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from waypoint.domain import coach_model
from waypoint.domain.coach_eval import load_items
from waypoint.domain.coach_text import read_key_result_by_rules

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO / "tests" / "domain" / "data"
C = 1.0
MIN_COUNT = 2
DECIMALS = 5
FOLDS = 8
SEED = 0
# The newest set of real key results from organisations in no other set, labelled before the
# coach read it, is scored and not trained on: it measures the next change to the coach, once
# before and once after, and joins the training data when a newer one takes its place.
NOT_TRAINED_ON = {"coach_fresh4"}

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


def training_items(paths: Iterable[Path] | None = None) -> list[dict]:
    """Every unambiguous labelled key result, once per text, in a stable order."""
    if paths is None:
        paths = (p for p in DATA_DIR.glob("coach_*.jsonl") if p.stem not in NOT_TRAINED_ON)
    chosen = sorted(paths)
    items: list[dict] = []
    seen: set[str] = set()
    for path in chosen:
        for item in load_items(path):
            key = " ".join(item["text"].lower().split())
            if item["kind"] != "kr" or item.get("ambiguous") or key in seen:
                continue
            seen.add(key)
            items.append({**item, "set": path.stem})
    return items


def _features(items: list[dict]) -> list[list[str]]:
    return [
        coach_model.kr_features(item["text"], read_key_result_by_rules(item["text"]))
        for item in items
    ]


def fit(features: list[list[str]], labels: list[bool]) -> dict:
    """Fit the arbiter; returns the weights file's content (features seen at least twice)."""
    from collections import Counter

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(feature for row in features for feature in row)
    kept = [{f: 1.0 for f in row if counts[f] >= MIN_COUNT} for row in features]
    vectoriser = DictVectorizer(sort=True)
    matrix = vectoriser.fit_transform(kept)
    model = LogisticRegression(
        C=C, class_weight="balanced", max_iter=5000, tol=1e-8, random_state=SEED
    )
    model.fit(matrix, labels)
    weights = {
        name: round(float(weight), DECIMALS)
        for name, weight in zip(vectoriser.get_feature_names_out(), model.coef_[0], strict=True)
        if round(float(weight), DECIMALS) != 0.0
    }
    return {
        "model": "logistic regression, output vs outcome (waypoint coach-train)",
        "intercept": round(float(model.intercept_[0]), DECIMALS),
        "weights": dict(sorted(weights.items())),
    }


def _probability(trained: dict, row: list[str]) -> float:
    import math

    score = trained["intercept"] + sum(trained["weights"].get(f, 0.0) for f in row)
    return 1.0 / (1.0 + math.exp(-max(score, -30.0)))


def train(items: list[dict] | None = None) -> dict:
    """Train on every labelled key result and return the weights file's content."""
    items = training_items() if items is None else items
    return fit(_features(items), [item["label"] == "output" for item in items])


def write_weights(trained: dict, path: Path = coach_model.WEIGHTS_PATH) -> None:
    """Write the weights file (sorted keys, one weight per line, so diffs stay readable)."""
    path.write_text(json.dumps(trained, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def _cell_counts(pairs: Iterable[tuple[bool, bool]]) -> dict[str, int]:
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for expected, flagged in pairs:
        counts[("t" if expected == flagged else "f") + ("p" if flagged else "n")] += 1
    return counts


def _scores(counts: dict[str, int]) -> str:
    tp, fp, fn, tn = counts["tp"], counts["fp"], counts["fn"], counts["tn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    fpr = fp / (fp + tn) if fp + tn else 0.0
    return f"output_f1={f1:.2f} outcome_fpr={fpr:.2f} (P {precision:.2f}, R {recall:.2f})"


def grouped_cv(items: list[dict] | None = None) -> list[str]:
    """Grouped cross-validation of rules and arbiter: lines of per-set and pooled scores."""
    from sklearn.model_selection import GroupKFold

    items = training_items() if items is None else items
    features = _features(items)
    labels = [item["label"] == "output" for item in items]
    groups = [organisation(item["source"]) for item in items]
    rule_readings = [read_key_result_by_rules(item["text"]) for item in items]
    flagged_model = [False] * len(items)
    splitter = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train_rows, test_rows in splitter.split(features, labels, groups):
        trained = fit([features[i] for i in train_rows], [labels[i] for i in train_rows])
        for i in test_rows:
            probability = _probability(trained, features[i])
            is_output, sure = coach_model.decide(probability, rule_readings[i])
            flagged_model[i] = is_output and sure
    flagged_rules = [reading.sure_output for reading in rule_readings]
    lines = [
        f"{len(items)} key results from {len(set(groups))} organisations, "
        f"{FOLDS} folds holding out whole organisations"
    ]
    for name in sorted({item["set"] for item in items}) + ["all"]:
        rows = [i for i, item in enumerate(items) if name in ("all", item["set"])]
        rules = _cell_counts((labels[i], flagged_rules[i]) for i in rows)
        model = _cell_counts((labels[i], flagged_model[i]) for i in rows)
        lines.append(f"{name:<16} rules   {_scores(rules)}")
        lines.append(f"{'':<16} held-out arbiter {_scores(model)}")
    return lines


WEIGHTS_FILE = coach_model.WEIGHTS_PATH


def stored_weights() -> dict:
    """The weights file the product scores with."""
    return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))


def same_weights(first: dict, second: dict, tolerance: float = 1e-4) -> bool:
    """True when two weight sets have the same features and weights within ``tolerance``."""
    if first["weights"].keys() != second["weights"].keys():
        return False
    if abs(first["intercept"] - second["intercept"]) > tolerance:
        return False
    return all(
        abs(weight - second["weights"][name]) <= tolerance
        for name, weight in first["weights"].items()
    )

"""How the coach's families and levels read on the pages."""

FAMILY_LABELS = {
    "big": "Big",
    "activity": "Activity-focused",
    "disconnected": "Disconnected",
    "baseline": "Baseline / target",
    "ktlo": "Keep-the-lights-on",
    "set_and_forget": "Set and forget",
    "over_commitment": "Over-commitment",
    "sandbagging": "Sandbagging",
    "individuals": "Individuals in the cascade",
}
LEVEL_LABELS = {
    "team": "Team",
    "product_leadership": "Product leadership",
    "senior_management": "Senior management",
}

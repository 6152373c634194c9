"""The generated agenda of the weekly meeting."""

from __future__ import annotations

from datetime import datetime

import pytest

from waypoint.domain import agenda as da

WHEN = datetime(2026, 12, 7, 9, 30)


def kr(
    id: int,
    pace: str = "on_track",
    confidence: int | None = 7,
    note: str = "",
    progress: float = 0.5,
) -> da.KrInput:
    return da.KrInput(id, f"KR {id}", "Objective", pace, progress, 0.5, confidence, note, "Bob")


def build(**kwargs) -> da.Agenda:
    return da.build_agenda(title="Weekly — Checkout", when=WHEN, minutes=60, **kwargs)


def test_off_track_then_low_confidence_then_help_wanted_come_first() -> None:
    agenda = build(
        key_results=[
            kr(1),
            kr(2, note="We need help from the payments team"),
            kr(3, confidence=3),
            kr(4, pace="off_track", progress=0.1),
            kr(5, pace="at_risk"),
        ]
    )
    tracking = agenda.sections[0]
    assert [e.ref for e in tracking.entries] == [4, 3, 2, 5, 1]
    assert [e.flag for e in tracking.entries] == [
        "off_track",
        "low_confidence",
        "asks_help",
        "",
        "",
    ]
    assert (
        "asks for support (Bob): “We need help from the payments team”"
        in tracking.entries[2].detail
    )


@pytest.mark.parametrize(
    ("note", "asks"),
    [
        ("Blocked on legal review", True),
        ("waiting for design", True),
        ("Shipped the test", False),
        ("", False),
    ],
)
def test_asks_for_help(note: str, asks: bool) -> None:
    assert da.asks_for_help(note) is asks


@pytest.mark.parametrize(
    ("value", "low", "high", "out"),
    [
        (0.5, None, 1.0, False),
        (1.2, None, 1.0, True),
        (99.95, 99.9, None, False),
        (99.1, 99.9, None, True),
        (5, 2, 8, False),
        (9, 2, 8, True),
        (None, 2, 8, False),
        (8, 2, 8, False),
    ],
)
def test_kpis_out_of_their_healthy_range(value, low, high, out: bool) -> None:
    kpi = da.KpiInput(1, "Error rate", value, low, high, "%")
    assert da.out_of_range(kpi) is out
    agenda = build(key_results=[], kpis=[kpi])
    assert len(agenda.sections[3].entries) == (1 if out else 0)


def test_the_standing_sections_share_the_meeting() -> None:
    agenda = build(key_results=[])
    assert [s.key for s in agenda.sections] == [
        "tracking",
        "hot_topics",
        "parking_lot",
        "kpis",
        "commitments",
    ]
    assert [s.minutes for s in agenda.sections] == [24, 15, 6, 6, 6]
    assert sum(s.minutes for s in agenda.sections) <= agenda.minutes


def test_markdown_lists_every_section_with_empty_states_and_escapes_text() -> None:
    agenda = build(
        key_results=[kr(1, pace="off_track")],
        hot_topics=[da.Entry("Pricing *test*", "added by Alice")],
        kpis=[da.KpiInput(1, "Error rate", 1.4, None, 1.0, "%")],
    )
    text = da.to_markdown(agenda)
    assert text.startswith("# Weekly — Checkout\n\nMonday 07 December 2026, 09:30 · 60 minutes\n")
    assert "## 1. OKR tracking and support (24 min)" in text
    assert "- **KR 1** ⚠ — 50% (expected 50%)" in text
    assert "- **Pricing \\*test\\*** — added by Alice" in text
    assert "- **Error rate** ⚠ — now 1.4 %, healthy ≤ 1 %" in text
    assert "_The backlog is empty._" in text


@pytest.mark.parametrize(
    ("value", "low", "high", "target"),
    [
        (1.4, None, 1.0, 1.0),
        (99.1, 99.9, None, 99.9),
        (0.5, None, 1.0, None),
        (None, 1, 2, None),
        (0.5, 1, 2, 1),
    ],
)
def test_recovery_target(value, low, high, target) -> None:
    assert da.recovery_target(da.KpiInput(1, "k", value, low, high)) == target


@pytest.mark.parametrize(
    ("statuses", "slipping"),
    [
        (["cancelled", "cancelled", "held"], True),
        (["delayed", "cancelled"], True),
        (["cancelled", "held", "cancelled"], False),
        (["held", "cancelled", "cancelled"], False),
        ([], False),
    ],
)
def test_slipping_rhythm(statuses: list[str], slipping: bool) -> None:
    assert da.slipping_rhythm(statuses) is slipping


def test_a_frozen_agenda_reads_back_exactly_as_it_was_stored() -> None:
    """A held meeting's agenda is stored as JSON data and read back unchanged; its Markdown
    says when it was frozen."""
    import json
    from dataclasses import replace

    agenda = build(
        key_results=[kr(1, "off_track", 2, note="Blocked on the API key")],
        hot_topics=[da.Entry("On-call cover", "added by Tom", "agenda_item", 7)],
    )
    held = replace(agenda, held_at=datetime(2026, 3, 2, 10, 35))
    stored = json.loads(json.dumps(da.to_data(held)))
    assert da.from_data(stored) == held
    assert "_As it stood when the meeting was held (02 March 2026, 10:35)._" in da.to_markdown(
        da.from_data(stored)
    )
    assert "As it stood" not in da.to_markdown(agenda)

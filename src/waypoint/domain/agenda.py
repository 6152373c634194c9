"""The weekly meeting's agenda, generated from the team's own OKRs, KPIs, backlog and
commitments (OKR-PRINCIPLES §4 Cadence: the weekly meeting tracks OKRs and asks for support,
takes hot topics, parks what is not a priority, and keeps the lights on)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

HELP_WORDS = re.compile(
    r"\b(help|need|needs|needed|blocked|blocker|stuck|waiting|support|depend\w*|ask)\b",
    re.IGNORECASE,
)
LOW_CONFIDENCE = 4
# Share of the meeting each standing section gets (the rest is slack for overruns).
TIMEBOX = {"tracking": 0.4, "hot_topics": 0.25, "kpis": 0.1, "parking_lot": 0.1, "commitments": 0.1}


@dataclass(frozen=True)
class KrInput:
    id: int
    title: str
    objective: str
    pace: str  # on_track | at_risk | off_track | not_started | …
    progress: float  # 0–1, for display
    expected: float  # 0–1, where a straight line would be today
    confidence: int | None
    note: str = ""
    noted_by: str = ""


@dataclass(frozen=True)
class KpiInput:
    id: int
    name: str
    value: float | None
    low: float | None
    high: float | None
    unit_label: str = ""


@dataclass(frozen=True)
class Entry:
    """One line of the agenda: a title, a detail, and what it points at (kind and id)."""

    title: str
    detail: str = ""
    kind: str = ""
    ref: int | None = None
    flag: str = ""  # why it is first: off_track, low_confidence, asks_help, out_of_range, late


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    minutes: int
    entries: tuple[Entry, ...]
    empty: str


@dataclass(frozen=True)
class Agenda:
    title: str
    when: datetime
    minutes: int
    sections: tuple[Section, ...] = field(default_factory=tuple)
    held_at: datetime | None = None  # set on a held meeting's agenda, frozen at that moment


def asks_for_help(note: str) -> bool:
    """True when a check-in note asks for support ("blocked on…", "need…", "waiting for…")."""
    return bool(HELP_WORDS.search(note))


def _kr_rank(kr: KrInput) -> tuple[int, float]:
    low = kr.confidence is not None and kr.confidence <= LOW_CONFIDENCE
    if kr.pace == "off_track":
        group = 0
    elif low:
        group = 1
    elif asks_for_help(kr.note):
        group = 2
    elif kr.pace == "at_risk":
        group = 3
    else:
        group = 4
    return group, kr.progress - kr.expected


def _kr_entry(kr: KrInput) -> Entry:
    low = kr.confidence is not None and kr.confidence <= LOW_CONFIDENCE
    flag = "off_track" if kr.pace == "off_track" else "low_confidence" if low else ""
    parts = [f"{round(kr.progress * 100)}% (expected {round(kr.expected * 100)}%)"]
    if kr.confidence is not None:
        parts.append(f"confidence {kr.confidence}/10")
    if kr.note:
        label = "asks for support" if asks_for_help(kr.note) else "last note"
        by = f" ({kr.noted_by})" if kr.noted_by else ""
        parts.append(f"{label}{by}: “{kr.note}”")
        if not flag and asks_for_help(kr.note):
            flag = "asks_help"
    return Entry(kr.title, " · ".join(parts), "key_result", kr.id, flag)


def out_of_range(kpi: KpiInput) -> bool:
    """True when the latest reading lies outside the healthy range (ends included)."""
    if kpi.value is None:
        return False
    return (kpi.low is not None and kpi.value < kpi.low) or (
        kpi.high is not None and kpi.value > kpi.high
    )


def _range_text(kpi: KpiInput) -> str:
    unit = f" {kpi.unit_label}" if kpi.unit_label else ""
    if kpi.low is not None and kpi.high is not None:
        return f"healthy {_num(kpi.low)}–{_num(kpi.high)}{unit}"
    if kpi.low is not None:
        return f"healthy ≥ {_num(kpi.low)}{unit}"
    return f"healthy ≤ {_num(kpi.high)}{unit}"


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


def build_agenda(
    *,
    title: str,
    when: datetime,
    minutes: int,
    key_results: Sequence[KrInput],
    hot_topics: Sequence[Entry] = (),
    parking_lot: Sequence[Entry] = (),
    kpis: Sequence[KpiInput] = (),
    commitments_due: Sequence[Entry] = (),
    today: date | None = None,
) -> Agenda:
    """The standing sections, each with its share of the meeting's minutes: OKR tracking
    (off-track and low-confidence key results first, with the support asked for in their
    check-in notes), hot topics, the parking lot, KTLO KPIs out of their healthy range, and
    the commitments due."""
    tracking = tuple(_kr_entry(kr) for kr in sorted(key_results, key=_kr_rank))
    unhealthy = tuple(
        Entry(
            kpi.name,
            f"now {_num(kpi.value)}{' ' + kpi.unit_label if kpi.unit_label else ''}, "
            f"{_range_text(kpi)}",
            "kpi",
            kpi.id,
            "out_of_range",
        )
        for kpi in kpis
        if out_of_range(kpi)
    )

    def box(key: str) -> int:
        return max(1, round(minutes * TIMEBOX[key]))

    sections = (
        Section(
            "tracking",
            "OKR tracking and support",
            box("tracking"),
            tracking,
            "No open key results: nothing to track this week.",
        ),
        Section(
            "hot_topics",
            "Hot topics",
            box("hot_topics"),
            tuple(hot_topics),
            "No hot topics yet — any member can add one before the meeting.",
        ),
        Section(
            "parking_lot",
            "Parking lot / backlog",
            box("parking_lot"),
            tuple(parking_lot),
            "The backlog is empty.",
        ),
        Section(
            "kpis",
            "KTLO KPIs out of range",
            box("kpis"),
            unhealthy,
            "Every KPI is within its healthy range.",
        ),
        Section(
            "commitments",
            "Commitments due",
            box("commitments"),
            tuple(commitments_due),
            "No commitments due: write this week's at the end of the meeting.",
        ),
    )
    return Agenda(title, when, minutes, sections)


def to_markdown(agenda: Agenda) -> str:
    """The agenda as Markdown, for pasting into a chat or a document."""
    lines = [
        f"# {agenda.title}",
        "",
        f"{agenda.when:%A %d %B %Y, %H:%M} · {duration_label(agenda.minutes)}",
        "",
    ]
    if agenda.held_at is not None:
        lines += [
            f"_As it stood when the meeting was held ({agenda.held_at:%d %B %Y, %H:%M})._",
            "",
        ]
    for number, section in enumerate(agenda.sections, start=1):
        lines.append(f"## {number}. {section.title} ({section.minutes} min)")
        lines.append("")
        if not section.entries:
            lines.append(f"_{section.empty}_")
        for entry in section.entries:
            mark = " ⚠" if entry.flag else ""
            detail = f" — {entry.detail}" if entry.detail else ""
            lines.append(f"- **{_md(entry.title)}**{mark}{_md(detail)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def duration_label(minutes: int) -> str:
    """'45 minutes', '3 hours', or '2 days' (an offsite day is six hours of agenda)."""
    if minutes >= 360 and minutes % 360 == 0:
        days = minutes // 360
        return f"{days} day{'s' * (days != 1)}"
    if minutes >= 180 and minutes % 60 == 0:
        return f"{minutes // 60} hours"
    return f"{minutes} minutes"


def to_data(agenda: Agenda) -> dict[str, Any]:
    """The agenda as plain JSON data (datetimes as ISO 8601); `from_data` reads it back."""
    data = asdict(agenda)
    data["when"] = agenda.when.isoformat()
    data["held_at"] = agenda.held_at.isoformat() if agenda.held_at else None
    return data


def from_data(data: dict[str, Any]) -> Agenda:
    """An agenda stored with `to_data` (a held meeting's frozen agenda)."""
    held_at = data.get("held_at")
    return Agenda(
        title=data["title"],
        when=datetime.fromisoformat(data["when"]),
        minutes=data["minutes"],
        sections=tuple(
            Section(
                key=section["key"],
                title=section["title"],
                minutes=section["minutes"],
                entries=tuple(Entry(**entry) for entry in section["entries"]),
                empty=section["empty"],
            )
            for section in data["sections"]
        ),
        held_at=datetime.fromisoformat(held_at) if held_at else None,
    )


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", text)


def recovery_target(kpi: KpiInput) -> float | None:
    """Where a recovery key result should take an unhealthy KPI: back to the nearest end of
    its healthy range (None while it is healthy or has no reading)."""
    if not out_of_range(kpi) or kpi.value is None:
        return None
    if kpi.high is not None and kpi.value > kpi.high:
        return kpi.high
    return kpi.low


def slipping_rhythm(statuses: Sequence[str], *, threshold: int = 2) -> bool:
    """True when the latest `threshold` or more past meetings (newest first) were all
    cancelled or rescheduled: the rhythm is slipping (OKR-PRINCIPLES §4 — clarify the
    purpose and recommit; when in doubt, simplify)."""
    streak = 0
    for status in statuses:
        if status not in ("cancelled", "delayed"):
            break
        streak += 1
    return streak >= threshold

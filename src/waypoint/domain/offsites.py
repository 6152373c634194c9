"""The agendas of the steering meetings above the week (OKR-PRINCIPLES §4 Cadence): the monthly
check (are the current OKRs still relevant? changes?), the quarterly offsite (score and close
the quarter, retrospective, the learning loop, next quarter's drafts and back-briefs) and the
annual offsite (the year's goals, the learning loop over the year, strategy and the next year).

Plain Python like the weekly agenda: the builders take what the unit's data says and return
the same `Agenda` of timed sections, so the page, the print view, Markdown and JSON are shared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from waypoint.domain.agenda import Agenda, Entry, Section
from waypoint.domain.learning import Learning, PeriodLearning

MEETINGS = ("monthly", "quarterly", "annual")
# A working day of an offsite is six hours of agenda; the annual offsite takes two.
DEFAULT_MINUTES = {"monthly": 60, "quarterly": 360, "annual": 720}


def working_day(day: date, today: date) -> date:
    """An offsite nobody scheduled yet goes on a weekday: a Saturday or Sunday moves back to
    the Friday before, or on to the Monday after when that Friday has passed."""
    if day.weekday() < 5:
        return day
    friday = day - timedelta(days=day.weekday() - 4)
    return friday if friday >= today else day + timedelta(days=7 - day.weekday())


ASPIRATIONAL_HEALTHY = 0.7
COMMITTED_EXPECTED = 1.0


@dataclass(frozen=True)
class ObjectiveInput:
    """One objective as a steering meeting reads it."""

    id: int
    title: str
    stretch: str  # aspirational | committed
    progress: float  # 0–1
    expected: float  # 0–1, where a straight line would be today
    pace: str  # on_track | at_risk | off_track | not_started | closed states
    owners: str = ""
    state: str = "active"  # active, or achieved | partial | missed | dropped
    score: float | None = None
    learned: str = ""
    miss_cause: str = ""  # strategy | execution | ""
    last_check: str = ""  # the last monthly answers, e.g. "relevant · off track · change needed"
    proposal: str = ""  # a change waiting for its owner's answer

    @property
    def closed(self) -> bool:
        return self.state != "active"


@dataclass(frozen=True)
class BackBriefInput:
    """A unit under the meeting's unit, and where its back-brief for the next period stands."""

    unit: str
    state: str  # submitted | changes | accepted | missing
    understood: str = ""
    needs: str = ""
    drafts: int = 0
    ref: int | None = None


BACK_BRIEF_STATES = {
    "submitted": "back-briefed, waiting for an answer",
    "changes": "changes asked for",
    "accepted": "back-brief accepted",
    "missing": "has not back-briefed yet",
}


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _box(minutes: int, share: float) -> int:
    return max(1, round(minutes * share))


def expected_score(stretch: str) -> float:
    """Where a score is healthy: ~0.7 for an aspirational objective, 1.0 for a committed one."""
    return ASPIRATIONAL_HEALTHY if stretch == "aspirational" else COMMITTED_EXPECTED


def _pace_rank(objective: ObjectiveInput) -> tuple[int, float]:
    order = {"off_track": 0, "at_risk": 1, "not_started": 2}
    return order.get(objective.pace, 3), objective.progress - objective.expected


def _relevance_entry(objective: ObjectiveInput) -> Entry:
    parts = [
        f"{_pct(objective.progress)} (expected {_pct(objective.expected)})",
        "still relevant? on track? change needed?",
    ]
    if objective.last_check:
        parts.append(f"last month: {objective.last_check}")
    if objective.proposal:
        parts.append(f"change proposed: {objective.proposal}")
    flag = (
        "off_track"
        if objective.pace == "off_track"
        else "change_proposed"
        if objective.proposal
        else ""
    )
    return Entry(objective.title, " · ".join(parts), "objective", objective.id, flag)


def monthly_agenda(
    *,
    title: str,
    when: datetime,
    objectives: Sequence[ObjectiveInput],
    proposals: Sequence[Entry] = (),
    minutes: int = DEFAULT_MINUTES["monthly"],
) -> Agenda:
    """The monthly check: every open objective (furthest behind first) with the three
    questions, the changes waiting for an owner's answer, and the changes to decide."""
    open_ = sorted((o for o in objectives if not o.closed), key=_pace_rank)
    return Agenda(
        title,
        when,
        minutes,
        (
            Section(
                "relevance",
                "Relevance check, objective by objective",
                _box(minutes, 0.6),
                tuple(_relevance_entry(o) for o in open_),
                "No open objectives this period: nothing to check.",
            ),
            Section(
                "proposals",
                "Changes waiting for an answer",
                _box(minutes, 0.15),
                tuple(proposals),
                "No proposed change is waiting for an answer.",
            ),
            Section(
                "changes",
                "Decide the changes",
                _box(minutes, 0.2),
                (
                    Entry(
                        "Reduce scope, adjust a metric, re-prioritise or drop",
                        "for every objective that needs a change; the reason goes into its history",
                    ),
                    Entry(
                        "Propose changes to objectives owned higher up",
                        "their owners answer in their inbox",
                    ),
                ),
                "",
            ),
        ),
    )


def _close_entry(objective: ObjectiveInput) -> Entry:
    expected = expected_score(objective.stretch)
    if objective.closed:
        detail = (
            f"{objective.state} · score {_score(objective.score)} "
            f"(expected {expected:.1f} for {objective.stretch})"
        )
        return Entry(objective.title, detail, "objective", objective.id)
    return Entry(
        objective.title,
        f"still open · progress {_pct(objective.progress)} suggests {objective.progress:.1f} "
        f"(expected {expected:.1f} for {objective.stretch}) · score and close it",
        "objective",
        objective.id,
        "unscored",
    )


def _retro_entry(objective: ObjectiveInput) -> Entry:
    cause = {"strategy": "the bet was wrong", "execution": "the plan was not done"}
    if objective.learned:
        detail = f"learned: “{objective.learned}”"
        if objective.miss_cause:
            detail += f" · a miss of {objective.miss_cause} ({cause[objective.miss_cause]})"
        return Entry(objective.title, detail, "objective", objective.id)
    return Entry(
        objective.title,
        "what did we learn? Was a miss about the strategy or the execution?",
        "objective",
        objective.id,
        "no_retrospective",
    )


def _learning_entries(learning: Learning) -> tuple[Entry, ...]:
    if not learning.periods:
        return ()
    entries = []
    aspirational = learning.aspirational_average
    if aspirational is not None:
        flag = "sandbagging" if aspirational >= 1.0 else ""
        note = (
            "always met: is the ambition high enough?"
            if flag
            else "healthy"
            if aspirational >= 0.6
            else "below the healthy ~0.7"
        )
        entries.append(
            Entry(
                f"Aspirational objectives score {_score(aspirational)} on average",
                f"{note} (over {len(learning.periods)} quarter"
                f"{'s' * (len(learning.periods) != 1)})",
                flag=flag,
            )
        )
    committed = learning.committed_average
    if committed is not None:
        entries.append(
            Entry(
                f"Committed objectives score {_score(committed)} on average",
                "as promised"
                if committed >= COMMITTED_EXPECTED
                else "below the promised 1.0: what got in the way?",
                flag="" if committed >= COMMITTED_EXPECTED else "below_commitment",
            )
        )
    share = learning.strategy_miss_share
    if share is not None:
        entries.append(
            Entry(
                f"{learning.misses} misses: {_pct(share)} strategy, {_pct(1 - share)} execution",
                "strategy misses question the bets; execution misses question the plan",
            )
        )
    if learning.carried_key_results:
        entries.append(
            Entry(
                f"{learning.carried_key_results} key results carried over",
                "the same one three quarters running is a coach finding",
            )
        )
    return tuple(entries)


def _back_brief_entry(item: BackBriefInput) -> Entry:
    parts = [BACK_BRIEF_STATES[item.state]]
    if item.drafts:
        parts.append(f"{item.drafts} draft objective{'s' * (item.drafts != 1)}")
    if item.understood:
        parts.append(f"understood: “{item.understood}”")
    if item.needs:
        parts.append(f"needs: “{item.needs}”")
    flag = {"missing": "no_back_brief", "changes": "changes_asked"}.get(item.state, "")
    return Entry(item.unit, " · ".join(parts), "back_brief", item.ref, flag)


def _back_brief_rank(item: BackBriefInput) -> tuple[int, str]:
    order = {"missing": 0, "changes": 1, "submitted": 2, "accepted": 3}
    return order[item.state], item.unit


def quarterly_agenda(
    *,
    title: str,
    when: datetime,
    period: str,
    next_period: str | None,
    objectives: Sequence[ObjectiveInput],
    learning: Learning,
    back_briefs: Sequence[BackBriefInput] = (),
    drafts: Sequence[Entry] = (),
    deep_dives: Sequence[Entry] = (),
    minutes: int = DEFAULT_MINUTES["quarterly"],
) -> Agenda:
    """The quarterly offsite: close and score the quarter, its retrospective, the learning
    loop, next quarter's drafts and the back-briefs of the units below (missing ones first),
    and deep dives."""
    scored = [o for o in objectives if o.state != "dropped"]
    next_name = next_period or "the next quarter"
    plans = tuple(_back_brief_entry(b) for b in sorted(back_briefs, key=_back_brief_rank))
    return Agenda(
        title,
        when,
        minutes,
        (
            Section(
                "close",
                f"Close {period}: score every objective",
                _box(minutes, 0.2),
                tuple(_close_entry(o) for o in sorted(objectives, key=lambda o: o.closed)),
                f"No objectives in {period}.",
            ),
            Section(
                "retrospective",
                "Retrospective: what did we learn?",
                _box(minutes, 0.2),
                tuple(_retro_entry(o) for o in scored),
                "Nothing to look back on.",
            ),
            Section(
                "learning",
                "The learning loop across quarters",
                _box(minutes, 0.1),
                _learning_entries(learning),
                "No closed quarter yet: the loop starts with this close.",
            ),
            Section(
                "planning",
                f"Plan {next_name}: our drafts",
                _box(minutes, 0.15),
                tuple(drafts),
                f"No drafts for {next_name} yet: start from the carried-over key results, the "
                "backlog and the objectives above.",
            ),
            Section(
                "back_briefs",
                f"Back-briefs for {next_name}",
                _box(minutes, 0.15),
                plans,
                "No units below this one: nobody back-briefs to it.",
            ),
            Section(
                "deep_dives",
                "Deep dives",
                _box(minutes, 0.15),
                tuple(deep_dives),
                "No deep-dive topics: bring one from the backlog or the retrospective.",
            ),
        ),
    )


def _year_learning_entry(quarter: PeriodLearning) -> Entry:
    parts = [
        f"aspirational {_score(quarter.aspirational_average)}",
        f"committed {_score(quarter.committed_average)}",
        f"{quarter.misses} miss{'es' * (quarter.misses != 1)}"
        + (
            f" ({quarter.strategy_misses} strategy, {quarter.execution_misses} execution)"
            if quarter.misses
            else ""
        ),
    ]
    if quarter.carried_key_results:
        parts.append(f"{quarter.carried_key_results} key results carried over")
    return Entry(quarter.period, " · ".join(parts))


def annual_agenda(
    *,
    title: str,
    when: datetime,
    year: str,
    goals: Sequence[ObjectiveInput],
    learning: Learning,
    strategy_misses: Sequence[Entry] = (),
    next_year: Sequence[Entry] = (),
    back_briefs: Sequence[BackBriefInput] = (),
    deep_dives: Sequence[Entry] = (),
    minutes: int = DEFAULT_MINUTES["annual"],
) -> Agenda:
    """The annual offsite: the year's goals and where they stand, the learning loop quarter
    by quarter, the bets that did not pay off, the next year's goals and first-quarter OKRs
    (with the back-briefs below), and long-term deep dives."""
    year_learning = tuple(_year_learning_entry(q) for q in learning.periods)
    summary = _learning_entries(learning)
    plans = tuple(_back_brief_entry(b) for b in sorted(back_briefs, key=_back_brief_rank))
    return Agenda(
        title,
        when,
        minutes,
        (
            Section(
                "goals",
                f"The goals of {year}",
                _box(minutes, 0.15),
                tuple(_close_entry(g) for g in goals),
                f"No goals set for {year}.",
            ),
            Section(
                "learning",
                f"The learning loop over {year}",
                _box(minutes, 0.15),
                year_learning + summary,
                f"No quarter of {year} is closed yet.",
            ),
            Section(
                "strategy",
                "Strategy: the bets that did not pay off",
                _box(minutes, 0.2),
                tuple(strategy_misses),
                "No miss was put down to the strategy this year.",
            ),
            Section(
                "next_year",
                "Next year's goals and first-quarter OKRs",
                _box(minutes, 0.2),
                tuple(next_year),
                "No goals drafted for next year yet: this is the meeting that sets them.",
            ),
            Section(
                "back_briefs",
                "Back-briefs for the first quarter",
                _box(minutes, 0.1),
                plans,
                "No units below this one: nobody back-briefs to it.",
            ),
            Section(
                "deep_dives",
                "Strategic deep dives and long-term planning",
                _box(minutes, 0.15),
                tuple(deep_dives),
                "No deep-dive topics yet: bring them from the backlog.",
            ),
        ),
    )

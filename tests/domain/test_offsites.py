"""The agendas of the monthly check and the quarterly and annual offsites."""

from __future__ import annotations

from datetime import date, datetime

from waypoint.domain import agenda as da
from waypoint.domain import learning as dl
from waypoint.domain import offsites as do

WHEN = datetime(2026, 12, 28, 9, 0)


def objective(id: int, **fields) -> do.ObjectiveInput:  # type: ignore[no-untyped-def]
    values = {
        "title": f"Objective {id}",
        "stretch": "aspirational",
        "progress": 0.5,
        "expected": 0.5,
        "pace": "on_track",
    }
    return do.ObjectiveInput(id=id, **(values | fields))


def closed(period: str, start: date, stretch: str, state: str, score, cause=""):  # type: ignore[no-untyped-def]
    return dl.ClosedObjective(period, start, stretch, state, score, cause, 0)


def test_the_monthly_check_asks_the_three_questions_of_every_open_objective_behind_first() -> None:
    agenda = do.monthly_agenda(
        title="Monthly check",
        when=WHEN,
        objectives=[
            objective(1),
            objective(2, pace="off_track", progress=0.1),
            objective(3, state="achieved", pace="achieved"),
            objective(4, proposal="drop it", last_check="relevant · off track · change needed"),
        ],
        proposals=[da.Entry("Objective 4", "Lena proposes to drop it", "proposal", 9)],
    )
    relevance, proposals, changes = agenda.sections
    assert [e.ref for e in relevance.entries] == [2, 1, 4]  # the closed one is not checked
    assert relevance.entries[0].flag == "off_track"
    assert "still relevant? on track? change needed?" in relevance.entries[1].detail
    assert "last month: relevant · off track · change needed" in relevance.entries[2].detail
    assert relevance.entries[2].flag == "change_proposed"
    assert [e.ref for e in proposals.entries] == [9]
    assert changes.entries  # the standing reminder of how changes are made
    assert sum(s.minutes for s in agenda.sections) <= agenda.minutes


def test_the_quarterly_offsite_closes_reflects_learns_and_plans_the_next_quarter() -> None:
    loop = dl.learn(
        [
            closed("2026 Q3", date(2026, 7, 1), "aspirational", "partial", 0.6, "strategy"),
            closed("2026 Q3", date(2026, 7, 1), "committed", "missed", 0.5, "execution"),
        ]
    )
    agenda = do.quarterly_agenda(
        title="Quarterly offsite",
        when=WHEN,
        period="2026 Q4",
        next_period="2027 Q1",
        objectives=[
            objective(1, state="partial", score=0.6, learned="Apple Pay moved it"),
            objective(2, progress=0.8),
            objective(3, state="dropped"),
        ],
        learning=loop,
        back_briefs=[
            do.BackBriefInput("Search", "accepted", ref=5),
            do.BackBriefInput("Mobile", "missing"),
            do.BackBriefInput("Checkout", "submitted", understood="Buyers leave", ref=6),
            do.BackBriefInput("Data", "changes", ref=7),
        ],
        drafts=[da.Entry("Buyers finish on the first try", "draft", "objective", 11)],
    )
    keys = [s.key for s in agenda.sections]
    assert keys == ["close", "retrospective", "learning", "planning", "back_briefs", "deep_dives"]
    close, retro, learning, planning, briefs, _ = agenda.sections
    assert close.title == "Close 2026 Q4: score every objective"
    assert close.entries[0].ref == 2 and close.entries[0].flag == "unscored"  # open ones first
    assert "suggests 0.8" in close.entries[0].detail
    assert "score 0.6 (expected 0.7 for aspirational)" in close.entries[1].detail
    # Dropped objectives have nothing to score or reflect on.
    assert [e.ref for e in retro.entries] == [1, 2]
    assert retro.entries[1].flag == "no_retrospective"
    assert any("50% strategy, 50% execution" in e.title for e in learning.entries)
    assert any(e.flag == "below_commitment" for e in learning.entries)
    assert planning.title == "Plan 2027 Q1: our drafts"
    assert [e.title for e in briefs.entries] == ["Mobile", "Data", "Checkout", "Search"]
    assert briefs.entries[0].flag == "no_back_brief"
    assert "understood: “Buyers leave”" in briefs.entries[2].detail
    assert sum(s.minutes for s in agenda.sections) <= agenda.minutes


def test_an_aspirational_average_of_one_is_flagged_as_possible_sandbagging() -> None:
    loop = dl.learn([closed("2026 Q3", date(2026, 7, 1), "aspirational", "achieved", 1.0)])
    agenda = do.quarterly_agenda(
        title="Q", when=WHEN, period="2026 Q4", next_period=None, objectives=[], learning=loop
    )
    learning = agenda.sections[2]
    assert learning.entries[0].flag == "sandbagging"
    assert agenda.sections[3].title == "Plan the next quarter: our drafts"
    assert agenda.sections[0].entries == ()  # and the empty text says so
    assert agenda.sections[0].empty == "No objectives in 2026 Q4."


def test_the_annual_offsite_walks_the_year_quarter_by_quarter_and_its_strategy() -> None:
    loop = dl.learn(
        [
            closed("2026 Q1", date(2026, 1, 1), "aspirational", "achieved", 0.7),
            closed("2026 Q2", date(2026, 4, 1), "aspirational", "missed", 0.3, "strategy"),
        ]
    )
    agenda = do.annual_agenda(
        title="Annual offsite",
        when=WHEN,
        year="2026",
        goals=[objective(1, progress=0.9, expected=1.0)],
        learning=loop,
        strategy_misses=[da.Entry("Marketplace launch", "2026 Q2 · missed", "objective", 4)],
        next_year=[da.Entry("Win the mid-market", "draft", "objective", 8)],
        back_briefs=[do.BackBriefInput("Engineering", "missing")],
    )
    goals, learning, strategy, next_year, briefs, deep = agenda.sections
    assert goals.title == "The goals of 2026"
    assert [e.title for e in learning.entries[:2]] == ["2026 Q1", "2026 Q2"]
    assert "1 miss (1 strategy, 0 execution)" in learning.entries[1].detail
    assert [e.ref for e in strategy.entries] == [4]
    assert [e.ref for e in next_year.entries] == [8]
    assert briefs.entries[0].flag == "no_back_brief"
    assert deep.entries == () and deep.empty
    assert agenda.minutes == 720


def test_long_meetings_read_in_hours_or_days_in_markdown() -> None:
    assert da.duration_label(45) == "45 minutes"
    assert da.duration_label(120) == "120 minutes"
    assert da.duration_label(240) == "4 hours"
    assert da.duration_label(360) == "1 day"
    assert da.duration_label(720) == "2 days"
    agenda = do.annual_agenda(
        title="Annual offsite", when=WHEN, year="2026", goals=[], learning=dl.Learning([])
    )
    text = da.to_markdown(agenda)
    assert "Monday 28 December 2026, 09:00 · 2 days" in text
    assert "## 3. Strategy: the bets that did not pay off" in text


def test_an_unscheduled_offsite_goes_on_a_weekday() -> None:
    today = date(2026, 12, 1)  # a Tuesday
    assert do.working_day(date(2026, 12, 23), today) == date(2026, 12, 23)  # Wednesday stays
    assert do.working_day(date(2026, 12, 27), today) == date(2026, 12, 25)  # Sunday → Friday
    assert do.working_day(date(2026, 12, 26), today) == date(2026, 12, 25)  # Saturday → Friday
    # On a Saturday, tomorrow's offsite cannot go back to yesterday: on to Monday.
    assert do.working_day(date(2026, 12, 6), date(2026, 12, 5)) == date(2026, 12, 7)

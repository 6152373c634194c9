from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waypoint.domain.periods import (
    PeriodSpan,
    missed_cadences,
    previous_quarter,
    quarter_of,
    quarters_of_year,
    week_starts,
    year_of,
)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
years = st.integers(min_value=1900, max_value=2200)
cadences = st.sampled_from([7, 14]) | st.integers(min_value=1, max_value=60)


# --- Quarters and years -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name", "slug", "start", "end"),
    [
        (date(2026, 1, 1), "2026 Q1", "2026-q1", date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 3, 31), "2026 Q1", "2026-q1", date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), "2026 Q2", "2026-q2", date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 8, 15), "2026 Q3", "2026-q3", date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 11, 5), "2026 Q4", "2026-q4", date(2026, 10, 1), date(2026, 12, 31)),
        (date(2026, 12, 31), "2026 Q4", "2026-q4", date(2026, 10, 1), date(2026, 12, 31)),
        (date(2028, 2, 29), "2028 Q1", "2028-q1", date(2028, 1, 1), date(2028, 3, 31)),
    ],
)
def test_it_finds_the_calendar_quarter_of_a_day(
    day: date, name: str, slug: str, start: date, end: date
) -> None:
    assert quarter_of(day) == PeriodSpan("quarter", name, slug, start, end)


def test_it_names_a_year_as_an_annual_period() -> None:
    assert year_of(date(2026, 7, 14)) == PeriodSpan(
        "annual", "2026", "2026", date(2026, 1, 1), date(2026, 12, 31)
    )


@pytest.mark.parametrize(("year", "days_in_q1"), [(2026, 90), (2028, 91), (1900, 90), (2000, 91)])
def test_the_first_quarter_knows_about_leap_years(year: int, days_in_q1: int) -> None:
    assert quarters_of_year(year)[0].days == days_in_q1


@pytest.mark.parametrize(
    ("span", "previous"),
    [
        (quarter_of(date(2026, 11, 5)), "2026 Q3"),
        (quarter_of(date(2026, 2, 1)), "2025 Q4"),
        (year_of(date(2026, 6, 1)), "2025 Q4"),
        (
            PeriodSpan("custom", "Launch push", "launch-push", date(2026, 5, 10), date(2026, 8, 1)),
            "2026 Q1",
        ),
    ],
    ids=["mid-year", "across new year", "annual", "custom"],
)
def test_it_finds_the_previous_quarter(span: PeriodSpan, previous: str) -> None:
    assert previous_quarter(span).name == previous


def test_there_is_no_quarter_before_the_first_one() -> None:
    with pytest.raises(ValueError):
        previous_quarter(quarter_of(date(1, 2, 1)))


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        PeriodSpan("custom", "Backwards", "backwards", date(2026, 2, 1), date(2026, 1, 31))


@given(days)
def test_the_quarter_of_a_day_contains_it(day: date) -> None:
    quarter = quarter_of(day)
    assert quarter.kind == "quarter"
    assert quarter.contains(day)
    assert quarter in quarters_of_year(day.year)
    assert quarter.slug == quarter.name.lower().replace(" ", "-")


@given(days)
def test_the_year_of_a_day_contains_it_and_its_quarter(day: date) -> None:
    year = year_of(day)
    quarter = quarter_of(day)
    assert year.contains(day)
    assert year.start <= quarter.start and quarter.end <= year.end


@given(years)
def test_the_quarters_tile_the_year(year: int) -> None:
    quarters = quarters_of_year(year)
    annual = year_of(date(year, 6, 1))
    assert [q.name for q in quarters] == [f"{year} Q{n}" for n in range(1, 5)]
    assert quarters[0].start == annual.start
    assert quarters[-1].end == annual.end
    for earlier, later in zip(quarters, quarters[1:], strict=False):
        assert later.start == earlier.end + timedelta(days=1)
    assert sum(q.days for q in quarters) == annual.days
    assert all(88 <= q.days <= 92 for q in quarters)


@given(days)
def test_the_previous_quarter_ends_the_day_before(day: date) -> None:
    quarter = quarter_of(day)
    previous = previous_quarter(quarter)
    assert previous.end + timedelta(days=1) == quarter.start
    assert previous.kind == "quarter"


# --- Cadence ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "every_days", "expected"),
    [
        (
            date(2026, 10, 1),
            date(2026, 10, 31),
            7,
            [date(2026, 10, 5), date(2026, 10, 12), date(2026, 10, 19), date(2026, 10, 26)],
        ),
        (
            date(2026, 10, 5),
            date(2026, 10, 19),
            7,
            [date(2026, 10, 5), date(2026, 10, 12), date(2026, 10, 19)],
        ),
        (date(2026, 10, 1), date(2026, 10, 31), 14, [date(2026, 10, 5), date(2026, 10, 19)]),
        (date(2026, 10, 1), date(2026, 10, 4), 7, []),
        (date(2026, 10, 5), date(2026, 10, 5), 7, [date(2026, 10, 5)]),
    ],
    ids=["weekly in October", "starting on a Monday", "bi-weekly", "no Monday", "single Monday"],
)
def test_it_lists_the_check_in_dates(
    start: date, end: date, every_days: int, expected: list[date]
) -> None:
    assert week_starts(start, end, every_days) == expected


def test_a_quarter_has_thirteen_weekly_check_ins() -> None:
    q4 = quarter_of(date(2026, 10, 1))
    assert len(week_starts(q4.start, q4.end)) == 13


@pytest.mark.parametrize(
    ("start", "end", "every_days"),
    [(date(2026, 1, 1), date(2026, 2, 1), 0), (date(2026, 2, 1), date(2026, 1, 1), 7)],
    ids=["zero cadence", "backwards period"],
)
def test_it_rejects_impossible_cadences(start: date, end: date, every_days: int) -> None:
    with pytest.raises(ValueError):
        week_starts(start, end, every_days)


@given(days, st.integers(0, 200), st.sampled_from([7, 14, 21, 28]))
def test_weekly_check_ins_fall_on_mondays_within_the_period(
    start: date, length: int, every_days: int
) -> None:
    end = start + timedelta(days=length)
    dates = week_starts(start, end, every_days)
    assert all(d.weekday() == 0 for d in dates)
    assert all(start <= d <= end for d in dates)
    first_monday = start + timedelta(days=-start.weekday() % 7)
    if first_monday <= end:
        assert dates[0] == first_monday
        assert dates[-1] + timedelta(days=every_days) > end
    else:
        assert dates == []


@given(days, st.integers(0, 200), cadences)
def test_check_in_dates_are_evenly_spaced(start: date, length: int, every_days: int) -> None:
    dates = week_starts(start, start + timedelta(days=length), every_days)
    assert all(
        (later - earlier).days == every_days
        for earlier, later in zip(dates, dates[1:], strict=False)
    )


@pytest.mark.parametrize(
    ("last_check_in", "today", "cadence_days", "missed"),
    [
        (date(2026, 10, 5), date(2026, 10, 5), 7, 0),
        (date(2026, 10, 5), date(2026, 10, 11), 7, 0),
        (date(2026, 10, 5), date(2026, 10, 12), 7, 1),
        (date(2026, 10, 5), date(2026, 10, 19), 7, 2),
        (date(2026, 10, 5), date(2026, 10, 19), 14, 1),
        (None, date(2026, 10, 7), 7, 0),
        (None, date(2026, 10, 8), 7, 1),
        (None, date(2026, 12, 31), 7, 13),
        (date(2026, 9, 20), date(2026, 10, 8), 7, 1),
        (date(2026, 10, 5), date(2026, 10, 1), 7, 0),
    ],
    ids=[
        "checked in today",
        "six days later",
        "one week later",
        "two weeks later",
        "bi-weekly",
        "no check-in, first week",
        "no check-in, one week in",
        "no check-in all quarter",
        "last check-in before the period",
        "today before the check-in",
    ],
)
def test_it_counts_missed_check_ins(
    last_check_in: date | None, today: date, cadence_days: int, missed: int
) -> None:
    assert missed_cadences(last_check_in, date(2026, 10, 1), today, cadence_days) == missed


def test_it_rejects_a_zero_day_cadence() -> None:
    with pytest.raises(ValueError):
        missed_cadences(None, date(2026, 10, 1), date(2026, 10, 8), 0)


@given(st.none() | days, days, days, days, cadences)
def test_missed_check_ins_grow_with_time(
    last: date | None, period_start: date, a: date, b: date, cadence: int
) -> None:
    earlier, later = sorted((a, b))
    first = missed_cadences(last, period_start, earlier, cadence)
    second = missed_cadences(last, period_start, later, cadence)
    assert 0 <= first <= second


@given(days, days, cadences)
def test_a_check_in_today_resets_the_count(period_start: date, today: date, cadence: int) -> None:
    assert missed_cadences(today, min(period_start, today), today, cadence) == 0


@given(days, st.integers(0, 1000), cadences)
def test_missed_check_ins_are_whole_cadence_periods(
    since: date, elapsed: int, cadence: int
) -> None:
    today = since + timedelta(days=elapsed)
    assert missed_cadences(since, since, today, cadence) == elapsed // cadence
    assert missed_cadences(None, since, today, cadence) == elapsed // cadence

"""Calendar periods (years, quarters, custom spans) and the check-in cadence within them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["annual", "quarter", "custom"]

DEFAULT_CADENCE_DAYS = 7
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class PeriodSpan:
    """A named span of days; ``end`` is inclusive."""

    kind: PeriodKind
    name: str
    slug: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period {self.name!r} ends before it starts")

    def contains(self, day: date) -> bool:
        """True when ``day`` falls within the span, both ends included."""
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        """Number of days in the span, both ends included."""
        return (self.end - self.start).days + 1


def _quarter(year: int, quarter: int) -> PeriodSpan:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year, 12, 31) if quarter == 4 else date(year, 3 * quarter + 1, 1) - _ONE_DAY
    return PeriodSpan("quarter", f"{year} Q{quarter}", f"{year}-q{quarter}", start, end)


def quarter_of(day: date) -> PeriodSpan:
    """Return the calendar quarter containing ``day`` (e.g. "2026 Q4", slug "2026-q4").

    Implements OKR-PRINCIPLES §1 Structure (periods: quarterly OKRs by default).
    """
    return _quarter(day.year, (day.month - 1) // 3 + 1)


def year_of(day: date) -> PeriodSpan:
    """Return the calendar year containing ``day`` as an annual period (e.g. "2026").

    Implements OKR-PRINCIPLES §1 Structure (periods: annual company goals by default).
    """
    return PeriodSpan(
        "annual", str(day.year), str(day.year), date(day.year, 1, 1), date(day.year, 12, 31)
    )


def quarters_of_year(year: int) -> list[PeriodSpan]:
    """Return the four quarters of ``year`` in order; together they tile the year.

    Implements OKR-PRINCIPLES §1 Structure (annual goals broken into quarterly OKRs) and §4
    (the annual meeting sets the first quarter's OKRs).
    """
    return [_quarter(year, quarter) for quarter in range(1, 5)]


def previous_quarter(span: PeriodSpan) -> PeriodSpan:
    """Return the quarter before the one in which ``span`` starts.

    Implements OKR-PRINCIPLES §4 Cadence (the quarterly meeting evaluates the last quarter
    and decides what carries over). For an annual span this is Q4 of the year before.
    Raises ``ValueError`` before year 1 Q1.
    """
    first_day = quarter_of(span.start).start
    if first_day == date.min:
        raise ValueError("there is no quarter before 1 Q1")
    return quarter_of(first_day - _ONE_DAY)


def week_starts(start: date, end: date, every_days: int = DEFAULT_CADENCE_DAYS) -> list[date]:
    """Return the check-in dates of a period: the first Monday on or after ``start``, then
    every ``every_days`` days up to and including ``end``.

    Implements OKR-PRINCIPLES §4 Cadence (check-ins weekly or bi-weekly; default weekly).
    Raises ``ValueError`` if ``every_days`` < 1 or ``end`` is before ``start``.
    """
    if every_days < 1:
        raise ValueError(f"cadence must be at least one day, got {every_days}")
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")
    first_monday = start + timedelta(days=-start.weekday() % 7)
    count = 0 if first_monday > end else (end - first_monday).days // every_days + 1
    return [first_monday + timedelta(days=i * every_days) for i in range(count)]


def missed_cadences(
    last_check_in: date | None,
    period_start: date,
    today: date,
    cadence_days: int = DEFAULT_CADENCE_DAYS,
) -> int:
    """Count the whole cadence periods that have passed without a check-in.

    Implements OKR-PRINCIPLES §4 Cadence (OKRs are lived weekly, not set and forgotten) and
    §5 (set-and-forget is a trap). Counts from the last check-in, or from the period start
    when there is none (or the last one predates the period). Never negative.
    """
    if cadence_days < 1:
        raise ValueError(f"cadence must be at least one day, got {cadence_days}")
    since = period_start if last_check_in is None else max(last_check_in, period_start)
    return max(0, (today - since).days // cadence_days)


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def fiscal_year_of(day: date, start_month: int = 1) -> int:
    """The fiscal year containing ``day``, named after the calendar year it ends in."""
    return day.year + (1 if start_month > 1 and day.month >= start_month else 0)


def next_span(
    kind: Literal["quarter", "annual"],
    after: date,
    *,
    fiscal_start_month: int = 1,
    quarter_months: int = 3,
) -> PeriodSpan:
    """The quarter (or year) that starts the day after ``after``, in an organisation whose
    fiscal year starts on the first of ``fiscal_start_month`` and whose quarters last
    ``quarter_months`` months (calendar quarters by default).

    Implements OKR-PRINCIPLES §4 Cadence (planning the next period). Names follow the fiscal
    year: "2027 Q1" with calendar years, "FY2027 Q1" otherwise."""
    if not 1 <= fiscal_start_month <= 12:
        raise ValueError("the fiscal year starts in a month from 1 to 12")
    if quarter_months not in (1, 2, 3, 4, 6):
        raise ValueError("a quarter lasts 1, 2, 3, 4 or 6 months, so that years divide evenly")
    start = after + _ONE_DAY
    months = 12 if kind == "annual" else quarter_months
    # Periods start on the first of a month that is a whole number of periods after the
    # fiscal year's start; a start that falls between is moved to the next such month.
    offset = (start.year * 12 + start.month - fiscal_start_month) % months
    if start.day != 1 or offset:
        start = _add_months(start, months - offset if offset else months)
    end = _add_months(start, months) - _ONE_DAY
    fiscal = fiscal_year_of(start, fiscal_start_month)
    prefix = "" if fiscal_start_month == 1 else "FY"
    if kind == "annual":
        return PeriodSpan("annual", f"{prefix}{fiscal}", f"{prefix.lower()}{fiscal}", start, end)
    number = ((start.year * 12 + start.month - fiscal_start_month) % 12) // months + 1
    name = f"{prefix}{fiscal} Q{number}" if months == 3 else f"{prefix}{fiscal} P{number}"
    return PeriodSpan("quarter", name, name.lower().replace(" ", "-"), start, end)

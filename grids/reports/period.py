"""The period of a report: a month (``2025-11``) or a quarter (``2025Q4``), as ``[since, until)`` dates.

Example::

    >>> p = parse_period("2025Q4")
    >>> p.since, p.until, p.label
    (datetime.date(2025, 10, 1), datetime.date(2026, 1, 1), '2025年第四季度')
    >>> parse_period("2025-11").previous().code
    '2025-10'
    >>> parse_period("2025-13")
    Traceback (most recent call last):
    ...
    grids.reports.period.PeriodError: period '2025-13' is not a month (2025-11) or a quarter (2025Q4)
"""
import dataclasses
import datetime as dt
import re

from gis.errors import GridgovError

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})|[Qq]([1-4]))$")


class PeriodError(GridgovError):
    """A report period that is neither a month nor a quarter."""

    code = "bad_period"


@dataclasses.dataclass(frozen=True)
class Period:
    """``kind`` 'month' or 'quarter', ``year``, ``number`` (month 1-12 or quarter 1-4)."""

    kind: str
    year: int
    number: int

    @property
    def months(self):
        return 1 if self.kind == "month" else 3

    @property
    def since(self):
        first = self.number if self.kind == "month" else 3 * self.number - 2
        return dt.date(self.year, first, 1)

    @property
    def until(self):
        return add_months(self.since, self.months)

    @property
    def code(self):
        return f"{self.year}-{self.number:02d}" if self.kind == "month" else f"{self.year}Q{self.number}"

    @property
    def label(self):
        return (f"{self.year}年{self.number}月" if self.kind == "month"
                else f"{self.year}年{QUARTER_NAMES[self.number]}")

    @property
    def kind_label(self):
        return "月度" if self.kind == "month" else "季度"

    def previous(self):
        """The period of the same kind just before."""
        return _period_at(self.kind, add_months(self.since, -self.months))

    def a_year_before(self):
        return Period(self.kind, self.year - 1, self.number)

    def months_after(self, count):
        """The first days of the ``count`` calendar months after the period (the outlook's months)."""
        return [add_months(self.until, i) for i in range(count)]


def parse_period(text):
    """The :class:`Period` of ``text`` (``YYYY-MM`` or ``YYYYQn``); :class:`PeriodError` naming it otherwise."""
    found = _PATTERN.match((text or "").strip())
    if found:
        year, month, quarter = found.groups()
        if quarter:
            return Period("quarter", int(year), int(quarter))
        if 1 <= int(month) <= 12:
            return Period("month", int(year), int(month))
    raise PeriodError(f"period {text!r} is not a month (2025-11) or a quarter (2025Q4)")


def add_months(day, count):
    """The first day of the month ``count`` months from ``day``'s month."""
    index = day.year * 12 + day.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def _period_at(kind, first_day):
    return Period(kind, first_day.year, first_day.month if kind == "month" else (first_day.month - 1) // 3 + 1)

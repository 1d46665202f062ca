"""A ticket's own 办理时限 as the calling system wrote it: 3个工作日, 48小时, 2天, 五个工作日内.

Concept: a limit is a duration in working days or in hours (a calendar day is 24 hours); a bare number
is refused, since nobody can tell whether it meant hours or days. The case loop turns the parsed limit
into a clock (:mod:`grids.cases.time_limits`); reading the text is the intake's.
"""
import re

from grids.incidents.address_normalize import chinese_number

_LIMIT = re.compile(r"^(?:限)?(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)\s*(?:个)?\s*"
                    r"(?P<unit>工作日|自然日|天|日|小时|个小时|h|hours?|days?|workdays?)(?:内)?$", re.IGNORECASE)
_UNITS = {"工作日": "workdays", "workday": "workdays", "workdays": "workdays", "自然日": "days", "天": "days",
          "日": "days", "day": "days", "days": "days", "小时": "hours", "个小时": "hours", "h": "hours",
          "hour": "hours", "hours": "hours"}


def parse_limit(text):
    """A 办理时限 as ``("hours", h)`` or ``("workdays", n)``; None for an empty text; ValueError when
    it cannot be read (a bare number is refused: hours or days?).

    >>> parse_limit("3个工作日"), parse_limit("48小时"), parse_limit("2天"), parse_limit("五个工作日内")
    (('workdays', 3.0), ('hours', 48.0), ('hours', 48.0), ('workdays', 5.0))
    """
    if text is None or not str(text).strip():
        return None
    match = _LIMIT.match(re.sub(r"\s+", "", str(text)))
    if match is None:
        raise ValueError(f"cannot read {text!r} as a time limit (e.g. 3个工作日, 48小时, 2天)")
    number = match["n"]
    amount = float(number) if number[0].isdigit() else float(chinese_number(number))
    if not amount or amount > 366 * 24:
        raise ValueError(f"{text!r} is not a time limit above 0 and within a year")
    unit = _UNITS[match["unit"].lower()]
    if unit == "days":
        return "hours", amount * 24.0
    return unit, amount

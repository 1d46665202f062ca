"""Reading a category tree file (CSV: code, name, name_en, parent_code, time_limit_hours, aliases, and
optionally time_limit_workdays: a limit in working days (工作日) instead of hours — one or the other).

``aliases`` are separated by ``|``. The default tree ships as ``etl/data/categories.csv``: disputes
(矛盾纠纷: 邻里, 婚姻家庭, 物业, 劳资, 土地/征地拆迁, 消费, 医疗, 交通事故 …), urban management (城市管理:
供暖, 噪声, 环境卫生, 违章搭建 …), public safety and public services, with time limits in hours.
"""
import csv
from importlib import resources
from pathlib import Path

from gis.errors import InputFileError

REQUIRED = ("code", "name")


def default_tree_path():
    return Path(str(resources.files("etl").joinpath("data", "categories.csv")))


def read_category_file(path=None):
    """Rows of a category file as dicts (``aliases`` a list, ``time_limit_hours`` and ``time_limit_workdays``
    an int or None, never both)."""
    path = Path(path) if path else default_tree_path()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InputFileError(f"missing column(s) {', '.join(missing)}", file=str(path))
        return [_row(path, number, raw) for number, raw in enumerate(reader, start=2)]


def _row(path, number, raw):
    code, name = (raw.get("code") or "").strip(), (raw.get("name") or "").strip()
    if not code or not name:
        raise InputFileError("code and name are required", file=str(path), row=number,
                             field="code" if not code else "name")
    return {"code": code, "name": name, "name_en": (raw.get("name_en") or "").strip() or None,
            "parent_code": (raw.get("parent_code") or "").strip() or None,
            **_limits(path, number, raw),
            "aliases": [a.strip() for a in (raw.get("aliases") or "").split("|") if a.strip()]}


def _limits(path, number, raw):
    """The row's limit: hours or working days (whole numbers > 0), at most one of them."""
    limits = {field: _whole(path, number, raw.get(field), field, unit)
              for field, unit in (("time_limit_hours", "hours"), ("time_limit_workdays", "working days"))}
    if all(limits.values()):
        raise InputFileError("a time limit in hours or in working days, not both", file=str(path), row=number,
                             field="time_limit_workdays")
    return limits


def _whole(path, number, text, field, unit):
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) == 0:
        raise InputFileError(f"time limit must be a whole number of {unit} > 0, got {text!r}",
                             file=str(path), row=number, field=field)
    return int(text)

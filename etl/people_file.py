"""People files (花名册): grid members, staff and departments with their cells, in and out of CSV/Excel.

One row per person. Columns, by their English or usual Chinese header:

============  ============================  ===============================================================
column        headers                       value
============  ============================  ===============================================================
code          code, 工号, 编号               the person's stable key (optional; a row with the code of a
                                            stored person updates that person)
id            id                            gridgov's id (our own exports carry it; updates that person)
name          name, 姓名                     required
phone         phone, 电话, 联系电话, 手机     optional; a masked number (137****5678) keeps the stored one
role          role, 角色, 岗位               a role code or its Chinese name (网格员, 网格长, 楼长, 楼道长 …)
cells         cells, 网格, 负责网格, 单元格   cell codes separated by ``|``, ``;``, ``,``, ``、`` or spaces
categories    categories, 类别, 负责类别      category codes (departments only), separated the same way
============  ============================  ===============================================================

CSV is read as UTF-8 (with or without BOM) or, failing that, GBK; ``.xlsx`` from its first sheet. An
import is all or nothing: every problem is reported with the file, row, field and reason, and then
nothing is written. Every field is bounded (:data:`FIELD_LIMITS`, from :mod:`grids.limits`) and holds
no NUL: one 5,000,000-character name made two map answers 15 MB for every staff role. An export masks
phone numbers unless asked not to; names stay (staff act in an official capacity, and the case history
must say who did what).
"""
import re
from pathlib import Path

import pandas as pd


from etl.table_file import cell_text, find_columns, read_table
from gis.errors import InputFileError
from gis.text_cells import text_frame
from grids import limits
from grids.errors import ImportRefused
from grids.people.roster import ROLES, list_people, people_problems, role_code, save_people
from grids.privacy import mask_phone

HEADERS = {
    "code": ("code", "工号", "编号"), "id": ("id",), "name": ("name", "姓名"),
    "phone": ("phone", "电话", "联系电话", "手机"), "role": ("role", "角色", "岗位"),
    "cells": ("cells", "网格", "负责网格", "单元格"), "categories": ("categories", "类别", "负责类别"),
}
REQUIRED = ("name", "role")
FORMATS = ("csv", "xlsx")
EXPORT_COLUMNS = ("id", "code", "name", "phone", "role", "role_name", "cells", "categories", "open_cases")
_SEPARATORS = re.compile(r"[|;,，；、\s]+")
FIELD_LIMITS = {"code": limits.PERSON_CODE, "id": 19, "name": limits.NAME, "phone": limits.PHONE,
                "role": limits.CATEGORY, "cells": limits.CELL_LIST, "categories": limits.CELL_LIST}
LOOKED_UP = ("code", "id", "cells", "categories")


def import_people_file(conn, path):
    """Read ``path`` and save its people (all or nothing); return ``{file, people, added, updated}``."""
    path = Path(path)
    frame = read_table(path, "people")
    columns = find_columns(path, frame, HEADERS, REQUIRED)
    people, problems = [], []
    for number, record in enumerate(frame.to_dict("records"), start=2):
        person = {field: cell_text(record.get(header)) for field, header in columns.items()}
        problems += _bound_problems(person, number)
        if person.get("id") and not (person["id"].isascii() and person["id"].isdigit()
                                     and int(person["id"]) <= limits.ID_MAX):
            problems.append(f"row {number}: id: {person['id']!r} is not a number")
            person["id"] = None
        people.append(_person(person, number))
    problems = sorted(problems + people_problems(conn, people), key=_row_number)
    if problems:
        raise ImportRefused(f"{path.name}: {len(problems)} problem(s); nothing was written", problems, file=str(path))
    saved = save_people(conn, people)
    return {"file": str(path), "people": len(people), "added": saved["added"], "updated": saved["updated"]}


def export_people_file(conn, path, *, fmt=None, with_personal_data=False):
    """Write every person to ``path`` (CSV or xlsx); phones masked unless ``with_personal_data``."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise InputFileError(f"cannot write people as {fmt!r}; formats: {', '.join(FORMATS)}", file=str(path))
    frame = people_table(conn, with_personal_data=with_personal_data)
    frame = text_frame(frame)      # a name beginning "=" is text, not a formula
    if fmt == "csv":
        frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")   # a cell's line break is quoted
    else:
        frame.to_excel(path, index=False, sheet_name="people")
    return {"file": str(path), "people": len(frame), "format": fmt, "personal_data": with_personal_data}


def people_table(conn, role=None, cell_code=None, with_personal_data=False):
    """People as a frame of :data:`EXPORT_COLUMNS` (lists joined with ``|``), phones masked by default."""
    rows = list_people(conn, role=role, cell_code=cell_code)
    frame = pd.DataFrame(rows, columns=["id", "code", "name", "phone", "role", "cells", "categories", "open_cases"])
    frame["role_name"] = frame["role"].map(ROLES)
    for column in ("cells", "categories"):
        frame[column] = frame[column].map("|".join)
    if not with_personal_data:
        frame["phone"] = frame["phone"].map(mask_phone)
    return frame[list(EXPORT_COLUMNS)]


def _bound_problems(person, number):
    """``'row N: field: reason'`` for each field of ``person`` beyond :data:`FIELD_LIMITS` or holding a
    NUL; such a field the row's other checks look up in the store is emptied first."""
    found = []
    for field, maximum in FIELD_LIMITS.items():
        problem = limits.text_problem(person.get(field) or "", maximum)
        if problem:
            found.append(f"row {number}: {field}: {problem}")
            if field in LOOKED_UP:
                person[field] = ""
    return found


def _row_number(problem):
    return int(problem.split(":")[0].split()[1])


def _person(person, number):
    return {"row": number, "id": person.get("id") or None, "code": person.get("code") or None,
            "name": person.get("name") or "", "phone": person.get("phone") or None,
            "role": role_code(person.get("role")) or person.get("role"),
            "cells": _codes(person.get("cells")), "categories": _codes(person.get("categories"))}


def _codes(text):
    return [code for code in _SEPARATORS.split(text or "") if code]

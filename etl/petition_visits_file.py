"""Skip-level visit reports (越级访通报) in CSV or Excel: read here, stored by :mod:`grids.petitions.skip_level`.

Columns, by their English or usual Chinese header:

===========  ==========================================  ==================================================
field        headers                                     value
===========  ==========================================  ==================================================
visited_on   visited_on, 日期, 来访日期, 上访日期, 越级日期   the day of the visit (required)
level        level, 层级, 越级层级, 去向, 越级类型            到市 / 赴省 / 进京 (city, province, beijing; required)
name         name, 姓名, 信访人                             the petitioner's name
id_number    id_number, 身份证号, 身份证号码, 证件号码        hashed on reading, never stored plain
phone        phone, 电话, 联系电话, 手机                     hashed on reading, never stored plain
origin       origin, 属地编码, 网格编码, 属地                 the cell code of origin (else the matter's cell)
matter_ref   matter_ref, 信访编号, 原信访编号                 the ticket of our matter, when the report names it
reported_by  reported_by, 通报单位, 反馈单位                  the office reporting back
reference    reference, 通报编号, 编号                        its reference
===========  ==========================================  ==================================================

A column with none of these headers is named in the result (``ignored_columns``), never dropped without a
word. All or nothing: every problem is ``row N: field: reason`` with the file, and then nothing is written.
"""
from pathlib import Path

from etl.table_file import cell_text, find_columns, read_table
from grids.errors import ImportRefused
from grids.petitions.skip_level import store_visits

HEADERS = {
    "visited_on": ("visited_on", "日期", "来访日期", "上访日期", "越级日期", "走访日期"),
    "level": ("level", "层级", "越级层级", "去向", "越级类型"),
    "name": ("name", "姓名", "信访人"),
    "id_number": ("id_number", "身份证号", "身份证号码", "证件号码"),
    "phone": ("phone", "电话", "联系电话", "手机"),
    "origin": ("origin", "属地编码", "网格编码", "属地"),
    "matter_ref": ("matter_ref", "信访编号", "原信访编号"),
    "reported_by": ("reported_by", "通报单位", "反馈单位"),
    "reference": ("reference", "通报编号", "编号"),
}
REQUIRED = ("visited_on", "level")


def read_visits(path):
    """The rows of ``path`` as dicts of fields (text), each with its line ``row``; and the ignored headers."""
    path = Path(path)
    frame = read_table(path, "skip-level visits")
    columns = find_columns(path, frame, HEADERS, REQUIRED)
    ignored = [str(h) for h in frame.columns if h not in columns.values()]
    rows = [{"row": number, **{field: cell_text(record.get(header)) for field, header in columns.items()}}
            for number, record in enumerate(frame.to_dict("records"), start=2)]
    return rows, ignored


def import_visits_file(conn, path):
    """Read ``path`` and store its visits (all or nothing); ``{file, visits, new, unchanged, matched,
    ignored_columns}``."""
    rows, ignored = read_visits(path)
    try:
        stored = store_visits(conn, rows, source=Path(path).name)
    except ImportRefused as refused:
        refused.context["file"] = str(path)
        raise
    return {"file": str(path), **stored, "ignored_columns": ignored}

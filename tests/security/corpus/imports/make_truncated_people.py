"""Rebuilds ``people_truncated.xlsx``: a people file of three rows cut off half-way, as a broken download
or a full disk leaves it. Run: ``.venv/bin/python tests/security/corpus/imports/make_truncated_people.py``."""
import io
from pathlib import Path

import openpyxl


def main():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["工号", "姓名", "联系电话", "岗位", "负责网格", "负责类别"])
    for n in range(3):
        sheet.append([f"W{n}", f"网格员{n}", f"1380000{n:04d}", "网格员", "", ""])
    whole = io.BytesIO()
    workbook.save(whole)
    data = whole.getvalue()
    (Path(__file__).parent / "people_truncated.xlsx").write_bytes(data[: len(data) // 2])


if __name__ == "__main__":
    main()

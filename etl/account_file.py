"""Account files: many accounts at once from CSV/Excel, and the account log out to CSV.

Columns of an account file, by their English or usual Chinese header:

==========  ==================================  =============================================================
column      headers                             value
==========  ==================================  =============================================================
username    username, 用户名, 账号, 登录名        letters, digits, ``_ . -`` (required)
role        role, 角色, 岗位                     a role code or its Chinese name (指挥中心, 街道工作人员 …) (required)
scope       scope, 范围, 管辖范围, 区域编码       the scope cell: a street for street staff, a community for
                                                community staff, the district for the others
person      person, 工号, 人员编号               the person's code: a grid member's or a department's account
password    password, 初始密码, 密码              the first password (the password policy applies); the file
                                                must be kept like a password and deleted after the import
==========  ==================================  =============================================================

All or nothing: every problem is reported as ``row N: field: reason`` with the file, and nothing is
written.
"""
import csv
from pathlib import Path

from etl.table_file import cell_text, find_columns, read_table
from gis.errors import GridgovError
from grids.errors import ImportRefused
from grids.people import accounts
from grids.people.roster import find_person
from grids.people.signin import log_table

HEADERS = {
    "username": ("username", "用户名", "账号", "登录名"),
    "role": ("role", "角色", "岗位"),
    "scope": ("scope", "范围", "管辖范围", "区域编码"),
    "person": ("person", "工号", "人员编号"),
    "password": ("password", "初始密码", "密码"),
}
REQUIRED = ("username", "role", "password")
ROLE_NAMES = {**{code: code for code in accounts.ROLES}, **{name: code for code, name in accounts.ROLES.items()},
              "指挥中心工作人员": "command_staff", "街道": "street_staff", "社区": "community_staff"}


def import_account_file(conn, path):
    """Create or replace the accounts of ``path`` (all or nothing); ``{file, accounts}``."""
    path = Path(path)
    frame = read_table(path, "accounts")
    columns = find_columns(path, frame, HEADERS, REQUIRED)
    problems, seen = [], {}
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT account_import")
    for number, record in enumerate(frame.to_dict("records"), start=2):
        row = {field: cell_text(record.get(header)) for field, header in columns.items()}
        if seen.setdefault(row["username"], number) != number:
            problems.append(f"row {number}: username: {row['username']} is in row {seen[row['username']]} already")
            continue
        problems += _saved(conn, row, number)
    if problems:
        with conn.cursor() as cur:
            cur.execute("ROLLBACK TO SAVEPOINT account_import")
        raise ImportRefused(f"{path.name}: {len(problems)} problem(s); nothing was written", problems, file=str(path))
    return {"file": str(path), "accounts": len(frame)}


def _saved(conn, row, number):
    """Create the account of one row; its problems as ``row N: field: reason`` (nothing raised)."""
    role = ROLE_NAMES.get(row["role"])
    if role is None:
        return [f"row {number}: role: unknown role {row['role']!r}"]
    try:
        person = find_person(conn, row["person"])["id"] if row.get("person") else None
        accounts.create_account(conn, row["username"], row["password"], role, scope_code=row.get("scope") or None,
                                person_id=person)
    except GridgovError as refused:
        field = refused.context.get("field") or ("person" if "person" in refused.message else "username")
        return [f"row {number}: {field}: {refused.message}"]
    return []


def export_account_log(events, path):
    """Write account-log lines to a CSV (UTF-8 with BOM, CRLF; text cells never formulas); their count."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(log_table(events))
    return len(events)

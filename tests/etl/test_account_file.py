"""Accounts from a file (Chinese headers, all or nothing, every problem by row and field) and the
account log to CSV; the ``gridgov accounts`` commands on a committed store."""
import csv

import pytest
from click.testing import CliRunner

from etl.account_file import export_account_log, import_account_file
from gridgov_cli.main import cli
from grids.errors import ImportRefused
from grids.people import accounts, signin
from tests.cases import load_world
from tests.command_line import stored
from tests.conftest import TABLES, wipe
from tests.shapes import load_two_by_two


@pytest.fixture
def world(conn):
    return load_world(conn)


def test_an_account_file_with_chinese_headers(conn, world, tmp_path):
    path = tmp_path / "账号.csv"
    path.write_text("用户名,角色,管辖范围,工号,初始密码\n"
                    "jiedao1,街道工作人员,370212001,,street-one-2025\n"
                    "wangge1,网格员,,M1,member-one-2025\n"
                    "chengguan,部门,,K1,department-2025\n", encoding="gb18030")
    assert import_account_file(conn, path) == {"file": str(path), "accounts": 3}
    assert accounts.authenticate(conn, "wangge1", "member-one-2025")["role"] == "grid_member"
    assert [e["event"] for e in signin.events(conn, username="jiedao1")] == ["created"]


def test_every_problem_is_named_and_nothing_is_written(conn, world, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("username,role,scope,person,password\n"
                    "ok1,street_staff,370212001,,good-password-1\n"
                    "bad name,street_staff,370212001,,good-password-1\n"
                    "s2,street_staff,370212001001,,good-password-1\n"
                    "s3,街道工作人员,370212001,,short\n"
                    "m9,grid_member,,NOBODY,good-password-1\n"
                    "x1,boss,370212,,good-password-1\n"
                    "ok1,street_staff,370212001,,good-password-1\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_account_file(conn, path)
    problems = refused.value.problems
    assert [p.split(":")[0] + ":" + p.split(":")[1] for p in problems] == [
        "row 3: username", "row 4: scope", "row 5: password", "row 6: person", "row 7: role", "row 8: username"]
    assert accounts.get_account(conn, username="ok1") is None


def test_the_account_log_as_csv(conn, world, tmp_path):
    accounts.create_account(conn, "street", "street-officer-7", "street_staff", scope_code="370212001")
    signin.attempt(conn, "street", "=HYPERLINK(\"x\")", "10.0.0.1", authenticate=accounts.authenticate)
    path = tmp_path / "log.csv"
    assert export_account_log(signin.events(conn), path) == 2
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0] == ["at", "event", "username", "address", "operator", "detail"]
    assert {r[1] for r in rows[1:]} == {"created", "sign_in_failed"}


def test_the_accounts_commands(committed_db, tmp_path):
    runner = CliRunner()
    from gis import db
    with db.connect() as conn:
        load_two_by_two(conn)
    try:
        made = runner.invoke(cli, ["accounts", "create", "jd", "--role", "street_staff", "--scope", "370212001"],
                             input="street-pass-99\nstreet-pass-99\n")
        assert made.exit_code == 0, made.output
        weak = runner.invoke(cli, ["accounts", "create", "jd2", "--role", "street_staff", "--scope", "370212001"],
                             input="jd2jd2jd2\njd2jd2jd2\n")
        assert weak.exit_code == 2 and "10 characters" in weak.output
        assert runner.invoke(cli, ["accounts", "set-role", "jd", "command_staff"]).exit_code == 0
        listed = runner.invoke(cli, ["accounts", "list"]).output
        assert "jd" in listed and "command_staff" in listed and "never signed in" in listed
        log = runner.invoke(cli, ["accounts", "log", "--user", "jd"]).output
        assert "role_changed" in log and "created" in log and "cli:" in log
        assert runner.invoke(cli, ["accounts", "log", "-o", str(tmp_path / "log.csv")]).exit_code == 0
        assert stored(committed_db, "SELECT count(*) FROM account_event WHERE username = 'jd'")[0][0] == 2
    finally:
        wipe(committed_db, f"{TABLES}, account")

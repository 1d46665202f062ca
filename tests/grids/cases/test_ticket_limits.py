"""A category's limit in working days, and a ticket's own limit stored at import (a duration or an absolute
deadline) winning over its category's at every clock start — dispatch, escalation, reopening. Dates of the
2026 Spring Festival as the official calendar has them: 15–23 February off, Saturdays 14 and 28 working."""
import datetime as dt

import chinese_calendar
import pytest

from etl.category_file import read_category_file
from etl.incidents.importing import import_incident_file
from etl.incidents.reader import read_incidents
from gis.errors import InputFileError
from grids.cases import loop, time_limits
from grids.incidents.intake.time_limit_text import parse_limit
from grids.cells import generations
from grids.clock import SHANGHAI
from grids.errors import ImportRefused
from grids.incidents.categories import upsert_categories
from grids.incidents.intake.fields import Mapping, resolve_layout
from tests.cases import add_incident, load_world
from tests.shapes import ORIGIN, UNIT


def at(day, hour=0, month=2, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


# A parent in working days, a leaf inheriting it, a leaf of its own in hours.
WORKDAY_TREE = [{"code": "T3", "name": "测试交办", "time_limit_workdays": 2},
                {"code": "T301", "name": "测试交办子类", "parent_code": "T3"},
                {"code": "T302", "name": "测试急办", "parent_code": "T3", "time_limit_hours": 12}]


@pytest.fixture
def world(conn):
    people = load_world(conn)
    upsert_categories(conn, WORKDAY_TREE)
    return people


def set_own(conn, case_id, column, value):
    with conn.cursor() as cur:
        cur.execute(f"UPDATE incident SET {column} = %s WHERE id = %s", (value, case_id))


def dispatched(conn, ref, when, category="T101", **own):
    case_id = add_incident(conn, ref, category=category, at=when - dt.timedelta(hours=1))
    for column, value in own.items():
        set_own(conn, case_id, column, value)
    loop.act(conn, case_id, "accept", "D1", now=when - dt.timedelta(minutes=30))
    return case_id, loop.act(conn, case_id, "dispatch", "D1", now=when)


def test_the_dates_are_the_official_calendars():
    assert [chinese_calendar.is_workday(dt.date(2026, 2, d)) for d in (13, 14, 15, 23, 24, 28)] == [
        True, True, False, False, True, True]
    assert chinese_calendar.is_holiday(dt.date(2026, 2, 17))            # 春节 itself


def test_a_category_in_working_days_runs_over_the_festival_and_a_leaf_inherits_it(conn, world):
    case_id, after = dispatched(conn, "cat-w", at(13, 10), category="T301")
    # Friday 14 h + Saturday 14th (调休) 24 h = 38 h; 15th–23rd off; Tuesday 10 h → 48 h
    assert (after["limit_workdays"], after["time_limit_hours"], after["deadline"]) == (2, 48, at(24, 10))
    during = time_limits.timer(after, at(20, 12))                       # a week on the wall clock
    assert (during["colour"], during["fraction"]) == ("green", pytest.approx(38 / 48))
    assert time_limits.timer(after, at(24, 9))["colour"] == "yellow"    # 47 of 48 working hours
    assert time_limits.timer(after, at(24, 11))["colour"] == "red"
    _, hourly = dispatched(conn, "cat-h", at(13, 10), category="T302")  # the leaf's own 12 wall-clock hours
    assert (hourly["limit_workdays"], hourly["deadline"]) == (None, at(13, 22))


def test_a_report_and_rework_over_the_festival_keeps_the_working_time_left(conn, world):
    case_id, _ = dispatched(conn, "cat-pause", at(13, 10), category="T301")    # due Tuesday 24th 10:00
    loop.act(conn, case_id, "report", "D1", now=at(14, 10))         # Saturday (调休): 14 + 10 = 24 h used
    during = loop.get_case(conn, case_id, now=at(22, 12))["timer"]
    assert (during["running"], during["fraction"]) == (False, 0.5)
    again = loop.act(conn, case_id, "rework", "D1", now=at(24, 8))
    assert again["deadline"] == at(25, 8)                           # the 24 working hours left
    assert time_limits.timer(again, at(24, 8))["fraction"] == 0.5


def test_a_category_is_in_hours_or_in_working_days_not_both(conn, world, tmp_path):
    with pytest.raises(ImportRefused):
        upsert_categories(conn, [{"code": "T4", "name": "两种时限", "time_limit_hours": 24, "time_limit_workdays": 3}])
    path = tmp_path / "categories.csv"
    path.write_text("code,name,time_limit_hours,time_limit_workdays\nA,甲,,5\nB,乙,24,\n", encoding="utf-8")
    assert [(r["time_limit_hours"], r["time_limit_workdays"]) for r in read_category_file(path)] == [
        (None, 5), (24, None)]
    path.write_text("code,name,time_limit_hours,time_limit_workdays\nA,甲,24,5\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="not both"):
        read_category_file(path)


def test_the_tickets_stored_limit_wins_at_dispatch_escalation_and_reopening(conn, world):
    case_id, after = dispatched(conn, "own-h", at(3, 9, month=3), own_limit_hours=48)   # T101's own is 24 h
    assert (after["time_limit_hours"], after["deadline"]) == (48, at(5, 9, month=3))
    up = loop.act(conn, case_id, "escalate", "D1", now=at(3, 10, month=3), note="上报社区")
    assert (up["handler_level"], up["deadline"]) == ("community", at(5, 10, month=3))
    for action, request in (("report", {}), ("verify", {}), ("rate", {"rating": "dissatisfied"})):
        loop.act(conn, case_id, action, "D1", now=at(3, 11, month=3), **request)
    reopened = loop.act(conn, case_id, "reopen", "D1", now=at(3, 12, month=3))
    assert (reopened["time_limit_hours"], reopened["deadline"]) == (48, at(5, 12, month=3))
    _, festival = dispatched(conn, "own-w", at(13, 10), category="T302", own_limit_workdays=3)
    assert (festival["limit_workdays"], festival["deadline"]) == (3, at(25, 10))   # not T302's 12 h


def test_an_absolute_deadline_gives_the_time_left_until_it_then_the_category_limit(conn, world):
    case_id, after = dispatched(conn, "own-d", at(3, 18, month=3), own_deadline=at(5, 18, month=3))
    assert (after["deadline"], after["time_limit_hours"], after["limit_workdays"]) == (at(5, 18, month=3), 48, None)
    assert time_limits.timer(after, at(5, 18, month=3))["colour"] == "yellow"       # exactly 100 %
    late = loop.act(conn, case_id, "escalate", "D1", now=at(6, 9, month=3), note="逾期上报")
    assert late["deadline"] == at(7, 9, month=3)            # the deadline has passed: T101's 24 h from now
    _, past = dispatched(conn, "own-d-past", at(6, 9, month=3), own_deadline=at(5, 18, month=3))
    assert past["deadline"] == at(7, 9, month=3)


def write_import(tmp_path, header, rows, name="tickets.csv"):
    lon, lat = ORIGIN[0] + 0.5 * UNIT, ORIGIN[1] + 1.5 * UNIT        # grid 1's centre
    path = tmp_path / name
    lines = [f"工单编号,受理时间,小类,经度,纬度,坐标系,{header}"]
    lines += [f"{ref},{reported},T101,{lon},{lat},EPSG:4490,{limit}" for ref, reported, limit in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored_limits(conn, ref):
    with conn.cursor() as cur:
        cur.execute("SELECT id, own_limit_hours, own_limit_workdays, own_deadline, attributes FROM incident "
                    "WHERE source_ref = %s", (ref,))
        return cur.fetchone()


def test_an_imported_limit_is_stored_on_the_incident_and_used_at_dispatch(conn, world, tmp_path):
    generations.publish(conn)
    path = write_import(tmp_path, "处理时限", [("CL-1", "2026-02-13 09:00", "3个工作日"),
                                              ("CL-2", "2026-02-13 09:00", "48 小时"),
                                              ("CL-3", "2026-02-13 09:00", "")])
    report = import_incident_file(conn, path, channel="assigned")
    assert (report["added"], report["problems"], report["columns"]["time_limit"]) == (3, [], "处理时限")
    case_id, hours, days, deadline, attributes = stored_limits(conn, "CL-1")
    assert (hours, days, deadline, "处理时限" in attributes) == (None, 3, None, False)
    assert stored_limits(conn, "CL-2")[1:4] == (48, None, None)
    assert stored_limits(conn, "CL-3")[1:4] == (None, None, None)
    loop.act(conn, case_id, "accept", "D1", now=at(13, 10))
    assert loop.act(conn, case_id, "dispatch", "D1", now=at(13, 10))["deadline"] == at(25, 10)
    plain = stored_limits(conn, "CL-3")[0]
    loop.act(conn, plain, "accept", "D1", now=at(13, 10))
    assert loop.act(conn, plain, "dispatch", "D1", now=at(13, 10))["deadline"] == at(14, 10)   # T101's 24 h


def test_a_deadline_column_fills_an_empty_limit_and_bad_values_are_warnings_naming_row_and_column(
        conn, world, tmp_path):
    generations.publish(conn)
    lon, lat = ORIGIN[0] + 0.5 * UNIT, ORIGIN[1] + 1.5 * UNIT
    path = tmp_path / "hotline.csv"
    path.write_text(
        "工单编号,受理时间,小类,经度,纬度,坐标系,办理时限,办结时限\n"
        f"DL-1,2026-03-02 09:00,T101,{lon},{lat},EPSG:4490,,2026-03-04 17:30\n"        # row 2: the deadline
        f"DL-2,2026-03-02 09:00,T101,{lon},{lat},EPSG:4490,,2026-03-04\n"              # row 3: its end
        f"DL-3,2026-03-02 09:00,T101,{lon},{lat},EPSG:4490,,下周前\n"                   # row 4: unreadable
        f"DL-4,2026-03-02 09:00,T101,{lon},{lat},EPSG:4490,,2026-03-01 12:00\n"        # row 5: before the report
        f"DL-5,2026-03-02 09:00,T101,{lon},{lat},EPSG:4490,尽快,2026-03-04 17:30\n"      # row 6: 办理时限 is read
        f"DL-6,2026-03-02 09:00,T101,{lon},{lat},EPSG:4490,5工作日,2026-03-04 17:30\n", encoding="utf-8")
    report = import_incident_file(conn, path, channel="hotline")
    assert report["added"] == 6
    assert [(p["row"], p["field"], p["severity"]) for p in report["problems"]] == [
        (4, "办结时限", "warning"), (5, "办结时限", "warning"), (6, "办理时限", "warning")]
    assert "下周前" in report["problems"][0]["text"] and "尽快" in report["problems"][2]["text"]
    assert stored_limits(conn, "DL-1")[3] == at(4, 17, month=3, minute=30)
    assert stored_limits(conn, "DL-2")[3] == at(5, 0, month=3)          # a date alone: the end of that day
    assert [stored_limits(conn, ref)[1:4] for ref in ("DL-3", "DL-4", "DL-5")] == [(None, None, None)] * 3
    assert stored_limits(conn, "DL-6")[1:4] == (None, 5, None)
    case_id = stored_limits(conn, "DL-1")[0]
    loop.act(conn, case_id, "accept", "D1", now=at(2, 10, month=3))
    after = loop.act(conn, case_id, "dispatch", "D1", now=at(2, 10, month=3))
    assert (after["deadline"], after["time_limit_hours"]) == (at(4, 17, month=3, minute=30), 55.5)


def test_a_reimport_with_another_limit_updates_it_and_says_so_in_the_history(conn, world, tmp_path):
    generations.publish(conn)
    first = write_import(tmp_path, "办理时限", [("RE-1", "2026-03-02 09:00", "3个工作日")], "a.csv")
    import_incident_file(conn, first, channel="assigned")
    second = write_import(tmp_path, "办理时限", [("RE-1", "2026-03-02 09:00", "5个工作日")], "b.csv")
    assert import_incident_file(conn, second, channel="assigned")["updated"] == 1
    case_id, _, days, _, _ = stored_limits(conn, "RE-1")
    assert days == 5
    assert loop.case_history(conn, case_id)[-1]["details"]["fields"] == ["time_limit"]


@pytest.mark.parametrize("headers, column", [
    (["工单编号", "受理时间", "时限"], "时限"), (["工单编号", "受理时间", "办理时限", "办结时限"], "办理时限"),
    (["Unique Key", "Created Date", "deadline"], "deadline")])
def test_the_limit_headers_are_a_standard_field(headers, column):
    layout = resolve_layout(headers, Mapping(), "t.csv")
    assert layout.columns["time_limit"] == column and column not in layout.attributes


def test_a_mapping_file_names_another_limit_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("工单编号,受理时间,要求完成\nM-1,2026-03-02 09:00,2个工作日\n", encoding="utf-8")
    records = next(read_incidents(path, channel="assigned",
                                  mapping={"columns": {"time_limit": "要求完成"}})).records
    assert (records.loc[0, "own_limit_workdays"], records.loc[0, "attributes"]) == (2, {})


@pytest.mark.parametrize("text, parsed", [
    ("三个工作日内", ("workdays", 3.0)), ("限5个工作日", ("workdays", 5.0)), ("48 小时", ("hours", 48.0)),
    ("1.5天", ("hours", 36.0)), ("72H", ("hours", 72.0))])
def test_more_limit_texts_are_read(text, parsed):
    assert parse_limit(text) == parsed


@pytest.mark.parametrize("text", ["三", "3周", "工作日", "-2天", "3个工作日或48小时"])
def test_more_limit_texts_are_refused(text):
    with pytest.raises(ValueError):
        parse_limit(text)

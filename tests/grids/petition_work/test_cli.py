"""``gridgov backlog|proxies|reception|suggestions`` end to end, committed through the app role's login."""
import getpass
import json

import pytest

from gis import db
from tests.cases import COMMUNITY, STREET, T0, load_world
from tests.command_line import gridgov, stored
from tests.conftest import TABLES, wipe
from tests.grids.petition_work.conftest import days, petition

WORK_TABLES = (f"{TABLES}, petition_work_event, backlog_matter, backlog_consultation, major_issue, proxy_agent, "
               "proxy_call, reception_day, reception_matter, suggestion_campaign, suggestion")


@pytest.fixture
def store(database_url):
    wipe(database_url, WORK_TABLES)
    conn = db.open_connection(database_url)
    load_world(conn)
    case_id = petition(conn, "P1")
    conn.commit()
    conn.close()
    yield case_id
    wipe(database_url, WORK_TABLES)


def _ok(*args):
    result = gridgov(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _json(*args):
    return json.loads(_ok(*args, "--json"))


def test_backlog_from_registration_to_clearing(database_url, store):
    now = (T0 + days(100)).isoformat()
    entry = _json("backlog", "add", store, "--why", "overdue", "--leader-name", "王区长", "--leader-post", "副区长",
                  "--member", "李科长/住建局", "--by", "D1", "--now", now)
    refused = gridgov("backlog", "close-off", entry["id"], "--evidence", "息诉", "--by", "D1", "--now", now)
    assert refused.exit_code == 2 and "周会商" in refused.output
    _ok("backlog", "consult", entry["id"], "--on", (T0 + days(100)).date(), "--attendee", "王区长", "--attendee",
        "李科长", "--decisions", "两周内出方案", "--by", "D1", "--now", now)
    _ok("backlog", "close-off", entry["id"], "--evidence", "息诉罢访承诺书", "--by", "D1", "--now", now)
    clearing = json.loads(_ok("backlog", "clearing", "--on", (T0 + days(100)).date(), "--format", "json"))
    assert [(r["area_code"], r["cleared"]) for r in clearing] == [(STREET, True)]
    issue = _json("backlog", "issue-add", "--title", "某小区办证难", "--leader-name", "王区长", "--leader-post", "副区长",
                  "--case", store, "--by", "D1", "--now", now)
    _ok("backlog", "issue-close-off", issue["id"], "--evidence", "全部办证", "--by", "D1", "--now", now)
    issues = json.loads(_ok("backlog", "issues", "--format", "json"))
    assert [(i["status"], i["cases"]) for i in issues] == [("closed_off", [store])]
    operator = f"cli:{getpass.getuser()}"
    assert stored(database_url, "SELECT action, operator FROM petition_work_event ORDER BY id") == [
        ("register", operator), ("consult", operator), ("close_off", operator), ("list_issue", operator),
        ("close_off", operator)]


def test_proxies_reception_and_suggestions(database_url, store):
    now = T0.isoformat()
    _ok("proxies", "add-agent", "--name", "社区代理员", "--level", "village", "--area", COMMUNITY, "--code", "A_COM",
        "--by", "D1", "--now", now)
    _ok("proxies", "add-agent", "--name", "街道代理员", "--level", "township", "--area", STREET, "--code", "A_STR",
        "--by", "D1", "--now", now)
    _ok("proxies", "take", store, "--agent", "A_COM", "--by", "C1", "--now", now)
    called = _json("proxies", "call", store, "--from-agent", "A_COM", "--due-hours", "2", "--reason", "协调",
                   "--by", "C1", "--now", now)
    answered = _ok("proxies", "respond", called["id"], "--agent", "A_STR", "--by", "S1", "--now",
                   (T0 + days(1)).isoformat())
    assert "late" in answered
    agents = json.loads(_ok("proxies", "list", "--format", "json"))
    assert [(a["code"], a["matters_taken"]) for a in agents] == [("A_STR", 0), ("A_COM", 1)]

    _ok("reception", "add", "--monthly", 15, "--from", "2025-04", "--months", 3, "--leader", "王区长",
        "--place", "区信访接待大厅", "--by", "D1", "--now", now)
    upcoming = _json("reception", "next", "--today", "2025-04-16")
    assert (upcoming["held_on"], upcoming["topic"]) == ("2025-05-15", "住房保障")
    assert "住建局, 人社局" in _ok("reception", "next", "--today", "2025-04-16")
    day = upcoming["id"]
    _ok("reception", "bring", day, store, "--by", "D1", "--now", now)
    again = gridgov("reception", "bring", day, store, "--by", "D1", "--now", now)
    assert again.exit_code == 2 and "already" in again.output
    early = gridgov("reception", "outcome", day, store + 1, "--outcome", "assigned", "--by", "D1", "--now", now)
    assert early.exit_code == 2 and "not brought" in early.output
    _ok("reception", "outcome", day, store, "--outcome", "resolved_on_the_spot", "--note", "当场答复", "--by", "D1",
        "--now", now)
    assert stored(database_url, "SELECT incident_id, outcome FROM reception_matter") == [(store, "resolved_on_the_spot")]

    campaign = _json("suggestions", "campaign", "--title", "加装电梯", "--from", T0.date(), "--to",
                     (T0 + days(30)).date(), "--by", "D1", "--now", now)
    first = _json("suggestions", "add", "--body", "统一招标", "--campaign", campaign["id"], "--name", "张三丰",
                  "--phone", "13912345678", "--by", "D1", "--now", now)
    _json("suggestions", "add", "--body", "加快审批", "--campaign", campaign["id"], "--by", "D1", "--now", now)
    reviewed = _json("suggestions", "review", first["id"], "--result", "refer", "--department", "住建局", "--by", "D1",
                     "--now", now)
    assert reviewed["submitter_phone"] == "139****5678"
    _ok("suggestions", "adopt", first["id"], "--action", "纳入实施方案", "--by", "D1", "--now", now)
    rates = json.loads(_ok("suggestions", "rate", "--format", "json"))
    assert [(r["received"], r["adopted"], float(r["adoption_rate"])) for r in rates] == [(2, 1, 0.5), (2, 1, 0.5)]
    refused = gridgov("suggestions", "add", "--body", " ", "--by", "D1", "--now", now)
    assert refused.exit_code == 2 and "`body`" in refused.output
    assert stored(database_url, "SELECT count(*) FROM suggestion") == [(2,)]

"""Bursts → early warnings on hand-made tickets: five reporters within 300 m and 3 days are flagged; five
tickets of one reporter are not, nor the same five spread over 2 km; a re-run changes nothing and a later
ticket extends the warning; a dismissed warning is not raised again; the severity rule at its boundaries;
confirm and dismiss recorded with actor and time, the history append-only, precision measured."""
import datetime as dt
import json

import psycopg2
import pytest

from grids.foresight import bursts, warnings
from tests.cases import GRID, GRID_SQUARE, T0, load_world
from tests.command_line import gridgov, stored
from tests.shapes import ORIGIN, UNIT

UNTIL = (T0 + dt.timedelta(days=3)).date()
RULE = {"window_days": 3, "categories": ["T1"]}         # the world's test categories


def ticket(conn, ref, *, name="居民", phone=None, grid=1, category="T101", at=T0, east=0.0, north=0.0,
           title="工地拖欠工资", description=None):
    """A hotline ticket at ``grid``'s centre moved ``east``/``north`` metres, with its reporter."""
    col, row = GRID_SQUARE[grid]
    lon = ORIGIN[0] + (col + 0.5) * UNIT + east / (111_320 * 0.8087)
    lat = ORIGIN[1] + (row + 0.5) * UNIT + north / 110_574
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO incident (channel, source_ref, reported_at, category_code, title, description,"
            " reporter_name, reporter_phone, geom, district_code, street_code, community_code, grid_code,"
            " placement_method, content_hash) VALUES ('hotline', %s, %s, %s, %s, %s, %s, %s,"
            " ST_SetSRID(ST_Point(%s, %s), 4490), %s, %s, %s, %s, 'coordinates', 'h') RETURNING id",
            (ref, at, category, title, description, name, phone, lon, lat, GRID[grid][:6], GRID[grid][:9],
             GRID[grid][:12], GRID[grid]))
        return cur.fetchone()[0]



@pytest.fixture
def world(conn):
    return load_world(conn)


def five_reporters(conn, prefix="w", spread_m=40, hours=12, **options):
    """Five tickets of five people (phones differ) within ``spread_m`` of each other, ``hours`` apart."""
    return [ticket(conn, f"{prefix}{k}", name=f"工人{k}", phone=f"+86 139 0000 00{k:02d}",
                   at=T0 + dt.timedelta(hours=hours * k), east=spread_m * (k % 3), north=spread_m * (k // 3), **options)
            for k in range(5)]


def test_five_reporters_within_300_m_and_3_days_are_flagged(conn, world):
    ids = five_reporters(conn)
    found = bursts.detect(conn, UNTIL, **RULE)
    assert len(found) == 1
    burst = found[0]
    assert burst["ids"] == ids and burst["reporters"] == 5 and burst["tickets"] == 5 and burst["category_code"] == "T101"
    assert burst["first_reported_at"] == T0 and burst["last_reported_at"] == T0 + dt.timedelta(hours=48)
    written = bursts.run(conn, UNTIL, now=T0 + dt.timedelta(days=3), **RULE)
    assert len(written["raised"]) == 1 and written["rule"]["distance_m"] == 300.0
    (warning,) = warnings.list_warnings(conn, ["open"])
    assert warning["ticket_ids"] == ids and warning["severity"] == "yellow" and warning["cell_code"] == GRID[1]
    assert warning["rule"]["version"] == bursts.RULE_VERSION and warning["rule"]["min_reporters"] == 5
    assert "reporter_name" not in warning and "reporter_phone" not in warning


def test_one_reporter_calling_five_times_is_not_a_burst(conn, world):
    for k in range(5):        # the same phone written four ways, the same person
        ticket(conn, f"one{k}", name=f"王先生{k}",
               phone=("13900000001", "+86 139-0000-0001", "139 0000 0001", "１３９００００００01")[k % 4],
               at=T0 + dt.timedelta(hours=6 * k), east=10 * k)
    assert bursts.detect(conn, UNTIL, **RULE) == []
    four_more = [ticket(conn, f"other{k}", name=f"李{k}", phone=f"1380000000{k}", at=T0 + dt.timedelta(hours=k))
                 for k in range(4)]
    (burst,) = bursts.detect(conn, UNTIL, **RULE)      # now five distinct: the caller and four others
    assert burst["reporters"] == 5 and burst["tickets"] == 9 and set(four_more) <= set(burst["ids"])


def test_anonymous_tickets_count_one_each_and_names_stand_in_for_phones(conn, world):
    for k in range(3):
        ticket(conn, f"anon{k}", name=None, phone=None, at=T0 + dt.timedelta(hours=k))
    ticket(conn, "named-a", name="赵六", phone=None)
    assert bursts.detect(conn, UNTIL, **RULE) == []                 # 4 reporters
    ticket(conn, "named-b", name="赵六", phone=None, at=T0 + dt.timedelta(hours=5))
    assert bursts.detect(conn, UNTIL, **RULE) == []                 # 赵六 again: still 4
    ticket(conn, "named-c", name="孙七", phone="", at=T0 + dt.timedelta(hours=6))
    assert bursts.detect(conn, UNTIL, **RULE)[0]["reporters"] == 5


def test_the_same_count_spread_over_2_km_or_over_weeks_or_two_topics_is_not_flagged(conn, world):
    for k in range(5):
        ticket(conn, f"far{k}", name=f"甲{k}", phone=f"1370000010{k}", east=500 * k)        # 2 km end to end
    assert bursts.detect(conn, UNTIL, **RULE) == []
    for k in range(5):
        ticket(conn, f"slow{k}", name=f"乙{k}", phone=f"1370000020{k}", grid=3, at=T0 - dt.timedelta(days=4 * k))
    assert bursts.detect(conn, UNTIL, **RULE) == []
    for k in range(5):
        ticket(conn, f"mix{k}", name=f"丙{k}", phone=f"1370000030{k}", grid=2, category="T101" if k < 3 else "T102")
    assert bursts.detect(conn, UNTIL, **RULE) == []


def test_a_chain_of_tickets_is_cut_to_the_distance_around_its_centre(conn, world):
    # 9 reporters 100 m apart in a line (DBSCAN chains them over 800 m): only those within 300 m of the
    # centre count — 7 of them (the middle one and three each side)
    for k in range(9):
        ticket(conn, f"chain{k}", name=f"丁{k}", phone=f"1370000040{k}", east=100 * k)
    (burst,) = bursts.detect(conn, UNTIL, **RULE)
    assert burst["reporters"] == 7 and burst["tickets"] == 7


def test_a_rerun_changes_nothing_and_a_later_ticket_extends_the_warning(conn, world):
    ids = five_reporters(conn)
    first = bursts.run(conn, UNTIL, now=T0 + dt.timedelta(days=3), **RULE)
    again = bursts.run(conn, UNTIL, now=T0 + dt.timedelta(days=3, hours=1), **RULE)
    assert len(first["raised"]) == 1 and again["raised"] == [] and again["unchanged"] == first["raised"]
    later = ticket(conn, "w-late", name="工人9", phone="13900009999", at=T0 + dt.timedelta(days=3, hours=2), north=30)
    # the next day's run: its window (the 3 days before) still holds 3 of the five and the new one —
    # 4 reporters, no burst of its own, but a burst of the whole window 4 days long extends the warning
    extended = bursts.run(conn, UNTIL + dt.timedelta(days=1), now=T0 + dt.timedelta(days=4), **{**RULE, "window_days": 4})
    assert extended["extended"] == first["raised"] and extended["raised"] == []
    warning = warnings.get_warning(conn, first["raised"][0])
    assert warning["ticket_ids"] == sorted(ids + [later]) and warning["reporters"] == 6 and warning["tickets"] == 6
    assert [e["action"] for e in warning["history"]] == ["raised", "extended"]
    assert warning["history"][1]["details"]["added"] == [later]
    assert len(warnings.list_warnings(conn)) == 1


def test_a_burst_near_an_open_warning_extends_it_without_sharing_a_ticket(conn, world):
    five_reporters(conn)
    (raised,) = bursts.run(conn, UNTIL, now=T0 + dt.timedelta(days=3), **RULE)["raised"]
    week = [ticket(conn, f"wk{k}", name=f"戊{k}", phone=f"1370000050{k}", at=T0 + dt.timedelta(days=5, hours=k),
                   east=60) for k in range(5)]
    result = bursts.run(conn, UNTIL + dt.timedelta(days=5), now=T0 + dt.timedelta(days=8), **RULE)
    assert result["extended"] == [raised] and result["raised"] == []
    assert set(week) <= set(warnings.get_warning(conn, raised)["ticket_ids"])


def test_a_dismissed_warning_is_not_raised_again_for_the_same_tickets(conn, world):
    ids = five_reporters(conn)
    (raised,) = bursts.run(conn, UNTIL, now=T0 + dt.timedelta(days=3), **RULE)["raised"]
    people = world
    warnings.dismiss(conn, raised, people["C1"], "同一工地的正常工资咨询，已答复", now=T0 + dt.timedelta(days=3))
    again = bursts.run(conn, UNTIL, now=T0 + dt.timedelta(days=3, hours=2), **RULE)
    assert again["raised"] == [] and again["extended"] == [] and again["skipped"] == 1
    assert [w["id"] for w in warnings.list_warnings(conn)] == [raised]
    # five new reporters at the same place: a new warning, on the new tickets only
    new = [ticket(conn, f"n{k}", name=f"己{k}", phone=f"1370000060{k}", at=T0 + dt.timedelta(days=2, hours=k))
           for k in range(5)]
    result = bursts.run(conn, UNTIL, now=T0 + dt.timedelta(days=3, hours=3), **RULE)
    (fresh,) = result["raised"]
    assert warnings.get_warning(conn, fresh)["ticket_ids"] == new and not set(ids) & set(new)


@pytest.mark.parametrize("reporters, escalation, risky, expected", [
    (5, False, False, "yellow"), (9, False, False, "yellow"), (10, False, False, "orange"),
    (14, False, False, "orange"), (15, False, False, "red"), (5, True, False, "orange"),
    (5, False, True, "orange"), (5, True, True, "red"), (10, True, False, "red"), (15, True, True, "red"),
])
def test_the_severity_rule_at_its_boundaries(reporters, escalation, risky, expected):
    assert bursts.severity(reporters, 5, escalation, risky) == expected


def test_escalation_words_raise_the_stored_severity(conn, world):
    five_reporters(conn)
    ticket(conn, "angry", name="工人8", phone="13900008888", title="再不发工资就去市政府上访、拉横幅",
           at=T0 + dt.timedelta(hours=3))
    (raised,) = bursts.run(conn, UNTIL, now=T0 + dt.timedelta(days=3), **RULE)["raised"]
    warning = warnings.get_warning(conn, raised)
    assert warning["severity"] == "orange" and warning["escalation_words"] == ["上访", "拉横幅"]
    assert bursts.escalation_words("工人集体堵路", None) == ["堵路", "集体"]


def test_confirm_and_dismiss_are_recorded_once_with_actor_and_time_and_give_the_precision(conn, world):
    five_reporters(conn, prefix="a")
    five_reporters(conn, prefix="b", grid=4)
    raised = bursts.run(conn, UNTIL, now=T0 + dt.timedelta(days=3), **RULE)["raised"]
    assert len(raised) == 2
    with pytest.raises(warnings.WarningError) as refused:
        warnings.dismiss(conn, raised[0], world["C1"], "   ")
    assert refused.value.context["field"] == "reason"
    assert warnings.get_warning(conn, raised[0])["status"] == "open"
    at = T0 + dt.timedelta(days=3, hours=1)
    confirmed = warnings.confirm(conn, raised[0], world["D1"], now=at)
    assert (confirmed["status"], confirmed["decided_by"], confirmed["decided_at"]) == ("confirmed", world["D1"], at)
    dismissed = warnings.dismiss(conn, raised[1], world["S1"], "重复来电", now=at)
    assert dismissed["reason"] == "重复来电" and dismissed["history"][-1]["by_person_id"] == world["S1"]
    with pytest.raises(warnings.WarningDecided):
        warnings.confirm(conn, raised[1], world["D1"], now=at)
    assert warnings.precision(conn) == {"open": 0, "confirmed": 1, "dismissed": 1, "decided": 2, "precision": 0.5}
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT s")
        with pytest.raises(psycopg2.Error, match="append-only"):
            cur.execute("UPDATE early_warning_event SET reason = 'x'")
        cur.execute("ROLLBACK TO SAVEPOINT s")


def test_the_parameters_are_checked():
    with pytest.raises(ValueError, match="window_days"):
        bursts.parameters(window_days=0)
    with pytest.raises(ValueError, match="distance_m"):
        bursts.parameters(distance_m=5)
    with pytest.raises(ValueError, match="min_reporters"):
        bursts.parameters(min_reporters=1)


def test_a_place_reported_every_day_is_a_hotspot_not_a_burst_until_it_jumps(conn, world):
    for day in range(1, 91):                  # two reports a day, by different people, for 90 days
        for k in range(2):
            ticket(conn, f"daily{day}-{k}", name=f"摊{day}-{k}", phone=f"136{day:04d}{k:04d}", grid=2,
                   at=T0 - dt.timedelta(days=day - 3, hours=k), east=20 * k)
    assert bursts.detect(conn, UNTIL, **RULE) == []          # 6 in the window, 6 expected
    assert len(bursts.detect(conn, UNTIL, **RULE, baseline_days=0)) == 1     # without the baseline test, flagged
    for k in range(12):
        ticket(conn, f"jump{k}", name=f"商户{k}", phone=f"1350000{k:04d}", grid=2, at=T0 + dt.timedelta(hours=k))
    (burst,) = bursts.detect(conn, UNTIL, **RULE)
    assert burst["tickets"] >= 18 and burst["baseline"] >= 170 and 5 < burst["expected"] < 8 and burst["p"] < 0.001


def test_the_command_line_detects_lists_confirms_and_dismisses(committed_db):
    connection = psycopg2.connect(committed_db)
    with connection:
        people = load_world(connection)
        five_reporters(connection)
        five_reporters(connection, prefix="b", grid=4)
    connection.close()
    arguments = ("foresight", "bursts", "--until", UNTIL.isoformat(), "--window", "3", "--category", "T1",
                 "--now", "2025-03-06T08:00")
    assert "0 bursts" in gridgov(*arguments[:-4], "--now", "2025-03-06T08:00").output    # T1 is not watched by default
    first = json.loads(gridgov(*arguments, "--json").stdout)
    assert len(first["raised"]) == 2 and first["rule"]["categories"] == ["T1"]
    assert "0 raised, 0 extended, 2 unchanged" in gridgov(*arguments).output
    listed = gridgov("foresight", "warnings", "--status", "open")
    assert listed.exit_code == 0 and "黄 待研判 T101" in listed.output and "2 warnings" in listed.output
    refused = gridgov("foresight", "warnings", "dismiss", str(first["raised"][0]))
    assert refused.exit_code != 0 and "--reason" in refused.output
    assert gridgov("foresight", "warnings", "confirm", str(first["raised"][0]), "--by", "D1").exit_code == 0
    done = gridgov("foresight", "warnings", "dismiss", str(first["raised"][1]), "--reason", "重复来电")
    assert done.exit_code == 0 and "dismissed" in done.output
    assert "precision 50%" in gridgov("foresight", "warnings").output
    today = gridgov("foresight", "bursts", "--category", "T1", "--window", "3", "--now", "2025-03-05T20:00")
    assert "in the 3 days before 2025-03-06" in today.output                  # --until: by default tomorrow
    assert "1 unchanged, 1 left out" in today.output                         # the dismissed one not raised again
    decided = stored(committed_db, "SELECT action, by_person_id, reason, operator FROM early_warning_event "
                                   "WHERE action <> 'raised' ORDER BY id")
    assert decided[0][:3] == ("confirmed", people["D1"], None) and decided[1][:3] == ("dismissed", None, "重复来电")
    assert all(row[3] and row[3].startswith("cli:") for row in decided)

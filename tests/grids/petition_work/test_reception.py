"""Reception days: the calendar as dates, monthly fixed days, themes, next day and topic, matters brought."""
import datetime as dt

import pytest

from grids.petitions import reception
from grids.petitions.work_checks import PetitionWorkError
from tests.cases import T0
from tests.grids.petition_work.conftest import count, petition


def _monthly(conn, **fields):
    return reception.add_monthly(conn, **{"day_of_month": 15, "first_month": "2025-04", "months": 4,
                                          "leader_name": "王区长", "leader_post": "副区长", "place": "区信访接待大厅",
                                          "by": "D1", "now": T0, **fields})


def test_the_fifteenth_of_each_month_with_its_months_theme(conn, world):
    ids = _monthly(conn)
    days = reception.list_days(conn)
    assert [d["held_on"] for d in days] == [dt.date(2025, m, 15) for m in (4, 5, 6, 7)]
    assert len(ids) == 4 and {d["recurrence"] for d in days} == {"monthly:15"}
    topics = {d["held_on"].month: (d["topic"], d["departments"]) for d in days}
    assert topics == {4: (None, []), 5: ("住房保障", ["住建局", "人社局"]), 6: ("入学学位", ["教体局"]), 7: (None, [])}
    assert _monthly(conn) == []                    # generated again: the days exist, nothing added


def test_next_reception_day_and_its_topic(conn, world):
    _monthly(conn)
    reception.add_day(conn, held_on="2025-10-10", leader_name="李书记", place="街道便民服务中心", kind="visit", by="D1", now=T0)
    upcoming = reception.next_day(conn, today=dt.date(2025, 5, 16))
    assert (upcoming["held_on"], upcoming["topic"], upcoming["days_until"]) == (dt.date(2025, 6, 15), "入学学位", 30)
    today = reception.next_day(conn, today=dt.date(2025, 5, 15))
    assert (today["held_on"], today["departments"], today["days_until"]) == (dt.date(2025, 5, 15), ["住建局", "人社局"], 0)
    october = reception.next_day(conn, today=dt.date(2025, 7, 16))
    assert (october["leader_name"], october["topic"], october["kind"]) == ("李书记", "供暖", "visit")
    assert reception.next_day(conn, today=dt.date(2025, 10, 11)) is None


def test_a_day_of_its_own_theme_overrides_the_months(conn, world):
    reception.add_day(conn, held_on="2025-05-20", leader_name="王区长", place="大厅", theme="物业纠纷",
                      departments=["住建局"], by="D1", now=T0)
    day = reception.next_day(conn, today=dt.date(2025, 5, 1))
    assert (day["topic"], day["departments"]) == ("物业纠纷", ["住建局"])


def test_a_short_month_takes_its_last_day():
    assert reception.monthly_dates(dt.date(2025, 1, 1), 31, 3) == [dt.date(2025, 1, 31), dt.date(2025, 2, 28),
                                                                  dt.date(2025, 3, 31)]


def test_matters_brought_and_their_outcome(conn, world):
    day_id = reception.add_day(conn, held_on="2025-03-15", leader_name="王区长", place="大厅", by="D1", now=T0)
    case_id = petition(conn, "P1")
    reception.bring(conn, day_id, case_id, by="D1", now=T0)
    with pytest.raises(PetitionWorkError, match="already"):
        reception.bring(conn, day_id, case_id, by="D1", now=T0)
    day = reception.record_outcome(conn, day_id, case_id, outcome="assigned", note="交住建局办理", by="D1", now=T0)
    assert [(m["incident_id"], m["outcome"]) for m in day["brought"]] == [(case_id, "assigned")]
    with pytest.raises(PetitionWorkError) as twice:
        reception.record_outcome(conn, day_id, case_id, outcome="explained", by="D1", now=T0)
    assert twice.value.context["field"] == "outcome"


@pytest.mark.parametrize("fields, field", [
    ({"held_on": "2025-13-01"}, "held_on"), ({"place": ""}, "place"), ({"leader_name": None}, "leader_name"),
    ({"kind": "party"}, "kind"), ({"departments": [1]}, "departments")])
def test_a_bad_day_is_refused_naming_the_field_and_nothing_is_written(conn, world, fields, field):
    with pytest.raises(PetitionWorkError) as refused:
        reception.add_day(conn, **{"held_on": "2025-05-15", "leader_name": "王区长", "place": "大厅", "by": "D1",
                                   "now": T0, **fields})
    assert refused.value.context["field"] == field
    assert (count(conn, "reception_day"), count(conn, "petition_work_event")) == (0, 0)


def test_a_leader_has_one_reception_day_a_day(conn, world):
    reception.add_day(conn, held_on="2025-05-15", leader_name="王区长", place="大厅", by="D1", now=T0)
    with pytest.raises(PetitionWorkError) as refused:
        reception.add_day(conn, held_on="2025-05-15", leader_name="王区长", place="别处", by="D1", now=T0)
    assert refused.value.context["field"] == "held_on"
    assert count(conn, "reception_day") == 1

"""Every deadline of the 2022 信访工作条例 at its boundary: acceptance 15/16 days after registration,
handling 60/61 after acceptance, one extension of 30 (31 refused, a second refused), review and re-review
requested within 30 days of the answer and decided within 30 of the request (calendar days)."""
import pytest

from grids.errors import IllegalPetitionStep, PetitionError
from grids.petitions import matters
from tests.grids.petitions.world import date, day, load_petition_world, new_matter


@pytest.fixture
def world(conn):
    return load_petition_world(conn)


def _events(conn, matter_id):
    return matters.get_matter(conn, matter_id)["history"]


@pytest.mark.parametrize("days, late", [(15, False), (16, True)])
def test_acceptance_is_due_15_days_after_registration(conn, world, days, late):
    matter_id = new_matter(conn, "XF-1")
    assert matters.get_matter(conn, matter_id)["accept_due"] == date(15)
    assert matters.accept(conn, matter_id, on=date(days), by="C1", now=day(days)) is late
    event = _events(conn, matter_id)[-1]
    assert (event["action"], event["due"], event["late"], event["on_date"]) == ("accept", date(15), late, date(days))


@pytest.mark.parametrize("days, late", [(15, False), (16, True)])
def test_a_refusal_to_accept_is_measured_on_the_same_15_days(conn, world, days, late):
    matter_id = new_matter(conn, "XF-1")
    assert matters.not_accept(conn, matter_id, reason="已经司法程序处理", on=date(days), by="C1", now=day(days)) is late
    assert matters.get_matter(conn, matter_id)["stage"] == "not_accepted"


def test_a_matter_unanswered_after_15_days_is_overdue(conn, world):
    matter_id = new_matter(conn, "XF-1")
    assert matters.get_matter(conn, matter_id, now=day(15))["overdue"] is False
    assert matters.get_matter(conn, matter_id, now=day(16))["overdue"] is True
    assert [m["id"] for m in matters.list_matters(conn, overdue_on=date(16))] == [matter_id]
    assert matters.list_matters(conn, overdue_on=date(15)) == []


@pytest.mark.parametrize("days, late", [(60, False), (61, True)])
def test_handling_is_due_60_days_after_acceptance(conn, world, days, late):
    matter_id = new_matter(conn, "XF-1")
    matters.accept(conn, matter_id, on=date(5), by="C1", now=day(5))
    assert matters.get_matter(conn, matter_id)["handle_due"] == date(65)
    assert matters.handle(conn, matter_id, opinion="已督促物业维修电梯", satisfaction="满意", on=date(5 + days),
                          by="C1", now=day(5 + days)) is late
    matter = matters.get_matter(conn, matter_id)
    assert (matter["stage"], matter["satisfaction"], matter["history"][-1]["late"]) == ("handled", "satisfied", late)


def test_one_extension_of_30_days_moves_the_handling_deadline(conn, world):
    matter_id = new_matter(conn, "XF-1")
    matters.accept(conn, matter_id, on=date(0), by="C1", now=day(0))
    assert matters.extend(conn, matter_id, days=30, reason="需多部门会商", on=date(60), by="C1", now=day(60)) == date(90)
    assert matters.handle(conn, matter_id, opinion="已处理", on=date(90), by="C1", now=day(90)) is False
    with pytest.raises(IllegalPetitionStep):
        matters.extend(conn, matter_id, days=1, reason="again", by="C1", now=day(91))


def test_handling_one_day_after_the_extended_deadline_is_late(conn, world):
    matter_id = new_matter(conn, "XF-1")
    matters.accept(conn, matter_id, on=date(0), by="C1", now=day(0))
    matters.extend(conn, matter_id, days=30, reason="需多部门会商", on=date(10), by="C1", now=day(10))
    assert matters.handle(conn, matter_id, opinion="已处理", on=date(91), by="C1", now=day(91)) is True


def test_an_extension_of_31_days_is_refused_and_nothing_written(conn, world):
    matter_id = new_matter(conn, "XF-1")
    matters.accept(conn, matter_id, on=date(0), by="C1", now=day(0))
    with pytest.raises(PetitionError, match="from 1 to 30") as refused:
        matters.extend(conn, matter_id, days=31, reason="复杂", by="C1", now=day(10))
    assert refused.value.context["field"] == "days"
    matter = matters.get_matter(conn, matter_id)
    assert (matter["extended_days"], matter["handle_due"], len(matter["history"])) == (None, date(60), 2)


def test_a_second_extension_is_refused(conn, world):
    matter_id = new_matter(conn, "XF-1")
    matters.accept(conn, matter_id, on=date(0), by="C1", now=day(0))
    matters.extend(conn, matter_id, days=10, reason="复杂", on=date(50), by="C1", now=day(50))
    with pytest.raises(PetitionError, match="extended once already") as refused:
        matters.extend(conn, matter_id, days=10, reason="仍复杂", on=date(55), by="C1", now=day(55))
    assert refused.value.context["field"] == "days"
    assert matters.get_matter(conn, matter_id)["handle_due"] == date(70)


def test_an_extension_after_the_deadline_ran_out_is_refused(conn, world):
    matter_id = new_matter(conn, "XF-1")
    matters.accept(conn, matter_id, on=date(0), by="C1", now=day(0))
    with pytest.raises(PetitionError, match="before the handling deadline") as refused:
        matters.extend(conn, matter_id, days=10, reason="复杂", on=date(61), by="C1", now=day(61))
    assert refused.value.context["field"] == "on"


def _handled(conn, on=10):
    matter_id = new_matter(conn, "XF-1")
    matters.accept(conn, matter_id, on=date(0), by="C1", now=day(0))
    matters.handle(conn, matter_id, opinion="已处理", satisfaction="不满意", on=date(on), by="C1", now=day(on))
    return matter_id


def test_a_review_is_asked_for_within_30_days_of_the_answer(conn, world):
    matter_id = _handled(conn)
    with pytest.raises(PetitionError, match="within 30 days") as refused:
        matters.request_review(conn, matter_id, on=date(41), by="C1", now=day(41))
    assert refused.value.context["field"] == "on"
    assert matters.get_matter(conn, matter_id)["stage"] == "handled"
    assert matters.request_review(conn, matter_id, on=date(40), by="C1", now=day(41)) == date(70)
    assert matters.get_matter(conn, matter_id)["stage"] == "reviewing"


@pytest.mark.parametrize("days, late", [(30, False), (31, True)])
def test_the_review_is_decided_within_30_days_of_the_request(conn, world, days, late):
    matter_id = _handled(conn)
    matters.request_review(conn, matter_id, on=date(20), by="C1", now=day(20))
    assert matters.review(conn, matter_id, opinion="维持原处理意见", on=date(20 + days), by="C1",
                          now=day(20 + days)) is late
    assert matters.get_matter(conn, matter_id)["stage"] == "reviewed"


@pytest.mark.parametrize("days, late", [(30, False), (31, True)])
def test_the_re_review_is_asked_for_and_decided_within_30_days_each(conn, world, days, late):
    matter_id = _handled(conn)
    matters.request_review(conn, matter_id, on=date(20), by="C1", now=day(20))
    matters.review(conn, matter_id, opinion="维持", on=date(30), by="C1", now=day(30))
    with pytest.raises(PetitionError, match="re-review"):
        matters.request_rereview(conn, matter_id, on=date(61), by="C1", now=day(61))
    assert matters.request_rereview(conn, matter_id, on=date(60), by="C1", now=day(60)) == date(90)
    assert matters.rereview(conn, matter_id, opinion="复核维持", satisfaction="基本满意", on=date(60 + days), by="C1",
                            now=day(60 + days)) is late
    matter = matters.get_matter(conn, matter_id)
    assert (matter["stage"], matter["satisfaction"], matter["allowed_steps"]) == (
        "rereviewed", "basically_satisfied", [])
    assert [e["action"] for e in matter["history"]] == [
        "register", "accept", "handle", "request_review", "review", "request_rereview", "rereview"]

"""The chain of a dispute: intake → triage → sessions → outcome → follow-up / hand-over, with its history."""
import pytest

from grids.disputes import chain, mediation, records, triage
from grids.errors import DisputeError, IllegalDisputeStep
from tests.cases import T0, hours
from tests.dispute_world import PARTIES, days, load_dispute_world, new_dispute


@pytest.fixture
def world(conn):
    return load_dispute_world(conn)


def _stage(conn, case_id):
    return records.get_dispute(conn, case_id)["stage"]


def _mediate(conn, case_id, at=T0):
    triage.triage(conn, case_id, post="调解和事", org="ORG_C", mediators=["MD1", "MD2"], by="C1", now=at + hours(1))
    mediation.record_session(conn, case_id, held_at=at + hours(2), place="社区调解室", attendees=["调解员甲", "张三丰", "李四"],
                             notes="双方同意协商", by="C1", now=at + hours(3))


def test_a_dispute_goes_through_the_chain_to_an_agreement_followed_up_as_performed(conn, world):
    case_id = new_dispute(conn, "D1")
    assert _stage(conn, case_id) == "received"
    _mediate(conn, case_id)
    assert _stage(conn, case_id) == "mediating"
    mediation.settle(conn, case_id, terms="李四赔偿张三丰维修费", amount="3000", deadline=(T0 + days(10)).date(),
                     judicial_confirmation=True, by="C1", now=T0 + hours(4))
    assert _stage(conn, case_id) == "agreed"
    assert mediation.follow_up(conn, case_id, performance="performed", by="C1", now=T0 + days(10)) == "resolved"
    dispute = records.get_dispute(conn, case_id)
    assert [e["action"] for e in dispute["history"]] == ["record", "triage", "session", "success", "follow_up"]
    assert [e["by_code"] for e in dispute["history"]] == ["C1"] * 5
    assert dispute["org_name"] == "海湾社区人民调解委员会"
    assert [(m["code"], m["lead"]) for m in dispute["mediators"]] == [("MD1", True), ("MD2", False)]
    assert dispute["agreements"][0]["performance"] == "performed"
    assert dispute["agreements"][0]["judicial_confirmation"] is True
    assert dispute["outcome"] == "success" and dispute["resolved_at"] == T0 + hours(4)


def test_an_agreement_not_performed_reopens_the_dispute(conn, world):
    case_id = new_dispute(conn, "D1")
    _mediate(conn, case_id)
    mediation.settle(conn, case_id, terms="按月还款", deadline=(T0 + days(30)).date(), by="C1", now=T0 + hours(4))
    before = records.get_dispute(conn, case_id)
    with pytest.raises(DisputeError, match="deadline") as refused:
        mediation.follow_up(conn, case_id, performance="not", by="C1", now=T0 + days(29))
    assert refused.value.context["field"] == "performance"
    assert mediation.agreements_due(conn, now=T0 + days(29)) == []
    assert [a["id"] for a in mediation.agreements_due(conn, now=T0 + days(30))] == [case_id]
    assert mediation.follow_up(conn, case_id, performance="not", note="未按期还款", by="C1",
                               now=T0 + days(30)) == "mediating"
    after = records.get_dispute(conn, case_id)
    assert (after["reopen_count"], after["outcome"], after["resolved_at"]) == (1, None, None)
    assert after["agreements"][0]["performance"] == "not"
    assert after["risk_factors"]["repeats"] == "yellow" and before["risk_computed"] == "blue"
    assert after["history"][-2]["details"]["reopened"] is True and after["history"][-1]["action"] == "risk"
    assert "session" in after["allowed_steps"] and "failure" in after["allowed_steps"]
    assert mediation.agreements_due(conn, now=T0 + days(31)) == []


def test_a_failed_mediation_is_handed_to_the_court_with_its_reference(conn, world):
    case_id = new_dispute(conn, "D1")
    _mediate(conn, case_id)
    mediation.hand_over(conn, case_id, target="法院", body="崂山区人民法院", reference="(2025)鲁0212民初1234号",
                        reason="被申请人拒绝调解", by="C1", now=T0 + hours(5))
    dispute = records.get_dispute(conn, case_id)
    assert (dispute["stage"], dispute["outcome"]) == ("handed_over", "failure")
    assert dispute["handovers"][0]["target"] == "court"
    assert dispute["handovers"][0]["reference"] == "(2025)鲁0212民初1234号"
    with pytest.raises(IllegalDisputeStep, match="handed_over"):
        mediation.record_session(conn, case_id, held_at=T0 + hours(6), place="x", attendees=["甲"], by="C1",
                                 now=T0 + hours(6))


def test_joint_mediation_is_recorded_with_its_posts_attendees_and_decision(conn, world):
    case_id = new_dispute(conn, "D1")
    triage.triage(conn, case_id, post="访谈接待", mediators=["MD1"], by="C1", now=T0 + hours(1))
    triage.joint(conn, case_id, posts_joined=["调解和事", "法律诊断"], meeting_at=T0 + hours(2),
                 attendees=["调解员甲", {"name": "律师王", "role": "法律诊断"}], decision="由法律诊断岗出具意见后再调",
                 mediators=["MD3"], by="S1", now=T0 + hours(3))
    dispute = records.get_dispute(conn, case_id)
    assert dispute["joint"] is True and dispute["joint_posts"] == ["法律诊断", "调解和事"]
    assert {m["code"] for m in dispute["mediators"]} == {"MD1", "MD3"}
    joint = dispute["history"][-1]
    assert joint["action"] == "joint" and joint["by_code"] == "S1" and joint["note"] == "由法律诊断岗出具意见后再调"
    assert joint["details"]["attendees"][1] == {"name": "律师王", "role": "法律诊断"}


def test_the_posts_are_configurable_per_centre(conn, world):
    from tests.cases import STREET
    assert triage.posts(conn, STREET) == list(triage.DEFAULT_POSTS)
    triage.set_posts(conn, STREET, ["调解和事", "法律诊断"])
    case_id = new_dispute(conn, "D1")
    with pytest.raises(DisputeError, match="no post of centre") as refused:
        triage.triage(conn, case_id, post="心理疏导", org="ORG_C", by="C1", now=T0 + hours(1))
    assert refused.value.context["field"] == "post"
    assert _stage(conn, case_id) == "received"


def test_steps_the_stage_does_not_allow_are_refused_naming_the_stage(conn, world):
    case_id = new_dispute(conn, "D1")
    with pytest.raises(IllegalDisputeStep, match="received"):
        mediation.settle(conn, case_id, terms="x", deadline=T0.date(), by="C1", now=T0 + hours(1))
    triage.triage(conn, case_id, post="调解和事", org="ORG_C", by="C1", now=T0 + hours(1))
    mediation.record_session(conn, case_id, held_at=T0 + days(2), place="社区调解室", attendees=["甲"], by="C1",
                             now=T0 + hours(2))          # scheduled, not yet held
    with pytest.raises(DisputeError, match="no session held") as refused:
        mediation.settle(conn, case_id, terms="x", deadline=(T0 + days(3)).date(), by="C1", now=T0 + hours(3))
    assert refused.value.context["field"] == "sessions"
    assert records.get_dispute(conn, case_id, now=T0 + hours(3))["next_session_at"] == T0 + days(2)
    assert chain.allowed_steps("resolved") == ["risk", "team"]


def test_every_step_records_the_operator(conn, world):
    from gis.db import act_as
    act_as(conn, "web:mediator1")
    case_id = new_dispute(conn, "D1", parties=PARTIES)
    assert records.history(conn, case_id)[0]["operator"] == "web:mediator1"

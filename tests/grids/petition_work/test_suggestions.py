"""Citizens' suggestions: campaigns, review, adoption, masking, adoption rates on hand-computed data."""
import pytest

from grids.petitions import suggestions
from grids.petitions.work_checks import PetitionWorkError
from tests.cases import GRID, T0
from tests.grids.petition_work.conftest import count, days


def _campaign(conn, title="老旧小区加装电梯", starts=T0.date(), ends=(T0 + days(30)).date()):
    return suggestions.add_campaign(conn, title=title, starts_on=starts, ends_on=ends, departments=["住建局"],
                                    by="D1", now=T0)


def _suggest(conn, campaign=None, at=T0, **fields):
    return suggestions.add_suggestion(conn, **{"body": "建议统一招标降低加装成本", "campaign": campaign,
                                               "submitter_name": "张三丰", "submitter_phone": "13912345678",
                                               "received_at": at, "by": "D1", "now": T0 + days(40), **fields})


def test_a_suggestion_is_reviewed_and_adopted_and_shown_masked(conn, world):
    campaign = _campaign(conn)
    suggestion = _suggest(conn, campaign, cell=GRID[1])
    reviewed = suggestions.review(conn, suggestion, result="refer", department="住建局", by="D1", now=T0 + days(41))
    assert reviewed["status"] == "reviewed"
    adopted = suggestions.adopt(conn, suggestion, action_taken="纳入2025年加装电梯实施方案", by="D1", now=T0 + days(42))
    assert (adopted["status"], adopted["department"]) == ("adopted", "住建局")
    assert (adopted["submitter_name"], adopted["submitter_phone"]) == ("张**", "139****5678")
    assert [e["action"] for e in adopted["history"]] == ["suggest", "review", "adopt"]
    unmasked = suggestions.get_suggestion(conn, suggestion, with_personal_data=True)
    assert unmasked["submitter_phone"] == "13912345678"


def test_adoption_rate_per_campaign_and_overall(conn, world):
    lift, school = _campaign(conn), _campaign(conn, title="学位供给")
    lift_ids = [_suggest(conn, lift) for _ in range(4)]          # 4 received, 1 adopted: 25 %
    school_ids = [_suggest(conn, school) for _ in range(2)]      # 2 received, 0 adopted
    free = [_suggest(conn) for _ in range(2)]                    # 2 outside any campaign, 1 adopted
    for suggestion in (lift_ids[0], free[0]):
        suggestions.review(conn, suggestion, result="refer", department="住建局", by="D1", now=T0 + days(41))
        suggestions.adopt(conn, suggestion, action_taken="已采纳", by="D1", now=T0 + days(42))
    suggestions.review(conn, school_ids[0], result="decline", note="不属实", by="D1", now=T0 + days(41))
    rates = suggestions.adoption_rates(conn)
    per_campaign = {r["campaign_id"]: (r["received"], r["adopted"], float(r["adoption_rate"])) for r in rates["campaigns"]}
    assert per_campaign == {lift: (4, 1, 0.25), school: (2, 0, 0.0), None: (2, 1, 0.5)}
    overall = rates["overall"]
    assert (overall["received"], overall["adopted"], float(overall["adoption_rate"])) == (8, 2, 0.25)


def test_steps_out_of_order_are_refused(conn, world):
    suggestion = _suggest(conn)
    with pytest.raises(PetitionWorkError, match="only a reviewed one"):
        suggestions.adopt(conn, suggestion, action_taken="x", department="住建局", by="D1", now=T0 + days(41))
    suggestions.review(conn, suggestion, result="decline", by="D1", now=T0 + days(41))
    with pytest.raises(PetitionWorkError) as refused:
        suggestions.review(conn, suggestion, result="refer", department="住建局", by="D1", now=T0 + days(41))
    assert refused.value.context["field"] == "result"
    assert suggestions.get_suggestion(conn, suggestion)["status"] == "not_adopted"


@pytest.mark.parametrize("fields, field", [
    ({"body": "  "}, "body"), ({"campaign": 999999}, "campaign"), ({"cell": "999"}, "cell"),
    ({"at": T0 + days(31) + days(1)}, "campaign"), ({"at": T0 + days(50)}, "received_at"), ({"by": "NOBODY"}, "by")])
def test_a_bad_suggestion_is_refused_naming_the_field_and_nothing_is_written(conn, world, fields, field):
    campaign = _campaign(conn)
    before = (count(conn, "suggestion"), count(conn, "petition_work_event"))
    with pytest.raises(PetitionWorkError) as refused:
        _suggest(conn, **{"campaign": campaign, **fields})
    assert refused.value.context["field"] == field
    assert (count(conn, "suggestion"), count(conn, "petition_work_event")) == before


def test_a_campaign_that_ends_before_it_starts_is_refused(conn, world):
    with pytest.raises(PetitionWorkError) as refused:
        _campaign(conn, starts=T0.date(), ends=(T0 - days(1)).date())
    assert refused.value.context["field"] == "ends_on"
    assert count(conn, "suggestion_campaign") == 0

"""Input of the wrong JSON type (a number or a list where a time or a type code goes), or a reference that is no
id ("²", beyond bigint), is refused naming the field as any other bad input: it once raised AttributeError,
TypeError or ValueError (a 500 from the web API)."""
import pytest

from grids.disputes import chain, organisations, parties, records
from grids.errors import DisputeError
from tests.cases import T0, add_incident
from tests.dispute_world import PARTIES, load_dispute_world


@pytest.mark.parametrize("value", [5, 1.5, True, [1], {"at": "2025-03-20"}])
def test_a_time_that_is_no_text_is_refused_naming_the_field(value):
    with pytest.raises(DisputeError) as refused:
        chain.moment("held_at", value)
    assert refused.value.context["field"] == "held_at"


@pytest.mark.parametrize("value", [["neighbour"], {"code": "neighbour"}, 5])
def test_a_type_that_is_no_text_is_refused_naming_the_field_and_nothing_is_written(conn, value):
    load_dispute_world(conn)
    case_id = add_incident(conn, "odd-type")
    with pytest.raises(DisputeError) as refused:
        records.record_dispute(conn, case_id, type=value, parties=PARTIES, by="C1", now=T0)
    assert refused.value.context["field"] == "type"
    assert records.list_disputes(conn) == []


@pytest.mark.parametrize("ref", ["²", "99999999999999999999999", "-1", "x"])
def test_an_organisation_or_mediator_reference_that_is_no_id_is_refused_naming_the_field(conn, ref):
    load_dispute_world(conn)
    for find, field in ((organisations.find_org, "org"), (organisations.find_mediator, "mediators")):
        with pytest.raises(DisputeError) as refused:
            find(conn, ref)
        assert refused.value.context["field"] == field


@pytest.mark.parametrize("value", [5, 1.5, True])
def test_parties_that_are_no_list_are_refused_naming_the_field(value):
    with pytest.raises(DisputeError) as refused:
        parties.check_parties(value)
    assert refused.value.context["field"] == "parties"

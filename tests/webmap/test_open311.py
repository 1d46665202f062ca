"""Open311 GeoReport v2 as a client calls it: the served app on a loopback port, over HTTP.

The service list from the category tree; a POST with a key creates an incident placed in the right cell
(its service_request_id the incident's id); its status through requests/{id}.json, open then closed as
the case loop moves; a missing, unknown or revoked key refused with 403 in the spec's error shape; the
same request posted twice is one incident; the public list carries no personal data."""
import psycopg2
import pytest

from grids.cases import loop
from grids.integration.keys import revoke_key
from tests.cases import GRID, T0
from tests.conftest import wipe
from tests.shapes import ORIGIN, UNIT
from tests.webmap.intake_site import INTAKE_TABLES, call, load_keyed_world, served_app

GRID3_MIDDLE = (ORIGIN[0] + 1.5 * UNIT, ORIGIN[1] + 1.5 * UNIT)


@pytest.fixture(scope="module")
def site(database_url):
    tokens = load_keyed_world(database_url, {"citizen-app": (["app"], []), "other-app": (["app"], []),
                                             "two-channels": (["app", "hotline"], [])})
    with served_app(NOW=T0) as base:
        yield {"base": base + "/open311/v2", "tokens": tokens, "url": database_url}
    wipe(database_url, INTAKE_TABLES)


def _post(site, token, **fields):
    form = {"api_key": token, "service_code": "T101", "lat": GRID3_MIDDLE[1], "long": GRID3_MIDDLE[0],
            "description": "楼道暖气不热，联系13912345678", "first_name": "三", "last_name": "张", "phone": "13912345678",
            **fields}
    return call("POST", site["base"] + "/requests.json", form={k: v for k, v in form.items() if v is not None})


def _incident(site, incident_id):
    conn = psycopg2.connect(site["url"])
    with conn, conn.cursor() as cur:
        cur.execute("SELECT channel, grid_code, placement_method, category_code, reporter_name, reporter_phone, "
                    "source_crs FROM incident WHERE id = %s", (incident_id,))
        row = cur.fetchone()
    conn.close()
    return row


def test_the_service_list_is_the_category_tree(site):
    status, found = call("GET", site["base"] + "/services.json")
    assert status == 200
    by_code = {s["service_code"]: s for s in found}
    assert {"T1", "T101", "T102", "T2"} <= set(by_code)
    assert by_code["T101"]["service_name"] == "测试供暖" and by_code["T101"]["group"] == "测试大类"
    assert by_code["T101"]["type"] == "realtime" and by_code["T101"]["metadata"] is False
    status, xml = call("GET", site["base"] + "/services.xml")
    assert status == 200 and "<service_code>T101</service_code>" in xml


def test_a_post_with_a_key_creates_an_incident_placed_in_its_cell_and_its_status_follows_the_case(site):
    status, answer = _post(site, site["tokens"]["citizen-app"], **{"attribute[ticket_id]": "APP-0001"})
    assert status == 201, answer
    request_id = answer[0]["service_request_id"]
    assert GRID[3] in answer[0]["service_notice"]
    assert _incident(site, int(request_id)) == ("app", GRID[3], "coordinates", "T101", "张三", "13912345678",
                                                "EPSG:4326")
    status, found = call("GET", f"{site['base']}/requests/{request_id}.json")
    assert status == 200 and found[0]["status"] == "open" and found[0]["service_code"] == "T101"
    assert found[0]["requested_datetime"] and found[0]["updated_datetime"]
    conn = psycopg2.connect(site["url"])
    with conn:
        loop.act(conn, int(request_id), "answer", "D1", now=T0, note="已联系物业处理")   # 直接解答: closed
    conn.close()
    status, found = call("GET", f"{site['base']}/requests/{request_id}.json")
    assert found[0]["status"] == "closed" and "closed" in found[0]["status_notes"]


def test_the_same_request_posted_twice_is_one_incident_with_one_id(site):
    first = _post(site, site["tokens"]["citizen-app"], **{"attribute[ticket_id]": "APP-0002"})
    again = _post(site, site["tokens"]["citizen-app"], **{"attribute[ticket_id]": "APP-0002"})
    assert first[0] == 201 and again[0] == 200
    assert first[1][0]["service_request_id"] == again[1][0]["service_request_id"]
    without_own_id = [_post(site, site["tokens"]["citizen-app"], description="路灯不亮") for _ in range(2)]
    assert [s for s, _ in without_own_id] == [201, 200]
    assert without_own_id[0][1][0]["service_request_id"] == without_own_id[1][1][0]["service_request_id"]
    conn = psycopg2.connect(site["url"])
    with conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM incident WHERE source_ref = 'APP-0002'")
        assert cur.fetchone()[0] == 1
    conn.close()


@pytest.mark.parametrize("token", [None, "ggk_not-a-key", ""])
def test_a_missing_or_unknown_key_is_refused_with_the_specs_error(site, token):
    status, answer = _post(site, token, **{"attribute[ticket_id]": "APP-BAD"})
    assert status == 403
    assert isinstance(answer, list) and answer[0]["code"] == 403 and answer[0]["description"]


def test_a_revoked_key_is_refused_and_another_keys_ticket_cannot_be_taken(site):
    status, _ = _post(site, site["tokens"]["other-app"], **{"attribute[ticket_id]": "APP-0003"})
    assert status == 201
    status, answer = _post(site, site["tokens"]["citizen-app"], **{"attribute[ticket_id]": "APP-0003"})
    assert status == 403 and "another key" in answer[0]["description"]
    conn = psycopg2.connect(site["url"])
    with conn:
        revoke_key(conn, "other-app")
    conn.close()
    status, answer = _post(site, site["tokens"]["other-app"], **{"attribute[ticket_id]": "APP-0004"})
    assert status == 403 and answer == [{"code": 403, "description": "this API key has been revoked"}]


@pytest.mark.parametrize("fields, words", [
    ({"service_code": "NOPE"}, "service_code NOPE"),
    ({"service_code": ""}, "service_code is required"),
    ({"lat": None, "long": None}, "location is required"),
    ({"lat": "north"}, "lat must be a number"),
    ({"long": None}, "lat and long go together"),
])
def test_a_bad_request_is_a_400_in_the_specs_shape(site, fields, words):
    status, answer = _post(site, site["tokens"]["citizen-app"], **{"attribute[ticket_id]": "APP-400", **fields})
    assert status == 400 and words in answer[0]["description"] and answer[0]["code"] == 400


def test_a_key_of_several_channels_names_one_and_unknown_paths_and_ids_answer_in_the_specs_shape(site):
    status, answer = _post(site, site["tokens"]["two-channels"], **{"attribute[ticket_id]": "TWO-1"})
    assert status == 400 and "attribute[channel]" in answer[0]["description"]
    status, answer = _post(site, site["tokens"]["two-channels"],
                           **{"attribute[ticket_id]": "TWO-1", "attribute[channel]": "hotline"})
    assert status == 201
    assert call("GET", site["base"] + "/requests/99999999.json")[0] == 404
    status, answer = call("GET", site["base"] + "/nothing-here.json")
    assert status == 404 and answer[0]["code"] == 404
    status, answer = call("GET", site["base"] + "/requests.json?start_date=yesterday")
    assert status == 400 and "start_date" in answer[0]["description"]


def test_the_public_list_filters_and_never_shows_personal_data(site):
    _post(site, site["tokens"]["citizen-app"], **{"attribute[ticket_id]": "APP-LIST"})
    status, found = call("GET", site["base"] + "/requests.json?status=open&service_code=T101")
    assert status == 200 and found and all(r["status"] == "open" and r["service_code"] == "T101" for r in found)
    text = str(found)
    assert "13912345678" not in text and "张" not in text and "暖气" not in text
    assert all(r["description"] is None and r["address"] is None for r in found)
    assert call("GET", site["base"] + "/requests.json?status=closed&service_code=T2")[1] == []

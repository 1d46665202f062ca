"""What gridgov promises about personal data: a phone number or an ID number in free text is masked for
every role however it is written (grouped, with +86, in full-width digits or Chinese numerals), ordinary
numbers are left alone, and planners get only what planning needs - no incident text, no photos, no
grid member's full name.
"""
import secrets
from pathlib import Path

import pytest

from gis import db
from grids.cases import loop, photos
from grids.privacy import mask_phone, mask_phones_in
from tests.cases import T0
from tests.cases import add_incident as add_case
from tests.cases import load_world as load_cases_world
from tests.command_line import gridgov
from tests.images import image_file
from tests.planned_incidents import MARCH, add_incident, centre
from tests.planning import COMMUNITY, GRID, building, building_box, load_planning_world
from webmap import create_app

CORPUS = Path(__file__).parent / "corpus" / "personal_data"


def corpus_lines(name):
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def masked_samples():
    return [tuple(line.split(" => ")) for line in corpus_lines("phones_and_ids.txt")]


@pytest.mark.parametrize("text, masked", masked_samples())
def test_every_written_form_of_a_phone_or_id_number_in_free_text_is_masked(text, masked):
    """Each sample of corpus/personal_data/phones_and_ids.txt masks to what the file says: a phone keeps
    its first three and last four digits, an ID number its region code and last four characters."""
    assert mask_phones_in(text) == masked


@pytest.mark.parametrize("text", corpus_lines("ordinary_numbers.txt"))
def test_ordinary_numbers_in_free_text_are_left_alone(text):
    """Amounts, dates, case numbers, postcodes, coordinates and cell codes are not mistaken for phones."""
    assert mask_phones_in(text) == text


@pytest.mark.parametrize("phone, masked", [
    ("+86 137 9999 8888", "137****8888"), ("008613799998888", "137****8888"), ("+8613799998888", "137****8888"),
    ("１３７９９９９８８８８", "137****8888"), ("137-9999-8888", "137****8888"),
    ("0532-88886666", "053*****6666")])
def test_a_phone_field_is_masked_to_the_national_number_whatever_its_form(phone, masked):
    """A reporter's or a person's phone field with a country code or full-width digits masks like a plain one."""
    assert mask_phone(phone) == masked


# ---- what planners get ---------------------------------------------------------------------------------
PLANTED_DESCRIPTION = "楼道里堆满纸箱无人清理投诉人独有描述XQ7"
PLANTED_TITLE = "独有标题XQ7纸箱堵门"
PLANTED_MEMBER = "欧阳独一无二"
SECRET = secrets.token_urlsafe(32)


@pytest.fixture
def planning_site(committed_db):
    """The planning world of tests.planning, committed, with grid 001's member renamed to a distinctive
    name and a case in grid 001 whose title and description are distinctive and which has a photo."""
    conn = db.open_connection(committed_db)
    with conn:
        load_planning_world(conn)
        with conn.cursor() as cur:
            cur.execute("UPDATE person SET name = %s WHERE code = 'M1' RETURNING id", (PLANTED_MEMBER,))
            member = cur.fetchone()[0]
        add_incident(conn, "XQ7-1", GRID[1], centre(building_box(1, 1)), handler=member)
        with conn.cursor() as cur:
            cur.execute("UPDATE incident SET title = %s, description = %s WHERE source_ref = 'XQ7-1' RETURNING id",
                        (PLANTED_TITLE, PLANTED_DESCRIPTION))
            incident = cur.fetchone()[0]
        photo = photos.add_photo(conn, incident, photos.prepare_photo(image_file()), by=member, at=MARCH)
    conn.close()
    return {"app": create_app({"SECRET_KEY": SECRET, "TESTING": True}), "photo": photo}


def sign_in_as(app, username):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/login", data={"username": username, "password": f"{username}-password",
                                           "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def planner_answers(client):
    """Every answer of /api/v1/plan a planner's page can ask for, with a draft made by one edit."""
    token = client.get("/planner").get_data(as_text=True).split('name="csrf-token" content="')[1].split('"')[0]
    headers = {"X-CSRFToken": token}
    posted = [client.post("/api/v1/plan/edits", headers=headers,
                          json={"op": "move", "buildings": [building(1, 1)], "to": GRID[2], "expected_revision": 0}),
              client.post("/api/v1/plan/proposal", headers=headers, json={"community": COMMUNITY, "k": 2})]
    query = f"community={COMMUNITY}"
    urls = ["state", f"grids?{query}", f"grids?{query}&generation=current", f"buildings?{query}",
            f"findings?{query}", f"impact?{query}", "changes", f"compare?{query}&a=1&b=1", "log",
            "export/grids.geojson?generation=current", "export/buildings.csv?generation=current"]
    return posted + [client.get(f"/api/v1/plan/{url}") for url in urls]


def test_planners_get_no_incident_text_no_photo_and_no_full_member_name_from_the_planning_api(planning_site):
    """Every /api/v1/plan answer holds counts, loads and shapes, a grid member's masked name and code -
    never a citizen's title or description, a case photo or a member's full name."""
    answers = planner_answers(sign_in_as(planning_site["app"], "p1"))
    assert all(answer.status_code == 200 for answer in answers), [a.status_code for a in answers]
    photo = planning_site["photo"]
    for answer in answers:
        body = answer.get_data(as_text=True)
        for secret in (PLANTED_TITLE, PLANTED_DESCRIPTION, PLANTED_MEMBER, f"/photos/{photo['id']}", photo["sha256"]):
            assert secret not in body, (answer.request.path, secret)
    grids = next(a.get_json() for a in answers if a.request.path.endswith("/grids"))
    member = next(f["properties"] for f in grids["features"] if f["properties"]["code"] == GRID[1])
    assert (member["member_name"], member["member_code"]) == ("欧*****", "M1")


def test_planners_get_no_incident_text_and_no_photo_from_the_map_and_member_apis(planning_site):
    """A planner who opens the command map sees where incidents are, not what citizens wrote, and is
    refused case photos; command staff still read the text (with phones masked) and see the photo."""
    app, photo = planning_site["app"], planning_site["photo"]
    planner, command = sign_in_as(app, "p1"), sign_in_as(app, "c1")
    seen = planner.get("/api/v1/incidents")
    assert seen.status_code == 200 and seen.get_json()["features"]
    assert PLANTED_TITLE not in seen.get_data(as_text=True)
    assert PLANTED_DESCRIPTION not in seen.get_data(as_text=True)
    assert planner.get(f"/api/v1/member/photos/{photo['id']}").status_code == 403
    assert PLANTED_DESCRIPTION in command.get("/api/v1/incidents").get_data(as_text=True)
    assert command.get(f"/api/v1/member/photos/{photo['id']}").status_code == 200


def test_cases_show_masks_phone_and_id_numbers_in_the_text_and_the_notes(committed_db):
    """``gridgov cases show`` without ``--with-personal-data`` masks the numbers in the case's title,
    description and address and in the history's notes, as it masks the reporter."""
    conn = db.open_connection(committed_db)
    with conn:
        people = load_cases_world(conn)
        case = add_case(conn, "N001")
        with conn.cursor() as cur:
            cur.execute("UPDATE incident SET title = '回电137 9999 8888',"
                        " description = '身份证370212199001011234', address = '一三七九九九九八八八八'"
                        " WHERE id = %s", (case,))
        loop.act(conn, case, "note", people["M1"], now=T0, note="业主电话+86 137-9999-8888")
    conn.close()
    for args in (["--json"], []):
        shown = gridgov("cases", "show", case, "--now", T0.isoformat(), *args).output
        assert "9999" not in shown and "19900101" not in shown and "九九九九" not in shown, shown
        assert "业主电话137****8888" in shown
    assert "370212********1234" in shown_json(case)
    assert "137-9999-8888" in gridgov("cases", "show", case, "--now", T0.isoformat(), "--with-personal-data").output


def shown_json(case):
    return gridgov("cases", "show", case, "--now", T0.isoformat(), "--json").output

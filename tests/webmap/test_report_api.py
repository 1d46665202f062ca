"""``GET /api/v1/report``: the 社情民意 report of the account's area as a PDF or DOCX download — for
command, street and community staff (and admins), never a planner; a bad period or format is a 400
naming it; a cell outside the account's area a 403; the command page offers the download."""
import datetime as dt

import pytest

from tests.cases import GRID, T0, add_incident
from tests.desk_world import desk_site, signed_in

NOW = T0 + dt.timedelta(days=40)
API = "/api/v1/report"


@pytest.fixture(scope="module")
def site(database_url):
    with desk_site(database_url, NOW) as made:
        with made["conn"]:
            for i in range(4):
                add_incident(made["conn"], f"r-{i}", grid=1 + i % 2, at=T0 + dt.timedelta(hours=i))
        yield made


@pytest.fixture(scope="module")
def clients(site):
    return {name: signed_in(site["app"], name) for name in ("command", "community", "planner", "member")}


def test_a_command_account_downloads_the_quarter_as_pdf(clients):
    answer = clients["command"].get(f"{API}?period=2025Q1&format=pdf")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.mimetype == "application/pdf" and answer.data.startswith(b"%PDF")
    disposition = answer.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "2025Q1.pdf" in disposition
    assert "no-store" in answer.headers["Cache-Control"]


def test_a_month_as_docx_for_the_community(clients):
    answer = clients["community"].get(f"{API}?period=2025-03&format=docx")
    assert answer.status_code == 200
    assert answer.mimetype.endswith("wordprocessingml.document") and answer.data[:2] == b"PK"
    assert "2025-03.docx" in answer.headers["Content-Disposition"]


@pytest.mark.parametrize("who", ["planner", "member"])
def test_a_planner_or_a_member_gets_403(clients, who):
    answer = clients[who].get(f"{API}?period=2025Q1")
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("query, parameter, named", [("period=2025Q5", "period", "2025Q5"),
                                                     ("period=", "period", "2025Q4"),
                                                     ("period=2025Q1&format=xlsx", "format", "xlsx")])
def test_a_bad_period_or_format_is_a_400_naming_it(clients, query, parameter, named):
    answer = clients["command"].get(f"{API}?{query}")
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error["parameter"] == parameter and named in error["message"]


def test_a_cell_outside_the_area_is_403_inside_it_a_report(clients):
    assert clients["community"].get(f"{API}?period=2025-03&cell=370212002").status_code == 403
    answer = clients["community"].get(f"{API}?period=2025-03&cell={GRID[1]}")
    assert answer.status_code == 200 and answer.data.startswith(b"%PDF")


def test_signed_out_is_401(site):
    assert site["app"].test_client().get(f"{API}?period=2025Q1").status_code == 401


def test_the_command_page_offers_the_download_to_staff_only(clients):
    page = clients["command"].get("/command").get_data(as_text=True)
    assert 'action="/api/v1/report"' in page and 'value="2026-03"' not in page
    assert 'value="2025Q1"' in page and 'value="2025-03"' in page    # now is 2025-04-12
    member_page = clients["member"].get("/command")
    assert member_page.status_code == 200
    assert 'action="/api/v1/report"' not in member_page.get_data(as_text=True)

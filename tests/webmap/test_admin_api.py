"""The administrators' API and page: accounts of the admin's area, every operation, the account log as
JSON and CSV, and the refusals (role, scope, policy, bad input)."""
import datetime as dt

import pytest

from grids.people import accounts
from tests.cases import DISTRICT, T0
from tests.desk_world import desk_site, sign_in_status, signed_in

NOW = T0 + dt.timedelta(days=30)


@pytest.fixture(scope="module")
def site(database_url):
    with desk_site(database_url, NOW) as made:
        accounts.create_account(made["conn"], "admin", "admin-password-1", "admin", scope_code=DISTRICT)
        made["conn"].commit()
        yield made


@pytest.fixture(scope="module")
def admin(site):
    return signed_in(site["app"], "admin", "admin-password-1")


def _post(client, url, body, status):
    answer = client.post(url, json=body, headers={"X-CSRFToken": client.token})
    assert answer.status_code == status, answer.get_json()
    return answer.get_json()


def test_only_administrators(site, admin):
    assert admin.get("/").headers["Location"].endswith("/admin")
    assert admin.get("/admin").status_code == 200
    for who in ("command", "community"):
        assert signed_in(site["app"], who).get("/api/v1/admin/accounts").status_code == 403


def test_accounts_are_created_changed_and_logged(site, admin):
    names = {a["username"] for a in admin.get("/api/v1/admin/accounts").get_json()["accounts"]}
    assert {"command", "street", "community", "k1", "member", "admin"} <= names
    _post(admin, "/api/v1/admin/accounts", {"username": "jd2", "role": "street_staff", "scope_code": "370212001",
                                            "password": "street-two-2025"}, 201)
    weak = _post(admin, "/api/v1/admin/accounts", {"username": "jd3", "role": "street_staff",
                                                   "scope_code": "370212001", "password": "12345"}, 400)
    assert "10 characters" in weak["error"]["message"]
    _post(admin, "/api/v1/admin/accounts/jd2/disable", {}, 200)
    assert sign_in_status(site["app"].test_client(), "jd2", "street-two-2025") == 401
    _post(admin, "/api/v1/admin/accounts/jd2/enable", {}, 200)
    _post(admin, "/api/v1/admin/accounts/jd2/reset-password", {"password": "street-three-25"}, 200)
    _post(admin, "/api/v1/admin/accounts/jd2/role", {"role": "community_staff", "scope_code": "370212001001"}, 200)
    assert _post(admin, "/api/v1/admin/accounts/jd2/fly", {}, 404)["error"]["code"] == "not_found"
    assert _post(admin, "/api/v1/admin/accounts/nobody/disable", {}, 404)["error"]["code"] == "not_found"
    log = admin.get("/api/v1/admin/account-log?user=jd2").get_json()["events"]
    assert [e["event"] for e in reversed(log)] == ["created", "disabled", "sign_in_failed", "enabled",
                                                   "password_changed", "role_changed"]
    assert {e["operator"] for e in log if e["event"] != "sign_in_failed"} == {"web:admin"}
    csv = admin.get("/api/v1/admin/account-log.csv")
    assert csv.status_code == 200 and csv.data.startswith(b"\xef\xbb\xbf") and b"role_changed" in csv.data
    assert admin.get("/api/v1/admin/account-log?since=yesterday").status_code == 400

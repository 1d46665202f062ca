"""Sign-in, the password store, CSRF, the gates of pages and API, the secret the app needs."""
import psycopg2
import pytest

from gis.errors import GridgovError
from grids.people import accounts
from tests.webmap.demo_site import csrf_token, sign_in
from webmap import create_app


def test_right_password_signs_in_and_reaches_the_api(app):
    client = sign_in(app, "command")
    me = client.get("/api/v1/me").get_json()
    assert (me["username"], me["role"], me["scope"]) == ("command", "command_staff", "370212")


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(app):
    client = app.test_client()
    response = client.post("/login", data={"username": "command", "password": "command-demo!",
                                           "csrf_token": csrf_token(client)})
    unknown = client.post("/login", data={"username": "nobody", "password": "x" * 10,
                                          "csrf_token": csrf_token(client)})
    assert response.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/api/v1/me").status_code == 401


def test_passwords_are_stored_hashed(app, database_url):
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT username, password_hash FROM account")
        rows = cur.fetchall()
    conn.close()
    assert len(rows) == 7          # one per role of etl.demo.accounts.DEMO_USERS
    for username, stored in rows:
        assert f"{username}-demo" not in stored
        assert stored.split(":")[0] in ("scrypt", "pbkdf2")


def test_a_form_without_its_csrf_token_is_refused(app):
    client = app.test_client()
    response = client.post("/login", data={"username": "command", "password": "command-demo"})
    assert response.status_code == 400
    assert client.get("/api/v1/me").status_code == 401


def test_sign_out_needs_the_csrf_token_and_ends_the_session(app):
    client = sign_in(app, "street")
    assert client.post("/logout").status_code == 400
    assert client.get("/api/v1/me").status_code == 200
    token = csrf_token(client, "/login")
    assert client.post("/logout", headers={"X-CSRFToken": token}).status_code == 302
    assert client.get("/api/v1/me").status_code == 401


def test_the_api_answers_401_json_and_pages_redirect_to_login(app):
    client = app.test_client()
    response = client.get("/api/v1/cells?level=street")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    page = client.get("/command")
    assert page.status_code == 302 and "/login?next=" in page.headers["Location"]


def test_sign_in_goes_back_to_the_page_asked_for_but_never_to_another_host(app):
    for asked, went in (("/command", "/command"), ("//evil.example/x", "/"), ("https://evil.example/", "/")):
        client = app.test_client()      # a fresh session each: signing in starts a new one, token included
        form = {"username": "command", "password": "command-demo", "csrf_token": csrf_token(client)}
        assert client.post("/login", query_string={"next": asked}, data=form).headers["Location"] == went


def test_the_login_page_carries_the_csrf_meta_tag_and_switches_language(app):
    client = app.test_client()
    chinese = client.get("/login").get_data(as_text=True)
    english = client.get("/login?lang=en").get_data(as_text=True)
    assert '<meta name="csrf-token" content="' in chinese and 'lang="zh-CN"' in chinese and "登录" in chinese
    assert 'lang="en"' in english and "Sign in" in english
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)     # remembered in the session
    assert "http://" not in chinese and "https://" not in chinese          # nothing from another host


def test_roles_required_answers_403_json_for_the_api_and_a_page_elsewhere(app):
    from webmap.auth import roles_required

    @roles_required("admin")
    def admin_only():
        return "ok"

    app = create_app({"SECRET_KEY": "another", "TESTING": True})     # routes are added before any request
    paths = (("/api/v1/admin-only", "application/json"), ("/admin-only", "text/html"))
    for path, _ in paths:
        app.add_url_rule(path, path, admin_only)
    for path, kind in paths:
        assert sign_in(app, "admin").get(path).get_data(as_text=True) == "ok"
        refused = sign_in(app, "planner").get(path)
        assert refused.status_code == 403 and refused.mimetype == kind
        assert app.test_client().get(path).status_code == (401 if kind == "application/json" else 302)


def test_the_app_refuses_to_start_without_a_secret(monkeypatch):
    monkeypatch.delenv("GRIDGOV_SECRET_KEY", raising=False)
    with pytest.raises(GridgovError, match="GRIDGOV_SECRET_KEY"):
        create_app()


def test_accounts_refuse_bad_roles_and_short_passwords(conn):
    with pytest.raises(GridgovError, match="unknown role"):
        accounts.create_account(conn, "x1", "long enough", "boss", scope_code="370212")
    with pytest.raises(GridgovError, match="10 characters"):
        accounts.create_account(conn, "x2", "short", "street_staff", scope_code="370212001")
    with pytest.raises(GridgovError, match="person"):
        accounts.create_account(conn, "x3", "long enough", "grid_member")


def test_scope_follows_the_code_tree():
    assert accounts.in_scope("370212001001001", ("370212001",))
    assert not accounts.in_scope("370212002001001", ("370212001",))
    assert not accounts.in_scope("370212001", ("370212001001001",))

"""What gridgov promises about sessions: a sign-in can be ended (sign-out, a password change, disabling
the account) and the cookie a browser or an attacker saved dies with it; an unused session times out;
the key that signs cookies is long and random or the server does not start; cookies can be HTTPS-only.
"""
import datetime as dt
import secrets
from pathlib import Path

import psycopg2
import pytest
from click.testing import CliRunner
from flask.sessions import SecureCookieSessionInterface

from gis.errors import GridgovError
from gridgov_cli.main import cli
from grids.people import accounts, roster
from tests.command_line import gridgov, stored
from tests.conftest import TABLES, wipe
from tests.shapes import load_two_by_two
from webmap import create_app

SECRET = secrets.token_urlsafe(32)
PASSWORD = "a-good-password"


@pytest.fixture
def site(database_url):
    """Two committed accounts (a street officer and a grid member) and an app over them."""
    wipe(database_url, f"{TABLES}, account")
    conn = psycopg2.connect(database_url)
    with conn:
        load_two_by_two(conn)
        accounts.create_account(conn, "street", PASSWORD, "street_staff", scope_code="370212001")
        member = roster.add_person(conn, "网格员甲", "grid_member", code="M1")
        accounts.create_account(conn, "member", PASSWORD, "grid_member", person_id=member)
    conn.close()
    yield create_app({"SECRET_KEY": SECRET, "TESTING": True})
    wipe(database_url, f"{TABLES}, account")


def csrf_token(client):
    page = client.get("/login").get_data(as_text=True)
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def sign_in(app, username="street", password=PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def sign_out(client):
    token = csrf_token(client)
    assert client.post("/logout", headers={"X-CSRFToken": token}).status_code == 302


def saved_cookie(client):
    return client.get_cookie("session").value


def client_with(app, cookie):
    """A new browser that replays a saved session cookie."""
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client


def signed_in(client):
    return client.get("/api/v1/me").status_code == 200


def age_sessions(database_url, column, minutes):
    """Move every live session's ``column`` (created_at or last_seen_at) ``minutes`` into the past."""
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:
        cur.execute(f"UPDATE account_session SET {column} = now() - %s * interval '1 minute'", (minutes,))
    conn.close()


def test_a_cookie_saved_before_sign_out_is_refused_after_it(site):
    """Sign-out ends the session on the server: replaying the cookie saved before it gets a 401."""
    client = sign_in(site)
    cookie = saved_cookie(client)
    assert signed_in(client_with(site, cookie))
    sign_out(client)
    assert not signed_in(client_with(site, cookie))


def test_signing_out_ends_only_that_session(site):
    """A session is one sign-in: signing out on the office PC leaves the same account's phone signed in."""
    office, phone = sign_in(site), sign_in(site)
    sign_out(office)
    assert not signed_in(office) and signed_in(phone)


def test_a_password_change_ends_every_session_of_the_account(site, database_url):
    """After the password changes, no cookie of the account works, and only the new password signs in."""
    first, second = sign_in(site), sign_in(site)
    conn = psycopg2.connect(database_url)
    with conn:
        accounts.set_password(conn, "street", "a-newer-password")
    conn.close()
    assert not signed_in(first) and not signed_in(second)
    assert signed_in(sign_in(site, password="a-newer-password"))
    old = site.test_client()
    assert old.post("/login", data={"username": "street", "password": PASSWORD,
                                    "csrf_token": csrf_token(old)}).status_code == 401


def test_a_disabled_account_loses_its_sessions_and_cannot_sign_in_until_enabled(site, database_url):
    client = sign_in(site)
    conn = psycopg2.connect(database_url)
    with conn:
        accounts.disable_account(conn, "street")
    assert not signed_in(client)
    refused = site.test_client()
    response = refused.post("/login", data={"username": "street", "password": PASSWORD,
                                            "csrf_token": csrf_token(refused)})
    assert response.status_code == 401 and "用户名或密码错误" in response.get_data(as_text=True)
    with conn:
        accounts.enable_account(conn, "street")
    conn.close()
    assert signed_in(sign_in(site))


def test_a_cookie_naming_only_an_account_id_signs_nobody_in(site):
    """The cookie carries a random session token; a cookie made with the key that names an account id
    (the old format) is not a session."""
    forged = SecureCookieSessionInterface().get_signing_serializer(site).dumps({"account_id": 1})
    assert not signed_in(client_with(site, forged))


def test_an_unused_session_times_out_after_30_minutes(site, database_url):
    client = sign_in(site)
    age_sessions(database_url, "last_seen_at", 29)
    assert signed_in(client)                           # used 29 minutes ago: alive, and used again now
    age_sessions(database_url, "last_seen_at", 31)
    assert not signed_in(client)


def test_a_grid_members_phone_session_times_out_after_2_hours(site, database_url):
    client = sign_in(site, "member")
    age_sessions(database_url, "last_seen_at", 119)
    assert signed_in(client)
    age_sessions(database_url, "last_seen_at", 121)
    assert not signed_in(client)


def test_using_a_session_keeps_it_alive(site, database_url):
    client = sign_in(site)
    for _ in range(3):
        age_sessions(database_url, "last_seen_at", 20)
        assert signed_in(client)                       # 3 × 20 minutes of use: never 30 idle
    [(idle,)] = stored(database_url, "SELECT now() - last_seen_at FROM account_session")
    assert idle < dt.timedelta(minutes=1)


def test_a_session_ends_12_hours_after_sign_in_however_much_it_is_used(site, database_url):
    client = sign_in(site)
    age_sessions(database_url, "created_at", 11 * 60 + 59)
    assert signed_in(client)
    age_sessions(database_url, "created_at", 12 * 60 + 1)
    assert not signed_in(client)


def test_the_session_cookie_is_http_only_same_site_and_secure_when_asked(database_url, monkeypatch, site):
    """Plain HTTP (the demo on a laptop) works without ``Secure``; ``GRIDGOV_SECURE_COOKIES=1`` (behind
    HTTPS) adds it, and the cookie then takes the ``__Host-`` prefix (no subdomain can set it)."""
    client = site.test_client()
    plain = client.post("/login", data={"username": "street", "password": PASSWORD,
                                         "csrf_token": csrf_token(client)}).headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    monkeypatch.setenv("GRIDGOV_SECURE_COOKIES", "1")
    https = create_app({"SECRET_KEY": SECRET, "TESTING": True})
    client, base = https.test_client(), "https://localhost"
    page = client.get("/login", base_url=base).get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    cookie = client.post("/login", base_url=base, data={"username": "street", "password": PASSWORD,
                                                        "csrf_token": token},
                         headers={"Referer": f"{base}/login"}).headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=") and "Secure" in cookie and "HttpOnly" in cookie
    assert "Path=/" in cookie and "Domain" not in cookie


WEAK_SECRETS = (Path(__file__).parent / "corpus" / "sessions" / "weak_secrets.txt").read_text().splitlines()


@pytest.mark.parametrize("key", WEAK_SECRETS)
def test_the_app_refuses_a_short_or_guessable_secret(key):
    """Shorter than 32 characters, or fewer than 10 different ones: refused, naming GRIDGOV_SECRET_KEY."""
    with pytest.raises(GridgovError, match="GRIDGOV_SECRET_KEY"):
        create_app({"SECRET_KEY": key})


def test_the_app_accepts_a_generated_secret():
    assert create_app({"SECRET_KEY": secrets.token_urlsafe(32)}).secret_key
    assert create_app({"SECRET_KEY": secrets.token_hex(32)}).secret_key


def test_serve_refuses_a_weak_secret_before_listening(monkeypatch):
    monkeypatch.setenv("GRIDGOV_SECRET_KEY", "x")
    result = gridgov("serve", "--port", "0")
    assert result.exit_code == 2 and "GRIDGOV_SECRET_KEY" in result.output and "32" in result.output


def test_the_admin_changes_a_password_and_disables_an_account_from_the_command_line(site, database_url):
    """``gridgov accounts reset-password`` (asked twice, never on the command line), ``disable`` and
    ``enable``; each ends the account's sessions."""
    client = sign_in(site)
    runner = CliRunner()
    changed = runner.invoke(cli, ["accounts", "reset-password", "street"],
                            input="a-newer-password\na-newer-password\n")
    assert changed.exit_code == 0, changed.output
    assert not signed_in(client)
    client = sign_in(site, password="a-newer-password")
    assert runner.invoke(cli, ["accounts", "disable", "street"]).exit_code == 0
    assert not signed_in(client)
    [(disabled_at,)] = stored(database_url, "SELECT disabled_at FROM account WHERE username = 'street'")
    assert disabled_at is not None
    assert runner.invoke(cli, ["accounts", "enable", "street"]).exit_code == 0
    assert signed_in(sign_in(site, password="a-newer-password"))


def test_the_command_line_refuses_a_short_password_and_an_unknown_account(site):
    runner = CliRunner()
    short = runner.invoke(cli, ["accounts", "reset-password", "street"], input="short\nshort\n")
    assert short.exit_code == 2 and "10 characters" in short.output
    assert signed_in(sign_in(site))                     # nothing changed
    unknown = runner.invoke(cli, ["accounts", "disable", "nobody"])
    assert unknown.exit_code == 2 and "nobody" in unknown.output


def test_twenty_wrong_passwords_lock_the_account_and_the_right_one_is_refused_until_unlocked(site, database_url):
    """Issue 15's report: 20 wrong passwords in 2.8 s, then the right one was accepted. Now the fifth
    failure locks the account (and the address, at twenty): the right password is refused; every attempt
    is in the account log with the address; an administrator's unlock releases it."""
    client = site.test_client()
    for n in range(20):
        page = client.post("/login", data={"username": "street", "password": f"guess-{n}",
                                           "csrf_token": csrf_token(client)})
        assert page.status_code == 401
    refused = client.post("/login", data={"username": "street", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert refused.status_code == 401 and "15" in refused.get_data(as_text=True)
    events = stored(database_url, "SELECT event, count(*), min(address) FROM account_event "
                                  "WHERE username = 'street' AND event LIKE 'sign_in%%' GROUP BY event ORDER BY event")
    assert events == [("sign_in_failed", 5, "127.0.0.1"), ("sign_in_locked", 16, "127.0.0.1")]
    assert CliRunner().invoke(cli, ["accounts", "unlock", "street"]).exit_code == 0
    assert signed_in(sign_in(site))


def test_users_change_their_own_password_and_their_other_devices_are_signed_out(site):
    phone, desk = sign_in(site), sign_in(site)

    def change(current, new, again=None):
        return desk.post("/account/password", data={"current": current, "new": new, "again": again or new,
                                                    "csrf_token": csrf_token(desk)})
    assert desk.get("/account/password").status_code == 200
    assert change("wrong-password-1", "another-good-one").status_code == 400
    assert change(PASSWORD, "another-good-one", "another-good-0").status_code == 400
    assert "common" in change(PASSWORD, "password123").get_data(as_text=True)
    assert signed_in(phone)                                     # nothing changed yet
    assert change(PASSWORD, "another-good-one").status_code == 200
    assert not signed_in(phone) and signed_in(desk)             # this browser keeps a new session
    assert signed_in(sign_in(site, password="another-good-one"))
    assert site.test_client().get("/account/password").status_code == 302     # signed out: to /login


def test_behind_a_proxy_the_account_log_keeps_the_clients_address(site, database_url):
    """With GRIDGOV_PROXIES=1 (nginx in front) the client is X-Forwarded-For's last hop, not the proxy:
    without it every user would share the proxy's address, and its sign-in throttle."""
    proxied = create_app({"SECRET_KEY": SECRET, "TESTING": True, "PROXIES": 1}).test_client()
    headers = {"X-Forwarded-For": "198.51.100.23"}
    token = proxied.get("/login", headers=headers).get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    proxied.post("/login", data={"username": "street", "password": "wrong-password-1", "csrf_token": token},
                 headers=headers)
    direct = site.test_client()
    direct.post("/login", data={"username": "street", "password": "wrong-password-2", "csrf_token": csrf_token(direct)},
                headers=headers)                        # not behind a proxy: the header is ignored
    addresses = stored(database_url, "SELECT address FROM account_event WHERE event = 'sign_in_failed' ORDER BY id")
    assert [a for (a,) in addresses] == ["198.51.100.23", "127.0.0.1"]

"""Accounts: the password policy, scopes at the role's level, role and scope changes, sign-in throttled
per account and per address with its release, and the account log of every attempt and change."""
import datetime as dt

import pytest

from gis.db import act_as
from grids.errors import AccountError
from grids.people import accounts, signin
from tests.cases import COMMUNITY, DISTRICT, STREET, T0, load_world

PASSWORD = "street-officer-7"


@pytest.fixture
def world(conn):
    people = load_world(conn)
    accounts.create_account(conn, "street", PASSWORD, "street_staff", scope_code=STREET)
    return people


def attempt(conn, username, password, address="10.0.0.1", minutes=0):
    return signin.attempt(conn, username, password, address, authenticate=accounts.authenticate,
                          now=T0 + dt.timedelta(minutes=minutes))


def logged(conn, username):
    return [(e["event"], e["address"]) for e in reversed(signin.events(conn, username=username))]


@pytest.mark.parametrize("username, password, problem", [
    ("street", "short-1", "at least 10 characters"), ("street", "street1234", "the username"),
    ("street", "teerts", "at least 10"), ("zhangwei01", "zhangwei01", "the username"),
    ("zhangwei", "ZhangWei2024", "the username"), ("street", "aaaaaaaaaaaa", "two different characters"),
    ("street", "woaini1314", "most common"), ("street", "1qaz2wsx3edc", "most common"),
    ("street", "Password123", "most common"),
])
def test_the_password_policy(username, password, problem):
    assert problem in accounts.password_problem(username, password)


@pytest.mark.parametrize("password", ["street-officer-7", "command-demo", "长城网格2025管理", "correct horse battery"])
def test_passwords_the_policy_lets_through(password):
    assert accounts.password_problem("street", password) is None


def test_a_scope_is_a_cell_of_the_roles_level(conn, world):
    with pytest.raises(AccountError, match="a street_staff account's scope is a street; 370212001001 is a community"):
        accounts.create_account(conn, "s2", PASSWORD, "street_staff", scope_code=COMMUNITY)
    with pytest.raises(AccountError, match="370212009 is no cell of the current generation"):
        accounts.create_account(conn, "s3", PASSWORD, "street_staff", scope_code="370212009")
    with pytest.raises(AccountError, match="a username is 2 to 64"):
        accounts.create_account(conn, "bad name", PASSWORD, "street_staff", scope_code=STREET)
    accounts.set_role(conn, "street", "community_staff", scope_code=COMMUNITY)
    assert accounts.get_account(conn, username="street")["role"] == "community_staff"
    with pytest.raises(AccountError, match="scope is a community"):
        accounts.set_scope(conn, "street", STREET)
    accounts.set_role(conn, "street", "command_staff")
    assert accounts.get_account(conn, username="street")["scope_code"] == DISTRICT


def test_five_failures_lock_the_account_even_against_the_right_password_until_released(conn, world):
    for minute in range(signin.ACCOUNT_FAILURES):
        assert attempt(conn, "street", f"wrong-{minute}", minutes=minute) == (None, "wrong")
    assert attempt(conn, "street", PASSWORD, minutes=5) == (None, "locked")            # the right one, refused
    assert attempt(conn, "street", PASSWORD, address="10.9.9.9", minutes=6) == (None, "locked")   # from anywhere
    assert attempt(conn, "street", PASSWORD, minutes=4 + 16)[1] == "signed_in"         # 15 min after the last failure
    for minute in range(signin.ACCOUNT_FAILURES):
        attempt(conn, "street", "wrong", minutes=30 + minute)
    assert attempt(conn, "street", PASSWORD, minutes=35)[1] == "locked"
    signin.unlock(conn, "street", now=T0 + dt.timedelta(minutes=35.5))                # an administrator releases it
    assert attempt(conn, "street", PASSWORD, minutes=36)[1] == "signed_in"
    events = [e for e in logged(conn, "street") if e[0] != "created"]     # (created on the real clock, later)
    assert events[:6] == [("sign_in_failed", "10.0.0.1")] * 5 + [("locked", "10.0.0.1")]
    assert ("sign_in_locked", "10.9.9.9") in events and events[-2:] == [("unlocked", None), ("sign_in", "10.0.0.1")]


def test_failures_spread_over_many_names_lock_the_address(conn, world):
    for n in range(signin.ADDRESS_FAILURES):
        attempt(conn, f"guess{n % 4}", "password-x", address="203.0.113.7", minutes=n / 10)
    assert attempt(conn, "street", PASSWORD, address="203.0.113.7", minutes=3) == (None, "locked")
    assert attempt(conn, "street", PASSWORD, address="10.0.0.2", minutes=3)[1] == "signed_in"
    assert attempt(conn, "nobody", "x", address="10.0.0.3", minutes=4) == (None, "wrong")   # unknown names count too


def test_every_change_is_in_the_account_log_with_its_operator(conn, world):
    act_as(conn, "cli:root")
    accounts.set_password(conn, "street", "a-new-password-9")
    accounts.disable_account(conn, "street")
    accounts.enable_account(conn, "street")
    accounts.set_scope(conn, "street", STREET)
    changes = [(e["event"], e["operator"]) for e in reversed(signin.events(conn, username="street"))][1:]
    assert changes == [("password_changed", "cli:root"), ("disabled", "cli:root"), ("enabled", "cli:root"),
                       ("scope_changed", "cli:root")]
    listed = {a["username"]: a for a in accounts.list_accounts(conn)}
    assert listed["street"]["scope_name"] and listed["street"]["disabled_at"] is None

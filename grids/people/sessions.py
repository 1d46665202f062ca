"""Sign-in sessions, kept on the server so that they can be ended.

Concept: a **session** is one sign-in of one account on one device. Its random token travels in the
(signed) cookie; the store keeps only the token's SHA-256 (``account_session``), with when the session
began, when it was last used and when and why it ended. A request is signed in only while its session
is not ended, its account is not disabled, it began less than the absolute lifetime ago and was used
within the idle timeout (both limits are the caller's: the web app's settings). Signing out ends one
session; a password change or disabling the account ends all of the account's sessions
(:mod:`grids.people.accounts`), so a cookie saved earlier signs nobody in afterwards.
"""
import hashlib
import secrets

from gis.sqlfiles import load

TOKEN_BYTES = 32          # 256 random bits: a token cannot be guessed


def start(conn, account_id):
    """A new session of the account; returns its token (for the cookie). The caller commits."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    _execute(conn, "sessions_start", token_sha256=_digest(token), account_id=account_id)
    return token


def live_account(conn, token, *, idle_timeout, lifetime):
    """The account signed in by ``token`` (``id``, ``username``, ``role``, ``scope_code``, ``person_id``,
    ``person_name``), or None when the session is unknown, ended, older than ``lifetime`` or unused
    for longer than ``idle_timeout(role)`` (timedeltas), or its account is disabled."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "sessions_account"), {"token_sha256": _digest(token)})
        row = cur.fetchone()
        if row is None:
            return None
        account = dict(zip([d[0] for d in cur.description], row))
    age, idle = account.pop("age"), account.pop("idle")
    if age >= lifetime or idle >= idle_timeout(account["role"]):
        return None
    return account


def touch(conn, token):
    """Mark the session used now (at most once a minute, never waiting for a parallel request)."""
    _execute(conn, "sessions_touch", token_sha256=_digest(token))


def end(conn, token, why="signed_out"):
    """End one session (``why``: ``signed_out`` or ``replaced``); returns ``{"account_id", "username"}`` of
    the session ended, or None when it was not live."""
    with conn.cursor() as cur:
        cur.execute(load("grids.people", "sessions_end"), {"token_sha256": _digest(token), "why": why})
        row = cur.fetchone()
    return {"account_id": row[0], "username": row[1]} if row else None


def end_all(conn, account_id, why):
    """End every live session of the account (``why``: ``password_changed``, ``disabled``, ``replaced``)."""
    _execute(conn, "sessions_end_all", account_id=account_id, why=why)


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _execute(conn, name, **params):
    with conn.cursor() as cur:
        cur.execute(load("grids.people", name), params)

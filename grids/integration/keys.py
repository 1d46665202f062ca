"""Keys of calling systems: who may submit tickets, to which channels, over which cells.

Concept: a calling system (the 12345 platform, the 110 platform) holds one **key**: a random 32-byte
token, shown once when the key is created and never stored — the store keeps its SHA-256, enough to
recognise the token and useless to anyone who reads the table. A key names the channels it may submit to
and the cells it is scoped to (code prefixes; none: the whole district), and may register a webhook (a
URL and a secret that signs each push). A key's **scopes** say what it may do: ``intake`` (submit to its
channels; every key before issue 20) and/or ``features`` (read the cells and masked incidents of its cells
through ``/ogcapi``: a GIS office's QGIS); a key without ``intake`` has no channels. Revoking a key refuses it from then on; it stays, since its
tickets and history refer to it. Every change is written to ``api_key_event`` with its operator
(``cli:<user>``), as account changes are.
"""
import hashlib
import json
import re
import secrets

from gis.errors import GridgovError
from gis.sqlfiles import load
from grids.incidents.store import CHANNELS

TOKEN_PREFIX = "ggk_"                  # recognisable in a leaked log or a secret scanner
TOKEN_BYTES = 32
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
CELL_PREFIX = re.compile(r"^[0-9]{6,20}$")
URL = re.compile(r"^https?://[^\s/]+(/\S*)?$")
SECRET_MIN_LENGTH = 16
SCOPES = ("intake", "features")        # submit tickets; read /ogcapi (OGC API Features)


class ApiKeyError(GridgovError):
    """A key that cannot be made or changed the way asked (a name, a channel, a cell, a URL)."""

    code = "api_key"


class KeyRefused(GridgovError):
    """A request whose key is missing, unknown or revoked, or outside the key's channels: HTTP 403."""

    code = "key_refused"
    http_status = 403


def token_hash(token):
    """The SHA-256 of a token as stored (bytes)."""
    return hashlib.sha256(token.encode("utf-8")).digest()


def create_key(conn, name, channels, cell_prefixes=(), scopes=("intake",)):
    """Create a key; return ``(key, token)``. The token exists only in this return value. ``scopes``:
    :data:`SCOPES`; a key with ``intake`` submits to one or more ``channels``, one without has none."""
    _check_name(name)
    channels, scopes = sorted(set(channels)), sorted(set(scopes))
    if not scopes or any(s not in SCOPES for s in scopes):
        raise ApiKeyError(f"a key's scopes are one or more of {', '.join(SCOPES)}", scopes=",".join(scopes) or None)
    unknown = [c for c in channels if c not in CHANNELS]
    if "intake" in scopes and (not channels or unknown):
        raise ApiKeyError(f"a key submits to one or more of the channels {', '.join(CHANNELS)}",
                        channels=",".join(unknown) or None)
    if "intake" not in scopes and channels:
        raise ApiKeyError("a key without the intake scope submits to no channel", channels=",".join(channels))
    bad = [p for p in cell_prefixes if not CELL_PREFIX.match(p)]
    if bad:
        raise ApiKeyError("a cell scope is a cell code (6 to 20 digits)", cells=",".join(bad))
    token = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "keys_list"))
        if any(row[1] == name for row in cur.fetchall()):
            raise ApiKeyError(f"a key named {name} exists already", name=name)
        cur.execute(load("grids.integration", "key_insert"),
                    {"name": name, "token_sha256": token_hash(token), "channels": channels,
                     "cell_prefixes": sorted(set(cell_prefixes)), "scopes": scopes})
        key = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    _log(conn, key["id"], "created", {"channels": channels, "cells": key["cell_prefixes"], "scopes": scopes})
    return key, token


def list_keys(conn):
    """Every key (never a token or a webhook secret): scope, state, webhook URL, tickets, pushes waiting."""
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "keys_list"))
        return [dict(zip([d[0] for d in cur.description], row)) for row in cur.fetchall()]


def revoke_key(conn, name):
    """Refuse the key from now on."""
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "key_revoke"), {"name": name})
        row = cur.fetchone()
    if row is None:
        raise ApiKeyError(f"no key named {name} that is not revoked already", name=name)
    _log(conn, row[0], "revoked", {})


def set_webhook(conn, name, url, secret):
    """Register (or replace) the key's webhook: each status change of its tickets is pushed to ``url``,
    signed with ``secret`` (:mod:`grids.integration.webhooks`)."""
    if not URL.match(url or ""):
        raise ApiKeyError("a webhook is an http:// or https:// URL", url=url)
    if len(secret or "") < SECRET_MIN_LENGTH:
        raise ApiKeyError(f"a webhook secret has at least {SECRET_MIN_LENGTH} characters")
    _write_webhook(conn, name, url, secret, "webhook_set", {"url": url})


def remove_webhook(conn, name):
    """Stop pushing to the key's webhook (pushes still waiting are not sent)."""
    _write_webhook(conn, name, None, None, "webhook_removed", {})


def _write_webhook(conn, name, url, secret, event, detail):
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "key_webhook_set"), {"name": name, "url": url, "secret": secret})
        row = cur.fetchone()
    if row is None:
        raise ApiKeyError(f"no key named {name} that is not revoked", name=name)
    _log(conn, row[0], event, detail)


def authenticate(conn, token, channel=None, scope=None):
    """The key of ``token`` (a dict: id, name, channels, cell_prefixes, scopes), allowed to submit to
    ``channel`` when one is given and holding ``scope`` when one is given; else :class:`KeyRefused` saying
    why (no key, unknown, revoked, channel, scope)."""
    if not token:
        raise KeyRefused("an API key is needed (api_key, Authorization: Bearer or X-Api-Key)")
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "key_by_token"), {"token_sha256": token_hash(token)})
        row = cur.fetchone()
        key = dict(zip([d[0] for d in cur.description], row)) if row else None
    if key is None:
        raise KeyRefused("unknown API key")
    if key["revoked_at"] is not None:
        raise KeyRefused("this API key has been revoked", key=key["name"])
    if channel is not None and channel not in key["channels"]:
        raise KeyRefused(f"the key {key['name']} may not submit to the channel {channel} (only "
                         f"{', '.join(key['channels']) or 'none'})", key=key["name"], channel=channel)
    if scope is not None and scope not in key["scopes"]:
        raise KeyRefused(f"the key {key['name']} has not the scope {scope} (only {', '.join(key['scopes'])})",
                         key=key["name"], scope=scope)
    return key


def _check_name(name):
    if not NAME.match(name or ""):
        raise ApiKeyError("a key's name is 1 to 64 letters, digits, '_', '.' or '-', starting with a letter "
                        "or digit (the calling system: 12345-platform, police110)", name=name)


def _log(conn, key_id, event, detail):
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "key_event_insert"),
                    {"key_id": key_id, "event": event, "detail": json.dumps(detail, ensure_ascii=False)})

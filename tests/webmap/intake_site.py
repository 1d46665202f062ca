"""What the intake API and Open311 tests share: the 2×2 world of ``tests.cases`` committed to the test
database, keys of calling systems, and the app served by waitress on a loopback port, called over HTTP
as a calling system would call it."""
import json
import urllib.error
import urllib.parse
import urllib.request

import psycopg2

from bench import common
from grids.cells import generations
from grids.integration.keys import create_key
from tests.cases import load_world
from tests.conftest import wipe

INTAKE_TABLES = ("cell, generation, person, person_cell, incident, incident_import, case_event, api_ticket, "
                 "api_webhook_outbox, api_key_event, api_key, category")   # load_world writes its own categories
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))   # loopback, whatever the environment


def load_keyed_world(database_url, keys):
    """Commit the world and ``keys`` (``{name: (channels, cell prefixes)}``); return ``{name: token}``."""
    wipe(database_url, INTAKE_TABLES)
    conn = psycopg2.connect(database_url)
    with conn:
        load_world(conn)
        generations.publish(conn)
        tokens = {name: create_key(conn, name, channels, cells)[1] for name, (channels, cells) in keys.items()}
    conn.close()
    return tokens


def served_app(**config):
    """The app served by waitress on a free loopback port (:func:`bench.common.served_app`, four threads);
    a context manager yielding its base URL."""
    return common.served_app(config, threads=4)


def call(method, url, *, form=None, body=None, headers=None):
    """``(status, parsed JSON or text)`` of an HTTP call (form-encoded ``form`` or JSON ``body``)."""
    data, headers = None, dict(headers or {})
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body, ensure_ascii=False).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with NO_PROXY.open(request, timeout=60) as answer:
            status, text = answer.status, answer.read().decode()
    except urllib.error.HTTPError as answer:
        status, text = answer.code, answer.read().decode()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text

"""The health check (``GET /healthz``) a load balancer, systemd or a monitor asks, without signing in.

200 ``{"status": "ok", "version", "migrations_pending": []}`` when the database answers and its schema is
the code's; 503 ``{"status": "unavailable", …}`` naming what is wrong otherwise (the database down, or
migrations not applied: ``gridgov db migrate``). It says nothing about the data.
"""
from importlib import metadata

import psycopg2
from flask import Blueprint, jsonify

from gis import migrate
from gis.errors import GridgovError
from webmap.db import connection

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    version = metadata.version("gridgov")
    try:
        pending = migrate.unapplied(connection())
    except (psycopg2.Error, GridgovError) as down:
        return jsonify(status="unavailable", version=version, database=str(down).splitlines()[0]), 503
    if pending:
        return jsonify(status="unavailable", version=version, migrations_pending=pending), 503
    return jsonify(status="ok", version=version, migrations_pending=[])

"""What the API views read from a request the same way in every blueprint: the app's clock, the JSON
body, cell codes and whole numbers.

A wrong value is a 400 ``bad_parameter`` naming it (:func:`webmap.errors.bad_parameter`); each caller
passes its own hint, since the message is part of its contract (``docs/api.md``). Parsers only one
blueprint needs stay private to it.
"""
import re

from flask import current_app, request

from grids import clock
from webmap.errors import bad_parameter

CELL_CODE = re.compile(r"^[0-9]{6,20}$")     # the shape of a cell code; whether it is the caller's is separate


def now():
    """The app's "now": its ``NOW`` setting (``gridgov serve --demo``: the demo's clock), else
    :func:`grids.clock.now` (``GRIDGOV_NOW`` or the real time)."""
    return clock.resolve(current_app.config.get("NOW") or None)


def today():
    """The date of :func:`now` in Asia/Shanghai (:func:`grids.clock.today`)."""
    return clock.today(now())


def json_object(hint, parameter="body"):
    """The request's JSON body, which must be an object: else a 400 naming ``parameter`` with ``hint``."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise bad_parameter(parameter, hint)
    return body


def is_whole_number(value):
    """A JSON integer: Python's ``True`` is an ``int`` too, but not a number a client meant."""
    return isinstance(value, int) and not isinstance(value, bool)

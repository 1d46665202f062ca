"""What the API views read from a request the same way in every blueprint: the app's clock, the JSON
body, cell codes and whole numbers; and the bounds every request is held to before any view runs.

A wrong value is a 400 ``bad_parameter`` naming it (:func:`webmap.errors.bad_parameter`); each caller
passes its own hint, since the message is part of its contract (``docs/api.md``). Parsers only one
blueprint needs stay private to it.

Bounds (the numbers are :mod:`grids.limits`'): :func:`check_request` runs before every view and refuses
a path id beyond PostgreSQL's bigint, and a query or form value with a NUL character or longer than its
bound; :func:`json_object` parses the body itself, refusing one nested deeper than
:data:`grids.limits.JSON_DEPTH` (Python's parser would raise ``RecursionError`` at ~1,000 levels), a
NUL in any of its texts and a whole number beyond bigint, naming the top-level field that holds it.
Each field's own bound (a note's length, a drawn line's vertices) is checked where the field is read.
"""
import datetime as dt
import json
import re

from flask import current_app, request

from grids import clock, limits
from webmap.errors import bad_parameter

CELL_CODE = re.compile(r"^[0-9]{6,20}$")     # the shape of a cell code; whether it is the caller's is separate
DIGITS = re.compile(r"^[0-9]{1,19}$")        # a whole number as a query value: ASCII digits, at most bigint's 19
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def now():
    """The app's "now": its ``NOW`` setting (``gridgov serve --demo``: the demo's clock), else
    :func:`grids.clock.now` (``GRIDGOV_NOW`` or the real time)."""
    return clock.resolve(current_app.config.get("NOW") or None)


def today():
    """The date of :func:`now` in Asia/Shanghai (:func:`grids.clock.today`)."""
    return clock.today(now())


def init_app(app):
    """Hold every request to :func:`check_request`."""
    app.before_request(check_request)


def check_request():
    """Refuse, before any view runs, a whole number in the path beyond bigint (an id, a tile's x) and a
    query, form or file-name value that holds a NUL or is longer than its bound."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and value > limits.ID_MAX:
            raise bad_parameter(name, f"`{name}` must be at most {limits.ID_MAX}")
    _check_values(request.args, limits.QUERY_VALUE)
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in FORM_TYPES:
        _check_values(request.form, limits.FORM_VALUE)
        for name, upload in request.files.items():
            problem = limits.text_problem(upload.filename or "", limits.QUERY_VALUE)
            if problem:
                raise bad_parameter(name, f"the file name of `{name}` {problem}")


def _check_values(values, maximum):
    for name, value in values.items(multi=True):
        problem = limits.text_problem(name, maximum) or limits.text_problem(value, maximum)
        if problem:
            shown = name.replace("\x00", "\\x00")[:100]
            raise bad_parameter(shown, f"`{shown}` {problem}")


def json_object(hint, parameter="body"):
    """The request's JSON body, which must be an object within the bounds of :func:`check_json`: else a
    400 naming ``parameter`` (or the field out of bounds) with ``hint``."""
    if not request.is_json:
        raise bad_parameter(parameter, hint)
    try:
        body = json.loads(request.get_data(cache=True))
    except RecursionError:
        raise bad_parameter(parameter, f"the JSON body nests deeper than {limits.JSON_DEPTH} levels") from None
    except ValueError:                 # not JSON, not UTF-8, or a number of more than 4,300 digits
        raise bad_parameter(parameter, hint) from None
    if not isinstance(body, dict):
        raise bad_parameter(parameter, hint)
    check_json(body, parameter)
    return body


def check_json(body, parameter="body"):
    """Refuse a JSON object nested deeper than :data:`grids.limits.JSON_DEPTH`, or holding a text with a
    NUL or a whole number beyond bigint (named by the top-level field that holds it)."""
    if limits.json_depth_exceeds(body):
        raise bad_parameter(parameter, f"the JSON body nests deeper than {limits.JSON_DEPTH} levels")
    for field, value in body.items():
        stack = [field, value]
        while stack:
            item = stack.pop()
            if isinstance(item, str) and "\x00" in item:
                raise bad_parameter(field, f"`{field}` contains a NUL character (\\x00)")
            if is_whole_number(item) and abs(item) > limits.ID_MAX:
                raise bad_parameter(field, f"`{field}` holds a number beyond {limits.ID_MAX}")
            if isinstance(item, dict):
                stack += [*item.keys(), *item.values()]
            elif isinstance(item, list):
                stack += item


def body_text(body, name, maximum, required=False):
    """The text field ``name`` of a JSON ``body`` (None when absent or empty); a 400 naming it when it is
    required and missing, not text, longer than ``maximum`` or holding a NUL."""
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise bad_parameter(name, f"`{name}` is required")
        return None
    if not isinstance(value, str) or limits.text_problem(value, maximum):
        raise bad_parameter(name, f"`{name}` must be text of at most {maximum} characters")
    return value


def whole_number(name, text, low, high, hint=None):
    """``text`` (a query value) as an int from ``low`` to ``high``; else a 400 naming ``name``. Only
    ASCII digits: ``str.isdigit`` takes "²" and "١", which ``int`` then refuses."""
    if not (isinstance(text, str) and DIGITS.match(text) and low <= int(text) <= high):
        raise bad_parameter(name, hint or f"`{name}` must be a whole number from {low} to {high}")
    return int(text)


def is_whole_number(value):
    """A JSON integer: Python's ``True`` is an ``int`` too, but not a number a client meant."""
    return isinstance(value, int) and not isinstance(value, bool)


def choice_arg(name, allowed, default=None):
    """The query parameter ``name``, one of ``allowed``; ``default`` when absent or empty; else a 400."""
    value = request.args.get(name)
    if value in (None, ""):
        return default
    if value not in allowed:
        raise bad_parameter(name, f"`{name}` must be one of {', '.join(allowed)}")
    return value


def date_arg(name):
    """The query parameter ``name`` as a date (YYYY-MM-DD); None when absent or empty; else a 400."""
    value = request.args.get(name)
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise bad_parameter(name, f"`{name}` must be a date (YYYY-MM-DD)") from None

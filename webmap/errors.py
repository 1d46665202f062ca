"""One JSON shape for every error the API answers, and the pages' plain error pages.

Shape: ``{"error": {"code": "bad_parameter", "message": "…", "parameter": "level"}}`` with the HTTP
status; ``code`` is stable (clients branch on it), the other keys name the context (``parameter``,
``cell``, …). gridgov's own errors (:class:`gis.errors.GridgovError`) keep their code and context.
"""
from flask import jsonify, render_template_string, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from gis.errors import GridgovError

API_PREFIX = "/api/"
JSON_PREFIXES = (API_PREFIX, "/ogcapi")   # paths whose errors are JSON (OGC API Features: docs/ogcapi.md)
RETRY_AFTER_SECONDS = 5      # a 503 (the server busy) tells the client when to ask again


class ApiError(Exception):
    """An answer other than 200 from the API: an HTTP status, a stable code, a message, context."""

    def __init__(self, status, code, message, **context):
        super().__init__(message)
        self.status, self.code, self.message, self.context = status, code, message, context


def bad_parameter(name, message):
    """A 400 naming the parameter that is wrong."""
    return ApiError(400, "bad_parameter", message, parameter=name)


def error_response(http_status, code, message, /, **context):
    """The JSON error answer."""
    return jsonify(error={"code": code, "message": message, **context}), http_status


def init_app(app):
    """Register the handlers: JSON under ``/api/``, a short text page elsewhere (a page gated by
    :func:`webmap.auth.roles_required` answers its 403 as a page)."""
    app.register_error_handler(ApiError, lambda e: _answer(e.status, e.code, e.message, **e.context))
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(GridgovError, _domain_error)
    app.register_error_handler(HTTPException, _http_error)


def _csrf_error(error):
    return _answer(400, "csrf", error.description)


def _domain_error(error):
    details = error.as_dict()
    body, status = _answer(error.http_status, details.pop("code"), details.pop("message"), **details)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else {}
    return body, status, headers


def _http_error(error):
    return _answer(error.code, error.name.lower().replace(" ", "_"), error.description)


def _answer(http_status, code, message, /, **context):
    """The error answer; ``context`` may hold any key (a domain error's ``status`` once collided here)."""
    if request.path.startswith(JSON_PREFIXES):
        return error_response(http_status, code, message, **context)
    page = "<!doctype html><title>{{ status }}</title><p>{{ status }}: {{ message }}</p>"
    return render_template_string(page, status=http_status, message=message), http_status

"""The app's access and error logs: one line per request, and every unexpected error with its traceback.

Concept: an operator asks "who asked what, when, and what did they get", and "what went wrong". Each
answered request writes one line to the logger ``gridgov.access``: time, client address (the proxy's
X-Forwarded-For when ``GRIDGOV_PROXIES`` says to trust it), account (``-`` when signed out), method,
path — never the query string, which may hold a search text — status, bytes and milliseconds. An
exception no handler answered (a bug: the user gets the JSON 500 or the plain page) goes to
``gridgov.error`` with its traceback and the request line, so nothing is lost in a bare 500. Request
bodies (passwords, reports) are never logged. ``gridgov serve`` sends both loggers to standard error
(journald under systemd) or to ``GRIDGOV_ACCESS_LOG`` / ``GRIDGOV_ERROR_LOG`` files.
"""
import logging
import time

from flask import g, got_request_exception, request

access = logging.getLogger("gridgov.access")
errors = logging.getLogger("gridgov.error")


def init_app(app):
    """Time every request, log it when answered, and log the errors no handler answered."""
    app.before_request(_start)
    app.after_request(_log)
    got_request_exception.connect(_log_error, app)


def _start():
    g.access_started = time.perf_counter()


def _log(response):
    started = g.get("access_started")
    took = (time.perf_counter() - started) * 1000 if started else 0.0
    account = g.get("account")
    access.info("%s %s %s %s %d %s %.0fms", request.remote_addr or "-", account["username"] if account else "-",
                request.method, request.path, response.status_code, response.calculate_content_length() or "-", took)
    return response


def _log_error(sender, exception, **extra):
    account = g.get("account")
    errors.error("%s %s by %s from %s", request.method, request.path, account["username"] if account else "-",
                 request.remote_addr or "-", exc_info=exception)


def configure(access_file=None, error_file=None):
    """Send the loggers to standard error, or to the files named (the server's choice, once at start)."""
    for logger, path in ((access, access_file), (errors, error_file)):
        handler = logging.FileHandler(path, encoding="utf-8") if path else logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False

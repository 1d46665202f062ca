"""The access log (one line per request: address, account, method, path without its query, status) and
the error log (an unanswered exception with its traceback and the request)."""
import logging

from tests.cases import T0
from tests.desk_world import desk_site, signed_in


def test_every_request_is_logged_without_its_query_and_bugs_with_their_traceback(database_url, caplog):
    with desk_site(database_url, T0) as site:
        app = site["app"]

        @app.route("/boom")
        def boom():
            raise RuntimeError("a bug")

        caplog.set_level(logging.INFO, logger="gridgov.access")
        client = signed_in(app, "command")
        client.get("/api/v1/desk/tabs?secret=张三13912345678")
        anonymous = app.test_client()
        assert anonymous.get("/healthz").status_code == 200
        app.config["PROPAGATE_EXCEPTIONS"] = False
        assert anonymous.get("/boom").status_code == 500
    lines = [r.getMessage() for r in caplog.records if r.name == "gridgov.access"]
    assert any(line.startswith("127.0.0.1 command GET /api/v1/desk/tabs 200 ") for line in lines), lines
    assert any(line.startswith("127.0.0.1 - GET /healthz 200 ") for line in lines), lines
    assert not any("张三" in line or "1391234" in line or "secret" in line for line in lines)
    bugs = [r for r in caplog.records if r.name == "gridgov.error"]
    assert len(bugs) == 1 and bugs[0].getMessage() == "GET /boom by - from 127.0.0.1"
    assert bugs[0].exc_info and "a bug" in str(bugs[0].exc_info[1])

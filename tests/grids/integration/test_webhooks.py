"""Webhooks: a receiver on loopback that fails the first attempt and then succeeds gets each status
change of the key's tickets exactly once, after the retry, signed with the key's secret; another key's
tickets and changes that are not status changes are not pushed."""
import datetime as dt
import http.server
import json
import threading

import psycopg2
import pytest

from grids.cases import loop
from grids.cells import generations
from grids.clock import SHANGHAI
from grids.incidents.intake.placing import Intake
from grids.integration import keys, webhooks
from grids.integration.intake import submit_tickets
from tests.cases import T0, load_world
from tests.conftest import wipe
from tests.shapes import ORIGIN, UNIT
from tests.webmap.intake_site import INTAKE_TABLES

SECRET = "a-shared-secret-of-the-12345-platform"


class Receiver(http.server.BaseHTTPRequestHandler):
    """Answers 500 to the first push, 204 to the rest; keeps what it was sent."""

    received, failures_left = [], [1]

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.failures_left[0]:
            self.failures_left[0] -= 1
            self.send_response(500)
        else:
            self.received.append((body, self.headers[webhooks.SIGNATURE_HEADER], self.headers[webhooks.DELIVERY_HEADER]))
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    Receiver.received.clear()
    Receiver.failures_left[:] = [1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


@pytest.fixture
def world(database_url):
    wipe(database_url, INTAKE_TABLES)
    conn = psycopg2.connect(database_url)
    load_world(conn)
    generations.publish(conn)
    conn.commit()
    yield conn
    conn.rollback()
    conn.close()
    wipe(database_url, INTAKE_TABLES)


def _ticket(ref):
    return {"source_ref": ref, "reported_at": "2025-03-03 08:00", "category_text": "T101",
            "x": ORIGIN[0] + 0.5 * UNIT, "y": ORIGIN[1] + 1.5 * UNIT}


def test_each_status_change_arrives_once_signed_after_a_failed_first_attempt(world, receiver):
    conn = world
    mine, _ = keys.create_key(conn, "hotline-12345", ["hotline"])
    other, _ = keys.create_key(conn, "other", ["hotline"])
    keys.set_webhook(conn, "hotline-12345", receiver, SECRET)
    keys.set_webhook(conn, "other", receiver, SECRET)
    intake = Intake(conn)
    report = submit_tickets(conn, mine, "hotline", [_ticket("W-1")], intake)
    submit_tickets(conn, other, "hotline", [_ticket("W-OTHER")], intake)
    case_id = report["results"][0][2]
    loop.act(conn, case_id, "accept", "D1", now=T0)
    loop.act(conn, case_id, "dispatch", "D1", now=T0, level="department", to="K1")
    loop.act(conn, case_id, "urge", "D1", now=T0)                         # no status change: not pushed
    loop.act(conn, case_id, "report", "K1", now=T0 + dt.timedelta(hours=2), note="已修复，回访电话13912345678")
    conn.commit()

    now = dt.datetime.now(SHANGHAI)
    first = webhooks.run(conn, now=now)
    assert first == {"queued": 3, "delivered": 2, "failed": 1, "given_up": 0}   # the receiver failed once
    assert webhooks.run(conn, now=now) == {"queued": 0, "delivered": 0, "failed": 0, "given_up": 0}  # not yet due
    later = webhooks.run(conn, now=now + dt.timedelta(seconds=webhooks.BACKOFF_SECONDS + 1))
    assert later == {"queued": 0, "delivered": 1, "failed": 0, "given_up": 0}
    assert webhooks.run(conn, now=now + dt.timedelta(days=1)) == {"queued": 0, "delivered": 0, "failed": 0,
                                                                   "given_up": 0}
    pushes = [json.loads(body) for body, _, _ in Receiver.received]
    assert all(webhooks.verify(SECRET, body, signature) for body, signature, _ in Receiver.received)
    assert not webhooks.verify("another secret", *Receiver.received[0][:2])
    assert sorted(p["action"] for p in pushes) == ["accept", "dispatch", "report"]
    assert all(p["source_ref"] == "W-1" and p["key"] == "hotline-12345" for p in pushes)
    dispatched = next(p for p in pushes if p["action"] == "dispatch")
    assert dispatched["status"] == "dispatched" and dispatched["handler"]["department"] == "城管部门"
    reported = next(p for p in pushes if p["action"] == "report")
    assert reported["result"].startswith("已修复") and "13912345678" not in reported["result"]
    assert sorted(str(p["delivery_id"]) for p in pushes) == sorted(d for _, _, d in Receiver.received)
    with conn.cursor() as cur:
        cur.execute("SELECT attempts, delivered_at IS NOT NULL FROM api_webhook_outbox o JOIN api_key k "
                    "ON k.id = o.key_id WHERE k.name = 'hotline-12345' ORDER BY o.id")
        assert sorted(cur.fetchall()) == [(1, True), (1, True), (2, True)]


def test_the_cases_tick_timer_pushes_them_too(world, receiver):
    """``gridgov cases tick`` (the systemd timer's command) delivers what is due, after its own changes."""
    from tests.command_line import gridgov

    conn = world
    key, _ = keys.create_key(conn, "hotline-12345", ["hotline"])
    keys.set_webhook(conn, "hotline-12345", receiver, SECRET)
    case_id = submit_tickets(conn, key, "hotline", [_ticket("W-TICK")], Intake(conn))["results"][0][2]
    loop.act(conn, case_id, "accept", "D1", now=T0)
    conn.commit()
    Receiver.failures_left[:] = [0]
    ticked = gridgov("cases", "tick", "--now", "2025-03-03T09:00", "--json")
    assert ticked.exit_code == 0, ticked.output
    assert json.loads(ticked.stdout)["webhooks"]["delivered"] == 1
    assert [json.loads(body)["action"] for body, _, _ in Receiver.received] == ["accept"]

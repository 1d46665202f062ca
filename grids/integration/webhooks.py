"""Pushing status changes to the calling systems' webhooks: an outbox, signed posts, retries with backoff.

Concept: every change of a case is already written once, in ``case_event`` (:mod:`grids.cases.loop`
and the other writers of the history). The outbox is derived from it rather than written by every
action: :func:`enqueue` adds one row per (key, event) for each status change of a ticket the key
submitted — a unique pair, so however often it runs an event is queued once — and :func:`deliver` posts
the due rows as JSON, each signed with HMAC-SHA256 of the body under the key's secret
(``X-Gridgov-Signature: sha256=<hex>``). A 2xx answer marks the row delivered and it is never sent again;
anything else (an error status, a refused connection, a timeout) leaves it for a later attempt after
``BACKOFF_SECONDS`` × 2^(attempts-1) (capped at ``MAX_BACKOFF_SECONDS``), until ``MAX_ATTEMPTS``.

Each row is committed as soon as it is sent, so a crash between the receiver's 2xx and that commit is
the only way a change arrives twice: the ``X-Gridgov-Delivery`` header (the outbox id, also in the body)
lets a receiver drop such a repeat. Delivery runs on real time (a frozen demo clock would never make a
retry due); ``gridgov webhooks deliver`` and ``gridgov cases tick`` call :func:`run`.
"""
import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request

from gis.sqlfiles import load
from grids.clock import SHANGHAI
from grids.integration.status import OPEN311_STATUS
from grids.privacy import mask_phones_in

SIGNATURE_HEADER = "X-Gridgov-Signature"
DELIVERY_HEADER = "X-Gridgov-Delivery"
TIMEOUT_SECONDS = 10
BACKOFF_SECONDS = 30
MAX_BACKOFF_SECONDS = 6 * 3600
MAX_ATTEMPTS = 12                      # about two days of attempts
BATCH = 200
RESULT_ACTIONS = ("report", "verify", "answer", "reject", "void")


def sign(secret, body):
    """The signature header's value for ``body`` (bytes): ``sha256=`` and the HMAC-SHA256 in hex."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret, body, signature):
    """Whether ``signature`` (the header's value) is ``body``'s under ``secret`` (what a receiver checks)."""
    return hmac.compare_digest(sign(secret, body), signature or "")


def enqueue(conn, now=None):
    """Queue the status changes of the keys' tickets not queued yet; return how many were queued."""
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "webhook_enqueue"), {"now": now or _real_now()})
        queued = cur.rowcount
        cur.execute(load("grids.integration", "webhook_floor_advance"))
    return queued


def deliver(conn, now=None, post=None, limit=BATCH):
    """Post the pushes due at ``now`` (default: real time), committing each; return
    ``{"delivered": n, "failed": n, "given_up": n}``. ``post(url, body, headers)`` → HTTP status (the
    default posts with urllib; an exception is a failure)."""
    now, post = now or _real_now(), post or _post
    counts = {"delivered": 0, "failed": 0, "given_up": 0}
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "webhook_due"), {"now": now, "limit": limit})
        columns = [d[0] for d in cur.description]
        due = [dict(zip(columns, row)) for row in cur.fetchall()]
    for push in due:
        body = json.dumps(payload(push), ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", SIGNATURE_HEADER: sign(push["webhook_secret"], body),
                   DELIVERY_HEADER: str(push["id"]), "User-Agent": "gridgov-webhook"}
        try:
            status, error = post(push["webhook_url"], body, headers), None
        except Exception as failure:          # any failure of the receiver or the network: try again later
            status, error = None, f"{type(failure).__name__}: {failure}"[:500]
        counts[_record(conn, push, now, status, error)] += 1
        conn.commit()                          # sent is sent: a later failure must not send it again
    return counts


def run(conn, now=None, post=None):
    """Enqueue, commit, then deliver: what ``gridgov webhooks deliver`` and ``cases tick`` do."""
    queued = enqueue(conn, now)
    conn.commit()
    return {"queued": queued, **deliver(conn, now, post)}


def payload(push):
    """The JSON a receiver gets for one status change (no reporter's data)."""
    result = push["note"] if push["action"] in RESULT_ACTIONS and push["note"] else None
    return {
        "delivery_id": push["id"], "event": "case.status_changed", "key": push["key_name"],
        "channel": push["channel"], "source_ref": push["source_ref"], "service_request_id": str(push["incident_id"]),
        "event_id": push["event_id"], "version": push["version"], "action": push["action"],
        "from_state": push["from_state"], "status": push["to_state"], "open311_status": OPEN311_STATUS.get(push["to_state"]),
        "at": push["at"].isoformat(),
        "handler": {"level": push["handler_level"], "cell": push["handler_cell_code"], "department": push["department"]},
        "result": mask_phones_in(result) if result else None,
    }


def _record(conn, push, now, status, error):
    with conn.cursor() as cur:
        if status is not None and 200 <= status < 300:
            cur.execute(load("grids.integration", "webhook_delivered"), {"id": push["id"], "now": now})
            return "delivered"
        attempts = push["attempts"] + 1
        give_up = attempts >= MAX_ATTEMPTS
        wait = min(BACKOFF_SECONDS * 2 ** (attempts - 1), MAX_BACKOFF_SECONDS)
        cur.execute(load("grids.integration", "webhook_failed"),
                    {"id": push["id"], "now": now, "error": error or f"HTTP {status}", "give_up": give_up,
                     "next_attempt_at": now + dt.timedelta(seconds=wait)})
    return "given_up" if give_up else "failed"


def _post(url, body, headers):
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
            return answer.status
    except urllib.error.HTTPError as answer:
        return answer.code


def _real_now():
    return dt.datetime.now(SHANGHAI)

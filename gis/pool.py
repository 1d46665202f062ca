"""A connection pool whose borrowers wait their turn.

Concept: psycopg2's ``ThreadedConnectionPool`` raises ``PoolError`` the moment its last connection is
lent, so a burst of requests one larger than the pool answered 500. Here a borrower waits for a
connection to come back, up to :data:`WAIT_SECONDS`; only then does it give up with :class:`PoolBusy`,
which the web app answers 503 with ``Retry-After`` (a busy server, not a broken one). The pool is sized
by whoever runs the process: ``gridgov serve`` lends one connection per waitress thread plus the map's
background refreshers and its warmer (:func:`gis.db.size_pool`).
"""
import threading

import psycopg2.pool

from gis.errors import GridgovError

WAIT_SECONDS = 15


class PoolBusy(GridgovError):
    """No connection came free in time: the server is overloaded (try again shortly)."""

    code = "busy"
    http_status = 503


class WaitingPool(psycopg2.pool.ThreadedConnectionPool):
    """``ThreadedConnectionPool`` of at most ``size`` connections whose ``getconn`` waits for one."""

    def __init__(self, size, dsn, wait_seconds=WAIT_SECONDS):
        super().__init__(1, size, dsn)
        self.size, self.wait_seconds = size, wait_seconds
        self._free = threading.BoundedSemaphore(size)

    def getconn(self, key=None):
        if not self._free.acquire(timeout=self.wait_seconds):
            raise PoolBusy("the server is busy: no database connection came free in time",
                           waited_seconds=self.wait_seconds, pool_size=self.size)
        try:
            return super().getconn(key)
        except BaseException:
            self._free.release()
            raise

    def putconn(self, conn=None, key=None, close=False):
        try:
            super().putconn(conn, key, close)
        finally:
            self._free.release()

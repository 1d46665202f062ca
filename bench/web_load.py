"""The web benchmark's HTTP side: ``gridgov serve`` in a child process, a signed-in client, and many
clients at once against it.

The server is the production one (waitress, ``gridgov serve --demo``: 8 threads, every map level read
before it listens, the demo's clock) on a loopback port; the clients are threads of this process, each
with its own keep-alive connection and session, reading every answer whole.
"""
import http.client
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Server:
    """``gridgov serve --demo`` on a free loopback port, on the database ``url``, until :meth:`stop`."""

    def __init__(self, url):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {**os.environ, "GRIDGOV_DATABASE_URL": url, "GRIDGOV_SECRET_KEY": secrets.token_urlsafe(32)}
        self.process = subprocess.Popen([str(ROOT / ".venv/bin/gridgov"), "serve", "--demo", "--port", str(self.port)],
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        started = time.perf_counter()
        for line in self.process.stdout:
            if "gridgov web map on" in line:
                break
        else:
            raise RuntimeError(f"gridgov serve stopped before listening (exit {self.process.wait()})")
        self.start_seconds = time.perf_counter() - started
        threading.Thread(target=self.process.stdout.read, daemon=True).start()   # drain the log
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


class Client:
    """One signed-in session on its own keep-alive connection."""

    def __init__(self, port, username="command", password="command-demo"):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookie = ""
        token = _TOKEN.search(self.get("/login")[1].decode()).group(1)
        body = f"username={username}&password={password}&csrf_token={token}"
        status, _ = self._send("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302:
            raise RuntimeError(f"signing in as {username} answered {status}")

    def get(self, path):
        """``(status, body bytes)`` of ``GET path``."""
        return self._send("GET", path)

    def timed(self, path):
        """``(seconds, status, bytes)`` of ``GET path``, the whole answer read."""
        started = time.perf_counter()
        status, body = self.get(path)
        return time.perf_counter() - started, status, len(body)

    def _send(self, method, path, body=None, headers=None):
        self.connection.request(method, path, body, {**(headers or {}), "Cookie": self.cookie})
        response = self.connection.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data


def concurrent_load(port, mix, clients=20, seconds=30, seed=7):
    """``clients`` threads, each signed in, each asking requests drawn from ``mix`` (``[(kind, weight,
    [paths])]``) back to back for ``seconds``. Returns ``{(kind, path): [seconds, …]}`` and the error
    count."""
    sessions = [Client(port) for _ in range(clients)]
    timings, errors, lock = {}, [0], threading.Lock()
    stop_at = time.perf_counter() + seconds

    def run(index):
        rng = random.Random(seed + index)
        kinds = [m[0] for m in mix]
        weights = [m[1] for m in mix]
        paths = {m[0]: m[2] for m in mix}
        while time.perf_counter() < stop_at:
            kind = rng.choices(kinds, weights)[0]
            path = rng.choice(paths[kind])
            took, status, _ = sessions[index].timed(path)
            with lock:
                timings.setdefault((kind, path), []).append(took)
                errors[0] += status != 200

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors[0]


def summary(times):
    """``(count, median, p95, max)`` of a list of seconds."""
    return len(times), statistics.median(times), float(np.percentile(times, 95)), max(times)

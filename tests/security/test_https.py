"""``gridgov serve --certificate --key``: the app over TLS itself (a self-signed certificate made by
openssl), its health check answered over HTTPS and its session cookie marked Secure; a certificate
without its key, or one that is no certificate, is refused before listening."""
import secrets
import ssl
import subprocess
import threading
import urllib.request

import pytest

from gridgov_cli.serve import tls_server
from tests.command_line import gridgov
from webmap import create_app


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def test_the_app_answers_over_tls(certificate):
    cert, key = certificate
    app = create_app({"SECRET_KEY": secrets.token_urlsafe(32), "TESTING": True, "SESSION_COOKIE_SECURE": True})
    server = tls_server(app, "127.0.0.1", 0, 4, str(cert), str(key))
    port = server.bind_addr[1]
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        trusted = ssl.create_default_context(cafile=str(cert))
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/healthz", context=trusted, timeout=10) as answer:
            assert answer.status == 200 and b'"status":"ok"' in answer.read().replace(b" ", b"")
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/login", context=trusted, timeout=10) as page:
            cookie = page.headers.get("Set-Cookie", "")
        assert cookie.startswith("__Host-session=") and "Secure" in cookie
        with pytest.raises(urllib.error.URLError):            # an unknown certificate is not trusted
            urllib.request.urlopen(f"https://127.0.0.1:{port}/healthz", timeout=10)
    finally:
        server.stop()
        thread.join(timeout=5)


def test_a_certificate_needs_its_key_and_must_be_one(certificate, tmp_path, monkeypatch):
    cert, key = certificate
    monkeypatch.setenv("GRIDGOV_SECRET_KEY", secrets.token_urlsafe(32))
    alone = gridgov("serve", "--port", "0", "--certificate", str(cert))
    assert alone.exit_code == 2 and "both --certificate and --key" in alone.output
    bogus = tmp_path / "bogus.pem"
    bogus.write_text("not a certificate\n")
    refused = gridgov("serve", "--port", "0", "--certificate", str(bogus), "--key", str(key))
    assert refused.exit_code != 0 and "certificate or key cannot be used" in refused.output

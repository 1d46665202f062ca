"""What gridgov promises about HTTP hardening: every answer (page, API, static file, error) carries a
Content-Security-Policy that allows no inline script but the page's own nonced one and nothing from
another host, refuses framing, forbids MIME sniffing and sends no referrer to other sites; and the
pages satisfy that policy in a real browser (no CSP violation in Chromium's console).
"""
import re
from html.parser import HTMLParser

import pytest

from tests.conftest import wipe
from tests.webmap.browser import assert_clean, chromium, needs_chromium, served_demo, wait
from tests.webmap.browser import sign_in as browser_sign_in
from tests.webmap.demo_site import DEMO_TABLES, build_demo, sign_in

PAGES = {"command": "/command", "street": "/command", "member": "/member", "planner": "/planner"}


@pytest.fixture(scope="module")
def app(database_url):
    app = build_demo(database_url)
    yield app
    wipe(database_url, DEMO_TABLES)


def policy(response):
    """The CSP of ``response`` as ``{directive: [sources]}``."""
    header = response.headers["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


def assert_hardened(response):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive] and "'unsafe-eval'" not in csp[directive]
        assert all(s == "'self'" or s.startswith("'nonce-") for s in csp[directive]), csp[directive]
    assert csp["connect-src"] == ["'self'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


class InlineCode(HTMLParser):
    """Every inline ``<script>`` and ``<style>`` element (with its nonce) and every inline handler or
    style attribute of a page."""

    def __init__(self):
        super().__init__()
        self.elements, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "style" or (tag == "script" and "src" not in attrs
                              and attrs.get("type") != "application/json"):
            self.elements.append((tag, attrs.get("nonce")))
        self.attributes += [name for name in attrs if name.startswith("on") or name == "style"]


def test_every_page_api_answer_static_file_and_error_carries_the_security_headers(app):
    anonymous = app.test_client()
    for path in ("/login", "/api/v1/me", "/static/js/ui.js", "/no-such-page", "/api/v1/no-such-thing"):
        assert_hardened(anonymous.get(path))
    for username, page in PAGES.items():
        client = sign_in(app, username)
        assert_hardened(client.get(page))
        assert_hardened(client.get("/api/v1/me"))


def test_pages_run_only_nonced_inline_code_with_a_new_nonce_each_answer(app):
    """No inline script or style runs without the answer's nonce; no ``on…=`` handler or ``style=``
    attribute (CSP would block them); a nonce is never reused."""
    nonces = set()
    for username, page in PAGES.items():
        for _ in range(2):
            response = sign_in(app, username).get(page)
            assert response.status_code == 200
            nonce = [s for s in policy(response)["script-src"] if s.startswith("'nonce-")][0][7:-1]
            assert len(nonce) >= 16 and nonce not in nonces
            nonces.add(nonce)
            found = InlineCode()
            found.feed(response.get_data(as_text=True))
            assert found.elements and all(n == nonce for _, n in found.elements), (page, found.elements)
            assert found.attributes == [], (page, found.attributes)
    login = InlineCode()
    login.feed(app.test_client().get("/login").get_data(as_text=True))
    assert login.elements == [] and login.attributes == []       # the sign-in page has no inline code


def test_a_basemap_on_another_host_is_the_only_other_host_images_may_come_from(app):
    from webmap import create_app

    tiles = create_app({"SECRET_KEY": "test secret", "TESTING": True, "NOW": app.config["NOW"],
                       "GRIDGOV_BASEMAP": "https://{s}.tiles.intranet.example:8443/amap/{z}/{x}/{y}.png"})
    csp = policy(sign_in(tiles, "command").get("/command"))
    assert csp["img-src"] == ["'self'", "data:", "blob:", "https://*.tiles.intranet.example:8443"]
    assert csp["connect-src"] == ["'self'"]
    assert policy(app.test_client().get("/login"))["img-src"] == ["'self'", "data:", "blob:"]


def test_tianditu_tiles_may_come_from_its_eight_hosts_only(app):
    from webmap import create_app

    tiles = create_app({"SECRET_KEY": "test secret", "TESTING": True, "NOW": app.config["NOW"],
                        "GRIDGOV_BASEMAP": "tianditu:vec", "GRIDGOV_TIANDITU_TOKEN": "a-tianditu-key"})
    csp = policy(sign_in(tiles, "command").get("/command"))
    assert csp["img-src"] == ["'self'", "data:", "blob:", "https://*.tianditu.gov.cn"]


CSP_VIOLATION = re.compile(r"Content Security Policy|Refused to (execute|apply|load|connect|frame)", re.I)
# what a page shows once it has fetched and drawn its layers (the marks static/js leaves for tests)
DRAWN = {
    "/command": "return Number(document.body.dataset.ready || 0) > 0",
    "/member": "return Boolean(document.body.dataset.area && document.body.dataset.cases "
               "&& document.body.dataset.notices && document.body.dataset.disputes)",
    "/planner": "return document.querySelectorAll('#metrics tr td').length > 0 "
                "&& document.querySelectorAll('.leaflet-overlay-pane path').length > 0",
}


@needs_chromium
def test_each_page_loads_in_chromium_without_a_csp_violation(database_url):
    """Chromium reports every blocked script, style, image or request in its console: none on the
    sign-in page, the command map (as the command centre and as a street), the member's phone page and
    the planners' page, each once it has fetched and drawn its layers."""
    import time

    with served_demo(database_url) as site, chromium(1280, 900) as driver:
        driver.get(site["base"] + "/login")
        time.sleep(1)
        logs = driver.get_log("browser")
        assert not [e for e in logs if CSP_VIOLATION.search(e["message"])], logs
        for username, page in PAGES.items():
            browser_sign_in(driver, site["base"], username)
            driver.get(site["base"] + page)
            wait(driver, lambda d: d.execute_script(DRAWN[page]))      # the page fetched its layers and drew them
            time.sleep(0.5)                   # and what it fetches after drawing (the command map's outlines)
            logs = driver.get_log("browser")
            assert not [e for e in logs if CSP_VIOLATION.search(e["message"])], (page, logs)
            header = driver.execute_script(
                "return fetch(location.href).then(r => r.headers.get('Content-Security-Policy'))")
            assert "default-src 'self'" in header
            assert_clean(driver, site["base"])

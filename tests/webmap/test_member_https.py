"""The member page over HTTPS with a location given (issue 15): the field report a phone files on an
intranet host name once gridgov serves TLS itself.

The demo is served by the server of ``gridgov serve --certificate --key`` (cheroot,
:func:`gridgov_cli.serve.tls_server`, the session cookie Secure) with a self-signed certificate made by openssl for the host name ``grid.test``.
Chromium maps that name to the loopback server and trusts that one key
(``--ignore-certificate-errors-spki-list``): a host name, not ``127.0.0.1``, because a loopback address
is a secure context even over plain HTTP, and the point is that HTTPS makes the page one. The converse,
the same host name over plain HTTP showing the insecure-page message, is ``test_insecure_page.py``.

The browser is given geolocation for the https origin (``Browser.grantPermissions``) and a position
(``Emulation.setGeolocationOverride``) in the grid next to the member's own; the member files a field
report with a photo from the page, and the incident is stored, from the patrol channel, at that position
and in the grid whose geometry holds it (asked of PostGIS directly), not in the member's own grid.
"""
import base64
import hashlib
import subprocess

import psycopg2
import pytest

from tests.images import image_file
from tests.webmap.browser import assert_clean, chromium, needs_chromium, served_demo, sign_in, wait

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

pytestmark = needs_chromium

HOST = "grid.test"
MEMBER_GRID, ELSEWHERE = "370212001021003", "370212001021002"   # the demo member's grid, its neighbour
PHONE = (390, 844)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for ``grid.test`` (and 127.0.0.1), its key, and the key's SPKI hash
    (base64 SHA-256) by which Chromium is told to trust it."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
                    "-addext", f"subjectAltName=DNS:{HOST},IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    public = subprocess.run(["openssl", "x509", "-in", str(cert), "-pubkey", "-noout"], check=True,
                            capture_output=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=public, check=True,
                         capture_output=True).stdout
    return cert, key, base64.b64encode(hashlib.sha256(der).digest()).decode()


@pytest.fixture(scope="module")
def site(database_url, certificate):
    cert, key, _ = certificate
    with served_demo(database_url, prepare=_prepare, certificate=(cert, key)) as served:
        yield {**served, "base": served["base"].replace("127.0.0.1", HOST)}


def _prepare(conn, now):
    """Where the phone stands: a point inside the neighbouring grid (``(lon, lat)``, EPSG:4326)."""
    with conn.cursor() as cur:
        cur.execute("SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4326) AS p FROM cell"
                    " WHERE code = %s AND generation_high IS NULL) s", (ELSEWHERE,))
        return {"here": cur.fetchone()}


def _stored(url, report_id, lon, lat):
    """The stored report: channel, grid, position (EPSG:4326), and the current grids whose geometry holds
    the given position, asked of PostGIS (storage in CGCS2000, EPSG:4490)."""
    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT channel, grid_code, ST_X(ST_Transform(geom, 4326)), ST_Y(ST_Transform(geom, 4326))"
                    " FROM incident WHERE id = %s", (report_id,))
        incident = cur.fetchone()
        cur.execute("SELECT array_agg(code ORDER BY code) FROM cell WHERE level = 'grid' AND generation_high IS NULL"
                    " AND ST_Covers(geom, ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 4490))", (lon, lat))
        holders = cur.fetchone()[0]
    conn.close()
    return incident, holders


def test_a_member_files_a_field_report_where_they_stand_over_https(site, certificate, tmp_path):
    base, (lon, lat) = site["base"], site["here"]
    trust = (f"--host-resolver-rules=MAP {HOST} 127.0.0.1", f"--ignore-certificate-errors-spki-list={certificate[2]}")
    with chromium(*PHONE, phone=True, args=trust) as driver:
        driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": base, "permissions": ["geolocation"]})
        driver.execute_cdp_cmd("Emulation.setGeolocationOverride",
                               {"latitude": lat, "longitude": lon, "accuracy": 8})
        sign_in(driver, base, "member")
        assert driver.current_url.startswith(f"https://{HOST}:") and "/member" in driver.current_url
        assert driver.execute_script("return window.isSecureContext") is True
        cookie = next(c for c in driver.get_cookies() if c["name"] == "__Host-session")
        assert cookie["secure"] is True

        wait(driver, lambda d: d.execute_script("return document.body.dataset.located") == "1")
        assert driver.execute_script("return document.body.dataset.insecure") is None
        assert "HTTPS" not in driver.find_element(By.ID, "where").text

        driver.find_element(By.ID, "tab-btn-report").click()
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#r-major option[value='01']"))
        Select(driver.find_element(By.ID, "r-major")).select_by_value("01")
        Select(driver.find_element(By.ID, "r-minor")).select_by_value("0101")
        driver.find_element(By.ID, "r-description").send_keys("楼道堆放杂物，堵塞消防通道（HTTPS 上报）")
        photo = tmp_path / "scene.jpg"
        photo.write_bytes(image_file())
        driver.find_element(By.ID, "r-photo").send_keys(str(photo))
        driver.find_element(By.ID, "r-submit").click()
        wait(driver, lambda d: d.execute_script("return document.body.dataset.reported"))
        report_id = int(driver.execute_script("return document.body.dataset.reported"))
        assert "已上报" in driver.find_element(By.ID, "r-result").text
        assert_clean(driver, base)

    (channel, grid, stored_lon, stored_lat), holders = _stored(site["url"], report_id, lon, lat)
    assert channel == "patrol" and (stored_lon, stored_lat) == pytest.approx((lon, lat), abs=1e-6)
    assert holders == [ELSEWHERE] and grid == ELSEWHERE != MEMBER_GRID

"""The web benchmark in headless Chromium: the command page's first map and its outlines at high zoom.

The page marks what it has drawn with the User Timing API (``static/js/command.js``:
``gridgov-first-map`` once the first density layer is on screen, ``gridgov-outlines`` once micro-grid
outlines are). A mark's ``startTime`` counts from the navigation's start, so the first map's figure
includes the HTML, the scripts, the data requests and the drawing.
"""
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
WINDOW = (1920, 1080)


def chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={WINDOW[0]},{WINDOW[1]}", "--lang=zh-CN"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_window_size(*WINDOW)
    return driver


def sign_in(driver, base, username="command", password="command-demo"):
    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button, form [type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/login" not in d.current_url)


def first_map_seconds(driver, base, loads=5):
    """Seconds from navigation to the first density polygons on screen, and to every panel filled
    (``body[data-ready]``), for ``loads`` page loads (the first one with an empty browser cache)."""
    first, complete = [], []
    for _ in range(loads):
        driver.get(base + "/command")
        first.append(_mark(driver, "gridgov-first-map") / 1000)
        WebDriverWait(driver, 60, poll_frequency=0.02).until(
            lambda d: d.execute_script("return document.body.dataset.ready"))
        complete.append(driver.execute_script("return performance.now()") / 1000)
    return first, complete


def outlines_seconds(driver, views):
    """``[(zoom, seconds, polygons)]``: each view ``(lat, lon, zoom)`` set on the map, then the time until
    its micro-grid outlines are drawn (the page's 200 ms debounce after a move included)."""
    found = []
    for lat, lon, zoom in views:
        marks = len(driver.execute_script("return performance.getEntriesByName('gridgov-outlines')"))
        started = driver.execute_script(f"""
            const map = window[JSON.parse(document.getElementById('page-config').textContent).map];
            const t = performance.now(); map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); return t;""")
        WebDriverWait(driver, 60, poll_frequency=0.02).until(lambda d: len(d.execute_script(
            "return performance.getEntriesByName('gridgov-outlines')")) > marks)
        drawn = driver.execute_script("const m = performance.getEntriesByName('gridgov-outlines'); "
                                      "return m[m.length - 1].startTime")
        count = driver.execute_script("""
            const map = window[JSON.parse(document.getElementById('page-config').textContent).map];
            let n = 0; map.eachLayer(l => { if (l.feature && l.feature.properties.level === undefined
                && l.options.renderer) n++; }); return n;""")
        found.append((zoom, (drawn - started) / 1000, count))
        time.sleep(0.5)
    return found


def _mark(driver, name, seconds=60):
    WebDriverWait(driver, seconds, poll_frequency=0.02).until(
        lambda d: d.execute_script(f"return performance.getEntriesByName('{name}').length"))
    return driver.execute_script(f"return performance.getEntriesByName('{name}')[0].startTime")

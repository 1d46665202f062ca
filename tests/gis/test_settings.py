"""The settings (:mod:`gis.settings`): each kind of bad value refused with the setting's name and the
reason in one line, good values typed, read again when the environment changes, the table of
docs/deploy.md the module's own, and no other module reading a ``GRIDGOV_*`` variable by itself."""
import datetime as dt
import re
from pathlib import Path

import pytest

from gis import settings as gridgov_settings
from gis.settings import SettingError, settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("gis", "grids", "etl", "reports", "webmap", "gridgov_cli")


def _bad_values(tmp):
    a_file = tmp / "a-file.txt"
    a_file.write_text("x")
    return [  # (variable, value, what the message says)
        ("GRIDGOV_POOL_SIZE", "ten", "valid integer"),                      # not a number
        ("GRIDGOV_POOL_SIZE", "0", "greater than or equal to 1"),
        ("GRIDGOV_PROXIES", "one", "valid integer"),
        ("GRIDGOV_PROXIES", "-1", "greater than or equal to 0"),           # a proxies count < 0
        ("GRIDGOV_BASEMAP", "/no/such/folder", "no such folder or file"),  # issue 15: every page a 500
        ("GRIDGOV_BASEMAP", str(a_file), "no .mbtiles"),
        ("GRIDGOV_BASEMAP", "http://tiles.local/{z}/{x}.png", "URL template"),
        ("GRIDGOV_DATABASE_URL", "postgres//gridgov@db/gridgov", "not a PostgreSQL URL"),   # a URL that does not parse
        ("GRIDGOV_DATABASE_URL", "postgresql://gridgov@db:fivefour/gridgov", "port"),
        ("GRIDGOV_APP_DATABASE_URL", "http://db.example/gridgov", "not a PostgreSQL URL"),
        ("GRIDGOV_SECURE_COOKIES", "maybe", "valid boolean"),
        ("GRIDGOV_BASEMAP_GCJ02", "gcj", "valid boolean"),
        ("GRIDGOV_DEBUG", "2", "valid boolean"),
        ("GRIDGOV_NOW", "yesterday", "ISO time"),
        ("GRIDGOV_PG_BINDIR", "/no/such/bin", "no such folder"),
        ("GRIDGOV_HOME", str(a_file), "not a folder"),
        ("GRIDGOV_ACCESS_LOG", "/no/such/folder/access.log", "does not exist"),
        ("GRIDGOV_ERROR_LOG", str(tmp), "is a folder"),
    ]


def test_each_kind_of_bad_value_is_refused_naming_the_setting_and_why(monkeypatch, tmp_path):
    for name, value, reason in _bad_values(tmp_path):
        with monkeypatch.context() as patched:
            patched.setenv(name, value)
            with pytest.raises(SettingError) as refused:
                settings()
        message = str(refused.value)
        assert message.startswith(name) and reason in message, (name, value, message)
        assert "\n" not in message and refused.value.code == "bad_setting"


def test_every_bad_setting_is_named_at_once(monkeypatch):
    monkeypatch.setenv("GRIDGOV_PROXIES", "-2")
    monkeypatch.setenv("GRIDGOV_POOL_SIZE", "many")
    with pytest.raises(SettingError, match=r"GRIDGOV_POOL_SIZE='many'.*; GRIDGOV_PROXIES='-2'"):
        settings()


def test_a_refused_url_or_secret_never_shows_its_password(monkeypatch):
    monkeypatch.setenv("GRIDGOV_DATABASE_URL", "postgresql://gridgov:s3cret-pw@[db/gridgov")
    with pytest.raises(SettingError) as refused:
        settings()
    assert "GRIDGOV_DATABASE_URL" in str(refused.value) and "s3cret-pw" not in str(refused.value)
    masked = gridgov_settings.masked_url("postgresql://gridgov:s3cret-pw@db/gridgov")
    assert masked == "postgresql://gridgov:***@db/gridgov"
    monkeypatch.delenv("GRIDGOV_DATABASE_URL")
    monkeypatch.setenv("GRIDGOV_SECRET_KEY", "k" * 40)
    assert "kkkk" not in repr(settings())


def test_good_values_are_typed(monkeypatch, tmp_path):
    values = {"GRIDGOV_POOL_SIZE": "24", "GRIDGOV_PROXIES": "1", "GRIDGOV_SECURE_COOKIES": "yes",
              "GRIDGOV_BASEMAP": str(tmp_path), "GRIDGOV_BASEMAP_GCJ02": "1", "GRIDGOV_NOW": "2026-01-01T00:00",
              "GRIDGOV_ACCESS_LOG": str(tmp_path / "access.log"), "GRIDGOV_HOME": str(tmp_path / "home"),
              "GRIDGOV_DATABASE_URL": "postgresql://gridgov:pw@db.example:5432/gridgov?sslmode=require",
              "GRIDGOV_SECRET_KEY": "a" * 40}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    chosen = settings()
    assert (chosen.pool_size, chosen.proxies, chosen.secure_cookies, chosen.basemap_gcj02) == (24, 1, True, True)
    assert chosen.now == dt.datetime(2026, 1, 1, tzinfo=gridgov_settings.SHANGHAI)     # no offset: Shanghai
    assert chosen.access_log == tmp_path / "access.log" and chosen.home == (tmp_path / "home").resolve()
    assert chosen.secret_key.get_secret_value() == "a" * 40 and chosen.debug is False


def test_an_empty_value_is_the_default(monkeypatch):
    monkeypatch.setenv("GRIDGOV_PROXIES", "")
    monkeypatch.setenv("GRIDGOV_BASEMAP", "")
    assert settings().proxies == 0 and settings().basemap == "none"


def test_settings_are_read_again_when_the_environment_changes(monkeypatch):
    monkeypatch.setenv("GRIDGOV_PROXIES", "1")
    assert settings().proxies == 1
    monkeypatch.setenv("GRIDGOV_PROXIES", "2")
    assert settings().proxies == 2
    monkeypatch.delenv("GRIDGOV_PROXIES")
    assert settings().proxies == 0


def test_an_unknown_variable_is_named_with_the_closest_setting(monkeypatch):
    monkeypatch.setenv("GRIDGOV_BASEMAP_GCJ", "1")
    monkeypatch.setenv("GRIDGOV_TEST_DATABASE_NAME", "x")       # the tests' own: not reported
    assert gridgov_settings.unknown() == [("GRIDGOV_BASEMAP_GCJ", "GRIDGOV_BASEMAP_GCJ02")]


def test_docs_deploy_holds_the_table_of_every_setting_and_the_tests_own():
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    assert gridgov_settings.table() in deploy
    for name in gridgov_settings.TEST_ONLY:
        assert f"`{name}`" in deploy


def test_no_other_module_reads_a_setting_from_the_environment():
    """One definition: a GRIDGOV_* variable read anywhere else escapes the check at start."""
    readers = re.compile(r"os\.environ|os\.getenv|getenv\(")
    found = [f"{path.relative_to(ROOT)}:{n}" for package in PACKAGES for path in (ROOT / package).rglob("*.py")
             if path != ROOT / "gis" / "settings.py"
             for n, line in enumerate(path.read_text().splitlines(), 1) if readers.search(line)]
    assert found == []

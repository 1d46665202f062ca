"""``gridgov serve`` refuses to run without a session secret (unless ``--demo``), and stops before
listening, in one line naming the setting, when a setting is bad (issue 15: a mistyped basemap folder
used to start the server normally and make every map page a 500)."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from gis.settings import SettingError
from tests.command_line import gridgov
from webmap import WeakSecret, create_app

GRIDGOV = Path(sys.executable).parent / "gridgov"


def test_serve_refuses_without_a_secret(monkeypatch):
    monkeypatch.delenv("GRIDGOV_SECRET_KEY", raising=False)
    result = gridgov("serve", "--port", "0")
    assert result.exit_code == 2 and "GRIDGOV_SECRET_KEY" in result.output


def test_serve_stops_at_once_on_a_basemap_folder_that_does_not_exist(tmp_path):
    """The real command in its own process: exit 2, one line on standard error naming the setting and the
    reason, no traceback, nothing listening."""
    env = {**os.environ, "GRIDGOV_BASEMAP": str(tmp_path / "no-such-folder"),
           "GRIDGOV_SECRET_KEY": secrets.token_urlsafe(32)}
    done = subprocess.run([str(GRIDGOV), "serve", "--port", "0"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [f"error [bad_setting]: GRIDGOV_BASEMAP='{tmp_path / 'no-such-folder'}': "
                                        "not 'none', a tile folder, an .mbtiles file or a URL template with {z}, "
                                        "{x} and {y} (no such folder or file)"]


@pytest.mark.parametrize("name, value", [("GRIDGOV_PROXIES", "-1"), ("GRIDGOV_POOL_SIZE", "lots"),
                                         ("GRIDGOV_DATABASE_URL", "postgres//gridgov@db/gridgov"),
                                         ("GRIDGOV_ACCESS_LOG", "/no/such/folder/access.log")])
def test_every_command_stops_on_a_bad_setting_naming_it(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    for command in (("serve", "--port", "0"), ("db", "status")):
        result = gridgov(*command)
        assert result.exit_code == 2 and result.output.startswith(f"error [bad_setting]: {name}"), result.output
        assert len(result.output.splitlines()) == 1 and "Traceback" not in result.output


def test_an_unknown_setting_is_a_warning_with_the_closest_name(monkeypatch):
    monkeypatch.setenv("GRIDGOV_SECURE_COOKIE", "1")
    result = gridgov("db", "status")
    assert result.exit_code == 0
    assert "GRIDGOV_SECURE_COOKIE is not a gridgov setting (did you mean GRIDGOV_SECURE_COOKIES?)" in result.stderr


def test_create_app_refuses_a_bad_basemap_before_any_page(monkeypatch, tmp_path):
    monkeypatch.setenv("GRIDGOV_BASEMAP", str(tmp_path / "missing"))
    with pytest.raises(SettingError, match="GRIDGOV_BASEMAP"):
        create_app({"SECRET_KEY": "test", "TESTING": True})
    monkeypatch.delenv("GRIDGOV_BASEMAP")
    with pytest.raises(SettingError, match="GRIDGOV_BASEMAP"):                 # the app's own config too
        create_app({"SECRET_KEY": "test", "TESTING": True, "GRIDGOV_BASEMAP": str(tmp_path / "missing")})
    assert create_app({"SECRET_KEY": "test", "TESTING": True, "GRIDGOV_BASEMAP": str(tmp_path)})


def test_a_short_secret_from_the_environment_is_refused_in_production(monkeypatch):
    monkeypatch.setenv("GRIDGOV_SECRET_KEY", "short-secret")
    with pytest.raises(WeakSecret, match="GRIDGOV_SECRET_KEY.*32 characters"):
        create_app()
    assert create_app({"TESTING": True})                # the tests' own apps may use any secret

"""Settings: every ``GRIDGOV_*`` environment variable the product reads, declared once and checked at start.

Each setting is a field of :class:`Settings` (pydantic-settings) with its type, default, constraints and
a one-line description; ``docs/deploy.md`` carries the same table (:func:`table`, a test keeps the two
equal). Nothing else in gridgov reads ``os.environ`` for a setting: it asks :func:`settings`.

Why here: ``gis`` is the lowest layer, and its own modules need settings (the database URLs, the
PostgreSQL binaries, the embedded cluster's home), so this is the one place every layer (``grids``,
``etl``, ``webmap``, the CLI) may import. The values are plain (text, numbers, paths): nothing here
knows Flask, and the web app's settings are only declared here, used in :mod:`webmap`.

Read and checked once: the CLI checks them before any command runs and ``create_app`` before the app
exists, so a bad value (a number that is none, a basemap folder that does not exist, a URL libpq cannot
parse, a negative proxy count) stops ``gridgov serve`` or a command with one line naming the setting
and the reason (:class:`SettingError`), instead of a traceback or a 500 on every page later.

Re-readable: :func:`settings` keeps the values read for one state of the ``GRIDGOV_*`` environment and
reads again when that state changes (a test's ``monkeypatch.setenv``, ``tests/conftest.py`` pointing
``GRIDGOV_DATABASE_URL`` at the test database), so no caller has to clear a cache.

>>> Settings(proxies="2", basemap="none").proxies
2
>>> env_name("pool_size")
'GRIDGOV_POOL_SIZE'
"""
import datetime as dt
import difflib
import functools
import os
import re
from pathlib import Path

import psycopg2
import psycopg2.extensions
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gis.errors import GridgovError

PREFIX = "GRIDGOV_"
SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
SECRET_MIN_LENGTH, SECRET_MIN_DISTINCT = 32, 10     # secrets.token_urlsafe(32) has 43 characters, ~30 distinct
BASEMAP_KINDS = ("none", "url", "mbtiles", "folder")
# read by the tests and benchmarks only, never by the product (docs/deploy.md lists them too)
TEST_ONLY = {
    "GRIDGOV_TEST_DATABASE_URL": "a database the tests may wipe (else a fresh one in the embedded cluster)",
    "GRIDGOV_TEST_APP_DATABASE_URL": "the app role's login to that database",
    "GRIDGOV_TEST_DATABASE_NAME": "the name of the embedded test database (default gridgov_test), so two runs "
                                  "can share the cluster",
    "GRIDGOV_BENCH_DATABASE_URL": "the benchmarks' database",
    "GRIDGOV_SCREENSHOTS": "set: the browser tests save more screenshots in tests/artifacts",
    "GRIDGOV_LOAD_SECONDS": "seconds per client count of the load test (default 8)",
}


class SettingError(GridgovError):
    """A ``GRIDGOV_*`` setting has a value gridgov cannot use; the message names it and says why."""

    code = "bad_setting"


def _setting(default, kind, description, **constraints):
    """A field with its type as the table shows it (``kind``) and its one-line description."""
    return Field(default, description=description, json_schema_extra={"kind": kind}, **constraints)


class Settings(BaseSettings):
    """The settings of one gridgov process (see the module docstring); build with :func:`settings`."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, extra="ignore",
                                      validate_default=True, frozen=True)

    database_url: str | None = _setting(
        None, "libpq URL", "the owner's database (an existing PostGIS ≥ 3.1); unset: the embedded cluster")
    app_database_url: str | None = _setting(
        None, "libpq URL", "the app role gridgov_app's own login; unset: the owner's login with SET ROLE")
    read_database_url: str | None = _setting(
        None, "libpq URL", "a streaming replica's login for the map and KPI reads (gridgov_app there); "
                           "unset: they read the primary")
    home: Path | None = _setting(
        None, "folder", "the embedded cluster's home; unset: `<checkout>/.gridgov`, "
                        "as root `/var/lib/gridgov/<checkout>-<hash>`")
    pg_bindir: Path | None = _setting(
        None, "folder", "PostgreSQL's server programs (initdb, pg_ctl, pg_dump); "
                        "unset: the newest under `/usr/lib/postgresql`")
    pool_size: int | None = _setting(
        None, "integer ≥ 1", "connections a process keeps to the database; "
                             "unset: gridgov serve's threads + 6, else 10", ge=1, le=1000)
    secret_key: SecretStr | None = _setting(
        None, "text", f"signs the session cookies; gridgov serve needs one of ≥ {SECRET_MIN_LENGTH} characters, "
                      f"≥ {SECRET_MIN_DISTINCT} different (serve --demo makes one)")
    secure_cookies: bool = _setting(
        False, "yes/no", "behind HTTPS: the session cookie is Secure and named __Host-session")
    proxies: int = _setting(
        0, "integer ≥ 0", "reverse proxies in front that set X-Forwarded-For/-Proto (nginx: 1); 0 trusts no header",
        ge=0, le=10)
    basemap: str = _setting(
        "none", "basemap", "under the cells: `none`, a tile folder `{z}/{x}/{y}.png`, an `.mbtiles` file, "
                           "a URL template with `{z}`, `{x}`, `{y}`, or `tianditu:vec|img|ter`; checked at start")
    tianditu_token: SecretStr | None = _setting(
        None, "text", "the Tianditu key (tk) that `GRIDGOV_BASEMAP=tianditu:…` needs")
    basemap_gcj02: bool = _setting(
        False, "yes/no", "the basemap is in GCJ-02 (Amap, Tencent): the pages shift every overlay onto it")
    outline_tiles: bool = _setting(
        False, "yes/no", "the command page draws the high-zoom outlines as vector tiles instead of GeoJSON "
                         "(not with a GCJ-02 basemap; measured slower on one view, docs/webmap.md)")
    basemap_attr: str = _setting(
        "", "text", "the basemap's attribution; unset: the folder's, file's name or 'basemap'")
    access_log: Path | None = _setting(
        None, "file", "gridgov serve's access log (one line per request); unset: standard error")
    error_log: Path | None = _setting(
        None, "file", "gridgov serve's error log (unanswered exceptions with their traceback); "
                      "unset: standard error")
    now: dt.datetime | None = _setting(
        None, "ISO time", "freezes the clock of timers and time windows (a past year replayed); "
                          "no offset: Asia/Shanghai")
    debug: bool = _setting(
        False, "yes/no", "a command's unexpected error shows its traceback instead of one line")

    @field_validator("database_url", "app_database_url", "read_database_url")
    @classmethod
    def _libpq_url(cls, value):
        if value is None:
            return value
        try:
            parsed = psycopg2.extensions.parse_dsn(value)
        except psycopg2.Error as error:             # libpq's reason quotes the value: a password must not be shown
            reason = str(error).strip().removeprefix("invalid dsn: ").replace(value, "…")
            raise ValueError("not a PostgreSQL URL (postgresql://user:password@host:port/database) nor "
                             f"key=value pairs: {reason}") from None
        if not parsed.get("port", "5432").replace(",", "").isdigit():
            raise ValueError(f"the port {parsed['port']!r} is not a number")
        return value

    @field_validator("home")
    @classmethod
    def _folder_or_absent(cls, value):
        if value is not None and value.exists() and not value.is_dir():
            raise ValueError("exists and is not a folder")
        return value.resolve() if value is not None else None

    @field_validator("pg_bindir")
    @classmethod
    def _existing_folder(cls, value):
        if value is not None and not value.is_dir():
            raise ValueError("no such folder")
        return value

    @field_validator("access_log", "error_log")
    @classmethod
    def _writable_file(cls, value):
        if value is None:
            return value
        if value.is_dir():
            raise ValueError("is a folder, not a file")
        if not value.parent.is_dir():
            raise ValueError(f"its folder {value.parent} does not exist")
        if not os.access(value if value.exists() else value.parent, os.W_OK):
            raise ValueError("cannot be written by this user")
        return value

    @field_validator("basemap")
    @classmethod
    def _basemap(cls, value):
        value = value.strip() or "none"
        basemap_kind(value)                          # raises ValueError with the reason
        return value

    @model_validator(mode="after")
    def _tianditu_needs_a_token(self):
        if basemap_kind(self.basemap) == "tianditu" and self.tianditu_token is None:
            raise ValueError(f"GRIDGOV_BASEMAP={self.basemap} needs GRIDGOV_TIANDITU_TOKEN (the key of your "
                             "Tianditu account, or of the government intranet's Tianditu)")
        return self

    @field_validator("now", mode="before")
    @classmethod
    def _iso_time(cls, value):
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                raise ValueError("not an ISO time such as 2026-01-01T08:00 or 2026-01-01T00:00+00:00") from None
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=SHANGHAI)
        return value


TIANDITU_LAYERS = ("vec", "img", "ter")      # 矢量, 影像, 地形 (each with its annotation layer)


def basemap_kind(source):
    """What a basemap value names: ``none``, ``url`` (a template with ``{z}``, ``{x}``, ``{y}``), ``tianditu``
    (``tianditu:vec``, ``:img`` or ``:ter``), ``mbtiles`` (an existing .mbtiles file) or ``folder`` (an
    existing tile folder); a ValueError says why it is none.

    >>> basemap_kind("none"), basemap_kind("http://gis.local/{z}/{x}/{y}.png"), basemap_kind("/")
    ('none', 'url', 'folder')
    >>> basemap_kind("tianditu:img")
    'tianditu'
    """
    source = source.strip()
    if source.lower() in ("", "none"):
        return "none"
    if source.lower().startswith("tianditu"):
        if source.lower().partition(":")[2] not in TIANDITU_LAYERS:
            raise ValueError(f"not a Tianditu layer: use tianditu:{', tianditu:'.join(TIANDITU_LAYERS)}")
        return "tianditu"
    if "{z}" in source and "{x}" in source and "{y}" in source:
        return "url"
    path = Path(source)
    if path.suffix == ".mbtiles" and path.is_file():
        return "mbtiles"
    if path.is_dir():
        return "folder"
    found = "no such folder or file" if not path.exists() else "a file that is no .mbtiles"
    raise ValueError(f"not 'none', a tile folder, an .mbtiles file or a URL template with {{z}}, {{x}} and {{y}} "
                     f"({found})")


def weak_secret_reason(key):
    """Why ``key`` could be guessed (shorter than 32 characters, or fewer than 10 different ones), or None.

    >>> weak_secret_reason("changeme")
    'it has 8 characters, 7 different'
    """
    text = key.decode("latin-1") if isinstance(key, bytes) else str(key)
    if len(text) < SECRET_MIN_LENGTH or len(set(text)) < SECRET_MIN_DISTINCT:
        return f"it has {len(text)} characters, {len(set(text))} different"
    return None


def env_name(field):
    return PREFIX + field.upper()


def settings():
    """The checked settings of the current ``GRIDGOV_*`` environment (read again when it changes); a bad
    value raises :class:`SettingError` naming the variable."""
    return _read(_environment())


def _environment():
    # 7 µs (items() would decode every value of the environment: 20 µs); clock.now() calls this
    return tuple(sorted((k, os.environ[k]) for k in os.environ if k[:len(PREFIX)].upper() == PREFIX))


@functools.lru_cache(maxsize=16)
def _read(environment):
    try:
        return Settings()
    except ValidationError as error:
        raise SettingError("; ".join(_explain(problem) for problem in error.errors(include_url=False))) from None


SHOWN_WITHOUT_VALUE = ("secret_key", "database_url", "app_database_url", "read_database_url")     # they may hold a password


def _explain(problem):
    """One problem of a validation as ``GRIDGOV_NAME=value: reason``."""
    reason = problem["msg"].removeprefix("Value error, ")
    if not problem["loc"]:                               # a rule across settings names them itself
        return reason
    field = str(problem["loc"][0])
    name = env_name(field)
    reason = reason[:1].lower() + reason[1:]
    if field in SHOWN_WITHOUT_VALUE:
        return f"{name}: {reason}"
    return f"{name}={problem['input']!r}: {reason}"


def masked_url(url):
    """A connection URL fit to print: its password replaced by ``***``.

    >>> masked_url("postgresql://gridgov:s3cret@db.example/gridgov"), masked_url("host=db password=s3cret")
    ('postgresql://gridgov:***@db.example/gridgov', 'host=db password=***')
    """
    url = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)
    return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", url)


def unknown():
    """``GRIDGOV_*`` variables of the environment that are no setting (a typo is otherwise silently
    ignored), each with the closest setting's name or None: ``[(name, suggestion), …]``."""
    known = [env_name(field) for field in Settings.model_fields]
    return [(name, next(iter(difflib.get_close_matches(name, known, n=1)), None))
            for name, _ in _environment() if name.upper() not in known and name.upper() not in TEST_ONLY]


def table():
    """The settings as the Markdown table of docs/deploy.md: name, type, default, meaning."""
    rows = ["| setting | type | default | meaning |", "|---|---|---|---|"]
    for field, info in Settings.model_fields.items():
        default = "unset" if info.default is None else ("no" if info.default is False else f"`{info.default}`")
        if info.default == "":
            default = "empty"
        rows.append(f"| `{env_name(field)}` | {info.json_schema_extra['kind']} | {default} | {info.description} |")
    return "\n".join(rows)

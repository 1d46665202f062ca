"""The case clock: real time by default, frozen by GRIDGOV_NOW, naive times in Asia/Shanghai."""
import datetime as dt

from grids import clock


def test_now_is_real_time_in_shanghai_unless_frozen(monkeypatch):
    monkeypatch.delenv("GRIDGOV_NOW", raising=False)
    before = dt.datetime.now(dt.timezone.utc)
    now = clock.now()
    assert now.utcoffset() == dt.timedelta(hours=8)
    assert abs((now - before).total_seconds()) < 5


def test_gridgov_now_freezes_every_now(monkeypatch):
    monkeypatch.setenv("GRIDGOV_NOW", "2026-01-01T00:00")
    assert clock.now() == dt.datetime(2026, 1, 1, tzinfo=clock.SHANGHAI)
    assert clock.resolve(None) == clock.now()
    assert clock.resolve("2025-06-01T12:00+00:00").hour == 12      # an explicit time still wins


def test_today_is_the_date_in_shanghai_whatever_the_zone_of_now(monkeypatch):
    monkeypatch.setenv("GRIDGOV_NOW", "2026-03-01T23:30:00+00:00")
    assert clock.today() == dt.date(2026, 3, 2)
    assert clock.today("2026-03-02T07:59") == dt.date(2026, 3, 2)               # naive: Shanghai already
    assert clock.today(dt.datetime(2026, 3, 1, 15, 59, tzinfo=dt.timezone.utc)) == dt.date(2026, 3, 1)

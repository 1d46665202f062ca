"""``gridgov serve`` refuses to run without a session secret (unless ``--demo``)."""
from tests.command_line import gridgov


def test_serve_refuses_without_a_secret(monkeypatch):
    monkeypatch.delenv("GRIDGOV_SECRET_KEY", raising=False)
    result = gridgov("serve", "--port", "0")
    assert result.exit_code == 2 and "GRIDGOV_SECRET_KEY" in result.output

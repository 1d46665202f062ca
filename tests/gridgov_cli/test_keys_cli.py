"""``gridgov keys``: create prints the token once (never stored), list shows no secret, revoke refuses
the key; each change is logged with the command's operator."""
import hashlib

import pytest

from tests.command_line import gridgov, stored
from tests.conftest import wipe


@pytest.fixture
def keyless(database_url):
    wipe(database_url, "api_key_event, api_key")
    yield database_url
    wipe(database_url, "api_key_event, api_key")


def test_create_list_and_revoke_a_key(keyless):
    created = gridgov("keys", "create", "hotline-12345", "--channel", "hotline", "--cell", "370212001")
    assert created.exit_code == 0, created.output
    token = created.output.split("store it now): ")[1].strip()
    digest = stored(keyless, "SELECT token_sha256, channels, cell_prefixes FROM api_key")[0]
    assert bytes(digest[0]) == hashlib.sha256(token.encode()).digest()
    assert (digest[1], digest[2]) == (["hotline"], ["370212001"])
    listed = gridgov("keys", "list")
    assert "hotline-12345" in listed.output and token not in listed.output and "active" in listed.output
    assert gridgov("keys", "create", "hotline-12345", "--channel", "hotline").exit_code == 2     # a name twice
    assert gridgov("keys", "revoke", "hotline-12345").exit_code == 0
    assert "revoked" in gridgov("keys", "list").output
    assert gridgov("keys", "revoke", "hotline-12345").exit_code == 2
    events = stored(keyless, "SELECT event, operator LIKE 'cli:%%' FROM api_key_event ORDER BY id")
    assert events == [("created", True), ("revoked", True)]

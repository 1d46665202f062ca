"""Keys of calling systems: stored only as hashes, scoped, revocable, every change logged with its actor."""
import pytest

from gis.db import act_as
from grids.integration import keys


def test_a_key_is_stored_only_as_its_hash(conn):
    key, token = keys.create_key(conn, "hotline-12345", ["hotline"], ["370212001"])
    assert token.startswith("ggk_") and len(token) > 40
    with conn.cursor() as cur:
        cur.execute("SELECT to_jsonb(k)::text FROM api_key k")
        stored = cur.fetchall()
        cur.execute("SELECT to_jsonb(e)::text FROM api_key_event e")
        logged = cur.fetchall()
        cur.execute("SELECT token_sha256 FROM api_key")
        digest = bytes(cur.fetchone()[0])
    everything = " ".join(text for text, in stored + logged)
    assert token not in everything and token[4:] not in everything and token[4:20] not in everything
    assert digest == keys.token_hash(token) and len(digest) == 32
    assert keys.authenticate(conn, token, "hotline")["name"] == "hotline-12345"


def test_channels_cells_and_revocation_are_enforced_and_logged_with_the_actor(conn):
    act_as(conn, "cli:tester")
    _, token = keys.create_key(conn, "police-110", ["police110"])
    with pytest.raises(keys.KeyRefused, match="may not submit to the channel hotline"):
        keys.authenticate(conn, token, "hotline")
    keys.set_webhook(conn, "police-110", "https://receiver.example/hook", "s" * 32)
    keys.revoke_key(conn, "police-110")
    with pytest.raises(keys.KeyRefused, match="revoked"):
        keys.authenticate(conn, token)
    with pytest.raises(keys.KeyRefused, match="unknown"):
        keys.authenticate(conn, token + "x")
    with conn.cursor() as cur:
        cur.execute("SELECT e.event, e.operator FROM api_key_event e JOIN api_key k ON k.id = e.key_id "
                    "WHERE k.name = 'police-110' ORDER BY e.id")
        assert cur.fetchall() == [("created", "cli:tester"), ("webhook_set", "cli:tester"), ("revoked", "cli:tester")]
        cur.execute("SELECT revoked_by FROM api_key WHERE name = 'police-110'")
        assert cur.fetchone() == ("cli:tester",)


@pytest.mark.parametrize("name, channels, cells, words", [
    ("bad name!", ["hotline"], [], "a key's name"),
    ("ok", [], [], "channels"),
    ("ok", ["fax"], [], "channels"),
    ("ok", ["hotline"], ["37a"], "cell code"),
])
def test_a_bad_key_is_refused(conn, name, channels, cells, words):
    with pytest.raises(keys.ApiKeyError, match=words):
        keys.create_key(conn, name, channels, cells)


def test_a_webhook_needs_a_url_and_a_long_secret(conn):
    keys.create_key(conn, "app", ["app"])
    with pytest.raises(keys.ApiKeyError, match="URL"):
        keys.set_webhook(conn, "app", "ftp://x", "s" * 32)
    with pytest.raises(keys.ApiKeyError, match="secret"):
        keys.set_webhook(conn, "app", "https://x.example/", "short")


def test_a_reading_key_has_no_channel_and_an_intake_key_no_read_scope(conn):
    """Scopes (issue 20): a features key reads /ogcapi and submits nowhere; an old-style key only submits."""
    reader, token = keys.create_key(conn, "qgis-office", [], ["370212001"], scopes=["features"])
    assert reader["scopes"] == ["features"] and reader["channels"] == []
    assert keys.authenticate(conn, token, scope="features")["name"] == "qgis-office"
    with pytest.raises(keys.KeyRefused, match="channel hotline"):
        keys.authenticate(conn, token, "hotline")
    _, intake = keys.create_key(conn, "hotline-12345", ["hotline"])
    with pytest.raises(keys.KeyRefused, match="scope features"):
        keys.authenticate(conn, intake, scope="features")
    both, _ = keys.create_key(conn, "both", ["app"], scopes=["intake", "features"])
    assert both["scopes"] == ["features", "intake"]


@pytest.mark.parametrize("channels, scopes, words", [
    (["hotline"], ["features"], "no channel"),
    ([], ["intake"], "channels"),
    ([], [], "scopes"),
    ([], ["write"], "scopes"),
])
def test_a_key_with_scopes_that_do_not_fit_is_refused(conn, channels, scopes, words):
    with pytest.raises(keys.ApiKeyError, match=words):
        keys.create_key(conn, "odd", channels, scopes=scopes)

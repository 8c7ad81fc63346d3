"""The committed secrets example is what the app reads, and hides its password."""

import tomllib
from pathlib import Path

from nonactivated import database

EXAMPLE = Path(__file__).resolve().parents[1] / ".streamlit" / "secrets.toml.example"


def test_the_secrets_example_gives_a_connection_with_a_saved_query():
    secrets = tomllib.loads(EXAMPLE.read_text())
    connections = database.connections_in(secrets)
    assert list(connections) == ["team_crm"]
    settings = database.Settings.from_secrets("team_crm", connections["team_crm"])
    assert (settings.dialect, settings.port, settings.timeout_ms) == (
        "postgres",
        5432,
        30_000,
    )
    assert [name for name, _ in settings.saved_queries] == ["EU sign-ups"]
    assert "change-me" not in repr(settings)


def test_secrets_without_connections_offer_no_database():
    assert database.connections_in({}) == {}
    assert database.connections_in({"connections": {"x": "not a table"}}) == {}
